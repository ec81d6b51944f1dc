#pragma once
#include <array>
#include <cstdint>
#include <memory>
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

struct SystemPointResult;

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
    /// Designs already evaluated by an earlier run of the same request (a checkpoint, or a merged
    /// partial result for --only-missing), any order: taken as they are, and only the other designs
    /// of the shard are evaluated. A design evaluates the same in every run (its unit costs depend
    /// on its units, the seed and the mix only), so the result equals an uninterrupted run's.
    /// Designs outside the shard or repeated are ignored.
    std::shared_ptr<const std::vector<SystemPointResult>> done;
    /// false: SystemExploreResult::points keeps only the front's designs (streaming output, where
    /// the sink writes every design as it finishes), so memory does not grow with the space.
    bool keep_points = true;
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
    std::vector<SystemPointResult> points; ///< by ascending index (only the front's without keep_points)
    std::vector<std::int64_t> front;       ///< non-dominated feasible designs, ascending
    std::array<std::int64_t, kNumInfeasibilities> infeasible{};
    std::int64_t total = 0;    ///< designs in the shard
    std::int64_t finished = 0; ///< designs finished, those taken from `done` included
    bool cancelled = false;
    std::int64_t unit_evaluations = 0; ///< (unit accelerator, policy) cost tables computed
    std::int64_t unit_cache_hits = 0;  ///< reused from an earlier design with an identical unit
    /// Why the request was rejected (nothing evaluated); empty when it ran.
    std::optional<std::string> error;

    const SystemPointResult* find(std::int64_t index) const;
};

/// Receives system designs as they finish: ProgressSink's calls (serialised the same way) plus each
/// design with its schedule's figures.
class SystemProgressSink : public ProgressSink {
public:
    /// A design finished (not called for designs taken from SystemExploreRequest::done). By default
    /// passed on as pointFinished without mappings.
    virtual void systemPointFinished(const SystemPointResult& r, bool on_front) {
        pointFinished(r.point, {}, on_front);
    }
};

/// Evaluates one design exactly as exploreSystems does: the mix's cost table with each unit's
/// policy (search::systemCosts), the scheduler, the lower bound and the constraints.
SystemPointResult evaluateSystemPoint(const SystemExploreRequest& request, std::int64_t index);

/// HERALD-style system design-space exploration: every design of the space (or shard) with the
/// whole mix scheduled on it, designs in parallel with oneTBB. A unit's per-layer costs depend only
/// on its accelerator and policy, so they are computed once per distinct unit (cached across
/// designs; a 1,024-PE budget split into 128-PE steps has a few dozen distinct units per template).
/// Results stream to `sink` (systemPointFinished, progress) serialised, the Pareto front over the
/// objectives updates incrementally. Designs of `request.done` are counted first and not evaluated
/// (nor passed to the sink again). Cancellation is polled between designs and inside mapping
/// searches; finished designs are kept. Deterministic for a seed whatever the thread count.
SystemExploreResult exploreSystems(const SystemExploreRequest& request, SystemProgressSink& sink,
                                   std::stop_token stop = {});

} // namespace archscape::search
