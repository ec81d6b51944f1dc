#include "schedule/partition.h"

#include <algorithm>
#include <cmath>

#include "common/format_number.h"
#include "schedule/partition_limit.h"

namespace archscape::schedule {

namespace {
std::string bytesText(double b) {
    if (b >= 1e9) return formatNumber(b / 1e9, "%.4g") + " GB";
    if (b >= 1e6) return formatNumber(b / 1e6, "%.4g") + " MB";
    if (b >= 1e3) return formatNumber(b / 1e3, "%.4g") + " kB";
    return formatNumber(b, "%.4g") + " B";
}
} // namespace

Partition evaluatePartition(const PartitionProblem& p, std::vector<int> device_of) {
    Partition r;
    const int n = p.numNodes(), D = p.numDevices();
    r.device_of = std::move(device_of);
    if (static_cast<int>(r.device_of.size()) != n) {
        r.reason =
            "assignment has " + std::to_string(r.device_of.size()) + " entries for " + std::to_string(n) + " nodes";
        return r;
    }
    r.start_s.assign(n, 0);
    r.device_busy_s.assign(D, 0);
    r.device_memory_bytes.assign(D, 0);
    r.device_nodes.assign(D, 0);
    r.link_busy_s.assign(D, std::vector<double>(D, 0));
    // Ends per part: [node · D + device]; an unsplit node has one part, on its device.
    std::vector<double> end(static_cast<std::size_t>(n) * D, 0), free_at(D, 0), act(D, 0);
    const int split = p.splitValue();
    // Does node v have a part on device d?
    auto onDevice = [&](int v, int d) {
        return r.device_of[v] == split ? p.split_share[v][d] > 0 : r.device_of[v] == d;
    };
    for (int v = 0; v < n; ++v) {
        const int a = r.device_of[v];
        if (a == split && p.split != SplitMode::None) {
            if (!p.splittable(v)) {
                r.reason = "layer " + p.node_names[v] + " cannot be split along " +
                           (p.split == SplitMode::Batch ? "its batch" : "its channels") +
                           ": fewer than two devices get a part";
                return r;
            }
        } else if (a < 0 || a >= D) {
            r.reason = "node " + p.node_names[v] + " has no device";
            return r;
        } else if (!std::isfinite(p.seconds[v][a])) {
            r.reason = "layer " + p.node_names[v] + " cannot run on " + p.device_names[a] + ": " + p.unavailable[v][a];
            return r;
        }
        r.start_s[v] = kNoLimit;
        for (int d = 0; d < D; ++d) {
            if (!onDevice(v, d)) continue;
            const double t = a == split ? p.split_seconds[v][d] : p.seconds[v][d];
            double ready = free_at[d];
            for (int ei : p.in_edges[v]) {
                const PartitionEdge& e = p.edges[ei];
                const int u = e.from;
                for (int f = 0; f < D; ++f) {
                    if (!onDevice(u, f)) continue;
                    const double share = p.transferShare(e, r.device_of[u], f, a, d);
                    if (share <= 0) continue;
                    const double transfer =
                        f == d ? 0.0 : p.link_latency_s[f][d] + share * e.bytes * p.link_s_per_byte[f][d];
                    ready = std::max(ready, end[u * D + f] + transfer);
                }
            }
            r.start_s[v] = std::min(r.start_s[v], ready);
            end[v * D + d] = ready + t;
            free_at[d] = ready + t;
            r.device_busy_s[d] += t;
            r.device_nodes[d] += 1;
            r.device_memory_bytes[d] += a == split ? p.split_weight_bytes[v][d] : p.weight_bytes[v][d];
            act[d] = std::max(act[d], a == split ? p.split_activation_bytes[v][d] : p.activation_bytes[v][d]);
            r.latency_s = std::max(r.latency_s, ready + t);
        }
    }
    for (const PartitionEdge& e : p.edges) {
        const int ua = r.device_of[e.from], va = r.device_of[e.to];
        bool cut = false;
        for (int f = 0; f < D; ++f)
            for (int d = 0; d < D; ++d) {
                if (f == d || !onDevice(e.from, f) || !onDevice(e.to, d)) continue;
                const double share = p.transferShare(e, ua, f, va, d);
                if (share <= 0) continue;
                r.link_busy_s[f][d] += p.link_latency_s[f][d] + share * e.bytes * p.link_s_per_byte[f][d];
                r.cut_bytes += share * e.bytes;
                cut = true;
            }
        r.cut_edges += cut;
    }
    for (int d = 0; d < D; ++d) {
        r.device_memory_bytes[d] += act[d];
        r.period_s = std::max(r.period_s, r.device_busy_s[d]);
        for (int f = 0; f < D; ++f) r.period_s = std::max(r.period_s, r.link_busy_s[d][f]);
    }
    for (int d = 0; d < D; ++d)
        if (exceedsLimit(r.device_memory_bytes[d], p.memory_bytes[d])) {
            r.reason = "device " + p.device_names[d] + " needs " + bytesText(r.device_memory_bytes[d]) +
                       " (weights + largest working set) but has " + bytesText(p.memory_bytes[d]);
            return r;
        }
    if (p.objective == PartitionObjective::Latency && exceedsLimit(r.period_s, p.max_period_s)) {
        r.reason = "period " + formatNumber(r.period_s * 1e3, "%.4g") + " ms exceeds the limit of " +
                   formatNumber(p.max_period_s * 1e3, "%.4g") + " ms";
        return r;
    }
    if (p.objective == PartitionObjective::Throughput && exceedsLimit(r.latency_s, p.max_latency_s)) {
        r.reason = "latency " + formatNumber(r.latency_s * 1e3, "%.4g") + " ms exceeds the limit of " +
                   formatNumber(p.max_latency_s * 1e3, "%.4g") + " ms";
        return r;
    }
    r.feasible = true;
    return r;
}

PartitionEvaluator::PartitionEvaluator(const PartitionProblem& p) : m_p(p) {}

double PartitionEvaluator::operator()(const std::vector<int>& a, double cutoff) {
    const int n = m_p.numNodes(), D = m_p.numDevices();
    if (m_p.split != SplitMode::None) {
        // Split nodes have a part on several devices: the full evaluation (brute force on tiny graphs and
        // the heuristic's split pass are its only callers then), without the spread.
        const Partition e = evaluatePartition(m_p, a);
        m_spread = 0;
        return e.feasible ? e.value(m_p.objective) : kNoLimit;
    }
    constexpr double kInf = kNoLimit;
    m_end.assign(n, 0);
    m_free.assign(D, 0);
    m_busy.assign(D, 0);
    m_weights.assign(D, 0);
    m_act.assign(D, 0);
    double latency = 0;
    const bool latency_objective = m_p.objective == PartitionObjective::Latency;
    for (int v = 0; v < n; ++v) {
        const int d = a[v];
        const double t = m_p.seconds[v][d];
        if (!std::isfinite(t)) return kInf;
        double ready = m_free[d];
        for (int ei : m_p.in_edges[v]) {
            const PartitionEdge& e = m_p.edges[ei];
            ready = std::max(ready, m_end[e.from] + m_p.transferSeconds(e, a[e.from], d));
        }
        m_end[v] = ready + t;
        m_free[d] = m_end[v];
        m_busy[d] += t;
        m_weights[d] += m_p.weight_bytes[v][d];
        m_act[d] = std::max(m_act[d], m_p.activation_bytes[v][d]);
        latency = std::max(latency, m_end[v]);
        if ((latency_objective ? latency : m_busy[d]) > cutoff) return kInf;
    }
    double period = 0;
    m_spread = 0;
    for (int d = 0; d < D; ++d) {
        if (exceedsLimit(m_weights[d] + m_act[d], m_p.memory_bytes[d])) return kInf;
        period = std::max(period, m_busy[d]);
        m_spread += latency_objective ? 0 : m_busy[d] * m_busy[d];
    }
    if (latency_objective)
        for (int v = 0; v < n; ++v) m_spread += m_end[v];
    const bool need_links = m_p.objective == PartitionObjective::Throughput || std::isfinite(m_p.max_period_s);
    if (need_links) {
        m_links.assign(static_cast<std::size_t>(D) * D, 0);
        for (const PartitionEdge& e : m_p.edges) {
            const int d = a[e.from], f = a[e.to];
            if (d != f) m_links[d * D + f] += m_p.transferSeconds(e, d, f);
        }
        for (double x : m_links) {
            period = std::max(period, x);
            if (!latency_objective) m_spread += x * x;
        }
    }
    if (m_p.objective == PartitionObjective::Latency) return exceedsLimit(period, m_p.max_period_s) ? kInf : latency;
    return exceedsLimit(latency, m_p.max_latency_s) ? kInf : period;
}

} // namespace archscape::schedule
