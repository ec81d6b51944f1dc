#include "schedule/incremental_partition_evaluator.h"

#include <algorithm>
#include <cmath>

#include "schedule/partition_limit.h"

namespace archscape::schedule {

IncrementalPartitionEvaluator::IncrementalPartitionEvaluator(const PartitionProblem& p)
    : m_p(p), m_n(p.numNodes()), m_d(p.numDevices()) {
    m_latency_objective = p.objective == PartitionObjective::Latency;
    m_need_latency = m_latency_objective || std::isfinite(p.max_latency_s);
    m_need_links = !m_latency_objective || std::isfinite(p.max_period_s);
    m_out.assign(m_n, {});
    for (std::size_t i = 0; i < p.edges.size(); ++i) m_out[p.edges[i].from].push_back(static_cast<int>(i));
    m_in_begin.assign(m_n + 1, 0);
    for (int v = 0; v < m_n; ++v) {
        m_in_begin[v + 1] = m_in_begin[v] + static_cast<int>(p.in_edges[v].size());
        for (int ei : p.in_edges[v]) {
            m_in_from.push_back(p.edges[ei].from);
            m_in_bytes.push_back(p.edges[ei].bytes);
        }
    }
    m_out_begin.assign(m_n + 1, 0);
    for (int v = 0; v < m_n; ++v) {
        m_out_begin[v + 1] = m_out_begin[v] + static_cast<int>(m_out[v].size());
        for (int ei : m_out[v]) {
            m_out_to.push_back(p.edges[ei].to);
            m_out_bytes.push_back(p.edges[ei].bytes);
        }
    }
    m_time.assign(static_cast<std::size_t>(m_n) * m_d, 0);
    for (int v = 0; v < m_n; ++v)
        for (int d = 0; d < m_d; ++d)
            if (std::isfinite(p.seconds[v][d])) m_time[v * m_d + d] = p.seconds[v][d];
    m_lat.assign(static_cast<std::size_t>(m_d) * m_d, 0);
    m_spb.assign(static_cast<std::size_t>(m_d) * m_d, 0);
    for (int d = 0; d < m_d; ++d)
        for (int f = 0; f < m_d; ++f)
            if (d != f) {
                m_lat[d * m_d + f] = p.link_latency_s[d][f];
                m_spb[d * m_d + f] = p.link_s_per_byte[d][f];
            }
    m_rest.assign(m_d, 0);
    m_q.assign(m_n, 0);
    m_a.assign(m_n, 0);
    m_end.assign(m_n, 0);
    m_prev.assign(m_n, -1);
    m_next.assign(m_n, -1);
    m_first.assign(m_d, -1);
    m_last.assign(m_d, -1);
    m_s.busy.assign(m_d, 0);
    m_s.weights.assign(m_d, 0);
    m_s.act.assign(m_d, 0);
    m_s.links.assign(static_cast<std::size_t>(m_d) * m_d, 0);
    m_saved = m_s;
    m_dirty.assign(m_n, 0);
    m_act_stale.assign(m_d, 0);
    m_moved.reserve(m_n);
    m_end_log.reserve(m_n);
}

void IncrementalPartitionEvaluator::reset(const std::vector<int>& a) {
    m_a = a;
    std::fill(m_first.begin(), m_first.end(), -1);
    std::fill(m_last.begin(), m_last.end(), -1);
    std::fill(m_s.busy.begin(), m_s.busy.end(), 0.0);
    std::fill(m_s.weights.begin(), m_s.weights.end(), 0.0);
    std::fill(m_s.act.begin(), m_s.act.end(), 0.0);
    std::fill(m_s.links.begin(), m_s.links.end(), 0.0);
    m_s.infeasible_node = false;
    for (int v = 0; v < m_n; ++v) {
        const int d = m_a[v];
        m_prev[v] = m_last[d];
        m_next[v] = -1;
        if (m_last[d] >= 0) m_next[m_last[d]] = v;
        else m_first[d] = v;
        m_last[d] = v;
        const double t = m_p.seconds[v][d];
        m_s.infeasible_node = m_s.infeasible_node || !std::isfinite(t);
        m_s.busy[d] += std::isfinite(t) ? t : 0;
        m_s.weights[d] += m_p.weight_bytes[v][d];
        m_s.act[d] = std::max(m_s.act[d], m_p.activation_bytes[v][d]);
    }
    if (m_need_links)
        for (const PartitionEdge& e : m_p.edges) {
            const int d = m_a[e.from], f = m_a[e.to];
            if (d != f) m_s.links[d * m_d + f] += m_p.transferSeconds(e, d, f);
        }
    std::fill(m_end.begin(), m_end.end(), 0.0);
    m_s.sum_end = 0;
    std::fill(m_dirty.begin(), m_dirty.end(), 1);
    m_min_dirty = 0;
    m_end_log.clear();
    if (m_need_latency) propagate(kNoLimit);
    m_end_log.clear();
    m_moved.clear();
    m_q_valid = false;
    finish();
}

void IncrementalPartitionEvaluator::unlink(int v, int d) {
    const int prev = m_prev[v], next = m_next[v];
    if (prev >= 0) m_next[prev] = next;
    else m_first[d] = next;
    if (next >= 0) m_prev[next] = prev;
    else m_last[d] = prev;
    if (next >= 0) m_dirty[next] = 1; // its device predecessor changed
}

void IncrementalPartitionEvaluator::link(int v, int d) {
    // The device's previous node: the nearest earlier node on d (moves of several nodes go in ascending
    // order, so the scan stops at the last node moved there).
    int prev = v - 1;
    while (prev >= 0 && m_a[prev] != d) --prev;
    const int next = prev >= 0 ? m_next[prev] : m_first[d];
    m_prev[v] = prev;
    m_next[v] = next;
    if (prev >= 0) m_next[prev] = v;
    else m_first[d] = v;
    if (next >= 0) m_prev[next] = v;
    else m_last[d] = v;
    if (next >= 0) m_dirty[next] = 1;
}

void IncrementalPartitionEvaluator::moveNode(int v, int to) {
    const int from = m_a[v];
    const double t_from = m_p.seconds[v][from], t_to = m_p.seconds[v][to];
    m_s.busy[from] -= std::isfinite(t_from) ? t_from : 0;
    m_s.busy[to] += t_to;
    m_s.weights[from] -= m_p.weight_bytes[v][from];
    m_s.weights[to] += m_p.weight_bytes[v][to];
    if (m_p.activation_bytes[v][from] >= m_s.act[from]) m_act_stale[from] = 1;
    m_s.act[to] = std::max(m_s.act[to], m_p.activation_bytes[v][to]);
    if (m_need_links) {
        for (int ei : m_p.in_edges[v]) {
            const PartitionEdge& e = m_p.edges[ei];
            const int u = m_a[e.from];
            if (u != from) m_s.links[u * m_d + from] -= m_p.transferSeconds(e, u, from);
            if (u != to) m_s.links[u * m_d + to] += m_p.transferSeconds(e, u, to);
        }
        for (int ei : m_out[v]) {
            const PartitionEdge& e = m_p.edges[ei];
            const int w = m_a[e.to];
            if (w != from) m_s.links[from * m_d + w] -= m_p.transferSeconds(e, from, w);
            if (w != to) m_s.links[to * m_d + w] += m_p.transferSeconds(e, to, w);
        }
    }
    unlink(v, from);
    m_a[v] = to;
    link(v, to);
    m_dirty[v] = 1;
    // Its outputs now leave from another device.
    for (int ei : m_out[v]) m_dirty[m_p.edges[ei].to] = 1;
    m_min_dirty = std::min(m_min_dirty, v);
}

void IncrementalPartitionEvaluator::recomputeActivation(int d) {
    double act = 0;
    for (int v = m_first[d]; v >= 0; v = m_next[v]) act = std::max(act, m_p.activation_bytes[v][d]);
    m_s.act[d] = act;
    m_act_stale[d] = 0;
}

bool IncrementalPartitionEvaluator::propagate(double cutoff) {
    // With a cutoff on the latency, every node's end plus the compute its device still has to do after
    // it bounds the latency from below (the device runs those nodes later, one at a time), so a move that
    // delays the busy device stops at the first delayed node instead of running through the graph.
    const bool bounding = m_latency_objective && std::isfinite(cutoff);
    const double limit = cutoff * (1 + 1e-12);
    if (bounding) {
        std::copy(m_s.busy.begin(), m_s.busy.end(), m_rest.begin());
        for (int x = 0; x < m_min_dirty; ++x) {
            const double t = m_p.seconds[x][m_a[x]];
            m_rest[m_a[x]] -= std::isfinite(t) ? t : 0.0;
        }
    }
    for (int w = m_min_dirty; w < m_n; ++w) {
        const int d = m_a[w];
        const double t = m_p.seconds[w][d];
        const double tw = std::isfinite(t) ? t : 0.0;
        if (bounding) m_rest[d] -= tw;
        if (m_dirty[w]) {
            m_dirty[w] = 0;
            double ready = m_prev[w] >= 0 ? m_end[m_prev[w]] : 0.0;
            const double* lat = &m_lat[d];
            const double* spb = &m_spb[d];
            for (int k = m_in_begin[w], k_end = m_in_begin[w + 1]; k < k_end; ++k) {
                const int u = m_in_from[k];
                const int f = m_a[u] * m_d;
                ready = std::max(ready, m_end[u] + lat[f] + m_in_bytes[k] * spb[f]);
            }
            const double end = ready + tw;
            if (end != m_end[w]) {
                m_end_log.emplace_back(w, m_end[w]);
                m_s.sum_end += end - m_end[w];
                m_end[w] = end;
                for (int ei : m_out[w]) m_dirty[m_p.edges[ei].to] = 1;
                if (m_next[w] >= 0) m_dirty[m_next[w]] = 1;
            }
        }
        // Every end up to w is final (inputs come earlier). The latency is at least it plus the compute
        // its device still has to do after it, and, after every moved node (where no arc changed), plus
        // its tail in the schedule before the move: a delay on the critical path stops here.
        if (bounding &&
            (m_end[w] + std::max(m_rest[d], 0.0) > limit || (w > m_max_moved && m_end[w] + m_q[w] > limit))) {
            std::fill(m_dirty.begin() + w + 1, m_dirty.end(), 0);
            m_min_dirty = m_n;
            return false;
        }
    }
    m_min_dirty = m_n;
    return true;
}

void IncrementalPartitionEvaluator::finish() {
    constexpr double kInf = kNoLimit;
    double latency = 0, period = 0;
    if (m_need_latency)
        for (int d = 0; d < m_d; ++d)
            if (m_last[d] >= 0) latency = std::max(latency, m_end[m_last[d]]);
    m_s.spread = m_latency_objective ? m_s.sum_end : 0;
    bool feasible = !m_s.infeasible_node;
    for (int d = 0; d < m_d; ++d) {
        if (m_act_stale[d]) recomputeActivation(d);
        feasible = feasible && !exceedsLimit(m_s.weights[d] + m_s.act[d], m_p.memory_bytes[d]);
        period = std::max(period, m_s.busy[d]);
        if (!m_latency_objective) m_s.spread += m_s.busy[d] * m_s.busy[d];
    }
    if (m_need_links)
        for (double x : m_s.links) {
            period = std::max(period, x);
            if (!m_latency_objective) m_s.spread += x * x;
        }
    if (m_latency_objective) m_s.value = feasible && !exceedsLimit(period, m_p.max_period_s) ? latency : kInf;
    else m_s.value = feasible && !exceedsLimit(latency, m_p.max_latency_s) ? period : kInf;
}

double IncrementalPartitionEvaluator::tryMove(std::span<const int> nodes, int d, double cutoff) {
    // The tails of the current schedule, before the move changes it.
    if (m_latency_objective && std::isfinite(cutoff) && !m_q_valid) computeTails();
    m_saved = m_s; // equal sizes: copies, no allocation
    m_moved.clear();
    m_end_log.clear();
    for (int v : nodes)
        if (!std::isfinite(m_p.seconds[v][d])) {
            m_s.value = kNoLimit;
            return kNoLimit;
        }
    m_min_dirty = m_n;
    m_max_moved = m_n;
    for (int v : nodes) {
        if (m_a[v] == d) continue;
        m_max_moved = m_max_moved == m_n ? v : std::max(m_max_moved, v);
        m_moved.emplace_back(v, m_a[v]);
        moveNode(v, d);
    }
    if (m_s.infeasible_node) {
        m_s.infeasible_node = false;
        for (int v = 0; v < m_n && !m_s.infeasible_node; ++v)
            m_s.infeasible_node = !std::isfinite(m_p.seconds[v][m_a[v]]);
    }
    if (m_need_latency && !propagate(cutoff)) {
        m_s.value = kNoLimit;
        return kNoLimit;
    }
    if (!m_latency_objective && std::isfinite(cutoff)) {
        // Loads known before the ends: a period over the cutoff needs no latency check.
        double period = *std::max_element(m_s.busy.begin(), m_s.busy.end());
        if (period > cutoff) {
            m_s.value = kNoLimit;
            return kNoLimit;
        }
    }
    finish();
    return m_s.value;
}

void IncrementalPartitionEvaluator::accept() {
    m_q_valid = false;
    m_moved.clear();
    m_end_log.clear();
}

void IncrementalPartitionEvaluator::revert() {
    for (auto it = m_end_log.rbegin(); it != m_end_log.rend(); ++it) m_end[it->first] = it->second;
    for (auto it = m_moved.rbegin(); it != m_moved.rend(); ++it) {
        const int v = it->first, from = m_a[v];
        unlink(v, from);
        m_a[v] = it->second;
        link(v, it->second);
    }
    // The lists are back; the flags set while relinking mark nothing that changed.
    std::fill(m_dirty.begin(), m_dirty.end(), 0);
    m_s = m_saved;
    std::fill(m_act_stale.begin(), m_act_stale.end(), 0);
    m_moved.clear();
    m_end_log.clear();
    m_min_dirty = m_n;
}

void IncrementalPartitionEvaluator::computeTails() {
    for (int w = m_n - 1; w >= 0; --w) {
        const int next = m_next[w];
        double q = next >= 0 ? m_time[next * m_d + m_a[next]] + m_q[next] : 0.0;
        const int from = m_a[w] * m_d;
        for (int k = m_out_begin[w], k_end = m_out_begin[w + 1]; k < k_end; ++k) {
            const int x = m_out_to[k], f = m_a[x];
            q = std::max(q, m_lat[from + f] + m_out_bytes[k] * m_spb[from + f] + m_time[x * m_d + f] + m_q[x]);
        }
        m_q[w] = q;
    }
    m_q_valid = true;
}

} // namespace archscape::schedule
