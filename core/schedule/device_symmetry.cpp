#include "schedule/device_symmetry.h"

namespace archscape::schedule {

namespace {

bool identical(const PartitionProblem& p, int d, int e) {
    if (p.memory_bytes[d] != p.memory_bytes[e]) return false;
    for (int l = 0; l < p.numNodes(); ++l)
        if (p.seconds[l][d] != p.seconds[l][e] || p.weight_bytes[l][d] != p.weight_bytes[l][e] ||
            p.activation_bytes[l][d] != p.activation_bytes[l][e])
            return false;
    for (int f = 0; f < p.numDevices(); ++f) {
        if (f == d || f == e) continue;
        if (p.link_latency_s[d][f] != p.link_latency_s[e][f] || p.link_s_per_byte[d][f] != p.link_s_per_byte[e][f] ||
            p.link_latency_s[f][d] != p.link_latency_s[f][e] || p.link_s_per_byte[f][d] != p.link_s_per_byte[f][e])
            return false;
    }
    return p.link_latency_s[d][e] == p.link_latency_s[e][d] && p.link_s_per_byte[d][e] == p.link_s_per_byte[e][d];
}

} // namespace

std::vector<int> deviceClasses(const PartitionProblem& p) {
    const int D = p.numDevices();
    std::vector<int> cls(D);
    for (int d = 0; d < D; ++d) {
        cls[d] = d;
        // Splits give identical devices parts of different sizes (whole samples or channels): no symmetry.
        if (p.split != SplitMode::None) continue;
        for (int e = 0; e < d; ++e)
            if (cls[e] == e && identical(p, e, d)) {
                cls[d] = e;
                break;
            }
    }
    return cls;
}

std::vector<int> canonicalAssignment(const std::vector<int>& a, const std::vector<int>& classes) {
    const int D = static_cast<int>(classes.size());
    std::vector<int> relabel(D, -1);
    std::vector<std::vector<int>> members(D);
    for (int d = 0; d < D; ++d) members[classes[d]].push_back(d);
    std::vector<std::size_t> used(D, 0);
    std::vector<int> out(a.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        const int d = a[i];
        if (relabel[d] < 0) {
            const int c = classes[d];
            relabel[d] = members[c][used[c]++];
        }
        out[i] = relabel[d];
    }
    return out;
}

bool isCanonical(const std::vector<int>& a, const std::vector<int>& classes) {
    return canonicalAssignment(a, classes) == a;
}

} // namespace archscape::schedule
