#include "schedule/repeated_blocks.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace archscape::schedule {

namespace {

// Nodes with identical cost rows share a signature id.
std::vector<int> signatures(const PartitionProblem& p) {
    std::map<std::tuple<std::vector<double>, std::vector<double>, std::vector<double>>, int> ids;
    std::vector<int> sig(p.numNodes());
    for (int l = 0; l < p.numNodes(); ++l) {
        auto key = std::make_tuple(p.seconds[l], p.weight_bytes[l], p.activation_bytes[l]);
        auto [it, fresh] = ids.emplace(std::move(key), static_cast<int>(ids.size()));
        sig[l] = it->second;
    }
    return sig;
}

bool shiftInvariant(const std::set<std::pair<int, int>>& edges, int first, int period, int repeats) {
    const int end = first + period * repeats;
    for (auto [u, v] : edges) {
        if (u < first || v >= end) continue;
        if (v + period < end && !edges.count({u + period, v + period})) return false;
        if (u - period >= first && !edges.count({u - period, v - period})) return false;
    }
    return true;
}

} // namespace

BlockGrouping findRepeatedBlocks(const PartitionProblem& p) {
    const int n = p.numNodes();
    const std::vector<int> sig = signatures(p);
    std::set<std::pair<int, int>> edges;
    for (const auto& e : p.edges) edges.insert({e.from, e.to});
    BlockGrouping best;
    int best_cover = 0;
    for (int period = 2; 2 * period <= n; ++period)
        for (int first = 0; first + 2 * period <= n; ++first) {
            // Nodes matching one block later, from `first` on.
            int run = 0;
            while (first + run + period < n && sig[first + run] == sig[first + run + period]) ++run;
            const int repeats = run / period + 1;
            if (repeats < 2 || repeats * period <= best_cover) continue;
            // Shorter runs of the same start may be invariant when the longest is not.
            for (int k = repeats; k >= 2 && k * period > best_cover; --k)
                if (shiftInvariant(edges, first, period, k)) {
                    best = {{}, 0, first, period, k};
                    best_cover = k * period;
                    break;
                }
        }
    best.group_of.assign(n, 0);
    int g = -1;
    for (int l = 0; l < n; ++l) {
        const bool in_run = best.period > 0 && l >= best.first && l < best.first + best.period * best.repeats;
        if (!in_run || (l - best.first) % best.period == 0) ++g;
        best.group_of[l] = g;
    }
    best.groups = g + 1;
    return best;
}

PartitionProblem contractGroups(const PartitionProblem& p, const std::vector<int>& group_of, int groups) {
    const int D = p.numDevices();
    PartitionProblem c;
    c.device_names = p.device_names;
    c.memory_bytes = p.memory_bytes;
    c.link_latency_s = p.link_latency_s;
    c.link_s_per_byte = p.link_s_per_byte;
    c.objective = p.objective;
    c.max_latency_s = p.max_latency_s;
    c.max_period_s = p.max_period_s;
    c.node_names.assign(groups, "");
    c.seconds.assign(groups, std::vector<double>(D, 0));
    c.unavailable.assign(groups, std::vector<std::string>(D));
    c.weight_bytes.assign(groups, std::vector<double>(D, 0));
    c.activation_bytes.assign(groups, std::vector<double>(D, 0));
    for (int l = 0; l < p.numNodes(); ++l) {
        const int g = group_of[l];
        if (c.node_names[g].empty()) c.node_names[g] = p.node_names[l];
        for (int d = 0; d < D; ++d) {
            c.seconds[g][d] += p.seconds[l][d];
            if (c.unavailable[g][d].empty()) c.unavailable[g][d] = p.unavailable[l][d];
            c.weight_bytes[g][d] += p.weight_bytes[l][d];
            c.activation_bytes[g][d] = std::max(c.activation_bytes[g][d], p.activation_bytes[l][d]);
        }
    }
    for (const auto& e : p.edges)
        if (group_of[e.from] != group_of[e.to]) c.edges.push_back({group_of[e.from], group_of[e.to], e.bytes});
    c.finalize();
    return c;
}

std::vector<int> expandGroups(const std::vector<int>& group_device, const std::vector<int>& group_of) {
    std::vector<int> a(group_of.size());
    for (std::size_t l = 0; l < group_of.size(); ++l) a[l] = group_device[group_of[l]];
    return a;
}

} // namespace archscape::schedule
