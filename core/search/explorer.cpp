#include "search/explorer.h"

#include <algorithm>
#include <atomic>
#include <bit>
#include <cmath>
#include <mutex>
#include <optional>

#include <tbb/blocked_range.h>
#include <tbb/concurrent_hash_map.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include "hardware/technology.h"
#include "search/best_by.h"
#include "search/pareto_front.h"
#include "search/rng.h"
#include "search/shape_key.h"

namespace archscape::search {

namespace {

constexpr std::string_view kReasonNames[] = {"none", "pe_count", "area", "unmapped_layer", "latency", "power"};

/// One layer shape's search result at one accelerator, shared by every point that maps to it.
struct CacheEntry {
    bool found = false;
    double cycles = 0;
    double energy_pj = 0;
    mapping::Mapping mapping;
};
using Cache = tbb::concurrent_hash_map<std::uint64_t, CacheEntry>;

struct Counters {
    std::atomic<std::int64_t> runs{0};
    std::atomic<std::int64_t> hits{0};
};

std::uint64_t optionsHash(const MapperOptions& o, const std::optional<mapping::Dataflow>& dataflow) {
    std::uint64_t h = mixSeed(static_cast<std::uint64_t>(o.strategy), static_cast<std::uint64_t>(o.budget));
    h = mixSeed(h, std::bit_cast<std::uint64_t>(o.objective.latency_weight));
    h = mixSeed(h, std::bit_cast<std::uint64_t>(o.objective.energy_weight));
    h = mixSeed(h, static_cast<std::uint64_t>(o.population) << 1 | o.all_factors);
    h = mixSeed(h, std::bit_cast<std::uint64_t>(o.time_budget_ms));
    return mixSeed(h, dataflow ? static_cast<std::uint64_t>(*dataflow) + 1 : 0);
}

/// Evaluates one design point; nullopt when cancelled part-way.
std::optional<PointResult> evaluateOne(const ExploreRequest& req, const std::vector<workload::UniqueShape>& shapes,
                                       std::int64_t index, Cache* cache, Counters& counters, std::stop_token stop,
                                       std::vector<mapping::Mapping>* mappings) {
    const DesignPoint p = req.space.pointAt(index);
    const hardware::Accelerator& acc = p.accelerator;
    const Constraints& k = req.space.constraints;
    PointResult r;
    r.index = index;
    r.choice = p.choice;
    r.area_mm2 = hardware::areaUm2(acc) * 1e-6;
    const std::int64_t pes = acc.pe.count();
    if ((k.min_pe_count && pes < *k.min_pe_count) || (k.max_pe_count && pes > *k.max_pe_count)) {
        r.reason = Infeasibility::PeCount;
        return r;
    }
    // Area is known before any mapping: skip the searches of designs that are too large.
    if (k.max_area_mm2 && r.area_mm2 > *k.max_area_mm2) {
        r.reason = Infeasibility::Area;
        return r;
    }
    const std::uint64_t accKey = mixSeed(mappingRelevantHash(acc), optionsHash(req.space.mapper, p.dataflow));
    const hardware::CostTables tables = hardware::costTables(acc);
    if (mappings) mappings->assign(req.network.layers.size(), mapping::Mapping{});
    // Shapes in parallel too (nested in the points' parallel_for: oneTBB steals the work), so a
    // space with fewer points than cores still uses them all; totals are summed in shape order.
    std::vector<CacheEntry> entries(shapes.size());
    std::atomic<bool> cancelled{false};
    tbb::parallel_for(std::size_t(0), shapes.size(), [&](std::size_t s) {
        if (cancelled.load(std::memory_order_relaxed)) return;
        const workload::Layer& layer = req.network.layers[shapes[s].representative];
        const std::uint64_t key = mixSeed(shapeHash(layer), accKey);
        if (cache) {
            Cache::const_accessor a;
            if (cache->find(a, key)) {
                entries[s] = a->second;
                counters.hits.fetch_add(1, std::memory_order_relaxed);
                return;
            }
        }
        MapperOptions o = req.space.mapper;
        o.dataflow = p.dataflow;
        o.seed = mixSeed(req.seed, key);
        const MapperResult m = searchMapping(layer, acc, tables, o, stop);
        if (m.cancelled) {
            cancelled = true;
            return;
        }
        counters.runs.fetch_add(1, std::memory_order_relaxed);
        CacheEntry& e = entries[s];
        e.found = m.found;
        e.cycles = m.cost.cycles;
        e.energy_pj = m.cost.energyPj();
        e.mapping = m.mapping;
        if (cache && static_cast<std::int64_t>(cache->size()) < req.cache_capacity) cache->insert({key, e});
    });
    if (cancelled || stop.stop_requested()) return std::nullopt;
    double cycles = 0, energy = 0;
    r.shapes.resize(shapes.size());
    for (std::size_t s = 0; s < shapes.size(); ++s) {
        const CacheEntry& e = entries[s];
        const double count = double(shapes[s].members.size());
        if (e.found) {
            cycles += count * e.cycles;
            energy += count * e.energy_pj;
            r.shapes[s] = {static_cast<float>(e.cycles), static_cast<float>(e.energy_pj)};
        } else {
            r.unmapped += static_cast<int>(shapes[s].members.size());
        }
        if (mappings && e.found)
            for (int idx : shapes[s].members) (*mappings)[idx] = e.mapping;
    }
    r.latency_s = cycles / (acc.clock_mhz * 1e6);
    r.energy_j = energy * 1e-12;
    r.power_w = r.latency_s > 0 ? r.energy_j / r.latency_s : 0;
    if (r.unmapped > 0) r.reason = Infeasibility::Unmapped;
    else if (k.max_latency_ms && r.latency_s * 1e3 > *k.max_latency_ms) r.reason = Infeasibility::Latency;
    else if (k.max_power_w && r.power_w > *k.max_power_w) r.reason = Infeasibility::Power;
    return r;
}

std::vector<double> objectiveVector(const PointResult& p, const std::vector<Metric>& objectives) {
    std::vector<double> v;
    v.reserve(objectives.size());
    for (Metric m : objectives) v.push_back(m == Metric::Accuracy ? -p.metric(m) : p.metric(m));
    return v;
}

} // namespace

std::string_view toString(Infeasibility r) { return kReasonNames[static_cast<int>(r)]; }

std::optional<Infeasibility> parseInfeasibility(std::string_view s) {
    for (int i = 0; i < kNumInfeasibilities; ++i)
        if (kReasonNames[i] == s) return static_cast<Infeasibility>(i);
    return std::nullopt;
}

double PointResult::metric(Metric m) const {
    switch (m) {
    case Metric::Latency: return latency_s;
    case Metric::Energy: return energy_j;
    case Metric::Edp: return energy_j * latency_s;
    case Metric::Area: return area_mm2;
    case Metric::Power: return power_w;
    case Metric::Accuracy: return NAN;
    }
    return NAN;
}

const PointResult* ExploreResult::find(std::int64_t index) const {
    auto it = std::lower_bound(points.begin(), points.end(), index,
                               [](const PointResult& p, std::int64_t i) { return p.index < i; });
    return it != points.end() && it->index == index ? &*it : nullptr;
}

std::optional<std::string> checkObjectives(const std::vector<Metric>& objectives) {
    if (objectives.empty()) return "expected at least one objective";
    for (std::size_t i = 0; i < objectives.size(); ++i) {
        if (objectives[i] == Metric::Accuracy)
            return "objective \"accuracy\" needs an accuracy model, which the explorer does not use yet";
        for (std::size_t j = 0; j < i; ++j)
            if (objectives[j] == objectives[i]) return "objective \"" + std::string(toString(objectives[i])) + "\" is listed twice";
    }
    return std::nullopt;
}

std::vector<std::int64_t> paretoFrontOf(const std::vector<PointResult>& points, const std::vector<Metric>& objectives) {
    std::vector<std::vector<double>> rows;
    std::vector<std::int64_t> ids;
    for (const auto& p : points) {
        if (!p.feasible()) continue;
        rows.push_back(objectiveVector(p, objectives));
        ids.push_back(p.index);
    }
    std::vector<std::int64_t> front;
    for (std::size_t i : paretoIndices(rows)) front.push_back(ids[i]);
    std::sort(front.begin(), front.end());
    return front;
}

ExploreResult run(const ExploreRequest& req, ProgressSink& sink, std::stop_token stop) {
    ExploreResult out;
    const std::int64_t size = req.space.size();
    const int shards = std::max(1, req.shard_count);
    const int shard = std::clamp(req.shard_index, 0, shards - 1);
    const std::int64_t count = size > shard ? (size - shard + shards - 1) / shards : 0;
    out.total = count;
    const auto shapes = req.network.uniqueShapes();

    Cache cache;
    Counters counters;
    std::mutex mutex;  // guards everything below and serialises the sink
    ParetoFront front(static_cast<int>(req.objectives.size()));
    ExploreProgress progress;
    progress.total = count;
    std::vector<std::int64_t> evicted;

    auto body = [&](const tbb::blocked_range<std::int64_t>& range) {
        std::vector<mapping::Mapping> mappings;
        for (std::int64_t k = range.begin(); k != range.end(); ++k) {
            if (stop.stop_requested()) return;
            const std::int64_t index = shard + k * shards;
            auto r = evaluateOne(req, shapes, index, &cache, counters, stop, &mappings);
            if (!r) return;
            std::lock_guard lock(mutex);
            bool onFront = false;
            ++out.infeasible[static_cast<int>(r->reason)];
            if (r->feasible()) {
                ++progress.feasible;
                evicted.clear();
                onFront = front.insert(index, objectiveVector(*r, req.objectives), &evicted);
                for (auto e : evicted) out.front_mappings.erase(e);
                if (onFront) out.front_mappings[index] = mappings;
                const double first = r->metric(req.objectives.empty() ? Metric::Latency : req.objectives.front());
                if (progress.best_index < 0 || rankedBefore(first, index, progress.best_value, progress.best_index)) {
                    progress.best_index = index;
                    progress.best_value = first;
                }
            }
            ++progress.done;
            progress.front_size = front.size();
            sink.pointFinished(*r, mappings, onFront);
            sink.progress(progress);
            out.points.push_back(std::move(*r));
        }
    };
    tbb::task_arena arena(req.threads > 0 ? req.threads : tbb::task_arena::automatic);
    arena.execute([&] { tbb::parallel_for(tbb::blocked_range<std::int64_t>(0, count, 1), body); });

    std::sort(out.points.begin(), out.points.end(),
              [](const PointResult& a, const PointResult& b) { return a.index < b.index; });
    out.front = front.ids();
    out.infeasible[static_cast<int>(Infeasibility::None)] = 0;
    out.cancelled = progress.done < count;
    out.mapper_runs = counters.runs.load();
    out.cache_hits = counters.hits.load();
    return out;
}

PointResult evaluatePoint(const ExploreRequest& request, std::int64_t index, std::vector<mapping::Mapping>* mappings) {
    Counters counters;
    return *evaluateOne(request, request.network.uniqueShapes(), index, nullptr, counters, {}, mappings);
}

} // namespace archscape::search
