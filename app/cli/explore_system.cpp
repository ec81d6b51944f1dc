#include "explore_system.h"

#include <cstdio>
#include <map>

#include <nlohmann/json.hpp>

#include "command.h"
#include "inputs.h"
#include "io/system_space_json.h"
#include "search/system_explorer.h"
#include "search_cli.h"
#include "stop_signals.h"
#include "system_inputs.h"

namespace archscape::cli {

namespace {

class SystemSink : public search::ProgressSink {
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

nlohmann::json unitsJson(const search::SystemDesign& d) {
    nlohmann::json units = nlohmann::json::array();
    for (const auto& u : d.system.units) {
        const auto& acc = u.accelerator;
        units.push_back(
            {{"name", u.name},
             {"pes", acc.pe.count()},
             {"pe_rows", acc.pe.rows},
             {"pe_cols", acc.pe.cols},
             {"buffer_bytes", search::bufferBytes(acc)},
             {"dram_port_bytes_per_cycle",
              acc.levels.empty() ? 0.0 : acc.levels[0].bandwidth_words_per_cycle * acc.levels[0].word_bits / 8.0}});
    }
    return units;
}

nlohmann::json toJson(const search::SystemExploreRequest& req, const search::SystemExploreResult& r) {
    nlohmann::json points = nlohmann::json::array();
    for (const auto& sp : r.points) {
        const auto& p = sp.point;
        const search::SystemDesign d = req.space.designAt(p.index);
        points.push_back({{"index", p.index},
                          {"label", req.space.labelOf(p.index)},
                          {"units", unitsJson(d)},
                          {"dram_bandwidth_bytes_per_cycle", d.system.dram_bandwidth_bytes_per_cycle},
                          {"feasible", p.feasible()},
                          {"reason", search::toString(p.reason)},
                          {"makespan_cycles", sp.makespan_cycles},
                          {"lower_bound_cycles", sp.lower_bound_cycles},
                          {"latency_s", p.latency_s},
                          {"energy_j", p.energy_j},
                          {"edp_js", p.metric(search::Metric::Edp)},
                          {"area_mm2", p.area_mm2},
                          {"power_w", p.power_w},
                          {"deadline_misses", sp.deadline_misses},
                          {"accuracy_top1", p.hasAccuracy() ? nlohmann::json(p.accuracy_top1) : nlohmann::json()},
                          {"unmapped", p.unmapped}});
    }
    nlohmann::json objectives = nlohmann::json::array();
    for (auto m : req.objectives) objectives.push_back(search::toString(m));
    nlohmann::json infeasible = nlohmann::json::object();
    for (int i = 1; i < search::kNumInfeasibilities; ++i)
        infeasible[std::string(search::toString(search::Infeasibility(i)))] = r.infeasible[i];
    return {{"format", "archscape/system-explore-result"},
            {"version", 1},
            {"space", req.space.name},
            {"space_size", req.space.size()},
            {"workload", req.mix.name},
            {"scheduler", search::toString(req.scheduler)},
            {"objectives", objectives},
            {"seed", req.seed},
            {"shard", {{"index", req.shard_index}, {"count", req.shard_count}}},
            {"total", r.total},
            {"finished", r.finished},
            {"complete", !r.cancelled},
            {"front", r.front},
            {"infeasible", infeasible},
            {"points", points}};
}

/// "best EDP with 1 unit: ... ; with 2 units: ..." — the monolithic against the heterogeneous designs.
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

} // namespace

int runSystemExplore(const Args& a, const std::string& spacePath) {
    for (const char* o :
         {"accuracy-model", "strategy", "budget", "population", "reference", "search-seed", "mapper-strategy",
          "mapper-budget", "objective", "checkpoint", "checkpoint-every", "resume", "only-missing"})
        if (a.has(o))
            throw CliError(std::string("--") + o + ": not available for system spaces (" + spacePath +
                           "); each unit's mapping policy is its template's \"evaluation\"");
    const auto output = a.get("output");
    if (output && output->size() > 6 && output->compare(output->size() - 6, 6, ".jsonl") == 0)
        throw CliError("--output: system explorations write one JSON document, not JSON Lines");
    search::SystemExploreRequest req;
    auto space = io::readSystemSpaceFile(spacePath);
    if (!space.ok()) throw CliError(diagnosticsMessage(spacePath, space.errors));
    req.space = std::move(*space.value);
    req.mix = loadWorkloadMix(a.require("workload"), req.space.templates.front().accelerator.clock_mhz);
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
    if (!a.has("quiet"))
        std::fprintf(stderr, "exploring %lld of the %lld systems of space %s on mix %s (scheduler %s)\n",
                     static_cast<long long>(mine), static_cast<long long>(size), req.space.name.c_str(),
                     req.mix.name.c_str(), scheduler.c_str());
    ProgressDisplay display(a.has("quiet"));
    SystemSink sink(display, req);
    StopSignals signals;
    const auto result = search::exploreSystems(req, sink, signals.token());
    display.finish();
    if (result.error) throw CliError(spacePath + ": " + *result.error);
    writeOutput(output, toJson(req, result).dump(1) + "\n");
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

} // namespace archscape::cli
