// archscape-cli explore: hardware design-space exploration with per-layer mapping search.
#include <cstdio>
#include <iostream>
#include <mutex>
#include <string>

#include "accuracy/model_catalog.h"
#include "args.h"
#include "command.h"
#include "common/parse_result.h"
#include "inputs.h"
#include "io/design_space_json.h"
#include "io/explore_result_json.h"
#include "search/explorer.h"
#include "search/front_hypervolume.h"
#include "search_cli.h"

namespace archscape::cli {

namespace {

constexpr const char* kUsage =
    "usage: archscape-cli explore --space S --workload W [options]\n"
    "\n"
    "Evaluates every design of the space S (an archscape/design-space file or a preset of presets/spaces)\n"
    "on the workload W, with a per-layer mapping search at every design, and writes the points, the\n"
    "Pareto front and the reasons of infeasible points as an archscape/explore-result document.\n"
    "\n"
    "  --space S             design space (file or preset name: edge, cloud, dataflows, quantized)\n"
    "  --workload W          workload (file or preset name, e.g. resnet50)\n"
    "  --objectives LIST     comma-separated, from latency, energy, edp, area, power, accuracy\n"
    "                        (default latency,energy); accuracy (top-1 %, maximised) needs an accuracy model\n"
    "  --accuracy-model M    accuracy model, replacing the space's \"accuracy\": hawq:resnet18, hawq:resnet50,\n"
    "                        measured:DATASET-ARCH, fitted:FILE.csv (as `quantize --model`)\n"
    "  --threads N           worker threads (default: all cores)\n"
    "  --seed S              seed of every mapping search (default 1)\n"
    "  --strategy NAME       mapper strategy: exhaustive, random, decoupled, genetic (default: the space's)\n"
    "  --budget N            mapper evaluations per layer shape (default: the space's)\n"
    "  --objective O         mapper objective: latency, energy, edp, mix:<a>,<b> (default: the space's)\n"
    "  --shard i/N           evaluate only the points with index % N == i (combine with `merge`)\n"
    "  --output FILE         write the result there (atomically) instead of stdout\n"
    "  --quiet               no progress display\n"
    "\n"
    "Progress goes to stderr (a bar on a terminal, plain lines otherwise). Ctrl-C stops cleanly and writes\n"
    "the points finished so far (\"complete\": false). Exit codes: 0 ok, 1 interrupted or failed, 2 bad\n"
    "input or no feasible design (the result is still written, with the reasons counted).\n";

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

int runExplore(const std::vector<std::string>& argv) {
    const Args a(argv,
                 {"space", "workload", "objectives", "accuracy-model", "threads", "seed", "strategy", "budget",
                  "objective", "shard", "output"},
                 {"quiet"});
    if (!a.positional().empty()) throw CliError("unexpected argument '" + a.positional().front() + "'");
    const std::string spacePath = a.require("space");
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
    applyMapperArgs(a, req.space.mapper);
    if (auto s = a.get("shard")) std::tie(req.shard_index, req.shard_count) = parseShard(*s);

    ProgressDisplay display(a.has("quiet"));
    CliSink sink(display, req.objectives);
    InterruptStop interrupt;
    const auto result = search::run(req, sink, interrupt.token());
    display.finish();
    writeOutput(a.get("output"), io::toJson(req, result).dump(1) + "\n");

    std::fprintf(stderr,
                 "explored %lld of %lld points (%lld mapping searches, %lld cache hits); front: %zu; infeasible: %s\n",
                 static_cast<long long>(result.points.size()), static_cast<long long>(result.total),
                 static_cast<long long>(result.mapper_runs), static_cast<long long>(result.cache_hits),
                 result.front.size(), reasonsText(result).c_str());
    if (!result.front.empty()) {
        const auto hv = search::frontHypervolume(result, req.objectives);
        std::string ref;
        for (std::size_t k = 0; k < hv.reference.size(); ++k) {
            char buf[64];
            std::snprintf(buf, sizeof buf, "%s%s %.6g %s", k ? ", " : "",
                          std::string(search::toString(req.objectives[k])).c_str(), hv.reference[k],
                          std::string(search::unitOf(req.objectives[k])).c_str());
            ref += buf;
        }
        std::fprintf(stderr, "front hypervolume %.6g (reference 1.1 x the front's worst: %s)\n", hv.value, ref.c_str());
    }
    if (result.cancelled) {
        std::fprintf(stderr, "interrupted: the result holds the points finished so far\n");
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
