#pragma once
#include <string>
#include <vector>

#include "schedule/partition_problem.h"

namespace archscape::schedule {

/// An assignment of every node to a device, evaluated (docs/partition.md, "Evaluation").
///
/// Each device runs its nodes one at a time in network (topological) order, as an in-order stream;
/// a node starts when its device is free and every input has arrived; an edge between devices d and f
/// arrives link latency + bytes / bandwidth after its producer ends (transfers overlap compute and each
/// other). Latency = the last node's end. Period (pipelined stream) = the busiest resource: a device's
/// compute seconds, or one direction of a link's transfer seconds.
struct Partition {
    std::vector<int> device_of; ///< per node: a device, or PartitionProblem::splitValue() for a split node
    bool feasible = false;
    std::string reason; ///< why not feasible
    double latency_s = 0;
    double period_s = 0;
    std::vector<double> start_s;                  ///< per node (its earliest part when split)
    std::vector<double> device_busy_s;            ///< per device: compute seconds
    std::vector<double> device_memory_bytes;      ///< per device: resident weights + largest working set
    std::vector<int> device_nodes;                ///< per device: node count (parts of split nodes included)
    std::vector<std::vector<double>> link_busy_s; ///< [d][f] transfer seconds from d to f
    double cut_bytes = 0;                         ///< bytes on edges between devices
    int cut_edges = 0;

    /// latency_s or period_s.
    double value(PartitionObjective o) const { return o == PartitionObjective::Latency ? latency_s : period_s; }
};

/// Evaluates an assignment: infeasible (with the reason) when a node sits on a device that cannot run
/// it, a device's memory overflows, or the side constraint (max period / max latency) is violated.
Partition evaluatePartition(const PartitionProblem& p, std::vector<int> device_of);

/// The objective of an assignment, +infinity when infeasible: the inner loop of the searches, with
/// scratch buffers reused between calls. Equals evaluatePartition(p, a).value(p.objective).
class PartitionEvaluator {
public:
    explicit PartitionEvaluator(const PartitionProblem& p);
    /// With a cutoff, gives up (+infinity) as soon as the objective is known to exceed it: latency and
    /// loads only grow as nodes are added, so a move that cannot match the current value costs less.
    double operator()(const std::vector<int>& device_of, double cutoff = kNoLimit);
    /// A tie-breaker of the last finite evaluation, lower = better at an equal objective: Σ of node end
    /// times (latency) or Σ of squared device and link loads (throughput). Lets the searches cross plateaus
    /// where several resources share the maximum.
    double spread() const { return m_spread; }

private:
    const PartitionProblem& m_p;
    std::vector<double> m_end, m_free, m_busy, m_weights, m_act, m_links;
    double m_spread = 0;
};

} // namespace archscape::schedule
