#pragma once
#include <vector>

#include "schedule/partition_problem.h"

namespace archscape::schedule {

/// The greedy baseline: nodes in topological order, each placed on the device that minimises the
/// objective of the nodes placed so far (latency: its earliest finish, HEFT without ranks; throughput: the
/// busiest device or link), among the devices whose memory still holds it. Ties go to the lower device
/// index. Returns the assignment (evaluate it with evaluatePartition).
std::vector<int> greedyAssignment(const PartitionProblem& p);

} // namespace archscape::schedule
