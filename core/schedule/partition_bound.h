#pragma once
#include <vector>

#include "schedule/partition_problem.h"

namespace archscape::schedule {

/// The parts of the lower bound, each valid on its own (docs/partition.md, "Lower bound").
struct PartitionBound {
    /// Longest path through the DAG with every node at its fastest device and free communication.
    double critical_path_s = 0;
    /// The fractional load bound: max over weights s ≥ 0, Σ s = 1 of Σ_l min_d s_d·t_ld. Any assignment has
    /// Σ_d s_d·load_d ≥ that sum, and max_d load_d ≥ Σ_d s_d·load_d, so the busiest device takes at least
    /// that long (the dual of the LP relaxation of min max-load; found by exponentiated-gradient ascent,
    /// every iterate a valid bound).
    double load_s = 0;
    /// The slowest node at its fastest device.
    double largest_node_s = 0;
    /// The bound for the problem's objective: latency ≥ max(critical path, load); period ≥ max(load,
    /// largest node).
    double value = 0;
};

/// A lower bound on the objective of every feasible partition, without a solver. Ignores memory,
/// communication and the side constraint, so it holds for every partition.
PartitionBound lowerBound(const PartitionProblem& p);

/// The device weights s (Σ s = 1) at which PartitionBound::load_s was found. With them the bound extends
/// to loads that start late: max_d (start_d + load_d) ≥ Σ_d s_d start_d + Σ_l min_d s_d t_ld.
std::vector<double> loadBoundWeights(const PartitionProblem& p);

} // namespace archscape::schedule
