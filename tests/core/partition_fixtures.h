#pragma once
// Random partition instances for the partition tests and benchmarks.
#include <algorithm>
#include <cmath>

#include "schedule/partition_problem.h"
#include "workload/randwire.h"

namespace archscape::test {

struct RandomInstanceOptions {
    int nodes = 6;
    int devices = 2;
    double edge_p = 0.4;
    double unavailable_p = 0.1; ///< chance that a device cannot run a node
    bool memory = false;        ///< capacities that bind
    schedule::PartitionObjective objective = schedule::PartitionObjective::Latency;
    double side_limit_factor = 0; ///< > 0: side constraint at factor × the all-on-device-0 value
    /// Layer splitting: every node that two or more devices can run gets parts over them, shares drawn in
    /// whole eighths, each part 0.5-1.5 × its share of the device's whole time.
    schedule::SplitMode split = schedule::SplitMode::None;
};

/// A random problem: times 1..10 ms, tensors up to 4 MB, links of 1-16 GB/s with 0-200 µs latency.
inline schedule::PartitionProblem randomInstance(std::uint64_t seed, const RandomInstanceOptions& o) {
    using namespace schedule;
    workload::PortableRandom rng(seed);
    PartitionProblem p;
    const int n = o.nodes, D = o.devices;
    for (int l = 0; l < n; ++l) p.node_names.push_back("n" + std::to_string(l));
    for (int d = 0; d < D; ++d) p.device_names.push_back("d" + std::to_string(d));
    p.seconds.assign(n, std::vector<double>(D));
    p.unavailable.assign(n, std::vector<std::string>(D));
    p.weight_bytes.assign(n, std::vector<double>(D));
    p.activation_bytes.assign(n, std::vector<double>(D));
    for (int l = 0; l < n; ++l) {
        const int always = static_cast<int>(rng.below(D)); // one device can always run it
        for (int d = 0; d < D; ++d) {
            p.seconds[l][d] = (1 + 9 * rng.uniform()) * 1e-3;
            if (d != always && rng.uniform() < o.unavailable_p) {
                p.seconds[l][d] = kNoLimit;
                p.unavailable[l][d] = "not supported";
            }
            p.weight_bytes[l][d] = std::floor(10 * rng.uniform()) * 1e6;
            p.activation_bytes[l][d] = std::floor(5 * rng.uniform()) * 1e6;
        }
    }
    double total = 0;
    for (int l = 0; l < n; ++l) total += p.weight_bytes[l][0] + p.activation_bytes[l][0];
    for (int d = 0; d < D; ++d)
        p.memory_bytes.push_back(o.memory ? std::max(15e6, total * (0.3 + 0.4 * rng.uniform())) : 1e18);
    for (int i = 0; i < n; ++i)
        for (int j = i + 1; j < n; ++j)
            if (rng.uniform() < o.edge_p) p.edges.push_back({i, j, std::floor(4e6 * rng.uniform())});
    p.link_latency_s.assign(D, std::vector<double>(D, 0));
    p.link_s_per_byte.assign(D, std::vector<double>(D, 0));
    for (int d = 0; d < D; ++d)
        for (int f = d + 1; f < D; ++f) {
            const double lat = 200e-6 * rng.uniform(), bw = 1e9 * (1 + 15 * rng.uniform());
            p.link_latency_s[d][f] = p.link_latency_s[f][d] = lat;
            p.link_s_per_byte[d][f] = p.link_s_per_byte[f][d] = 1 / bw;
        }
    p.objective = o.objective;
    if (o.split != SplitMode::None) {
        p.split = o.split;
        p.split_share.assign(n, std::vector<double>(D, 0));
        p.split_offset.assign(n, std::vector<double>(D, 0));
        p.split_seconds.assign(n, std::vector<double>(D, kNoLimit));
        p.split_weight_bytes.assign(n, std::vector<double>(D, 0));
        p.split_activation_bytes.assign(n, std::vector<double>(D, 0));
        for (int l = 0; l < n; ++l) {
            std::vector<int> runs;
            for (int d = 0; d < D; ++d)
                if (std::isfinite(p.seconds[l][d])) runs.push_back(d);
            if (runs.size() < 2) continue;
            int left = 8;
            double offset = 0;
            for (std::size_t i = 0; i < runs.size(); ++i) {
                const int d = runs[i];
                const int max_here = left - static_cast<int>(runs.size() - 1 - i);
                const int eighths =
                    i + 1 == runs.size() ? left : 1 + static_cast<int>(rng.below(static_cast<std::uint64_t>(max_here)));
                left -= eighths;
                const double share = eighths / 8.0;
                p.split_share[l][d] = share;
                p.split_offset[l][d] = offset;
                offset += share;
                p.split_seconds[l][d] = share * p.seconds[l][d] * (0.5 + rng.uniform());
                p.split_weight_bytes[l][d] =
                    o.split == SplitMode::Batch ? p.weight_bytes[l][d] : std::floor(share * p.weight_bytes[l][d]);
                p.split_activation_bytes[l][d] = p.activation_bytes[l][d];
            }
            // Devices that cannot run the node sit between the parts: their offsets carry the running sum.
            double run = 0;
            for (int d = 0; d < D; ++d) {
                p.split_offset[l][d] = run;
                run += p.split_share[l][d];
            }
        }
    }
    p.finalize();
    return p;
}

} // namespace archscape::test
