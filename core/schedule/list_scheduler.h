#pragma once
#include <vector>

#include "schedule/schedule_problem.h"
#include "schedule/system_schedule.h"

namespace archscape::schedule {

/// How listPlan picks among ready tasks and units.
struct ListPlanOptions {
    /// Per task: the unit it must run on (empty: free choice, the unit where it finishes earliest).
    std::vector<int> fixed_unit;
    /// Among tasks ready at the same time, the one with the longest remaining chain first
    /// (dependency-aware ordering) instead of the higher priority, then the lower index.
    bool longest_chain_first = false;
};

/// List scheduling on solo estimates: repeatedly takes the ready task (all predecessors placed) whose
/// predecessors end earliest (ties: higher priority, or longest chain, then lower index) and places it
/// on its fixed unit or on the unit where it would finish earliest (ties: lower unit index).
/// Contention is not foreseen here; timePlan charges it.
SchedulePlan listPlan(const ScheduleProblem& p, const ListPlanOptions& options = {});

/// The baseline scheduler: listPlan with free unit choice, timed by timePlan, with its lower bound.
SystemSchedule baselineSchedule(const ScheduleProblem& p);

} // namespace archscape::schedule
