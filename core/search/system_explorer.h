#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <stop_token>
#include <string_view>
#include <vector>

#include "schedule/system_schedule.h"
#include "search/explorer.h"
#include "search/system_space.h"
#include "workload/workload_mix.h"

namespace archscape::search {

/// Which scheduler times every system design of an exploration.
enum class SystemScheduler : std::uint8_t {
    Baseline, ///< schedule::baselineSchedule (list scheduling, earliest finish)
    Herald,   ///< schedule::heraldSchedule (affinity, reordering, load balancing)
};
std::string_view toString(SystemScheduler s);
std::optional<SystemScheduler> parseSystemScheduler(std::string_view s);

/// What to explore: every system of the space (or one shard of it) running the mix.
struct SystemExploreRequest {
    SystemSpace space;
    workload::WorkloadMix mix;
    std::vector<Metric> objectives = {Metric::Latency, Metric::Energy}; ///< latency, energy, edp, area, power
    SystemScheduler scheduler = SystemScheduler::Herald;
    std::uint64_t seed = 1; ///< seed of the units' mapping searches (units whose policy is "search")
    int threads = 0;        ///< 0: oneTBB's default (all cores)
    int shard_index = 0;    ///< evaluate the designs with index % shard_count == shard_index
    int shard_count = 1;
};

/// One evaluated system design. `point` holds the metrics as the single-accelerator explorer does
/// (latency = makespan at the first unit's clock; choice = the SystemChoice indices in order).
struct SystemPointResult {
    PointResult point;
    double makespan_cycles = 0;
    double lower_bound_cycles = 0;
    int deadline_misses = 0;
};

/// The outcome of a system exploration (one shard of it).
struct SystemExploreResult {
    std::vector<SystemPointResult> points; ///< by ascending index
    std::vector<std::int64_t> front;       ///< non-dominated feasible designs, ascending
    std::array<std::int64_t, kNumInfeasibilities> infeasible{};
    std::int64_t total = 0;    ///< designs in the shard
    std::int64_t finished = 0; ///< designs evaluated
    bool cancelled = false;
    std::int64_t unit_evaluations = 0; ///< (unit accelerator, policy) cost tables computed
    std::int64_t unit_cache_hits = 0;  ///< reused from an earlier design with an identical unit
    /// Why the request was rejected (nothing evaluated); empty when it ran.
    std::optional<std::string> error;

    const SystemPointResult* find(std::int64_t index) const;
};

/// Evaluates one design exactly as exploreSystems does: the mix's cost table with each unit's
/// policy (search::systemCosts), the scheduler, the lower bound and the constraints.
SystemPointResult evaluateSystemPoint(const SystemExploreRequest& request, std::int64_t index);

/// HERALD-style system design-space exploration: every design of the space (or shard) with the
/// whole mix scheduled on it, designs in parallel with oneTBB. A unit's per-layer costs depend only
/// on its accelerator and policy, so they are computed once per distinct unit (cached across
/// designs; a 1,024-PE budget split into 128-PE steps has a few dozen distinct units per template).
/// Results stream to `sink` (pointFinished without mappings, progress) serialised, the Pareto front
/// over the objectives updates incrementally. Cancellation is polled between designs and inside
/// mapping searches; finished designs are kept. Deterministic for a seed whatever the thread count.
SystemExploreResult exploreSystems(const SystemExploreRequest& request, ProgressSink& sink, std::stop_token stop = {});

} // namespace archscape::search
