#pragma once
#include <stop_token>
#include <vector>

#include "schedule/partition_problem.h"

namespace archscape::schedule {

/// The split pass (docs/partition.md, "Layer splitting"): with p.split ≠ None, tries splitting every
/// splittable node of `a` (alone, and with its splittable neighbours) and putting every split node back on
/// each single device, keeping each change that lowers the objective, until a round changes nothing (at
/// most 8 rounds). It runs from `a` and from `a` with every splittable node split, and keeps the better.
/// Every trial is a full evaluation, so it runs on graphs up to kSplitPassNodes nodes only. Returns the
/// objective of the result.
double refineSplits(const PartitionProblem& p, std::vector<int>& a, std::stop_token stop = {});

inline constexpr int kSplitPassNodes = 256;

} // namespace archscape::schedule
