#pragma once
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "schedule/partition_problem.h"

namespace archscape::schedule {

/// Options of the exact MILP.
struct MilpOptions {
    double time_limit_s = 60;          ///< stop after this long with the best assignment found and the bound
    double relative_gap = 1e-6;        ///< stop when (best − bound) / best is below this
    std::vector<int> incumbent;        ///< a known assignment (the heuristic's) given to GLPK as a start; optional
    bool break_device_symmetry = true; ///< constraints that keep one labelling of identical devices
};

/// What GLPK found.
struct MilpOutcome {
    std::vector<int> assignment; ///< empty when nothing feasible was found
    bool optimal = false;        ///< proven optimal (within relative_gap)
    double bound_s = 0;          ///< GLPK's lower bound on the objective when it stopped (seconds)
    double objective_s = 0;      ///< the MILP objective of `assignment` (seconds)
    std::string status;          ///< "optimal", "time limit", "stopped", "infeasible", ...
    int columns = 0, rows = 0;   ///< size of the model
};

/// The exact MILP of docs/partition.md ("MILP"), solved by GLPK's branch and bound: binary x[l][d],
/// start times, per-edge communication, in-order sequencing on each device with big-M, the pipelined
/// device and link loads, memory, and the side constraint. Its optimum is the optimum of
/// evaluatePartition over all assignments. Returns early (best found + bound) on the time limit or a
/// stop request.
MilpOutcome solveMilp(const PartitionProblem& p, const MilpOptions& options, std::stop_token stop = {});

} // namespace archscape::schedule
