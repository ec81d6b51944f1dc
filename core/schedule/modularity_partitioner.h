#pragma once
#include <stop_token>
#include <vector>

#include "schedule/partition_problem.h"

namespace archscape::schedule {

/// What the splitting heuristic found.
struct ModularityOutcome {
    std::vector<int> assignment;
    int communities = 0; ///< communities of the DAG found by modularity
};

/// The modularity-based splitting heuristic (docs/partition.md, "Heuristic"): communities of the DAG
/// (edges weighted by tensor bytes, detectCommunities), then, from several starts (the greedy baseline
/// and every single device), moves of whole communities to other devices, of both ends of an edge (up
/// to 256 nodes) and of single nodes,
/// each kept when it lowers the objective, until none does; then, on graphs up to 256 nodes, 48 kicks (a
/// node with its neighbours, or a community, to a random device, and a new descent), and with
/// p.split ≠ None the split pass (refineSplits). The greedy assignment is one of the starts, so the result
/// is never worse than greedyAssignment's. Deterministic (the kicks use a fixed seed).
ModularityOutcome modularityAssignment(const PartitionProblem& p, std::stop_token stop = {});

} // namespace archscape::schedule
