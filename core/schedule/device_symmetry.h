#pragma once
#include <vector>

#include "schedule/partition_problem.h"

namespace archscape::schedule {

/// Interchangeable devices: for each device the lowest index of a device identical to it (same node
/// times, memory, footprints, and the same links to every other device and to each other). Relabelling
/// identical devices maps a partition to one of equal value, so a solver needs to see one of each
/// relabelling only.
std::vector<int> deviceClasses(const PartitionProblem& p);

/// The canonical relabelling: within every class of identical devices, the devices are used in order of
/// their first node (the lowest-index device of the class takes the earliest node). Same value as `a`.
std::vector<int> canonicalAssignment(const std::vector<int>& a, const std::vector<int>& classes);

/// True when `a` is its own canonical relabelling.
bool isCanonical(const std::vector<int>& a, const std::vector<int>& classes);

} // namespace archscape::schedule
