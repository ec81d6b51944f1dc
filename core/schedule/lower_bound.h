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
    /// Σ tasks' smallest DRAM bytes / shared bandwidth (0 when unlimited): the shared port moves at
    /// most B bytes per cycle under the contention model.
    double bandwidth_cycles = 0;
    double cycles() const;
};

/// The bound of a problem (tasks no unit can run are left out, as schedules leave them out).
LowerBound lowerBound(const ScheduleProblem& p);

} // namespace archscape::schedule
