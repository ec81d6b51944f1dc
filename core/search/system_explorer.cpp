#include "search/system_explorer.h"

#include <algorithm>
#include <atomic>
#include <limits>
#include <map>
#include <memory>
#include <mutex>

#include <tbb/blocked_range.h>
#include <tbb/concurrent_hash_map.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>
#include <tbb/task_group.h>

#include "schedule/herald_scheduler.h"
#include "schedule/list_scheduler.h"
#include "search/best_by.h"
#include "search/pareto_front.h"
#include "search/rng.h"
#include "search/shape_key.h"
#include "search/shard.h"
#include "search/system_costs.h"

namespace archscape::search {

namespace {

using UnitCosts = std::vector<std::vector<schedule::UnitCost>>; // [entry][layer]
using UnitCache = tbb::concurrent_hash_map<std::uint64_t, std::shared_ptr<const UnitCosts>>;

struct Counters {
    std::atomic<std::int64_t> evaluations{0};
    std::atomic<std::int64_t> hits{0};
};

std::vector<double> objectiveVector(const PointResult& p, const std::vector<Metric>& objectives) {
    std::vector<double> v;
    // Accuracy is maximised: the front minimises its negation.
    for (Metric m : objectives) v.push_back(m == Metric::Accuracy ? -p.metric(m) : p.metric(m));
    return v;
}

/// PointResult::choice of a design: the SystemChoice indices in order (the network choices not included).
std::vector<std::uint16_t> choiceVector(const SystemChoice& c) {
    return {std::uint16_t(c.unit_set),     std::uint16_t(c.pe_split),       std::uint16_t(c.buffer_scale),
            std::uint16_t(c.buffer_split), std::uint16_t(c.dram_bandwidth), std::uint16_t(c.dram_sharing)};
}

/// Evaluates one design; nullopt when cancelled part-way.
std::optional<SystemPointResult> evaluateOne(const SystemExploreRequest& req, std::int64_t index, UnitCache* cache,
                                             Counters& counters, const std::stop_token& stop) {
    const SystemSpace& space = req.space;
    const SystemChoice c = space.choiceOf(index);
    SystemPointResult r;
    PointResult& p = r.point;
    p.index = index;
    p.choice = choiceVector(c);
    SystemDesign design = space.designAt(index);
    p.accuracy_top1 = space.accuracyAt(index);
    p.area_mm2 = hardware::areaUm2(design.system) * 1e-6;
    const SystemConstraints& k = space.constraints;
    // Area is known before any evaluation: skip the costs of designs that are too large.
    if (k.max_area_mm2 && p.area_mm2 > *k.max_area_mm2) {
        p.reason = Infeasibility::Area;
        return r;
    }
    std::optional<workload::WorkloadMix> chosen; // the mix with this design's candidates, if any
    const workload::WorkloadMix& mix =
        space.network_choices.empty() ? req.mix : chosen.emplace(space.mixAt(req.mix, index));
    std::uint64_t networks = 0; // which candidates the unit costs are of
    for (int n : c.networks) networks = mixSeed(networks, std::uint64_t(n));
    const auto& units = design.system.units;
    schedule::CostTable table;
    table.dram_bandwidth_bytes_per_cycle = design.system.dram_bandwidth_bytes_per_cycle;
    table.cost.resize(mix.entries.size());
    for (std::size_t e = 0; e < mix.entries.size(); ++e)
        table.cost[e].assign(mix.entries[e].network.layers.size(), std::vector<schedule::UnitCost>(units.size()));
    const std::vector<int>& set = space.unit_sets[c.unit_set];
    for (std::size_t u = 0; u < units.size(); ++u) {
        table.unit_names.push_back(units[u].name);
        table.idle_leak_pj_per_cycle.push_back(hardware::idleLeakagePjPerCycle(units[u].accelerator));
        // The unit's costs depend on its accelerator, its template's policy and the chosen networks only.
        const std::uint64_t key =
            mixSeed(mixSeed(mappingRelevantHash(units[u].accelerator), std::uint64_t(set[u])), networks);
        std::shared_ptr<const UnitCosts> costs;
        if (cache) {
            UnitCache::const_accessor a;
            if (cache->find(a, key)) costs = a->second;
        }
        if (costs) counters.hits.fetch_add(1, std::memory_order_relaxed);
        else {
            EvaluationPolicy policy = design.policies[u];
            policy.mapper.seed = req.seed;
            auto fresh = std::make_shared<const UnitCosts>(unitCosts(units[u].accelerator, policy, mix, stop));
            if (stop.stop_requested()) return std::nullopt;
            counters.evaluations.fetch_add(1, std::memory_order_relaxed);
            if (cache) cache->insert({key, fresh});
            costs = std::move(fresh);
        }
        for (std::size_t e = 0; e < costs->size(); ++e)
            for (std::size_t l = 0; l < (*costs)[e].size(); ++l) table.cost[e][l][u] = (*costs)[e][l];
    }
    const schedule::ScheduleProblem problem = schedule::buildProblem(mix, table);
    const schedule::SystemSchedule s = req.scheduler == SystemScheduler::Baseline ? schedule::baselineSchedule(problem)
                                                                                  : schedule::heraldSchedule(problem);
    r.makespan_cycles = s.makespan_cycles;
    r.lower_bound_cycles = s.lower_bound_cycles;
    r.deadline_misses = s.deadline_misses;
    const double clock_hz = units.front().accelerator.clock_mhz * 1e6;
    p.unmapped = s.unmapped;
    p.latency_s = s.makespan_cycles / clock_hz;
    p.energy_j = s.energy_pj * 1e-12;
    p.power_w = p.latency_s > 0 ? p.energy_j / p.latency_s : 0;
    if (p.unmapped > 0) p.reason = Infeasibility::Unmapped;
    else if (k.max_latency_ms && p.latency_s * 1e3 > *k.max_latency_ms) p.reason = Infeasibility::Latency;
    else if (k.max_energy_mj && p.energy_j * 1e3 > *k.max_energy_mj) p.reason = Infeasibility::Energy;
    else if (k.max_power_w && p.power_w > *k.max_power_w) p.reason = Infeasibility::Power;
    return r;
}

std::optional<std::string> checkSystemRequest(const SystemExploreRequest& req) {
    if (req.objectives.size() == 1 && req.objectives[0] == Metric::Accuracy && !req.space.network_choices.empty())
        return "objective \"accuracy\" alone: add a cost to trade it against (e.g. accuracy,edp)";
    if (std::find(req.objectives.begin(), req.objectives.end(), Metric::Accuracy) != req.objectives.end() &&
        req.space.network_choices.empty())
        return "objective \"accuracy\" needs network candidates in the system space (\"networks\")";
    if (auto e = checkObjectives(req.objectives, true)) return e;
    if (req.mix.entries.empty()) return "the workload mix has no networks";
    for (const NetworkChoice& c : req.space.network_choices)
        if (std::none_of(req.mix.entries.begin(), req.mix.entries.end(),
                         [&](const workload::MixEntry& e) { return e.network.name == c.entry; }))
            return "network candidates for \"" + c.entry + "\", which mix " + req.mix.name + " does not run";
    if (req.space.size() == std::numeric_limits<std::int64_t>::max())
        return "the system space has more than 2^63 - 1 designs: remove values";
    return std::nullopt;
}

} // namespace

std::string_view toString(SystemScheduler s) { return s == SystemScheduler::Baseline ? "baseline" : "herald"; }

std::optional<SystemScheduler> parseSystemScheduler(std::string_view s) {
    if (s == "baseline") return SystemScheduler::Baseline;
    if (s == "herald") return SystemScheduler::Herald;
    return std::nullopt;
}

const SystemPointResult* SystemExploreResult::find(std::int64_t index) const {
    auto it = std::lower_bound(points.begin(), points.end(), index,
                               [](const SystemPointResult& p, std::int64_t i) { return p.point.index < i; });
    return it != points.end() && it->point.index == index ? &*it : nullptr;
}

SystemPointResult evaluateSystemPoint(const SystemExploreRequest& request, std::int64_t index) {
    Counters counters;
    return *evaluateOne(request, index, nullptr, counters, {});
}

SystemExploreResult exploreSystems(const SystemExploreRequest& req, SystemProgressSink& sink, std::stop_token stop) {
    SystemExploreResult out;
    const std::int64_t size = req.space.size();
    const Shard shard = Shard::of(req.shard_index, req.shard_count);
    const std::int64_t count = shard.size(size);
    out.total = count;
    if (auto e = checkSystemRequest(req)) {
        out.error = *e;
        return out;
    }
    UnitCache cache;
    Counters counters;
    std::mutex mutex; // guards everything below and serialises the sink
    ParetoFront front(int(req.objectives.size()));
    ExploreProgress progress;
    progress.total = count;
    std::vector<std::int64_t> evicted;
    std::map<std::int64_t, SystemPointResult> frontPoints; // without keep_points: the front's designs
    // Counts one finished design (under the mutex once workers run): reasons, front, progress, sink.
    auto account = [&](SystemPointResult&& r, bool fresh) {
        const PointResult& p = r.point;
        const std::int64_t index = p.index;
        ++out.infeasible[int(p.reason)];
        bool onFront = false;
        if (p.feasible()) {
            ++progress.feasible;
            evicted.clear();
            onFront = front.insert(p.index, objectiveVector(p, req.objectives), &evicted);
            if (!req.keep_points)
                for (auto e : evicted) frontPoints.erase(e);
            const double first = p.metric(req.objectives.front());
            // Accuracy is maximised: rank by its negation, as the front does.
            const double sign = req.objectives.front() == Metric::Accuracy ? -1.0 : 1.0;
            if (progress.best_index < 0 ||
                rankedBefore(sign * first, p.index, sign * progress.best_value, progress.best_index)) {
                progress.best_index = p.index;
                progress.best_value = first;
            }
        }
        ++progress.done;
        progress.front_size = front.size();
        if (fresh) {
            sink.systemPointFinished(r, onFront);
            sink.progress(progress);
        }
        if (req.keep_points) out.points.push_back(std::move(r));
        else if (onFront) frontPoints.emplace(index, std::move(r));
    };
    // Designs of an earlier run: sorted indices to skip, their results counted first.
    std::vector<std::int64_t> skip;
    if (req.done) {
        for (const auto& d : *req.done)
            if (shard.holds(d.point.index) && shard.position(d.point.index) < count) skip.push_back(d.point.index);
        std::sort(skip.begin(), skip.end());
        skip.erase(std::unique(skip.begin(), skip.end()), skip.end());
        std::vector<bool> taken(skip.size(), false);
        for (const auto& d : *req.done) {
            const auto it = std::lower_bound(skip.begin(), skip.end(), d.point.index);
            if (it == skip.end() || *it != d.point.index || taken[it - skip.begin()]) continue;
            taken[it - skip.begin()] = true;
            SystemPointResult r = d;
            if (r.point.choice.empty()) r.point.choice = choiceVector(req.space.choiceOf(r.point.index));
            account(std::move(r), false);
        }
        sink.progress(progress);
    }
    auto body = [&](const tbb::blocked_range<std::int64_t>& range) {
        for (std::int64_t k = range.begin(); k != range.end(); ++k) {
            if (stop.stop_requested()) return;
            const std::int64_t index = shard.item(k);
            if (!skip.empty() && std::binary_search(skip.begin(), skip.end(), index)) continue;
            auto r = evaluateOne(req, index, &cache, counters, stop);
            if (!r) return;
            std::lock_guard lock(mutex);
            account(std::move(*r), true);
        }
    };
    tbb::task_arena arena(req.threads > 0 ? req.threads : tbb::task_arena::automatic);
    tbb::task_group_context context;
    const std::stop_callback cancelTasks(stop, [&] { context.cancel_group_execution(); });
    arena.execute([&] {
        tbb::parallel_for(tbb::blocked_range<std::int64_t>(0, count, 1), body, tbb::auto_partitioner{}, context);
    });
    if (!req.keep_points)
        for (auto& [index, p] : frontPoints) out.points.push_back(std::move(p));
    std::sort(out.points.begin(), out.points.end(),
              [](const SystemPointResult& a, const SystemPointResult& b) { return a.point.index < b.point.index; });
    out.front = front.ids();
    out.finished = progress.done;
    out.infeasible[int(Infeasibility::None)] = 0;
    out.cancelled = progress.done < count;
    out.unit_evaluations = counters.evaluations.load();
    out.unit_cache_hits = counters.hits.load();
    return out;
}

} // namespace archscape::search
