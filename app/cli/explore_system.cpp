#include "explore_system.h"

#include <cstdio>
#include <map>

#include <nlohmann/json.hpp>

#include "command.h"
#include "inputs.h"
#include "io/system_explore_json.h"
#include "io/system_explore_stream.h"
#include "io/system_space_json.h"
#include "search/system_explorer.h"
#include "search_cli.h"
#include "stop_signals.h"
#include "system_checkpoint_sink.h"
#include "system_inputs.h"
#include "system_stream_sink.h"

namespace archscape::cli {

namespace {

class SystemSink : public search::SystemProgressSink {
public:
    SystemSink(ProgressDisplay& display, const search::SystemExploreRequest& req) : m_display(display), m_req(req) {}
    void progress(const search::ExploreProgress& p) override {
        char extra[200];
        if (p.best_index >= 0)
            std::snprintf(extra, sizeof extra, "front %zu, best %s %.4g %s (%s)", p.front_size,
                          std::string(search::toString(m_req.objectives.front())).c_str(), p.best_value,
                          std::string(search::unitOf(m_req.objectives.front())).c_str(),
                          m_req.space.labelOf(p.best_index).c_str());
        else std::snprintf(extra, sizeof extra, "no feasible design yet");
        m_display.update(p.done, p.total, extra);
    }

private:
    ProgressDisplay& m_display;
    const search::SystemExploreRequest& m_req;
};

/// "best EDP with 1 unit: ... ; with 2 units: ..." — the monolithic against the heterogeneous designs
/// (among the designs kept: with --output R.jsonl, the front's).
void printBestByUnitCount(const search::SystemExploreRequest& req, const search::SystemExploreResult& r) {
    std::map<std::size_t, const search::SystemPointResult*> best;
    for (const auto& sp : r.points) {
        if (!sp.point.feasible()) continue;
        const std::size_t n = req.space.unit_sets[req.space.choiceOf(sp.point.index).unit_set].size();
        const auto*& b = best[n];
        if (!b || sp.point.metric(search::Metric::Edp) < b->point.metric(search::Metric::Edp)) b = &sp;
    }
    for (const auto& [n, sp] : best)
        std::fprintf(stderr, "best EDP with %zu unit%s: %.6g J*s (latency %.6g ms, energy %.6g mJ) #%lld %s\n", n,
                     n == 1 ? "" : "s", sp->point.metric(search::Metric::Edp), sp->point.latency_s * 1e3,
                     sp->point.energy_j * 1e3, static_cast<long long>(sp->point.index),
                     req.space.labelOf(sp->point.index).c_str());
}

/// The designs of an earlier run of `req`: a checkpoint or partial result of the same shard
/// (--resume), or a merge of the whole space (--only-missing); throws CliError (exit 2) naming the
/// file and why it does not belong to the run.
std::vector<search::SystemPointResult> earlierDesigns(const std::string& path, const search::SystemExploreRequest& req,
                                                      bool resume) {
    const char* option = resume ? "--resume" : "--only-missing";
    auto f = io::readSystemExploreAny(path);
    if (!f.ok()) throw CliError(diagnosticsMessage(path, f.errors));
    if (auto why = io::systemFileMismatch(*f.value, req, resume))
        throw CliError(path + ": " + option + ": cannot take its designs into this run: " + *why);
    std::fprintf(stderr, "%s: %zu of %lld designs are in %s\n", option, f.value->points.size(),
                 static_cast<long long>(f.value->space_size), path.c_str());
    return std::move(f.value->points);
}

} // namespace

int runSystemExplore(const Args& a, const std::string& spacePath) {
    for (const char* o : {"accuracy-model", "strategy", "budget", "population", "reference", "search-seed", "islands",
                          "migration-interval", "mapper-strategy", "mapper-budget", "objective"})
        if (a.has(o))
            throw CliError(std::string("--") + o + ": not available for system spaces (" + spacePath +
                           "); each unit's mapping policy is its template's \"evaluation\"");
    if (a.has("resume") && a.has("only-missing")) throw CliError("--resume and --only-missing exclude each other");
    search::SystemExploreRequest req;
    auto space = io::readSystemSpaceFile(spacePath);
    if (!space.ok()) throw CliError(diagnosticsMessage(spacePath, space.errors));
    req.space = std::move(*space.value);
    req.mix = loadWorkloadMix(a.require("workload"), req.space.templates.front().accelerator.clock_mhz);
    for (const auto& choice : req.space.network_choices)
        for (const auto& c : choice.candidates)
            std::fprintf(stderr, "candidate for %s: %s, top-1 %.4g %% (%s)\n", choice.entry.c_str(), c.name.c_str(),
                         c.top1, c.source.c_str());
    req.objectives = parseObjectiveList(a.get("objectives").value_or("latency,energy"));
    if (auto e = search::checkObjectives(req.objectives, !req.space.network_choices.empty()))
        throw CliError("--objectives: " + *e + " (a system space: network candidates, \"networks\")");
    const std::string scheduler = a.get("scheduler").value_or("herald");
    const auto kind = search::parseSystemScheduler(scheduler);
    if (!kind) throw CliError("--scheduler: expected herald or baseline, got '" + scheduler + "'");
    req.scheduler = *kind;
    req.threads = static_cast<int>(a.getInt("threads", 0, 0, 4096));
    req.seed = static_cast<std::uint64_t>(a.getInt("seed", 1, 0, INT64_MAX));
    if (auto s = a.get("shard")) std::tie(req.shard_index, req.shard_count) = parseShard(*s);
    const std::int64_t size = req.space.size();
    const std::int64_t mine = size > req.shard_index ? (size - req.shard_index - 1) / req.shard_count + 1 : 0;
    const std::int64_t maxPoints = a.getInt("max-points", 100000000, 1, INT64_MAX);
    if (mine > maxPoints)
        throw CliError(spacePath + ": " + std::to_string(mine) + " designs to evaluate, more than --max-points " +
                       std::to_string(maxPoints) + ": remove values from the space or split it with --shard i/N");

    // Checkpoint, resume and --only-missing: designs of an earlier run are taken as they are.
    std::optional<std::string> checkpointPath = a.get("checkpoint");
    std::vector<search::SystemPointResult> start;
    if (auto path = a.get("resume")) {
        start = earlierDesigns(*path, req, true);
        if (!checkpointPath) checkpointPath = *path;
    }
    if (auto path = a.get("only-missing")) start = earlierDesigns(*path, req, false);
    if (!start.empty()) req.done = std::make_shared<const std::vector<search::SystemPointResult>>(start);
    checkOutputPath(checkpointPath);
    if (!a.has("quiet"))
        std::fprintf(stderr, "exploring %lld of the %lld systems of space %s on mix %s (scheduler %s)\n",
                     static_cast<long long>(mine), static_cast<long long>(size), req.space.name.c_str(),
                     req.mix.name.c_str(), scheduler.c_str());

    // --output R.jsonl streams the designs as they finish (memory bounded by the front).
    const auto output = a.get("output");
    const bool streaming = output && output->size() > 6 && output->compare(output->size() - 6, 6, ".jsonl") == 0;
    std::optional<io::SystemExploreStreamWriter> stream;
    if (streaming) {
        req.keep_points = false;
        stream.emplace(*output, io::systemHeaderJson(req));
        for (const auto& p : start)
            if (!stream->point(io::systemPointJson(req, p)))
                throw CliError(*output + ": " + stream->error(), kExitFailure);
    }
    ProgressDisplay display(a.has("quiet"));
    SystemSink sink(display, req);
    std::optional<SystemStreamSink> streamSink;
    if (stream) streamSink.emplace(sink, req, *stream);
    search::SystemProgressSink& shown = streamSink ? static_cast<search::SystemProgressSink&>(*streamSink) : sink;
    std::optional<SystemCheckpointSink> checkpoint;
    if (checkpointPath)
        checkpoint.emplace(shown, req, *checkpointPath, a.getDouble("checkpoint-every", 60, 0.001, 1e9),
                           std::move(start));
    StopSignals signals;
    const auto result = search::exploreSystems(
        req, checkpoint ? static_cast<search::SystemProgressSink&>(*checkpoint) : shown, signals.token());
    display.finish();
    if (result.error) throw CliError(spacePath + ": " + *result.error);
    if (checkpoint) checkpoint->write(); // the final one: every finished design, stopped or not
    if (stream) {
        if (!stream->finish(!result.cancelled, result.front, result.infeasible))
            throw CliError(*output + ": " + stream->error(), kExitFailure);
    } else {
        writeOutput(output, io::toJson(req, result).dump(1) + "\n");
    }
    std::fprintf(stderr, "explored %lld of %lld systems (%lld unit cost tables, %lld reused); front: %zu\n",
                 static_cast<long long>(result.finished), static_cast<long long>(result.total),
                 static_cast<long long>(result.unit_evaluations), static_cast<long long>(result.unit_cache_hits),
                 result.front.size());
    printBestByUnitCount(req, result);
    if (result.cancelled) {
        std::fprintf(stderr, "interrupted by %s: the result holds the systems finished so far\n",
                     StopSignals::name(signals.received()));
        return kExitFailure;
    }
    if (result.front.empty() && result.total > 0) {
        std::fprintf(stderr, "%s: no feasible system\n", spacePath.c_str());
        return kExitBadInput;
    }
    return kExitOk;
}

int runSystemMerge(const std::vector<std::string>& paths, const std::optional<std::string>& output) {
    std::vector<io::SystemExploreFile> files;
    for (const auto& path : paths) {
        if (!io::isSystemExploreResult(path))
            throw CliError(path +
                           ": expected an archscape/system-explore-result (a system exploration's result, "
                           "like the first input), got another kind of file");
        auto f = io::readSystemExploreAny(path);
        if (!f.ok()) throw CliError(diagnosticsMessage(path, f.errors));
        files.push_back(std::move(*f.value));
    }
    auto merged = io::mergeSystemExploreFiles(files);
    if (!merged.ok()) {
        // Paths are "<input number>:/pointer": name the file instead.
        std::string msg;
        for (const auto& e : merged.errors) {
            const auto colon = e.path.find(':');
            const std::size_t n = colon == std::string::npos ? 0 : std::stoul(e.path.substr(0, colon));
            const std::string file = n >= 1 && n <= paths.size() ? paths[n - 1] : "merge";
            msg += (msg.empty() ? "" : "\n") + file + ": " + e.path.substr(colon + 1) + ": " + e.message;
        }
        throw CliError(msg);
    }
    const auto& m = *merged.value;
    if (output && output->size() > 6 && output->compare(output->size() - 6, 6, ".jsonl") == 0) {
        std::string error;
        if (!io::writeSystemExploreStream(*output, m, &error)) throw CliError(*output + ": " + error, kExitFailure);
    } else {
        writeOutput(output, io::toJson(m).dump(1) + "\n");
    }
    std::fprintf(stderr, "merged %zu files: %zu designs of %lld, front %zu\n", files.size(), m.points.size(),
                 static_cast<long long>(m.space_size), m.front.size());
    if (!m.complete) {
        std::fprintf(stderr,
                     "incomplete: %lld of %lld designs missing; compute just those with\n"
                     "  archscape-cli explore --space ... --only-missing MERGED.json\n",
                     static_cast<long long>(m.space_size - std::int64_t(m.points.size())),
                     static_cast<long long>(m.space_size));
        return kExitFailure;
    }
    return kExitOk;
}

} // namespace archscape::cli
