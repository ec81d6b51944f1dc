#pragma once
#include <cstdint>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>

#include "schedule/partition.h"
#include "schedule/partition_bound.h"
#include "schedule/partition_problem.h"

namespace archscape::schedule {

/// Which solver partitions the network.
/// BranchAndBound is exact like the MILP (branch_and_bound_partitioner.h), and much faster on graphs of a few
/// dozen nodes.
enum class PartitionSolver : std::uint8_t { Milp, Heuristic, Greedy, BruteForce, BranchAndBound };

std::string_view toString(PartitionSolver s);
/// "milp", "heuristic", "greedy", "brute-force", "branch-and-bound"; nullopt otherwise.
std::optional<PartitionSolver> parsePartitionSolver(std::string_view s);

/// When the MILP solves the problem over repeated blocks instead of single nodes.
enum class BlockMode : std::uint8_t { Auto, On, Off };

/// Options of one solve.
struct PartitionSolveOptions {
    PartitionSolver solver = PartitionSolver::Heuristic;
    double time_limit_s = 60;   ///< MILP and branch and bound only
    double relative_gap = 1e-6; ///< MILP and branch and bound only
    /// MILP only: Auto contracts repeated blocks (findRepeatedBlocks) when the network has more than
    /// kAutoBlockNodes nodes and blocks cover at least half of them.
    BlockMode blocks = BlockMode::Auto;
};

inline constexpr int kAutoBlockNodes = 64;

/// A solved partition with its judgement.
struct PartitionResult {
    PartitionSolver solver = PartitionSolver::Heuristic;
    Partition partition;      ///< evaluated on the full problem, whatever the solver saw
    PartitionBound bound;     ///< the solver-free lower bound
    double lower_bound_s = 0; ///< max(solver-free bound, the MILP's own bound when it ran)
    std::optional<double>
        milp_bound_s;     ///< the exact solver's own bound (GLPK's, or the branch and bound's) on the problem it solved
    bool optimal = false; ///< proven optimal (MILP on single nodes, branch and bound, brute force)
    bool complete = true; ///< false when stopped early (time limit or stop request)
    double solve_s = 0;   ///< wall time of the solver
    std::string status;   ///< the solver's word ("optimal", "time limit", "heuristic", ...)
    int solved_nodes = 0; ///< nodes (or block groups) of the problem the solver saw
    int communities = 0;  ///< heuristic only
    std::int64_t search_nodes = 0; ///< branch and bound only: prefixes visited

    double value(PartitionObjective o) const { return partition.value(o); }
    /// (value − lower bound) / value; 0 when the value is 0.
    double gap(PartitionObjective o) const;
};

/// Solves `p` with the chosen solver. The MILP and the branch and bound start from the heuristic's
/// assignment, so they never return worse. With layer splitting the MILP solves with whole layers and then
/// runs the split pass (not called optimal, solver-free bound only); the branch and bound models splits. A stop request
/// ends the MILP early with its best assignment ("complete": false).
PartitionResult solvePartition(const PartitionProblem& p, const PartitionSolveOptions& options,
                               std::stop_token stop = {});

/// The assignment that puts every node on device d, evaluated.
Partition singleDevicePartition(const PartitionProblem& p, int d);

} // namespace archscape::schedule
