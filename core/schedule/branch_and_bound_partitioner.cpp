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
                m_in_edge.push_back(ei);
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
        m_split_on = p.split != SplitMode::None;
        m_split_time.assign(static_cast<std::size_t>(n) * D, kInf);
        if (m_split_on)
            for (int v = 0; v < n; ++v)
                if (p.splittable(v))
                    for (int d = 0; d < D; ++d)
                        if (p.split_share[v][d] > 0) m_split_time[v * D + d] = p.split_seconds[v][d];
        // Device-aware tails (the longest path after v on d, each successor at its best device with the
        // transfer that needs; contention ignored). With splits, a part of a node on d also has this tail
        // (every part feeds some part of each successor), so transfers count only their latency (a part
        // sends a share) and a successor may be split (its shortest way on).
        m_tail.assign(static_cast<std::size_t>(n) * D, 0);
        for (int w = n - 1; w >= 0; --w)
            for (int k = m_in_begin[w]; k < m_in_begin[w + 1]; ++k) {
                const int u = m_in_from[k];
                for (int d = 0; d < D; ++d) {
                    double best = kInf;
                    for (int f = 0; f < D; ++f) {
                        const double hop = !m_split_on ? transfer(k, d, f) : d == f ? 0.0 : m_lat[d * D + f];
                        if (std::isfinite(time(w, f))) best = std::min(best, hop + time(w, f) + m_tail[w * D + f]);
                        if (std::isfinite(splitTime(w, f)))
                            best = std::min(best, hop + splitTime(w, f) + m_tail[w * D + f]);
                    }
                    if (std::isfinite(best)) m_tail[u * D + d] = std::max(m_tail[u * D + d], best);
                }
            }
        // same_from[k]: the nodes k..n-1 have identical time rows, so the load bound is exact water-filling.
        m_same_from.assign(n + 1, m_split_on ? 0 : 1); // a split is another kind of choice: no water-filling
        for (int v = n - 2; v >= 0; --v)
            m_same_from[v] = !m_split_on && m_same_from[v + 1] &&
                             std::equal(&m_time[v * D], &m_time[v * D] + D, &m_time[(v + 1) * D]);
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
        m_part_end.assign(static_cast<std::size_t>(n) * D, 0);
        m_est.assign(static_cast<std::size_t>(n) * D, kInf);
        m_est_split.assign(static_cast<std::size_t>(n) * D, kInf);
        m_split_child.assign(static_cast<std::size_t>(n) * D, 0);
        m_count.assign(D, 0);
        m_state.assign(stateSize(), 0);
        m_saved.assign(static_cast<std::size_t>(n + 1) * stateSize(), 0);
        m_child_end.assign(static_cast<std::size_t>(n) * (D + 1), 0);
        m_child_order.assign(static_cast<std::size_t>(n) * (D + 1), 0);
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
    // Seconds of v's part on d when split; +infinity when it has none there.
    double splitTime(int v, int d) const { return m_split_time[v * m_d + d]; }
    // Does placed node v have a part on d?
    bool hasPart(int v, int d) const { return m_a[v] == m_d ? splitTime(v, d) < kInf : m_a[v] == d; }
    // When the part on d of a consumer placed as `value` (a device or the split) has the data of in-slot s
    // from its placed producer.
    double arrival(int s, int value, int d) const {
        const int u = m_in_from[s];
        if (m_a[u] < m_d && !m_split_on) return m_part_end[u * m_d + m_a[u]] + transfer(s, m_a[u], d);
        double r = 0;
        for (int f = 0; f < m_d; ++f) {
            if (!hasPart(u, f)) continue;
            const double share = m_p.transferShare(m_p.edges[m_in_edge[s]], m_a[u], f, value, d);
            if (share <= 0) continue;
            const double hop = f == d ? 0.0 : m_lat[f * m_d + d] + share * m_in_bytes[s] * m_spb[f * m_d + d];
            r = std::max(r, m_part_end[u * m_d + f] + hop);
        }
        return r;
    }
    // Adds the transfers into the consumer's part on d (placed as `value`) to the link loads.
    void addLinks(int k, int value, int d) {
        for (int s = m_in_begin[k]; s < m_in_begin[k + 1]; ++s) {
            const int u = m_in_from[s];
            for (int f = 0; f < m_d; ++f) {
                if (f == d || !hasPart(u, f)) continue;
                const double share = m_p.transferShare(m_p.edges[m_in_edge[s]], m_a[u], f, value, d);
                if (share > 0) link(f, d) += m_lat[f * m_d + d] + share * m_in_bytes[s] * m_spb[f * m_d + d];
            }
        }
    }
    bool linksOver(int d) {
        for (int f = 0; f < m_d; ++f)
            if (f != d && over(link(f, d), m_p.max_period_s)) return true;
        return false;
    }
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
    double freeAt(int d) const { return m_state[d]; }
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

    // Places node k on d (< D) or splits it (d = D, part ends in m_split_child); false when a monotone
    // constraint (memory, the period limit) already fails.
    bool apply(int k, int d, double end) {
        const int D = m_d;
        m_a[k] = d;
        const bool period_limit = m_latency_objective && std::isfinite(m_p.max_period_s);
        for (int e = 0; e < D; ++e) {
            const bool split = d == D;
            if (split ? !(splitTime(k, e) < kInf) : e != d) continue;
            const double part_end = split ? m_split_child[k * D + e] : end;
            m_part_end[k * D + e] = part_end;
            freeAt(e) = part_end;
            busy(e) += split ? splitTime(k, e) : time(k, e);
            weights(e) += split ? m_p.split_weight_bytes[k][e] : m_p.weight_bytes[k][e];
            act(e) = std::max(act(e), split ? m_p.split_activation_bytes[k][e] : m_p.activation_bytes[k][e]);
            if (over(weights(e) + act(e), m_p.memory_bytes[e])) return false;
            if (m_need_links) addLinks(k, d, e);
            if (period_limit && (over(busy(e), m_p.max_period_s) || linksOver(e))) return false;
        }
        return true;
    }

    // Earliest start of unplaced v's part on d when v is placed as `value` (a device, or D for the split):
    // after d's last placed node (in-order devices) and after its inputs, placed ones exactly, the others
    // at their best allowed choice (m_est, m_est_split of earlier unplaced nodes). Whole-to-whole transfers
    // count in full; where a share moves (a split on either side) only the link latency counts.
    double earliestStart(int k, int v, int value, int d) const {
        const int D = m_d;
        double r = freeAt(d);
        const bool whole = value != D;
        for (int s = m_in_begin[v]; s < m_in_begin[v + 1] && std::isfinite(r); ++s) {
            const int u = m_in_from[s];
            if (u < k) {
                r = std::max(r, arrival(s, value, d));
                continue;
            }
            double arrive = kInf;
            for (int f = 0; f < D; ++f) {
                const double latency_only = f == d ? 0.0 : m_lat[f * D + d];
                arrive = std::min(arrive, m_est[u * D + f] + time(u, f) + (whole ? transfer(s, f, d) : latency_only));
                if (m_split_on) arrive = std::min(arrive, m_est_split[u * D + f] + splitTime(u, f) + latency_only);
            }
            r = std::max(r, arrive);
        }
        return r;
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
                    const double r = earliestStart(k, v, d, d);
                    const double finish = r + t + m_tail[v * D + d];
                    if (!std::isfinite(r) || !(m_latency_objective ? finish < latency_cut : finish <= latency_cut))
                        continue;
                    est = r;
                    best = std::min(best, finish);
                    m_release[d] = std::min(m_release[d], r);
                    m_min_tail[d] = std::min(m_min_tail[d], m_tail[v * D + d]);
                    m_any[d] = 1;
                }
                // The split: every part starts when its device and its data allow, and each is followed by
                // its tail.
                std::fill(&m_est_split[v * D], &m_est_split[v * D] + D, kInf);
                if (m_split_on && m_p.splittable(v)) {
                    double finish = 0;
                    for (int d = 0; d < D && std::isfinite(finish); ++d) {
                        if (!(splitTime(v, d) < kInf)) continue;
                        const double r = earliestStart(k, v, D, d);
                        m_est_split[v * D + d] = r;
                        finish = std::max(finish, r + splitTime(v, d) + m_tail[v * D + d]);
                    }
                    if (std::isfinite(finish) && (m_latency_objective ? finish < latency_cut : finish <= latency_cut)) {
                        best = std::min(best, finish);
                        for (int d = 0; d < D; ++d)
                            if (splitTime(v, d) < kInf) {
                                m_release[d] = std::min(m_release[d], m_est_split[v * D + d]);
                                m_min_tail[d] = std::min(m_min_tail[d], m_tail[v * D + d]);
                                m_any[d] = 1;
                            }
                    } else {
                        std::fill(&m_est_split[v * D], &m_est_split[v * D] + D, kInf);
                    }
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
            if (m_split_on && m_p.splittable(v)) {
                // Split, the node adds a part to each of its devices.
                double peak = 0;
                bool ok = true;
                for (int d = 0; d < D; ++d)
                    if (splitTime(v, d) < kInf) {
                        peak = std::max(peak, busy(d) + splitTime(v, d));
                        ok = ok && (!m_need_latency || std::isfinite(m_est_split[v * D + d]));
                    }
                ok = ok && peak < cut;
                for (int d = 0; d < D; ++d)
                    if (splitTime(v, d) < kInf) {
                        m_est_split[v * D + d] = ok ? 0.0 : kInf;
                        m_any[d] = m_any[d] || ok;
                    }
                if (ok) best = std::min(best, peak);
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
            if (m_split_on && m_p.splittable(v)) {
                double split = 0;
                for (int d = 0; d < D && std::isfinite(split); ++d)
                    if (splitTime(v, d) < kInf)
                        split = std::isfinite(m_est_split[v * D + d]) ? split + m_weights_s[d] * splitTime(v, d) : kInf;
                m = std::min(m, split);
            }
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
        double* end = &m_child_end[k * (D + 1)];
        int* order = &m_child_order[k * (D + 1)];
        int children = 0;
        for (int d = 0; d < D; ++d) {
            const double t = time(k, d);
            const int prev = m_prev_of_class[d];
            if (!std::isfinite(t) || (prev >= 0 && m_count[prev] == 0 && m_count[d] == 0)) continue;
            double r = freeAt(d);
            for (int s = m_in_begin[k]; s < m_in_begin[k + 1]; ++s) r = std::max(r, arrival(s, d, d));
            end[d] = r + t;
            order[children++] = d;
        }
        if (m_split_on && m_p.splittable(k)) {
            // The split child: each part on its device; it "ends" with its last part.
            end[D] = 0;
            for (int d = 0; d < D; ++d) {
                if (!(splitTime(k, d) < kInf)) continue;
                double r = freeAt(d);
                for (int s = m_in_begin[k]; s < m_in_begin[k + 1]; ++s) r = std::max(r, arrival(s, D, d));
                m_split_child[k * D + d] = r + splitTime(k, d);
                end[D] = std::max(end[D], r + splitTime(k, d));
            }
            order[children++] = D;
        }
        // The child that finishes first (latency) or loads its device least (throughput) first: the greedy
        // dive finds good incumbents early.
        auto key = [&](int x) {
            if (m_latency_objective) return end[x];
            if (x < D) return busy(x) + time(k, x);
            double peak = 0;
            for (int d = 0; d < D; ++d)
                if (splitTime(k, d) < kInf) peak = std::max(peak, busy(d) + splitTime(k, d));
            return peak;
        };
        std::sort(order, order + children, [&](int x, int y) {
            const double kx = key(x), ky = key(y);
            return kx < ky || (kx == ky && x < y);
        });
        save(k);
        for (int i = 0; i < children; ++i) {
            const int d = order[i];
            if (d < D) ++m_count[d];
            if (apply(k, d, end[d])) {
                const double b = bound(k + 1);
                if (b < threshold()) {
                    if (timeUp()) m_open = std::min(m_open, b);
                    else dfs(k + 1);
                }
            }
            if (d < D) --m_count[d];
            restore(k);
        }
        m_a[k] = -1;
    }

    const PartitionProblem& m_p;
    const BranchAndBoundOptions& m_o;
    std::stop_token m_stop;
    int m_n = 0, m_d = 0;
    bool m_latency_objective = true, m_need_latency = true, m_need_links = false, m_split_on = false;
    std::vector<double> m_time, m_split_time, m_tail, m_lat, m_spb, m_in_bytes, m_weights_s;
    std::vector<int> m_in_begin, m_in_from, m_in_edge, m_prev_of_class;
    std::vector<char> m_same_from;

    std::vector<int> m_a, m_count;
    // Per (node, device): ends of placed parts, earliest starts of unplaced choices (+infinity = not
    // allowed), and the part ends of the split child of each level.
    std::vector<double> m_part_end, m_est, m_est_split, m_split_child;
    std::vector<double> m_state, m_saved, m_child_end, m_release, m_min_tail;
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
