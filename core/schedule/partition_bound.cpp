#include "schedule/partition_bound.h"

#include <algorithm>
#include <cmath>

namespace archscape::schedule {

namespace {

struct LoadBound {
    double value = 0;
    std::vector<double> weights; // the iterate that gave it
};

LoadBound fractionalLoadBound(const PartitionProblem& p) {
    const int n = p.numNodes(), D = p.numDevices();
    std::vector<double> s(D, 1.0 / D), grad(D);
    LoadBound r{0, s};
    double best = 0, scale = 0;
    for (int l = 0; l < n; ++l)
        for (int d = 0; d < D; ++d)
            if (std::isfinite(p.seconds[l][d])) scale = std::max(scale, p.seconds[l][d]);
    if (scale <= 0) return r;
    double total_min = 0;
    for (int l = 0; l < n; ++l) total_min += *std::min_element(p.seconds[l].begin(), p.seconds[l].end());
    // f(s) = Σ_l min_d s_d t_ld is concave on the simplex; its supergradient is the load each device gets
    // when every node takes its argmin. Exponentiated-gradient ascent with a decaying step.
    for (int it = 0; it < 400; ++it) {
        std::fill(grad.begin(), grad.end(), 0.0);
        double f = 0;
        for (int l = 0; l < n; ++l) {
            int arg = 0;
            double m = kNoLimit;
            for (int d = 0; d < D; ++d) {
                const double v = s[d] * p.seconds[l][d];
                if (v < m) {
                    m = v;
                    arg = d;
                }
            }
            // A split node loads every device of its split with its part: Σ_d s_d · part_ld.
            double split = p.splittable(l) ? 0.0 : kNoLimit;
            if (p.splittable(l))
                for (int d = 0; d < D; ++d)
                    if (p.split_share[l][d] > 0) split += s[d] * p.split_seconds[l][d];
            f += std::min(m, split);
            if (split < m) {
                for (int d = 0; d < D; ++d)
                    if (p.split_share[l][d] > 0) grad[d] += p.split_seconds[l][d];
            } else {
                grad[arg] += p.seconds[l][arg];
            }
        }
        if (f > best) {
            best = f;
            r.weights = s;
        }
        const double eta = 2.0 / std::sqrt(1.0 + it);
        double sum = 0;
        for (int d = 0; d < D; ++d) {
            s[d] *= std::exp(eta * grad[d] / std::max(total_min, 1e-300));
            sum += s[d];
        }
        for (int d = 0; d < D; ++d) s[d] = std::max(s[d] / sum, 1e-12);
    }
    r.value = best;
    return r;
}

} // namespace

PartitionBound lowerBound(const PartitionProblem& p) {
    PartitionBound b;
    const int n = p.numNodes();
    std::vector<double> fastest(n), end(n, 0);
    for (int l = 0; l < n; ++l) {
        fastest[l] = *std::min_element(p.seconds[l].begin(), p.seconds[l].end());
        double largest = fastest[l];
        if (p.splittable(l)) {
            // Split, the node takes at least its shortest part on the critical path (a batch-split chain
            // may continue on each device as soon as that device's part ends), and its longest part
            // loads one device.
            double shortest = kNoLimit, longest = 0;
            for (int d = 0; d < p.numDevices(); ++d)
                if (p.split_share[l][d] > 0) {
                    shortest = std::min(shortest, p.split_seconds[l][d]);
                    longest = std::max(longest, p.split_seconds[l][d]);
                }
            fastest[l] = std::min(fastest[l], shortest);
            largest = std::min(largest, longest);
        }
        b.largest_node_s = std::max(b.largest_node_s, largest);
    }
    for (int v = 0; v < n; ++v) {
        double ready = 0;
        for (int ei : p.in_edges[v]) ready = std::max(ready, end[p.edges[ei].from]);
        end[v] = ready + fastest[v];
        b.critical_path_s = std::max(b.critical_path_s, end[v]);
    }
    b.load_s = fractionalLoadBound(p).value;
    b.value = p.objective == PartitionObjective::Latency ? std::max(b.critical_path_s, b.load_s)
                                                         : std::max(b.load_s, b.largest_node_s);
    return b;
}

std::vector<double> loadBoundWeights(const PartitionProblem& p) { return fractionalLoadBound(p).weights; }

} // namespace archscape::schedule
