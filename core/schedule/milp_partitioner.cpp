#include "schedule/milp_partitioner.h"

#include <glpk.h>

#include <algorithm>
#include <chrono>
#include <cmath>

#include "schedule/device_symmetry.h"
#include "schedule/partition.h"
#include "schedule/partition_bound.h"

namespace archscape::schedule {

namespace {

// Above this many nodes only the whole-network window of the energetic cuts is added (n² D rows otherwise).
constexpr int kMaxEnergeticNodes = 96;

struct Model {
    glp_prob* lp = nullptr;
    std::vector<int> ia{0}, ja{0};
    std::vector<double> ar{0};

    int addCols(int count) { return glp_add_cols(lp, count); }
    int row(int type, double lo, double hi) {
        const int r = glp_add_rows(lp, 1);
        glp_set_row_bnds(lp, r, type, lo, hi);
        return r;
    }
    void put(int r, int c, double v) {
        if (v == 0) return;
        ia.push_back(r);
        ja.push_back(c);
        ar.push_back(v);
    }
};

struct Callback {
    std::stop_token stop;
    const std::vector<double>* start = nullptr; // column values of the incumbent, [0] unused
    bool given = false;
    double bound = -kNoLimit;
};

void callback(glp_tree* tree, void* info) {
    auto* cb = static_cast<Callback*>(info);
    if (glp_ios_reason(tree) == GLP_IHEUR && cb->start && !cb->given) {
        cb->given = true;
        glp_ios_heur_sol(tree, cb->start->data());
    }
    if (const int node = glp_ios_best_node(tree); node != 0) cb->bound = glp_ios_node_bound(tree, node);
    if (cb->stop.stop_requested()) glp_ios_terminate(tree);
}

// reach[u][v]: a path u → v exists (u < v).
std::vector<std::vector<char>> reachability(const PartitionProblem& p) {
    const int n = p.numNodes();
    std::vector<std::vector<char>> reach(n, std::vector<char>(n, 0));
    for (int v = n - 1; v >= 0; --v)
        for (const auto& e : p.edges)
            if (e.from == v) {
                reach[v][e.to] = 1;
                for (int w = e.to + 1; w < n; ++w)
                    if (reach[e.to][w]) reach[v][w] = 1;
            }
    return reach;
}

// Earliest starts and tails per (node, device), in units of tau, over the devices still allowed: est[v][d]
// is the longest path into v when v runs on d, each predecessor on its best allowed device with the
// transfer that needs; tail[u][d] is the longest path after u when u runs on d. Device contention is
// ignored, so in every schedule v on d starts at est[v][d] or later and the makespan is at least its end
// plus tail[v][d].
struct PathTimes {
    std::vector<std::vector<double>> est, tail;
};

PathTimes pathTimes(const PartitionProblem& p, const std::vector<std::vector<char>>& allowed, double tau) {
    const int n = p.numNodes(), D = p.numDevices();
    auto t = [&](int l, int d) { return p.seconds[l][d] / tau; };
    auto c = [&](const PartitionEdge& e, int d, int f) { return p.transferSeconds(e, d, f) / tau; };
    PathTimes r{std::vector<std::vector<double>>(n, std::vector<double>(D, 0)),
                std::vector<std::vector<double>>(n, std::vector<double>(D, 0))};
    std::vector<std::vector<int>> out(n);
    for (std::size_t i = 0; i < p.edges.size(); ++i) out[p.edges[i].from].push_back(static_cast<int>(i));
    for (int v = 0; v < n; ++v)
        for (int ei : p.in_edges[v]) {
            const PartitionEdge& e = p.edges[ei];
            for (int d = 0; d < D; ++d) {
                if (!allowed[v][d]) continue;
                double best = kNoLimit;
                for (int f = 0; f < D; ++f)
                    if (allowed[e.from][f]) best = std::min(best, r.est[e.from][f] + t(e.from, f) + c(e, f, d));
                if (std::isfinite(best)) r.est[v][d] = std::max(r.est[v][d], best);
            }
        }
    for (int u = n - 1; u >= 0; --u)
        for (int ei : out[u]) {
            const PartitionEdge& e = p.edges[ei];
            for (int d = 0; d < D; ++d) {
                if (!allowed[u][d]) continue;
                double best = kNoLimit;
                for (int f = 0; f < D; ++f)
                    if (allowed[e.to][f]) best = std::min(best, c(e, d, f) + t(e.to, f) + r.tail[e.to][f]);
                if (std::isfinite(best)) r.tail[u][d] = std::max(r.tail[u][d], best);
            }
        }
    return r;
}

} // namespace

MilpOutcome solveMilp(const PartitionProblem& p, const MilpOptions& o, std::stop_token stop) {
    MilpOutcome out;
    const int n = p.numNodes(), D = p.numDevices(), E = static_cast<int>(p.edges.size());
    const bool latency_objective = p.objective == PartitionObjective::Latency;
    const bool need_latency = latency_objective || std::isfinite(p.max_latency_s);
    const bool need_period = !latency_objective || std::isfinite(p.max_period_s);

    // Times in units of the lower bound keep GLPK's absolute tolerances meaningful.
    const double tau = std::max(lowerBound(p).value, 1e-12);
    auto t = [&](int l, int d) { return p.seconds[l][d] / tau; };
    auto c = [&](int e, int d, int f) { return p.transferSeconds(p.edges[e], d, f) / tau; };
    auto finite = [&](int l, int d) { return std::isfinite(p.seconds[l][d]); };

    std::optional<Partition> inc;
    if (!o.incumbent.empty()) {
        Partition e = evaluatePartition(p, canonicalAssignment(o.incumbent, deviceClasses(p)));
        if (e.feasible) inc = std::move(e);
    }

    // Upper bound on the makespan for the big-M terms: the incumbent's latency when latency is minimised,
    // else the latency limit, else running everything one after another on its slowest device with every
    // edge transferred.
    double ub = 0;
    for (int l = 0; l < n; ++l) {
        double worst = 0;
        for (int d = 0; d < D; ++d)
            if (finite(l, d)) worst = std::max(worst, t(l, d));
        ub += worst;
    }
    for (int e = 0; e < E; ++e) {
        double worst = 0;
        for (int d = 0; d < D; ++d)
            for (int f = 0; f < D; ++f) worst = std::max(worst, c(e, d, f));
        ub += worst;
    }
    if (latency_objective && inc) ub = std::min(ub, inc->latency_s / tau * (1 + 1e-9));
    if (std::isfinite(p.max_latency_s)) ub = std::min(ub, p.max_latency_s / tau * (1 + 1e-9));

    // Which x[l][d] may be 1. With a makespan limit (T ≤ ub), l cannot run on d when its earliest start
    // there, its time and its tail exceed ub; removing a device can raise the paths of other nodes, so
    // this repeats until nothing changes. The incumbent keeps all its devices (its makespan is ub).
    std::vector<std::vector<char>> allowed(n, std::vector<char>(D, 0));
    for (int l = 0; l < n; ++l)
        for (int d = 0; d < D; ++d) allowed[l][d] = finite(l, d);
    PathTimes path;
    if (need_latency)
        for (int round = 0; round < 8; ++round) {
            path = pathTimes(p, allowed, tau);
            bool changed = false;
            for (int l = 0; l < n; ++l)
                for (int d = 0; d < D; ++d)
                    if (allowed[l][d] && path.est[l][d] + t(l, d) + path.tail[l][d] > ub * (1 + 1e-7)) {
                        allowed[l][d] = 0;
                        changed = true;
                    }
            if (!changed) break;
        }
    auto ok = [&](int l, int d) { return allowed[l][d] != 0; };

    Model m;
    m.lp = glp_create_prob();
    glp_set_obj_dir(m.lp, GLP_MIN);
    const int x0 = m.addCols(n * D);
    auto x = [&](int l, int d) { return x0 + l * D + d; };
    for (int l = 0; l < n; ++l)
        for (int d = 0; d < D; ++d) {
            glp_set_col_kind(m.lp, x(l, d), GLP_BV);
            if (!ok(l, d)) glp_set_col_bnds(m.lp, x(l, d), GLP_FX, 0, 0);
        }
    for (int l = 0; l < n; ++l) { // every node on one device
        const int r = m.row(GLP_FX, 1, 1);
        for (int d = 0; d < D; ++d) m.put(r, x(l, d), 1);
    }

    // lo ≤ column ≤ hi; fixed when rounding leaves lo at or above hi.
    auto bounds = [&](int col, double lo, double hi) {
        if (lo < hi) glp_set_col_bnds(m.lp, col, GLP_DB, lo, hi);
        else glp_set_col_bnds(m.lp, col, GLP_FX, hi, hi);
    };
    int s0 = 0, comm0 = 0, T = 0, y0 = 0, P = 0, a0 = 0;
    if (need_latency) {
        // Start windows: S_l ∈ [min_d est, ub − min_d (t + tail)] over l's allowed devices.
        std::vector<double> s_lo(n, kNoLimit), s_hi(n, -kNoLimit);
        for (int l = 0; l < n; ++l)
            for (int d = 0; d < D; ++d)
                if (ok(l, d)) {
                    s_lo[l] = std::min(s_lo[l], path.est[l][d]);
                    s_hi[l] = std::max(s_hi[l], ub - t(l, d) - path.tail[l][d]);
                }
        for (int l = 0; l < n; ++l) { // a node without a device leaves the rows to prove infeasibility
            if (!std::isfinite(s_lo[l])) s_lo[l] = 0;
            s_hi[l] = std::clamp(s_hi[l], s_lo[l], ub);
        }
        s0 = m.addCols(n);
        for (int l = 0; l < n; ++l) bounds(s0 + l, s_lo[l], s_hi[l]);
        if (E > 0) {
            comm0 = m.addCols(E);
            for (int e = 0; e < E; ++e) glp_set_col_bnds(m.lp, comm0 + e, GLP_LO, 0, 0);
        }
        T = m.addCols(1);
        for (int e = 0; e < E; ++e) {
            const int u = p.edges[e].from, v = p.edges[e].to;
            for (int d = 0; d < D; ++d)
                for (int f = 0; f < D; ++f) {
                    if (d == f || !ok(u, d) || !ok(v, f)) continue;
                    const double k = c(e, d, f); // comm_e ≥ k·(x_ud + x_vf − 1)
                    const int r = m.row(GLP_LO, -k, 0);
                    m.put(r, comm0 + e, 1);
                    m.put(r, x(u, d), -k);
                    m.put(r, x(v, f), -k);
                }
            // comm_e ≥ k·(x_ud − x_vd), k = the cheapest link out of d (and the same into f): the same
            // integer points, a tighter relaxation (x_vf ≤ 1 − x_vd).
            for (int d = 0; d < D; ++d) {
                double out_k = kNoLimit, in_k = kNoLimit;
                for (int f = 0; f < D; ++f) {
                    if (f == d) continue;
                    if (ok(v, f)) out_k = std::min(out_k, c(e, d, f));
                    if (ok(u, f)) in_k = std::min(in_k, c(e, f, d));
                }
                if (ok(u, d) && std::isfinite(out_k) && out_k > 0) { // comm_e − k x_ud + k x_vd ≥ 0
                    const int r = m.row(GLP_LO, 0, 0);
                    m.put(r, comm0 + e, 1);
                    m.put(r, x(u, d), -out_k);
                    m.put(r, x(v, d), out_k);
                }
                if (ok(v, d) && std::isfinite(in_k) && in_k > 0) { // comm_e − k x_vd + k x_ud ≥ 0
                    const int r = m.row(GLP_LO, 0, 0);
                    m.put(r, comm0 + e, 1);
                    m.put(r, x(v, d), -in_k);
                    m.put(r, x(u, d), in_k);
                }
            }
            // S_v ≥ S_u + Σ_d t_ud x_ud + comm_e
            const int r = m.row(GLP_LO, 0, 0);
            m.put(r, s0 + v, 1);
            m.put(r, s0 + u, -1);
            for (int d = 0; d < D; ++d)
                if (ok(u, d)) m.put(r, x(u, d), -t(u, d));
            m.put(r, comm0 + e, -1);
        }
        // In-order sequencing: u before v on a shared device, unless a path u → v already orders them:
        // S_v − S_u ≥ t_ud − M1 (1 − x_ud) − M2 (1 − x_vd), each M just large enough that the row holds
        // for every start in the windows when u (M1) or v (M2) or both are elsewhere.
        const auto reach = reachability(p);
        for (int u = 0; u < n; ++u)
            for (int v = u + 1; v < n; ++v) {
                if (reach[u][v]) continue;
                for (int d = 0; d < D; ++d) {
                    if (!ok(u, d) || !ok(v, d)) continue;
                    const double tud = t(u, d);
                    const double m1 = std::max(0.0, tud - path.est[v][d] + s_hi[u]);         // u elsewhere
                    double m2 = std::max(0.0, tud - s_lo[v] + (ub - tud - path.tail[u][d])); // v elsewhere
                    m2 = std::max(m2, tud - s_lo[v] + s_hi[u] - m1);                         // both elsewhere
                    if (m1 <= 0 && m2 <= 0) continue;
                    const int r = m.row(GLP_LO, tud - m1 - m2, 0); // S_v − S_u − M1 x_ud − M2 x_vd ≥ t − M1 − M2
                    m.put(r, s0 + v, 1);
                    m.put(r, s0 + u, -1);
                    m.put(r, x(u, d), -m1);
                    m.put(r, x(v, d), -m2);
                }
            }
        // S_l ≥ Σ_d est_ld x_ld and T ≥ S_l + Σ_d (t_ld + tail_ld) x_ld for every l (for sinks, tail 0,
        // this is the definition of T; for the others valid cuts).
        for (int l = 0; l < n; ++l) {
            const int r = m.row(GLP_LO, 0, 0); // S_l − Σ_d est_ld x_ld ≥ 0
            m.put(r, s0 + l, 1);
            for (int d = 0; d < D; ++d)
                if (ok(l, d)) m.put(r, x(l, d), -path.est[l][d]);
            const int q = m.row(GLP_LO, 0, 0); // T − S_l − Σ_d (t_ld + tail_ld) x_ld ≥ 0
            m.put(q, T, 1);
            m.put(q, s0 + l, -1);
            for (int d = 0; d < D; ++d)
                if (ok(l, d)) m.put(q, x(l, d), -(t(l, d) + path.tail[l][d]));
        }
        // Energetic cuts: the nodes i..j that run on d run one after another, the first starting no earlier
        // than the smallest earliest start in the window and the last followed by at least the smallest
        // tail, so T ≥ min est + Σ_{i≤l≤j} t_ld x_ld + min tail (the minima over every device, so that the
        // cut also holds when none of them is on d). i = 0, j = n − 1 is the device's load.
        for (int d = 0; d < D; ++d)
            for (int i = 0; i < n; ++i) {
                if (n > kMaxEnergeticNodes ? i > 0 : !ok(i, d)) continue;
                double lo_est = kNoLimit, lo_tail = kNoLimit;
                for (int j = i; j < n; ++j) {
                    for (int f = 0; f < D; ++f)
                        if (ok(j, f)) {
                            lo_est = std::min(lo_est, path.est[j][f]);
                            lo_tail = std::min(lo_tail, path.tail[j][f]);
                        }
                    if (n > kMaxEnergeticNodes ? j < n - 1 : !ok(j, d)) continue;
                    const int r = m.row(GLP_LO, lo_est + lo_tail, 0); // T − Σ t_ld x_ld ≥ min est + min tail
                    m.put(r, T, 1);
                    for (int l = i; l <= j; ++l)
                        if (ok(l, d)) m.put(r, x(l, d), -t(l, d));
                }
            }
        bounds(T, 1.0, ub); // T ≥ the lower bound (= 1 in units of tau)
    }
    if (need_period) {
        if (E > 0 && D > 1) {
            y0 = m.addCols(E * D * D);
            for (int k = 0; k < E * D * D; ++k) glp_set_col_bnds(m.lp, y0 + k, GLP_DB, 0, 1);
        }
        auto y = [&](int e, int d, int f) { return y0 + (e * D + d) * D + f; };
        P = m.addCols(1);
        const double p_hi = latency_objective ? p.max_period_s / tau * (1 + 1e-9) : kNoLimit;
        glp_set_col_bnds(m.lp, P, std::isfinite(p_hi) ? GLP_DB : GLP_LO, 0, std::isfinite(p_hi) ? p_hi : 0);
        for (int d = 0; d < D; ++d) { // P ≥ Σ_l t_ld x_ld
            const int r = m.row(GLP_LO, 0, 0);
            m.put(r, P, 1);
            for (int l = 0; l < n; ++l)
                if (ok(l, d)) m.put(r, x(l, d), -t(l, d));
        }
        for (int d = 0; d < D; ++d)
            for (int f = 0; f < D; ++f) {
                if (d == f || E == 0) continue;
                const int load = m.row(GLP_LO, 0, 0); // P ≥ Σ_e c_edf y_edf
                m.put(load, P, 1);
                for (int e = 0; e < E; ++e) {
                    const int u = p.edges[e].from, v = p.edges[e].to;
                    if (!ok(u, d) || !ok(v, f)) {
                        glp_set_col_bnds(m.lp, y(e, d, f), GLP_FX, 0, 0);
                        continue;
                    }
                    m.put(load, y(e, d, f), -c(e, d, f));
                    const int r = m.row(GLP_LO, -1, 0); // y ≥ x_ud + x_vf − 1
                    m.put(r, y(e, d, f), 1);
                    m.put(r, x(u, d), -1);
                    m.put(r, x(v, f), -1);
                }
            }
        for (int e = 0; e < E; ++e)
            for (int d = 0; d < D; ++d) glp_set_col_bnds(m.lp, y(e, d, d), GLP_FX, 0, 0);
    }
    // Memory: Σ_l w_ld x_ld + A_d ≤ cap_d, A_d ≥ a_ld x_ld (in units of the capacity). Left out for a device
    // that holds every node at once.
    std::vector<char> mem_row(D, 0);
    for (int d = 0; d < D; ++d) {
        double all = 0, act = 0;
        for (int l = 0; l < n; ++l) {
            all += p.weight_bytes[l][d];
            act = std::max(act, p.activation_bytes[l][d]);
        }
        mem_row[d] = all + act > p.memory_bytes[d] * (1 + 1e-9);
    }
    if (std::count(mem_row.begin(), mem_row.end(), 1) > 0) {
        a0 = m.addCols(D);
        for (int d = 0; d < D; ++d) {
            glp_set_col_bnds(m.lp, a0 + d, GLP_LO, 0, 0);
            if (!mem_row[d]) continue;
            const double cap = p.memory_bytes[d];
            const int r = m.row(GLP_UP, 0, 1 + 1e-9);
            m.put(r, a0 + d, 1);
            for (int l = 0; l < n; ++l) {
                m.put(r, x(l, d), p.weight_bytes[l][d] / cap);
                if (p.activation_bytes[l][d] <= 0) continue;
                const int q = m.row(GLP_LO, 0, 0);
                m.put(q, a0 + d, 1);
                m.put(q, x(l, d), -p.activation_bytes[l][d] / cap);
            }
        }
    }
    // Identical devices: device e (the next of its class after d) takes node l only if d took an earlier
    // node, so the class's devices are used in index order of their first node.
    if (o.break_device_symmetry) {
        const std::vector<int> cls = deviceClasses(p);
        for (int e = 0; e < D; ++e) {
            int d = -1;
            for (int k = e - 1; k >= 0; --k)
                if (cls[k] == cls[e]) {
                    d = k;
                    break;
                }
            if (d < 0) continue;
            for (int l = 0; l < n; ++l) {
                const int r = m.row(GLP_UP, 0, 0); // x_le − Σ_{k<l} x_kd ≤ 0
                m.put(r, x(l, e), 1);
                for (int k = 0; k < l; ++k) m.put(r, x(k, d), -1);
            }
        }
    }
    glp_set_obj_coef(m.lp, latency_objective ? T : P, 1);
    glp_load_matrix(m.lp, static_cast<int>(m.ia.size()) - 1, m.ia.data(), m.ja.data(), m.ar.data());
    out.columns = glp_get_num_cols(m.lp);
    out.rows = glp_get_num_rows(m.lp);

    // Column values of the incumbent, for GLPK's heuristic hook.
    std::vector<double> start;
    if (inc) {
        start.assign(out.columns + 1, 0);
        for (int l = 0; l < n; ++l) start[x(l, inc->device_of[l])] = 1;
        if (need_latency) {
            for (int l = 0; l < n; ++l) start[s0 + l] = inc->start_s[l] / tau;
            for (int e = 0; e < E; ++e)
                start[comm0 + e] = c(e, inc->device_of[p.edges[e].from], inc->device_of[p.edges[e].to]);
            start[T] = inc->latency_s / tau;
        }
        if (need_period) {
            for (int e = 0; e < E && D > 1; ++e) {
                const int d = inc->device_of[p.edges[e].from], f = inc->device_of[p.edges[e].to];
                if (d != f) start[y0 + (e * D + d) * D + f] = 1;
            }
            start[P] = inc->period_s / tau;
        }
        if (a0)
            for (int d = 0; d < D; ++d) {
                double act = 0;
                for (int l = 0; l < n; ++l)
                    if (inc->device_of[l] == d) act = std::max(act, p.activation_bytes[l][d]);
                start[a0 + d] = act / p.memory_bytes[d];
            }
    }

    const auto began = std::chrono::steady_clock::now();
    auto remaining_ms = [&] {
        const double used = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
        return static_cast<int>(std::clamp((o.time_limit_s - used) * 1e3, 1.0, 2e9));
    };
    const int term = glp_term_out(GLP_OFF); // glp_scale_prob reports to the terminal otherwise
    glp_scale_prob(m.lp, GLP_SF_AUTO);
    glp_term_out(term);
    glp_smcp sm;
    glp_init_smcp(&sm);
    sm.msg_lev = GLP_MSG_OFF;
    sm.tm_lim = remaining_ms();
    const int lp_ret = glp_simplex(m.lp, &sm);
    if (lp_ret != 0 || glp_get_status(m.lp) != GLP_OPT) {
        const int st = glp_get_status(m.lp);
        out.status = st == GLP_NOFEAS ? "infeasible" : lp_ret == GLP_ETMLIM ? "time limit" : "LP relaxation failed";
        out.bound_s = 0;
        glp_delete_prob(m.lp);
        if (inc) out.assignment = inc->device_of;
        return out;
    }
    Callback cb{stop, inc ? &start : nullptr};
    cb.bound = glp_get_obj_val(m.lp);
    glp_iocp parm;
    glp_init_iocp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    parm.presolve = GLP_OFF; // the heuristic hook takes columns of the original problem
    parm.mip_gap = o.relative_gap;
    // GLPK's MIR and Gomory cuts with pseudo-cost branching were tried on the 32-node benchmark: slower
    // (3 of 5 throughput instances no longer proved optimal within 60 s), so the defaults stay.
    parm.tm_lim = remaining_ms();
    parm.cb_func = callback;
    parm.cb_info = &cb;
    const int ret = glp_intopt(m.lp, &parm);
    const int st = glp_mip_status(m.lp);
    if (st == GLP_OPT || st == GLP_FEAS) {
        out.objective_s = glp_mip_obj_val(m.lp) * tau;
        out.assignment.assign(n, 0);
        for (int l = 0; l < n; ++l)
            for (int d = 0; d < D; ++d)
                if (glp_mip_col_val(m.lp, x(l, d)) > 0.5) out.assignment[l] = d;
    }
    // GLPK reports GLP_OPT when the tree is exhausted or the gap tolerance is met (glp_intopt returns 0 or
    // GLP_EMIPGAP); then the bound is the objective less the tolerance, or the last best-node bound if higher.
    out.optimal = st == GLP_OPT && (ret == 0 || ret == GLP_EMIPGAP);
    out.bound_s = std::max(cb.bound, 0.0) * tau;
    if (out.optimal) out.bound_s = std::max(out.bound_s, out.objective_s * (1 - o.relative_gap));
    out.bound_s = std::min(out.bound_s, out.objective_s > 0 ? out.objective_s : out.bound_s);
    out.status = out.optimal         ? "optimal"
                 : st == GLP_NOFEAS  ? "infeasible"
                 : ret == GLP_ETMLIM ? "time limit"
                 : ret == GLP_ESTOP  ? "stopped"
                 : st == GLP_FEAS    ? "feasible"
                                     : "GLPK failed (" + std::to_string(ret) + ")";
    if (out.assignment.empty() && inc) {
        out.assignment = inc->device_of;
        out.objective_s = inc->value(p.objective);
    }
    glp_delete_prob(m.lp);
    return out;
}

} // namespace archscape::schedule
