#pragma once
#include <optional>
#include <vector>

#include "schedule/schedule_problem.h"

namespace archscape::schedule {

/// What a scheduler decides: the unit of every task and the order in which each unit runs its tasks.
/// Timing follows from it (timePlan): a unit starts its next task as soon as the unit is free and the
/// task's predecessors have ended; no idle time is inserted on purpose.
struct SchedulePlan {
    std::vector<int> unit;               ///< per task; -1 for tasks no unit can run
    std::vector<std::vector<int>> order; ///< per unit: its tasks in run order
};

/// One task placed in time.
struct ScheduledLayer {
    int task = 0;
    int unit = -1; ///< -1: unmapped (not timed)
    double start_cycle = 0;
    double end_cycle = 0;
};

/// A timed schedule and its totals.
struct SystemSchedule {
    std::vector<ScheduledLayer> layers; ///< per task, in task order
    double makespan_cycles = 0;
    /// Σ task energies (solo) + Σ units' idle leakage × (makespan − Σ solo cycles of their tasks):
    /// time a unit spends idle or stretched by contention leaks at its idle rate.
    double energy_pj = 0;
    double layer_energy_pj = 0;      ///< the first term above
    double idle_leakage_pj = 0;      ///< the second
    double lower_bound_cycles = 0;   ///< lowerBound of the problem (filled by the schedulers)
    int unmapped = 0;                ///< tasks no unit can run (excluded, as sequentialTotals does)
    int deadline_misses = 0;         ///< instances whose last layer ends after their entry's deadline
    std::vector<double> busy_cycles; ///< per unit: Σ solo cycles of its tasks

    double edp() const { return makespan_cycles * energy_pj; }
};

/// A task's DRAM demand in bytes per cycle: dram_bytes / cycles, capped at the shared bandwidth
/// (when set): the engine's solo timing already charged the unit's own DRAM port, so a layer that
/// runs alone is never slowed (and a unit whose port is wider than the shared one is not re-timed
/// when alone; docs/schedule.md).
double demandOf(const UnitCost& c, double bandwidth);

/// Times a plan with the shared-bandwidth model: while tasks run, each draws its solo demand
/// (demandOf); when the demands D exceed the shared bandwidth B every running task
/// progresses at B / D of its solo speed, re-timed at every start and end. nullopt when the plan is
/// inconsistent (a task on a unit that cannot run it, missing or repeated tasks) or deadlocks (a
/// unit's order contradicts the dependencies).
std::optional<SystemSchedule> timePlan(const ScheduleProblem& p, const SchedulePlan& plan);

} // namespace archscape::schedule
