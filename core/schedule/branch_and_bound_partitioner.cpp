#include "schedule/branch_and_bound_partitioner.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "schedule/device_symmetry.h"
#include "schedule/partition.h"
#include "schedule/partition_bound.h"

namespace archscape::schedule {

namespace {

constexpr double kInf = kNoLimit;

// The slack of partition.cpp: a limit met exactly is not refused over rounding.
bool over(double value, double limit) { return value > limit * (1 + 1e-9) + 1e-15; }

// Depth-first search over prefixes of the network order. Nothing allocates after construction.
class Search {
public:
    Search(const PartitionProblem& p, const BranchAndBoundOptions& o, std::stop_token stop)
        : m_p(p), m_o(o), m_stop(std::move(stop)), m_n(p.numNodes()), m_d(p.numDevices()) {
        m_latency_objective = p.objective == PartitionObjective::Latency;
        m_need_latency = m_latency_objective || std::isfinite(p.max_latency_s);
        m_need_links = !m_latency_objective || std::isfinite(p.max_period_s);
        const int n = m_n, D = m_d;
        m_time.assign(static_cast<std::size_t>(n) * D, kInf);
        for (int v = 0; v < n; ++v)
            for (int d = 0; d < D; ++d) m_time[v * D + d] = p.seconds[v][d];
        m_in_begin.assign(n + 1, 0);
        for (int v = 0; v < n; ++v) {
            m_in_begin[v + 1] = m_in_begin[v] + static_cast<int>(p.in_edges[v].size());
            for (int ei : p.in_edges[v]) {
                m_in_from.push_back(p.edges[ei].from);
                m_in_bytes.push_back(p.edges[ei].bytes);
            }
        }
        m_lat.assign(static_cast<std::size_t>(D) * D, 0);
        m_spb.assign(static_cast<std::size_t>(D) * D, 0);
        for (int d = 0; d < D; ++d)
            for (int f = 0; f < D; ++f)
                if (d != f) {
                    m_lat[d * D + f] = p.link_latency_s[d][f];
                    m_spb[d * D + f] = p.link_s_per_byte[d][f];
                }
        // Device-aware tails (the longest path after v on d, each successor at its best device with the
        // transfer that needs; contention ignored).
        m_tail.assign(static_cast<std::size_t>(n) * D, 0);
        for (int w = n - 1; w >= 0; --w)
            for (int k = m_in_begin[w]; k < m_in_begin[w + 1]; ++k) {
                const int u = m_in_from[k];
                for (int d = 0; d < D; ++d) {
                    double best = kInf;
                    for (int f = 0; f < D; ++f)
                        if (std::isfinite(time(w, f)))
                            best = std::min(best, transfer(k, d, f) + time(w, f) + m_tail[w * D + f]);
                    if (std::isfinite(best)) m_tail[u * D + d] = std::max(m_tail[u * D + d], best);
                }
            }
        // same_from[k]: the nodes k..n-1 have identical time rows, so the load bound is exact water-filling.
        m_same_from.assign(n + 1, 1);
        for (int v = n - 2; v >= 0; --v)
            m_same_from[v] = m_same_from[v + 1] && std::equal(&m_time[v * D], &m_time[v * D] + D, &m_time[(v + 1) * D]);
        m_weights_s = loadBoundWeights(p);
        m_prev_of_class.assign(D, -1);
        if (o.break_device_symmetry) {
            const std::vector<int> cls = deviceClasses(p);
            for (int e = 0; e < D; ++e)
                for (int k = e - 1; k >= 0; --k)
                    if (cls[k] == cls[e]) {
                        m_prev_of_class[e] = k;
                        break;
                    }
        }
        m_a.assign(n, -1);
        m_end.assign(n, 0);
        m_est.assign(static_cast<std::size_t>(n) * D, kInf);
        m_count.assign(D, 0);
        m_state.assign(stateSize(), 0);
        m_saved.assign(static_cast<std::size_t>(n + 1) * stateSize(), 0);
        m_child_end.assign(static_cast<std::size_t>(n) * D, 0);
        m_child_order.assign(static_cast<std::size_t>(n) * D, 0);
        m_release.assign(D, 0);
        m_min_tail.assign(D, 0);
        m_any.assign(D, 0);
        m_fill_order.assign(D, 0);
        m_fill_start.assign(D, 0);
    }

    BranchAndBoundOutcome run() {
        BranchAndBoundOutcome out;
        m_began = std::chrono::steady_clock::now();
        if (!m_o.incumbent.empty()) {
            const Partition e = evaluatePartition(m_p, m_o.incumbent);
            if (e.feasible) {
                m_ub = e.value(m_p.objective);
                m_best = m_o.incumbent;
            }
        }
        const double root = bound(0);
        if (root < threshold()) {
            if (m_stop.stop_requested()) {
                m_stopped = true;
                m_open = root;
            } else {
                dfs(0);
            }
        }
        out.search_nodes = m_visited;
        out.optimal = !m_stopped;
        out.assignment = m_best;
        out.value_s = std::isfinite(m_ub) ? m_ub : 0;
        if (m_stopped) {
            out.status = m_stop.stop_requested() ? "stopped" : "time limit";
            // Both the root's bound and the smallest bound of the open subtrees hold for every assignment.
            out.bound_s = std::min(m_open, std::isfinite(m_ub) ? threshold() : kInf);
            if (std::isfinite(root)) out.bound_s = std::isfinite(out.bound_s) ? std::max(out.bound_s, root) : root;
            if (!std::isfinite(out.bound_s)) out.bound_s = 0;
        } else {
            out.status = m_best.empty() ? "infeasible" : "optimal";
            out.bound_s = m_best.empty() ? 0 : threshold();
        }
        return out;
    }

private:
    double time(int v, int d) const { return m_time[v * m_d + d]; }
    // Transfer seconds of in-edge slot k (of m_in_from) from device d to f.
    double transfer(int k, int d, int f) const {
        return d == f ? 0.0 : m_lat[d * m_d + f] + m_in_bytes[k] * m_spb[d * m_d + f];
    }
    // Subtrees whose bound reaches this cannot improve the best by more than the gap.
    double threshold() const { return m_ub * (1 - m_o.relative_gap); }

    // The state that changes with the prefix, in one flat block so that a level saves and restores it
    // with one copy: per device its free time, busy seconds, resident weights and largest working set,
    // then the link loads [d][f].
    std::size_t stateSize() const { return static_cast<std::size_t>(4) * m_d + static_cast<std::size_t>(m_d) * m_d; }
    double& freeAt(int d) { return m_state[d]; }
    double& busy(int d) { return m_state[m_d + d]; }
    double& weights(int d) { return m_state[2 * m_d + d]; }
    double& act(int d) { return m_state[3 * m_d + d]; }
    double& link(int d, int f) { return m_state[4 * m_d + d * m_d + f]; }
    void save(int level) { std::copy(m_state.begin(), m_state.end(), m_saved.begin() + level * stateSize()); }
    void restore(int level) { std::copy_n(m_saved.begin() + level * stateSize(), stateSize(), m_state.begin()); }

    bool timeUp() {
        if ((m_visited & 255) != 0) return m_stopped;
        const double used = std::chrono::duration<double>(std::chrono::steady_clock::now() - m_began).count();
        m_stopped = m_stopped || m_stop.stop_requested() || used > m_o.time_limit_s;
        return m_stopped;
    }

    // Places node k on d; false when a monotone constraint (memory, the period limit) already fails.
    bool apply(int k, int d, double end) {
        m_a[k] = d;
        m_end[k] = end;
        freeAt(d) = end;
        busy(d) += time(k, d);
        weights(d) += m_p.weight_bytes[k][d];
        act(d) = std::max(act(d), m_p.activation_bytes[k][d]);
        if (over(weights(d) + act(d), m_p.memory_bytes[d])) return false;
        if (m_need_links)
            for (int s = m_in_begin[k]; s < m_in_begin[k + 1]; ++s) {
                const int f = m_a[m_in_from[s]];
                if (f != d) link(f, d) += transfer(s, f, d);
            }
        if (m_latency_objective && std::isfinite(m_p.max_period_s)) {
            if (over(busy(d), m_p.max_period_s)) return false;
            for (int s = m_in_begin[k]; s < m_in_begin[k + 1]; ++s) {
                const int f = m_a[m_in_from[s]];
                if (f != d && over(link(f, d), m_p.max_period_s)) return false;
            }
        }
        return true;
    }

    // A lower bound on the objective of every completion of the prefix 0..k-1 that beats threshold()
    // (and meets the side constraint); +infinity when there is none.
    double bound(int k) {
        const int D = m_d;
        const double cut = threshold();
        double lb = 0;
        std::fill(m_any.begin(), m_any.end(), 0);
        if (m_need_latency) {
            // Earliest starts of the remaining nodes: after their device's last placed node (in-order
            // devices) and after their inputs, placed ones exactly, the others at their best allowed device.
            // (v, d) is allowed when its start, time and tail stay below the cut (or the latency limit).
            const double latency_cut = m_latency_objective ? cut : m_p.max_latency_s * (1 + 1e-9);
            double mk = 0;
            for (int d = 0; d < D; ++d) mk = std::max(mk, freeAt(d));
            if (!m_latency_objective && mk > latency_cut) return kInf;
            double cp = mk;
            std::fill(m_release.begin(), m_release.end(), kInf);
            std::fill(m_min_tail.begin(), m_min_tail.end(), kInf);
            for (int v = k; v < m_n; ++v) {
                double best = kInf;
                for (int d = 0; d < D; ++d) {
                    double& est = m_est[v * D + d];
                    est = kInf;
                    const double t = time(v, d);
                    if (!std::isfinite(t)) continue;
                    if (m_latency_objective && std::isfinite(m_p.max_period_s) && over(busy(d) + t, m_p.max_period_s))
                        continue;
                    double r = freeAt(d);
                    for (int s = m_in_begin[v]; s < m_in_begin[v + 1] && std::isfinite(r); ++s) {
                        const int u = m_in_from[s];
                        if (u < k) {
                            r = std::max(r, m_end[u] + transfer(s, m_a[u], d));
                            continue;
                        }
                        double arrive = kInf;
                        for (int f = 0; f < D; ++f)
                            arrive = std::min(arrive, m_est[u * D + f] + time(u, f) + transfer(s, f, d));
                        r = std::max(r, arrive);
                    }
                    const double finish = r + t + m_tail[v * D + d];
                    if (!std::isfinite(r) || !(m_latency_objective ? finish < latency_cut : finish <= latency_cut))
                        continue;
                    est = r;
                    best = std::min(best, finish);
                    m_release[d] = std::min(m_release[d], r);
                    m_min_tail[d] = std::min(m_min_tail[d], m_tail[v * D + d]);
                    m_any[d] = 1;
                }
                if (!std::isfinite(best)) return kInf;
                cp = std::max(cp, best);
            }
            if (m_latency_objective) lb = cp;
        }
        if (m_latency_objective) return k < m_n ? std::max(lb, loadBound(k, true)) : lb;
        // Throughput (the latency bound above only refused prefixes over the latency limit): the loads so
        // far, and every remaining node adds its time to the device it joins.
        lb = 0;
        for (int d = 0; d < D; ++d) {
            lb = std::max(lb, busy(d));
            for (int f = 0; f < D; ++f) lb = std::max(lb, link(d, f));
        }
        std::fill(m_any.begin(), m_any.end(), 0);
        for (int v = k; v < m_n; ++v) {
            double best = kInf;
            for (int d = 0; d < D; ++d) {
                const double t = time(v, d);
                if (!std::isfinite(t) || busy(d) + t >= cut || (m_need_latency && !std::isfinite(m_est[v * D + d]))) {
                    m_est[v * D + d] = kInf;
                    continue;
                }
                m_est[v * D + d] = 0; // allowed
                m_any[d] = 1;
                best = std::min(best, busy(d) + t);
            }
            if (!std::isfinite(best)) return kInf;
            lb = std::max(lb, best);
        }
        if (k < m_n) lb = std::max(lb, loadBound(k, false));
        return lb;
    }

    // Fractional load bound of the remaining nodes k..n-1 on their allowed devices (m_est finite). For
    // latency device d is free from m_release[d] and its last node is followed by at least m_min_tail[d];
    // for throughput a device's load starts at busy(d). With identical rows this is exact water-filling;
    // otherwise the dual with the weights of the solver-free bound.
    double loadBound(int k, bool latency) {
        const int D = m_d;
        if (m_same_from[k]) {
            // Smallest T with Σ_d (T − start_d)⁺ / t_d ≥ count over the devices some node may use, where
            // start_d is when d can begin (plus, for latency, the smallest tail after its last node).
            int open = 0;
            for (int d = 0; d < D; ++d)
                if (m_any[d]) {
                    m_fill_order[open++] = d;
                    m_fill_start[d] = latency ? m_release[d] + m_min_tail[d] : busy(d);
                }
            if (open == 0) return kInf;
            std::sort(m_fill_order.begin(), m_fill_order.begin() + open,
                      [&](int x, int y) { return m_fill_start[x] < m_fill_start[y]; });
            const double count = m_n - k;
            double rate = 0, done = 0;
            for (int i = 0; i < open; ++i) {
                const double at = m_fill_start[m_fill_order[i]];
                rate += 1.0 / time(k, m_fill_order[i]);
                const double next = i + 1 < open ? m_fill_start[m_fill_order[i + 1]] : kInf;
                if (done + rate * (next - at) >= count) return at + (count - done) / rate;
                done += rate * (next - at);
            }
            return kInf;
        }
        double g = 0;
        for (int d = 0; d < D; ++d) g += m_weights_s[d] * (latency ? freeAt(d) : busy(d));
        for (int v = k; v < m_n; ++v) {
            double m = kInf;
            for (int d = 0; d < D; ++d)
                if (std::isfinite(m_est[v * D + d])) m = std::min(m, m_weights_s[d] * time(v, d));
            g += m;
        }
        return g;
    }

    void dfs(int k) {
        ++m_visited;
        if (k == m_n) {
            double value = 0;
            for (int d = 0; d < m_d; ++d) {
                value = std::max(value, m_latency_objective ? freeAt(d) : busy(d));
                if (!m_latency_objective)
                    for (int f = 0; f < m_d; ++f) value = std::max(value, link(d, f));
            }
            if (value < m_ub) {
                m_ub = value;
                m_best = m_a;
            }
            return;
        }
        const int D = m_d;
        double* end = &m_child_end[k * D];
        int* order = &m_child_order[k * D];
        int children = 0;
        for (int d = 0; d < D; ++d) {
            const double t = time(k, d);
            const int prev = m_prev_of_class[d];
            if (!std::isfinite(t) || (prev >= 0 && m_count[prev] == 0 && m_count[d] == 0)) continue;
            double r = freeAt(d);
            for (int s = m_in_begin[k]; s < m_in_begin[k + 1]; ++s) {
                const int u = m_in_from[s];
                r = std::max(r, m_end[u] + transfer(s, m_a[u], d));
            }
            end[d] = r + t;
            order[children++] = d;
        }
        // The child that finishes first (latency) or loads its device least (throughput) first: the greedy
        // dive finds good incumbents early.
        std::sort(order, order + children, [&](int x, int y) {
            const double kx = m_latency_objective ? end[x] : busy(x) + time(k, x);
            const double ky = m_latency_objective ? end[y] : busy(y) + time(k, y);
            return kx < ky || (kx == ky && x < y);
        });
        save(k);
        for (int i = 0; i < children; ++i) {
            const int d = order[i];
            ++m_count[d];
            if (apply(k, d, end[d])) {
                const double b = bound(k + 1);
                if (b < threshold()) {
                    if (timeUp()) m_open = std::min(m_open, b);
                    else dfs(k + 1);
                }
            }
            --m_count[d];
            restore(k);
        }
        m_a[k] = -1;
    }

    const PartitionProblem& m_p;
    const BranchAndBoundOptions& m_o;
    std::stop_token m_stop;
    int m_n = 0, m_d = 0;
    bool m_latency_objective = true, m_need_latency = true, m_need_links = false;
    std::vector<double> m_time, m_tail, m_lat, m_spb, m_in_bytes, m_weights_s;
    std::vector<int> m_in_begin, m_in_from, m_prev_of_class;
    std::vector<char> m_same_from;

    std::vector<int> m_a, m_count;
    std::vector<double> m_end, m_est, m_state, m_saved, m_child_end, m_release, m_min_tail;
    std::vector<int> m_child_order;
    std::vector<char> m_any;
    std::vector<int> m_fill_order;
    std::vector<double> m_fill_start;

    std::vector<int> m_best;
    double m_ub = kInf, m_open = kInf;
    std::int64_t m_visited = 0;
    bool m_stopped = false;
    std::chrono::steady_clock::time_point m_began;
};

} // namespace

BranchAndBoundOutcome branchAndBoundAssignment(const PartitionProblem& p, const BranchAndBoundOptions& o,
                                               std::stop_token stop) {
    if (p.numNodes() == 0) return {.optimal = true, .status = "optimal"};
    return Search(p, o, std::move(stop)).run();
}

} // namespace archscape::schedule
