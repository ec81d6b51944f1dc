#pragma once
#include <vector>

#include "schedule/partition_problem.h"

namespace archscape::schedule {

/// The best assignment by enumerating every one (devices^nodes, or (devices + 1)^nodes when layers may be
/// split, at most 2^24; canonical labellings of
/// identical devices only): the reference the MILP is tested against. Empty when nothing is feasible or
/// the instance is too large.
std::vector<int> bruteForceAssignment(const PartitionProblem& p);

} // namespace archscape::schedule
