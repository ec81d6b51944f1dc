#include "schedule/partition_solver.h"

#include <algorithm>
#include <chrono>

#include "schedule/branch_and_bound_partitioner.h"
#include "schedule/brute_force_partitioner.h"
#include "schedule/greedy_partitioner.h"
#include "schedule/milp_partitioner.h"
#include "schedule/modularity_partitioner.h"
#include "schedule/repeated_blocks.h"
#include "schedule/split_refinement.h"

namespace archscape::schedule {

namespace {

// The MILP does not model splits: it solves the problem with every layer whole, then the split pass
// refines its answer, and the heuristic (which splits) is kept when better. Neither its optimality nor its
// bound carries over; the reported bound is the solver-free one, which counts splits.
PartitionResult solveThenSplit(const PartitionProblem& p, const PartitionSolveOptions& o, std::stop_token stop,
                               std::chrono::steady_clock::time_point began) {
    PartitionProblem whole = p;
    whole.split = SplitMode::None;
    PartitionResult r = solvePartition(whole, o, stop);
    std::vector<int> a = r.partition.device_of;
    const double refined = refineSplits(p, a, stop);
    const std::vector<int> h = modularityAssignment(p, stop).assignment;
    const Partition heuristic = evaluatePartition(p, h);
    if (heuristic.feasible && !(heuristic.value(p.objective) >= refined)) a = h;
    r.partition = evaluatePartition(p, a);
    r.bound = lowerBound(p);
    r.lower_bound_s = r.bound.value;
    r.optimal = false;
    r.status += ", layers whole; then the split pass";
    r.solve_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
    return r;
}

} // namespace

std::string_view toString(PartitionSolver s) {
    switch (s) {
    case PartitionSolver::Milp: return "milp";
    case PartitionSolver::Heuristic: return "heuristic";
    case PartitionSolver::Greedy: return "greedy";
    case PartitionSolver::BruteForce: return "brute-force";
    case PartitionSolver::BranchAndBound: return "branch-and-bound";
    }
    return "heuristic";
}

std::optional<PartitionSolver> parsePartitionSolver(std::string_view s) {
    for (auto k : {PartitionSolver::Milp, PartitionSolver::Heuristic, PartitionSolver::Greedy,
                   PartitionSolver::BruteForce, PartitionSolver::BranchAndBound})
        if (toString(k) == s) return k;
    return std::nullopt;
}

double PartitionResult::gap(PartitionObjective o) const {
    const double v = value(o);
    return v > 0 ? std::max(0.0, (v - lower_bound_s) / v) : 0.0;
}

Partition singleDevicePartition(const PartitionProblem& p, int d) {
    return evaluatePartition(p, std::vector<int>(p.numNodes(), d));
}

PartitionResult solvePartition(const PartitionProblem& p, const PartitionSolveOptions& o, std::stop_token stop) {
    const auto began = std::chrono::steady_clock::now();
    if (p.split != SplitMode::None && o.solver == PartitionSolver::Milp) return solveThenSplit(p, o, stop, began);
    PartitionResult r;
    r.solver = o.solver;
    r.bound = lowerBound(p);
    r.lower_bound_s = r.bound.value;
    r.solved_nodes = p.numNodes();
    std::vector<int> a;
    switch (o.solver) {
    case PartitionSolver::Greedy:
        a = greedyAssignment(p);
        r.status = "greedy";
        break;
    case PartitionSolver::BruteForce:
        a = bruteForceAssignment(p);
        r.optimal = !a.empty();
        r.status = a.empty() ? "too large to enumerate or infeasible" : "optimal";
        if (a.empty()) a = greedyAssignment(p);
        break;
    case PartitionSolver::Heuristic: {
        ModularityOutcome h = modularityAssignment(p, stop);
        a = std::move(h.assignment);
        r.communities = h.communities;
        r.complete = !stop.stop_requested();
        r.status = "heuristic";
        break;
    }
    case PartitionSolver::BranchAndBound: {
        ModularityOutcome h = modularityAssignment(p, stop);
        r.communities = h.communities;
        const BranchAndBoundOutcome b = branchAndBoundAssignment(
            p, {.time_limit_s = o.time_limit_s, .relative_gap = o.relative_gap, .incumbent = h.assignment}, stop);
        r.milp_bound_s = b.bound_s;
        r.lower_bound_s = std::max(r.lower_bound_s, b.bound_s);
        r.optimal = b.optimal && !b.assignment.empty();
        r.complete = b.optimal;
        r.status = b.status;
        r.search_nodes = b.search_nodes;
        a = b.assignment.empty() ? h.assignment : b.assignment;
        break;
    }
    case PartitionSolver::Milp: {
        ModularityOutcome h = modularityAssignment(p, stop);
        r.communities = h.communities;
        const BlockGrouping blocks = o.blocks == BlockMode::Off ? BlockGrouping{} : findRepeatedBlocks(p);
        const bool coarsen = blocks.period > 0 &&
                             (o.blocks == BlockMode::On ||
                              (p.numNodes() > kAutoBlockNodes && 2 * blocks.period * blocks.repeats >= p.numNodes()));
        MilpOptions mo{.time_limit_s = o.time_limit_s, .relative_gap = o.relative_gap};
        MilpOutcome m;
        if (coarsen) {
            const PartitionProblem c = contractGroups(p, blocks.group_of, blocks.groups);
            r.solved_nodes = c.numNodes();
            m = solveMilp(c, mo, stop);
            if (!m.assignment.empty()) m.assignment = expandGroups(m.assignment, blocks.group_of);
        } else {
            mo.incumbent = h.assignment;
            m = solveMilp(p, mo, stop);
        }
        // The solver's bound holds for the problem it solved: over blocks it bounds only block-wise
        // partitions, so it is not a bound of the full problem.
        r.milp_bound_s = m.bound_s;
        if (!coarsen) r.lower_bound_s = std::max(r.lower_bound_s, m.bound_s);
        r.optimal = m.optimal && !coarsen;
        r.complete = m.optimal;
        r.status = m.status + (coarsen ? " (over " + std::to_string(blocks.groups) + " block groups)" : "");
        a = m.assignment;
        // Keep the heuristic's assignment when it evaluates better (a block-wise MILP can be worse).
        if (a.empty() || (!h.assignment.empty() && evaluatePartition(p, h.assignment).feasible &&
                          (!evaluatePartition(p, a).feasible || evaluatePartition(p, h.assignment).value(p.objective) <
                                                                    evaluatePartition(p, a).value(p.objective))))
            a = h.assignment;
        break;
    }
    }
    r.partition = evaluatePartition(p, a);
    r.solve_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
    return r;
}

} // namespace archscape::schedule
