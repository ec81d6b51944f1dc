#pragma once
#include <cstdint>
#include <stop_token>
#include <string>
#include <vector>

#include "schedule/partition_problem.h"

namespace archscape::schedule {

/// Options of the combinatorial branch and bound.
struct BranchAndBoundOptions {
    double time_limit_s = 60;          ///< stop after this long with the best assignment found and the bound
    double relative_gap = 1e-6;        ///< prune subtrees whose bound is within this fraction of the best
    std::vector<int> incumbent;        ///< a known assignment (the heuristic's): the first upper bound; optional
    bool break_device_symmetry = true; ///< explore one labelling of identical devices (device_symmetry.h)
};

/// What the search found.
struct BranchAndBoundOutcome {
    std::vector<int> assignment; ///< empty when nothing feasible was found
    bool optimal = false;        ///< the search finished: optimal within relative_gap
    double bound_s = 0;          ///< lower bound on the objective of every feasible assignment (seconds)
    double value_s = 0;          ///< objective of `assignment` (seconds)
    std::int64_t search_nodes = 0;
    std::string status; ///< "optimal", "time limit", "stopped", "infeasible"
};

/// An exact solver for both objectives (docs/partition.md, "Branch and bound"): depth-first over the
/// nodes in network order, each assigned to a device in turn. Because every device runs its nodes in
/// network order, an assigned prefix has final start and end times, and every later node on a device
/// starts after that device's last assigned node. The bound of a prefix is its makespan (or loads) plus
/// device-aware earliest starts, tails and a fractional load bound of the nodes still to place, with
/// release times. With p.split ≠ None a splittable node has one more child, the split (its parts on
/// their devices' streams), and the bound counts that choice for the nodes still to place. Returns early
/// (best found + bound of the unexplored subtrees) on the time limit or a stop request.
BranchAndBoundOutcome branchAndBoundAssignment(const PartitionProblem& p, const BranchAndBoundOptions& options,
                                               std::stop_token stop = {});

} // namespace archscape::schedule
