// archscape-cli merge: combines the shards of an exploration into the result of a single run.
#include <cstdio>

#include "args.h"
#include "command.h"
#include "common/parse_result.h"
#include "explore_system.h"
#include "inputs.h"
#include "io/explore_result_json.h"
#include "io/explore_stream.h"
#include "io/json_file.h"
#include "io/system_explore_stream.h"
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
    "  --output FILE   write the merged result there (atomically) instead of stdout; FILE.jsonl: as\n"
    "                  JSON Lines (explore's streaming form). Inputs may be either form.\n"
    "\n"
    "Shards of a system exploration (archscape/system-explore-result, documents or streams) merge the\n"
    "same way into one system-explore-result.\n"
    "\n"
    "When shards are missing or incomplete, the merge is still written and the missing point indices\n"
    "are listed on stderr; `explore --only-missing MERGED` computes just those.\n"
    "Exit codes: 0 ok, 1 some shard missing or incomplete (the merge is still written), 2 bad input.\n";

int runMerge(const std::vector<std::string>& argv) {
    const Args a(argv, {"output"}, {});
    if (a.positional().empty()) throw CliError("expected at least one result file");
    // Shards of a system exploration (explore over an archscape/system-space).
    if (io::isSystemExploreResult(a.positional().front())) return runSystemMerge(a.positional(), a.get("output"));
    std::vector<io::ExploreFile> files;
    for (const auto& path : a.positional()) {
        if (io::isExploreStream(path)) { // explore --output R.jsonl
            auto f = io::readExploreStream(path);
            if (!f.ok()) throw CliError(diagnosticsMessage(path, f.errors));
            files.push_back(std::move(*f.value));
            continue;
        }
        auto j = io::readJsonFile(path, {.max_bytes = std::uint64_t(4) << 30}); // 10^7 points' results
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
    const auto output = a.get("output");
    if (output && output->size() > 6 && output->compare(output->size() - 6, 6, ".jsonl") == 0) {
        std::string error;
        if (!io::writeExploreStream(*output, *merged.value, &error))
            throw CliError(*output + ": " + error, kExitFailure);
    } else {
        writeOutput(output, io::toJson(*merged.value).dump(1) + "\n");
    }
    std::fprintf(stderr, "merged %zu files: %zu points, front %zu\n", files.size(), merged.value->result.points.size(),
                 merged.value->result.front.size());
    if (!merged.value->complete) {
        // Which points are missing, as ranges of indices (gaps between the sorted points: linear in
        // the points found, whatever the size of the space).
        const auto& pts = merged.value->result.points;
        std::int64_t missing = 0, next = 0;
        std::string ranges;
        int shown = 0;
        const auto gap = [&](std::int64_t from, std::int64_t to) { // [from, to)
            if (to <= from) return;
            missing += to - from;
            if (shown++ < 10)
                ranges += (ranges.empty() ? "" : ", ") +
                          (to - from == 1 ? std::to_string(from) : std::to_string(from) + "-" + std::to_string(to - 1));
        };
        for (const auto& p : pts) {
            gap(next, p.index);
            next = p.index + 1;
        }
        gap(next, merged.value->space_size);
        if (shown > 10) ranges += ", ...";
        std::fprintf(stderr,
                     "incomplete: %lld of %lld points missing (indices %s); compute just those with\n"
                     "  archscape-cli explore ... --only-missing MERGED.json\n",
                     static_cast<long long>(missing), static_cast<long long>(merged.value->space_size), ranges.c_str());
    }
    return merged.value->complete ? kExitOk : kExitFailure;
}

const CommandRegistration kRegistration({"merge", "merge sharded exploration results", kUsage, runMerge});

} // namespace

} // namespace archscape::cli
