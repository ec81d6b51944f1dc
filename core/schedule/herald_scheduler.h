#pragma once
#include "schedule/schedule_problem.h"
#include "schedule/system_schedule.h"

namespace archscape::schedule {

/// Settings of the HERALD-style heuristic.
struct HeraldOptions {
    int passes = 3;             ///< load-balancing sweeps over the tasks
    int max_evaluations = 4000; ///< timed candidate plans at most (keeps large mixes fast)
};

/// HERALD-style scheduling (Kwon et al., arXiv 1909.07437, in spirit; docs/schedule.md):
/// 1. dataflow affinity: every task on the unit that runs it with the lowest energy-delay product;
/// 2. dependency-aware reordering: each unit's order from listPlan with the assignment fixed and the
///    longest remaining chain first, so units idle less while waiting on dependencies;
/// 3. load balancing: sweeps over the tasks, longest first, moving a task to another unit when the
///    re-ordered, re-timed plan has a shorter makespan (or an equal one and less energy).
/// Deterministic. Returns the best timed plan found, with its lower bound.
SystemSchedule heraldSchedule(const ScheduleProblem& p, const HeraldOptions& options = {});

} // namespace archscape::schedule
