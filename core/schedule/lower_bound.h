#pragma once
#include "schedule/schedule_problem.h"

namespace archscape::schedule {

/// The parts of the lower bound; every schedule's makespan is at least each of them.
struct LowerBound {
    /// Longest dependency chain, each task at its fastest unit's solo cycles (the critical path of
    /// each network instance, mix `after` edges included).
    double critical_path_cycles = 0;
    /// Σ tasks' fastest solo cycles / number of units (total work over total capacity).
    double work_cycles = 0;
    /// Σ tasks' smallest port use (demandOf × solo cycles: DRAM bytes, capped at B × cycles) / shared
    /// bandwidth B (0 when unlimited): running tasks together draw at most B per cycle.
    double bandwidth_cycles = 0;
    double cycles() const;
};

/// The bound of a problem (tasks no unit can run are left out, as schedules leave them out).
LowerBound lowerBound(const ScheduleProblem& p);

} // namespace archscape::schedule
