#pragma once
#include <span>
#include <utility>
#include <vector>

#include "schedule/partition_problem.h"

namespace archscape::schedule {

/// The objective of an assignment under trial moves, for the refinement loops of the heuristic: the same
/// value and tie-breaker as PartitionEvaluator, but a move re-evaluates only what it changes.
///
/// Each device keeps its nodes as a list in network order. Moving nodes updates the device loads, the
/// link loads (the moved nodes' edges) and the memory in O(degree); the end times are propagated
/// forward from the moved nodes only, through the nodes whose inputs or device predecessor changed, in
/// network order so that each end is final when computed; with a cutoff they stop at the first node
/// whose end plus a lower bound on what follows it (its device's remaining compute, or its longest path
/// in the schedule before the move) passes the cutoff. Latency = the largest end among the last node
/// of every device (ends grow along a device's list). A move stays applied until accept() or revert();
/// nothing allocates after construction and reset().
class IncrementalPartitionEvaluator {
public:
    explicit IncrementalPartitionEvaluator(const PartitionProblem& p);

    /// Evaluates `a` from scratch and makes it the current assignment.
    void reset(const std::vector<int>& a);
    /// Objective of the current assignment (+infinity when infeasible).
    double value() const { return m_s.value; }
    /// Tie-breaker of the current assignment (PartitionEvaluator::spread()).
    double spread() const { return m_s.spread; }
    /// The current assignment (with a trial move applied until accept() or revert()).
    const std::vector<int>& assignment() const { return m_a; }

    /// Moves `nodes` (ascending; those already on `d` stay) to device d and returns the new objective, or
    /// +infinity when infeasible or once the objective is known to exceed `cutoff`. Then call accept() or
    /// revert() before the next move.
    double tryMove(std::span<const int> nodes, int d, double cutoff = kNoLimit);
    /// Keeps the trial move (only after tryMove returned a finite value).
    void accept();
    /// Undoes the trial move.
    void revert();

private:
    void unlink(int v, int d);
    void link(int v, int d);
    void moveNode(int v, int to);
    void recomputeActivation(int d);
    // Propagates end times from the dirty nodes; false when an end passes the cutoff.
    bool propagate(double cutoff);
    // Value and spread from the loads, ends and memory; +infinity when infeasible.
    void finish();
    void computeTails();

    const PartitionProblem& m_p;
    int m_n = 0, m_d = 0;
    bool m_latency_objective = true, m_need_latency = true, m_need_links = false;
    std::vector<std::vector<int>> m_out; // out-edge indices per node
    // The inner loops read flat copies: in- and out-edges per node (offsets, other end, bytes), and
    // per device pair the link latency and seconds per byte (0 on the diagonal).
    std::vector<int> m_in_begin, m_in_from, m_out_begin, m_out_to;
    std::vector<double> m_in_bytes, m_out_bytes, m_lat, m_spb;
    std::vector<double> m_time; // [node · D + device] seconds, 0 where the device cannot run the node
    std::vector<double> m_rest; // per device: compute still ahead of the propagation
    // Per node: the longest path after it in the current schedule (transfers, the device's next nodes),
    // so latency ≥ end + q. A move changes no arc that leaves a node after every moved node, so there
    // the bound still holds during the trial.
    std::vector<double> m_q;
    bool m_q_valid = false;
    int m_max_moved = 0;

    // The current (or trial) state.
    std::vector<int> m_a;
    std::vector<double> m_end;
    std::vector<int> m_prev, m_next;  // neighbours in the device's list, −1 at the ends
    std::vector<int> m_first, m_last; // per device
    // What a trial move changes besides the lists and the ends, saved before it and restored by revert().
    struct State {
        std::vector<double> busy, weights, act; // per device: compute seconds, resident bytes, largest working set
        std::vector<double> links;              // [d · D + f] transfer seconds from d to f
        double sum_end = 0, value = 0, spread = 0;
        bool infeasible_node = false; // some node sits on a device that cannot run it
    };
    State m_s;

    // Undo information of the trial move.
    std::vector<std::pair<int, int>> m_moved;      // node, previous device
    std::vector<std::pair<int, double>> m_end_log; // node, previous end
    State m_saved;
    std::vector<char> m_dirty;
    std::vector<char> m_act_stale;
    int m_min_dirty = 0;
};

} // namespace archscape::schedule
