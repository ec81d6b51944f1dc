// archscape-cli merge: combines the shards of an exploration into the result of a single run.
#include <cstdio>

#include "args.h"
#include "command.h"
#include "common/parse_result.h"
#include "inputs.h"
#include "io/explore_result_json.h"
#include "io/json_file.h"
#include "search_cli.h"

namespace archscape::cli {

namespace {

constexpr const char* kUsage =
    "usage: archscape-cli merge RESULT.json... [--output FILE]\n"
    "\n"
    "Merges the archscape/explore-result files of `explore --shard i/N` runs (one per shard) into the\n"
    "result a single run of the whole space gives: same points, same Pareto front, reasons summed.\n"
    "The inputs must come from the same space, workload, objectives, seed and shard count.\n"
    "\n"
    "  --output FILE   write the merged result there (atomically) instead of stdout\n"
    "\n"
    "Exit codes: 0 ok, 1 some shard missing or incomplete (the merge is still written), 2 bad input.\n";

int runMerge(const std::vector<std::string>& argv) {
    const Args a(argv, {"output"}, {});
    if (a.positional().empty()) throw CliError("expected at least one result file");
    std::vector<io::ExploreFile> files;
    for (const auto& path : a.positional()) {
        auto j = io::readJsonFile(path);
        if (!j.ok()) throw CliError(formatDiagnostics(path, j.errors));
        auto f = io::parseExploreFile(*j.value);
        if (!f.ok()) throw CliError(formatDiagnostics(path, f.errors));
        files.push_back(std::move(*f.value));
    }
    auto merged = io::mergeExploreFiles(files);
    if (!merged.ok()) {
        // Paths are "<input number>:/pointer": name the file instead.
        std::string msg;
        for (const auto& e : merged.errors) {
            const auto colon = e.path.find(':');
            const std::size_t n = colon == std::string::npos ? 0 : std::stoul(e.path.substr(0, colon));
            const std::string file = n >= 1 && n <= a.positional().size() ? a.positional()[n - 1] : "merge";
            msg += (msg.empty() ? "" : "\n") + file + ": " + e.path.substr(colon + 1) + ": " + e.message;
        }
        throw CliError(msg);
    }
    writeOutput(a.get("output"), io::toJson(*merged.value).dump(1) + "\n");
    std::fprintf(stderr, "merged %zu files: %zu points, front %zu\n", files.size(), merged.value->result.points.size(),
                 merged.value->result.front.size());
    return merged.value->complete ? kExitOk : kExitFailure;
}

const CommandRegistration kRegistration({"merge", "merge sharded exploration results", kUsage, runMerge});

} // namespace

} // namespace archscape::cli
