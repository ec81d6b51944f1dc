// archscape-cli explore: hardware design-space exploration with per-layer mapping search.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <mutex>
#include <string>

#include "accuracy/model_catalog.h"
#include "args.h"
#include "checkpoint_sink.h"
#include "command.h"
#include "common/parse_result.h"
#include "explore_system.h"
#include "inputs.h"
#include "io/design_space_json.h"
#include "io/explore_checkpoint.h"
#include "io/explore_result_json.h"
#include "io/explore_stream.h"
#include "io/json_file.h"
#include "io/system_space_json.h"
#include "search/explorer.h"
#include "search/front_hypervolume.h"
#include "search_cli.h"
#include "stop_signals.h"
#include "stream_sink.h"

namespace archscape::cli {

namespace {

constexpr const char* kUsage =
    "usage: archscape-cli explore --space S --workload W [options]\n"
    "\n"
    "Evaluates the designs of the space S (an archscape/design-space file or a preset of presets/spaces)\n"
    "on the workload W, every one (grid) or as many as --budget chosen by a search, with a per-layer\n"
    "mapping search at every design, and writes the points, the Pareto front, its hypervolume and the\n"
    "reasons of infeasible points as an archscape/explore-result document.\n"
    "\n"
    "  --space S             design space (file or preset name: edge, cloud, dataflows, quantized, huge)\n"
    "  --workload W          workload (file or preset name, e.g. resnet50)\n"
    "  --objectives LIST     comma-separated, from latency, energy, edp, area, power, accuracy, and for\n"
    "                        FPGA spaces dsp, bram, alm (utilisation of the device, %)\n"
    "                        (default latency,energy); accuracy (top-1 %, maximised) needs an accuracy model\n"
    "  --accuracy-model M    accuracy model, replacing the space's \"accuracy\": hawq:resnet18, hawq:resnet50,\n"
    "                        measured:DATASET-ARCH, fitted:FILE.csv (as `quantize --model`)\n"
    "  --threads N           worker threads (default: all cores)\n"
    "  --seed S              seed of every mapping search and of the design search (default 1)\n"
    "  --strategy NAME       design search: grid (every point, default), random (--budget points drawn\n"
    "                        without replacement), nsga2 (NSGA-II over the axes' values, --budget\n"
    "                        evaluations; one shard only), genesys (genetic search of the hardware genes\n"
    "                        for the product of the objectives, e.g. EDP; one shard only)\n"
    "  --budget N            design evaluations of random, nsga2 and genesys (required with them)\n"
    "  --population N        nsga2 / genesys population per generation and island (default: nsga2\n"
    "                        budget / 7.5 within 8..100, genesys budget / 10 within 8..64; per island's budget)\n"
    "  --islands K           nsga2 / genesys: K sub-populations sharing the budget, migrating their best\n"
    "                        to the next island every --migration-interval generations (default 1, 4)\n"
    "  --migration-interval G  generations between migrations of --islands (default 4)\n"
    "  --search-seed K       varies the points a search chooses, not the mapping searches (default 0)\n"
    "  --reference LIST      hypervolume reference point, one value per objective in the JSON's units\n"
    "                        (s, J, J*s, mm2, W; accuracy: top-1 error %) (default 1.1 x the front's worst)\n"
    "  --mapper-strategy M   mapper strategy: exhaustive, random, decoupled, genetic (default: the space's)\n"
    "  --mapper-budget N     mapper evaluations per layer shape (default: the space's)\n"
    "  --objective O         mapper objective: latency, energy, edp, mix:<a>,<b> (default: the space's)\n"
    "  --shard i/N           evaluate only the points with index % N == i (combine with `merge`); with\n"
    "                        random, the samples at positions k % N == i of the one sample sequence\n"
    "  --output FILE         write the result there (atomically) instead of stdout; its folder is\n"
    "                        checked before the work starts. FILE.jsonl: JSON Lines, one point per line\n"
    "                        as points finish, then the front (memory bounded; merge reads it)\n"
    "  --max-points N        refuse to start on more points than N (default 100000000)\n"
    "  --checkpoint FILE     write the finished points to FILE (atomically) every --checkpoint-every\n"
    "                        seconds (default 60) and at the end, stopped or not\n"
    "  --resume FILE         continue from the checkpoint FILE (same space, workload, objectives, seed and\n"
    "                        shard; it keeps being updated unless --checkpoint names another file): the\n"
    "                        result equals an uninterrupted run's\n"
    "  --only-missing MERGED evaluate only the points missing from MERGED (a `merge` of incomplete shards)\n"
    "                        and write the complete result\n"
    "  --quiet               no progress display\n"
    "\n"
    "Progress goes to stderr (a bar on a terminal, plain lines otherwise, with the front's hypervolume:\n"
    "after every generation of a search, every 256 points of a grid sweep). Checkpoints and --resume\n"
    "work with every strategy (a point is evaluated the same whichever strategy asks for it).\n"
    "SIGTERM, SIGINT (Ctrl-C) or SIGHUP stops cleanly and writes the points finished so far\n"
    "(\"complete\": false); a second signal stops at once, leaving --output as it was. Exit codes: 0 ok,\n"
    "1 interrupted or failed, 2 bad input or no feasible design (the result is still written, with the\n"
    "reasons counted).\n"
    "\n"
    "System spaces (archscape/system-space, presets of presets/system-spaces: hda_kcp_yxp,\n"
    "hda_kcp_yxp_rs; docs/schedule.md): every system of the space runs the workload mix W (a mix preset\n"
    "such as arvr or mlperf_edge, a workload preset, or a file), scheduled on its units; latency is the\n"
    "makespan. Objectives: latency, energy, edp, area, power. --threads, --seed, --shard, --output,\n"
    "--max-points, --checkpoint, --checkpoint-every, --resume, --only-missing, --output FILE.jsonl and\n"
    "--quiet work as above (a checkpoint is a partial archscape/system-explore-result document, and\n"
    "`merge` combines the shards); the result is an archscape/system-explore-result document and\n"
    "stderr names the best design by EDP for each unit count (monolithic vs heterogeneous).\n"
    "  --scheduler NAME      herald (default) or baseline\n";

class CliSink : public search::ProgressSink {
public:
    CliSink(ProgressDisplay& display, const std::vector<search::Metric>& objectives)
        : m_display(display), m_objectives(objectives) {}
    void progress(const search::ExploreProgress& p) override {
        char extra[160];
        if (p.best_index >= 0)
            std::snprintf(extra, sizeof extra, "front %zu, best %s %.4g %s (#%lld)", p.front_size,
                          std::string(search::toString(m_objectives.front())).c_str(), p.best_value,
                          std::string(search::unitOf(m_objectives.front())).c_str(),
                          static_cast<long long>(p.best_index));
        else std::snprintf(extra, sizeof extra, "no feasible design yet");
        if (!std::isnan(p.hypervolume)) {
            const std::size_t n = std::strlen(extra);
            std::snprintf(extra + n, sizeof extra - n, ", hypervolume %.6g", p.hypervolume);
        }
        m_display.update(p.done, p.total, extra);
    }

private:
    ProgressDisplay& m_display;
    const std::vector<search::Metric>& m_objectives;
};

std::string reasonsText(const search::ExploreResult& r) {
    std::string s;
    for (int i = 1; i < search::kNumInfeasibilities; ++i)
        if (r.infeasible[i] > 0)
            s += (s.empty() ? "" : ", ") + std::to_string(r.infeasible[i]) + " " +
                 std::string(search::toString(static_cast<search::Infeasibility>(i)));
    return s.empty() ? "none" : s;
}

/// The points of a merged (partial) result of the same exploration, for --only-missing.
std::vector<search::PointResult> pointsOfMerge(const std::string& path, const search::ExploreRequest& req) {
    ParseResult<io::ExploreFile> f = ParseResult<io::ExploreFile>::failure({});
    if (io::isExploreStream(path)) {
        f = io::readExploreStream(path);
    } else {
        auto j = io::readJsonFile(path, {.max_bytes = std::uint64_t(4) << 30});
        if (!j.ok()) throw CliError(diagnosticsMessage(path, j.errors));
        f = io::parseExploreFile(*j.value);
    }
    if (!f.ok()) throw CliError(diagnosticsMessage(path, f.errors));
    const auto& m = *f.value;
    std::string why;
    if (m.space_fingerprint != req.space.fingerprint() || m.space_size != req.space.size())
        why = "another design space or mapper settings";
    else if (m.workload != req.network.name) why = "workload \"" + m.workload + "\", not \"" + req.network.name + "\"";
    else if (m.objectives != req.objectives) why = "other objectives";
    else if (m.seed != req.seed) why = "seed " + std::to_string(m.seed) + ", not " + std::to_string(req.seed);
    else if (m.shard_count != 1) why = "one shard, not a merge (merge the shards first)";
    if (!why.empty()) throw CliError(path + ": --only-missing: the result is of " + why);
    std::fprintf(stderr, "--only-missing: %zu of %lld points are in %s\n", m.result.points.size(),
                 static_cast<long long>(m.space_size), path.c_str());
    return std::move(f.value->result.points);
}

/// "1e-3,0.5,4" → numbers, each finite and positive (a hypervolume reference point).
std::vector<double> parseNumberList(const std::string& s, const std::string& option) {
    std::vector<double> out;
    std::size_t start = 0;
    while (start <= s.size()) {
        const auto comma = s.find(',', start);
        const std::string item = s.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        char* end = nullptr;
        const double v = std::strtod(item.c_str(), &end);
        if (item.empty() || end != item.c_str() + item.size() || !std::isfinite(v) || v <= 0)
            throw CliError(option + ": expected positive numbers separated by commas, got '" + item + "'");
        out.push_back(v);
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return out;
}

/// --strategy, --budget, --population and --reference of explore.
search::DesignSearch parseDesignSearch(const Args& a, search::ExploreRequest& req) {
    search::DesignSearch d;
    if (auto s = a.get("strategy")) {
        const auto k = search::parseDesignSearchKind(*s);
        if (!k && search::parseStrategyKind(*s))
            throw CliError("--strategy: '" + *s +
                           "' is a mapper strategy; --strategy chooses the design search (grid, random, "
                           "nsga2, genesys), the mapper's is --mapper-strategy");
        if (!k) throw CliError("--strategy: expected grid, random, nsga2 or genesys, got '" + *s + "'");
        d.kind = *k;
    }
    d.budget = a.getInt("budget", 0, 1, INT64_MAX);
    if (d.kind == search::DesignSearchKind::Grid && a.has("budget"))
        throw CliError(
            "--budget counts the design evaluations of --strategy random, nsga2 or genesys (a grid sweep "
            "evaluates every point); the mapper's budget is --mapper-budget");
    if (d.kind != search::DesignSearchKind::Grid && !a.has("budget"))
        throw CliError("--strategy " + std::string(search::toString(d.kind)) +
                       " needs --budget N (design evaluations)");
    d.population = static_cast<int>(a.getInt("population", 0, 2, 1 << 20));
    d.seed = static_cast<std::uint64_t>(a.getInt("search-seed", 0, 0, INT64_MAX));
    d.islands = static_cast<int>(a.getInt("islands", 1, 1, 1024));
    d.migration_interval = static_cast<int>(a.getInt("migration-interval", 0, 1, 1 << 20));
    const bool evolutionary = d.kind == search::DesignSearchKind::Nsga2 || d.kind == search::DesignSearchKind::Genesys;
    for (const char* option : {"population", "islands", "migration-interval"})
        if (a.has(option) && !evolutionary)
            throw CliError("--" + std::string(option) + " applies to --strategy nsga2 or genesys only");
    if (a.has("migration-interval") && d.islands < 2)
        throw CliError("--migration-interval: islands migrate only with --islands K, K >= 2");
    if (evolutionary && req.shard_count > 1)
        throw CliError("--shard: the " + std::string(search::toString(d.kind)) +
                       " search does not split into shards (each generation depends on every earlier one, "
                       "islands on each other by migration); run it as one process, or use --strategy "
                       "random or grid");
    if (auto r = a.get("reference")) {
        req.hypervolume_reference = parseNumberList(*r, "--reference");
        if (req.hypervolume_reference.size() != req.objectives.size())
            throw CliError("--reference: " + std::to_string(req.hypervolume_reference.size()) + " values for " +
                           std::to_string(req.objectives.size()) + " objectives (one per objective, in order)");
    }
    return d;
}

int runExplore(const std::vector<std::string>& argv) {
    const Args a(argv, {"space",        "workload",   "objectives", "accuracy-model",    "threads",
                        "seed",         "strategy",   "budget",     "objective",         "shard",
                        "output",       "max-points", "checkpoint", "checkpoint-every",  "resume",
                        "only-missing", "population", "reference",  "mapper-strategy",   "mapper-budget",
                        "search-seed",  "scheduler",  "islands",    "migration-interval"},
                 {"quiet"});
    if (!a.positional().empty()) throw CliError("unexpected argument '" + a.positional().front() + "'");
    checkOutputPath(a.get("output")); // before the work, not after hours of it
    const std::string spacePath = a.require("space");
    if (io::isSystemSpaceSource(spacePath)) return runSystemExplore(a, spacePath);
    if (a.has("scheduler")) throw CliError("--scheduler: only for system spaces (archscape/system-space)");
    search::ExploreRequest req;
    auto space = io::readDesignSpaceFile(spacePath);
    if (!space.ok()) throw CliError(formatDiagnostics(spacePath, space.errors));
    req.space = std::move(*space.value);
    req.network = loadWorkload(a.require("workload"));
    if (auto spec = a.get("accuracy-model")) {
        auto loaded = accuracy::loadAccuracyModel(*spec);
        if (!loaded.ok()) throw CliError(formatDiagnostics("--accuracy-model", loaded.errors));
        req.space.accuracy_spec = *spec;
        req.space.accuracy_model = loaded.value->model;
        std::fprintf(stderr, "accuracy model %s: %s\n", loaded.value->model->name().c_str(),
                     loaded.value->note.c_str());
    }
    req.objectives = parseObjectiveList(a.get("objectives").value_or("latency,energy"));
    if (auto e = search::checkObjectives(req.objectives, req.space.accuracy_model != nullptr))
        throw CliError("--objectives: " + *e);
    if (auto e = search::checkRequest(req)) throw CliError(spacePath + ": " + *e);
    req.threads = static_cast<int>(a.getInt("threads", 0, 0, 4096));
    req.seed = static_cast<std::uint64_t>(a.getInt("seed", 1, 0, INT64_MAX));
    applyMapperArgs(a, req.space.mapper, "mapper-strategy", "mapper-budget");
    if (auto s = a.get("shard")) std::tie(req.shard_index, req.shard_count) = parseShard(*s);
    req.search = parseDesignSearch(a, req);
    // Say how much work this is before starting it, and refuse what cannot finish (issue 18: a
    // 10^12-point space started sweeping without a word; at ~60k points/s that is six months).
    const std::int64_t size = req.space.size();
    std::int64_t mine = size > req.shard_index ? (size - req.shard_index - 1) / req.shard_count + 1 : 0;
    if (req.search.kind != search::DesignSearchKind::Grid) {
        const std::int64_t budget = std::min(req.search.budget, size);
        mine = budget > req.shard_index ? (budget - req.shard_index - 1) / req.shard_count + 1 : 0;
    }
    const std::int64_t maxPoints = a.getInt("max-points", 100000000, 1, INT64_MAX);
    if (mine > maxPoints)
        throw CliError(spacePath + ": " + std::to_string(mine) + " points to evaluate" +
                       (req.shard_count > 1 ? " in this shard" : "") + ", more than --max-points " +
                       std::to_string(maxPoints) +
                       ": remove values from the space, split it with --shard i/N, or "
                       "raise --max-points");
    if (!a.has("quiet"))
        std::fprintf(stderr, "exploring %lld of the %lld points of space %s (%s)\n", static_cast<long long>(mine),
                     static_cast<long long>(size), req.space.name.c_str(),
                     std::string(search::toString(req.search.kind)).c_str());

    // Checkpoint, resume and --only-missing (issue 18): points of an earlier run are taken as they are.
    std::optional<std::string> checkpointPath = a.get("checkpoint");
    io::ExploreCheckpoint start;
    start.key = io::checkpointKey(req);
    if (a.has("resume") && a.has("only-missing")) throw CliError("--resume and --only-missing exclude each other");
    if (auto path = a.get("resume")) {
        auto c = io::readCheckpointFile(*path);
        if (!c.ok()) throw CliError(diagnosticsMessage(*path, c.errors));
        if (auto why = io::checkpointMismatch(c.value->key, start.key))
            throw CliError(*path + ": cannot resume this run: " + *why);
        start.points = std::move(c.value->points);
        if (!checkpointPath) checkpointPath = *path;
        std::fprintf(stderr, "resuming from %s: %zu points already done\n", path->c_str(), start.points.size());
    }
    if (auto path = a.get("only-missing")) start.points = pointsOfMerge(*path, req);
    if (!start.points.empty()) req.done = std::make_shared<const std::vector<search::PointResult>>(start.points);
    checkOutputPath(checkpointPath);

    // --output R.jsonl streams the points as they finish (memory bounded by the front, not the space).
    const auto output = a.get("output");
    const bool streaming = output && output->size() > 6 && output->compare(output->size() - 6, 6, ".jsonl") == 0;
    std::optional<io::ExploreStreamWriter> stream;
    if (streaming) {
        req.keep_points = false;
        auto meta = io::describeRequest(req);
        stream.emplace(*output, std::move(meta));
        for (const auto& p : start.points)
            if (!stream->point(p)) throw CliError(*output + ": " + stream->error(), kExitFailure);
    }

    ProgressDisplay display(a.has("quiet"));
    CliSink sink(display, req.objectives);
    std::optional<StreamSink> streamSink;
    if (stream) streamSink.emplace(sink, *stream);
    search::ProgressSink& shown = streamSink ? static_cast<search::ProgressSink&>(*streamSink) : sink;
    std::optional<CheckpointSink> checkpoint;
    if (checkpointPath)
        checkpoint.emplace(shown, *checkpointPath, a.getDouble("checkpoint-every", 60, 0.001, 1e9), std::move(start));
    StopSignals signals;
    const auto result =
        search::run(req, checkpoint ? static_cast<search::ProgressSink&>(*checkpoint) : shown, signals.token());
    display.finish();
    if (checkpoint) checkpoint->write(); // the final one: every finished point, stopped or not
    if (stream) {
        if (!stream->finish(req, result)) throw CliError(*output + ": " + stream->error(), kExitFailure);
    } else {
        writeOutput(output, io::toJson(req, result).dump(1) + "\n");
    }

    std::fprintf(stderr,
                 "explored %lld of %lld points (%lld mapping searches, %lld cache hits); front: %zu; infeasible: %s\n",
                 static_cast<long long>(result.finished), static_cast<long long>(result.total),
                 static_cast<long long>(result.mapper_runs), static_cast<long long>(result.cache_hits),
                 result.front.size(), reasonsText(result).c_str());
    if (!result.front.empty()) {
        const bool given = !req.hypervolume_reference.empty();
        const auto hv = given ? search::frontHypervolume(result, req.objectives, req.hypervolume_reference)
                              : search::frontHypervolume(result, req.objectives);
        std::string ref;
        for (std::size_t k = 0; k < hv.reference.size(); ++k) {
            char buf[64];
            std::snprintf(buf, sizeof buf, "%s%s %.6g %s", k ? ", " : "",
                          std::string(search::toString(req.objectives[k])).c_str(), hv.reference[k],
                          std::string(search::unitOf(req.objectives[k])).c_str());
            ref += buf;
        }
        std::fprintf(stderr, "front hypervolume %.6g (reference %s: %s)\n", hv.value,
                     given ? "given" : "1.1 x the front's worst", ref.c_str());
    }
    if (result.cancelled) {
        std::fprintf(stderr, "interrupted by %s: the result holds the points finished so far\n",
                     StopSignals::name(signals.received()));
        return kExitFailure;
    }
    if (result.front.empty() && result.total > 0) {
        std::fprintf(stderr, "%s: no feasible design point (%s)\n", spacePath.c_str(), reasonsText(result).c_str());
        return kExitBadInput;
    }
    return kExitOk;
}

const CommandRegistration kRegistration({"explore", "hardware design-space exploration with Pareto fronts", kUsage,
                                         runExplore});

} // namespace

} // namespace archscape::cli
