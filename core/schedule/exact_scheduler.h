#pragma once
#include <cstdint>
#include <optional>

#include "schedule/schedule_problem.h"
#include "schedule/system_schedule.h"

namespace archscape::schedule {

/// Limits of the exact search.
struct ExactOptions {
    int max_tasks = 14;                ///< larger problems are refused (nullopt)
    std::int64_t max_nodes = 20000000; ///< search nodes at most; beyond it the result is not proven
};

/// The exact solver's answer.
struct ExactResult {
    SystemSchedule schedule;
    bool optimal = false;   ///< the search finished within max_nodes
    std::int64_t nodes = 0; ///< search nodes visited
};

/// Branch and bound over every plan (an assignment of tasks to units and an order per unit, timed by
/// timePlan, so contention included): depth-first over topological sequences of (task, unit)
/// placements, adjacent placements on different units of independent tasks only in index order
/// (each plan once up to such swaps), the baseline schedule as the first incumbent, a node cut when
/// max(the busiest unit's solo load, (Σ placed solo loads + Σ unplaced fastest cycles) / units,
/// the critical-path bound, and, without a bandwidth limit, the partial makespan) >= the incumbent.
/// Optimal over plans: a schedule that idles a unit on purpose is outside this space.
std::optional<ExactResult> exactSchedule(const ScheduleProblem& p, const ExactOptions& options = {});

} // namespace archscape::schedule
