#pragma once
#include <vector>

#include "schedule/partition_problem.h"

namespace archscape::schedule {

/// Nodes grouped into repeated blocks (identical transformer blocks, identical residual stages).
struct BlockGrouping {
    std::vector<int> group_of; ///< per node: its group; groups are numbered in node order
    int groups = 0;
    int first = 0;   ///< first node of the first block
    int period = 0;  ///< nodes per block (0 = no repetition found)
    int repeats = 0; ///< consecutive identical blocks
};

/// The longest run of consecutive identical blocks: `repeats` ≥ 2 node ranges of `period` ≥ 2 nodes
/// each, where node i and node i + period have the same costs on every device (times, footprints) and
/// the edges inside the run are invariant under a shift by one block. Each block becomes one group and
/// every other node its own group. No repetition: every node its own group, period 0.
BlockGrouping findRepeatedBlocks(const PartitionProblem& p);

/// The problem over groups: a group's time on a device is the sum of its nodes' (they run back to back
/// on one device), its weights the sum, its working set the largest; edges between different groups are
/// kept one by one. Requires groups of consecutive nodes (as findRepeatedBlocks makes), so the
/// contracted graph stays in topological order.
PartitionProblem contractGroups(const PartitionProblem& p, const std::vector<int>& group_of, int groups);

/// A node assignment from a group assignment.
std::vector<int> expandGroups(const std::vector<int>& group_device, const std::vector<int>& group_of);

} // namespace archscape::schedule
