#include "schedule/greedy_partitioner.h"

#include <algorithm>
#include <cmath>

namespace archscape::schedule {

std::vector<int> greedyAssignment(const PartitionProblem& p) {
    const int n = p.numNodes(), D = p.numDevices();
    std::vector<int> a(n, 0);
    std::vector<double> end(n, 0), free_at(D, 0), busy(D, 0), weights(D, 0), act(D, 0);
    std::vector<double> links(static_cast<std::size_t>(D) * D, 0);
    double latency = 0, period = 0;
    for (int v = 0; v < n; ++v) {
        int best = -1;
        double best_score = kNoLimit, best_end = 0;
        int fallback = -1; // fastest device that can run the node, when no device's memory holds it
        for (int d = 0; d < D; ++d) {
            const double t = p.seconds[v][d];
            if (!std::isfinite(t)) continue;
            if (fallback < 0 || t < p.seconds[v][fallback]) fallback = d;
            const double mem = weights[d] + p.weight_bytes[v][d] + std::max(act[d], p.activation_bytes[v][d]);
            if (mem > p.memory_bytes[d] * (1 + 1e-9)) continue;
            double ready = free_at[d], link_peak = 0;
            for (int ei : p.in_edges[v]) {
                const PartitionEdge& e = p.edges[ei];
                const double x = p.transferSeconds(e, a[e.from], d);
                ready = std::max(ready, end[e.from] + x);
                if (a[e.from] != d) link_peak = std::max(link_peak, links[a[e.from] * D + d] + x);
            }
            const double finish = ready + t;
            const double score = p.objective == PartitionObjective::Latency
                                     ? std::max(latency, finish)
                                     : std::max({period, busy[d] + t, link_peak});
            // Among equal objective values prefer the earlier finish (latency) or the shorter compute.
            const double tie = p.objective == PartitionObjective::Latency ? finish : busy[d] + t;
            if (best < 0 || score < best_score * (1 - 1e-12) || (score <= best_score * (1 + 1e-12) && tie < best_end)) {
                best = d;
                best_score = score;
                best_end = tie;
            }
        }
        const int d = best >= 0 ? best : std::max(fallback, 0);
        a[v] = d;
        double ready = free_at[d];
        for (int ei : p.in_edges[v]) {
            const PartitionEdge& e = p.edges[ei];
            const double x = p.transferSeconds(e, a[e.from], d);
            ready = std::max(ready, end[e.from] + x);
            if (a[e.from] != d) {
                links[a[e.from] * D + d] += x;
                period = std::max(period, links[a[e.from] * D + d]);
            }
        }
        end[v] = ready + p.seconds[v][d];
        free_at[d] = end[v];
        busy[d] += p.seconds[v][d];
        weights[d] += p.weight_bytes[v][d];
        act[d] = std::max(act[d], p.activation_bytes[v][d]);
        latency = std::max(latency, end[v]);
        period = std::max(period, busy[d]);
    }
    return a;
}

} // namespace archscape::schedule
