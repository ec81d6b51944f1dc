#include "schedule/partition_problem.h"

#include <algorithm>
#include <cmath>

#include "schedule/device_cost.h"

namespace archscape::schedule {

namespace {

// The dimension a split divides: N for batch; for channels K, or G when K is 1 (depthwise and memory-only
// layers keep their channels in G).
workload::Dim splitDim(const workload::Layer& l, SplitMode m) {
    if (m == SplitMode::Batch) return workload::Dim::N;
    return l.bound(workload::Dim::K) > 1 ? workload::Dim::K : workload::Dim::G;
}

// Parts in proportion to each device's speed on the whole layer, in whole samples or channels (largest
// remainder), then every part evaluated as the layer of that size on its device.
void addSplits(PartitionProblem& p, const workload::Network& net, const DeviceSet& devices, SplitMode mode) {
    const int n = p.numNodes(), D = p.numDevices();
    p.split = mode;
    p.split_share.assign(n, std::vector<double>(D, 0));
    p.split_offset.assign(n, std::vector<double>(D, 0));
    p.split_seconds.assign(n, std::vector<double>(D, kNoLimit));
    p.split_weight_bytes.assign(n, std::vector<double>(D, 0));
    p.split_activation_bytes.assign(n, std::vector<double>(D, 0));
    std::vector<std::vector<std::int64_t>> parts(n, std::vector<std::int64_t>(D, 0));
    for (int l = 0; l < n; ++l) {
        const std::int64_t size = net.layers[l].bound(splitDim(net.layers[l], mode));
        double speed = 0;
        for (int d = 0; d < D; ++d)
            if (std::isfinite(p.seconds[l][d]) && p.seconds[l][d] > 0) speed += 1 / p.seconds[l][d];
        if (size < 2 || speed <= 0) continue;
        std::int64_t given = 0;
        std::vector<std::pair<double, int>> rest;
        for (int d = 0; d < D; ++d) {
            if (!std::isfinite(p.seconds[l][d]) || p.seconds[l][d] <= 0) continue;
            const double exact = static_cast<double>(size) / p.seconds[l][d] / speed;
            parts[l][d] = static_cast<std::int64_t>(std::floor(exact));
            given += parts[l][d];
            rest.emplace_back(exact - std::floor(exact), d);
        }
        std::sort(rest.begin(), rest.end(),
                  [](auto x, auto y) { return x.first > y.first || (x.first == y.first && x.second < y.second); });
        for (std::size_t i = 0; given < size && i < rest.size(); ++i, ++given) ++parts[l][rest[i].second];
    }
    for (int d = 0; d < D; ++d) {
        workload::Network sliced = net;
        for (int l = 0; l < n; ++l)
            if (parts[l][d] > 0) sliced.layers[l].bounds[splitDim(net.layers[l], mode)] = parts[l][d];
        const DeviceLayerTimes t = layerSeconds(devices.devices[d], sliced);
        for (int l = 0; l < n; ++l) {
            if (parts[l][d] == 0) continue;
            if (!t.seconds[l]) { // the part cannot run there: the layer is not split
                std::fill(parts[l].begin(), parts[l].end(), 0);
                continue;
            }
            p.split_seconds[l][d] = *t.seconds[l];
            p.split_weight_bytes[l][d] = weightBytes(devices.devices[d], sliced.layers[l]);
            p.split_activation_bytes[l][d] = activationBytes(devices.devices[d], sliced.layers[l]);
        }
    }
    for (int l = 0; l < n; ++l) {
        int count = 0;
        for (int d = 0; d < D; ++d) count += parts[l][d] > 0;
        if (count < 2) continue;
        const double size = static_cast<double>(net.layers[l].bound(splitDim(net.layers[l], mode)));
        double offset = 0;
        for (int d = 0; d < D; ++d) {
            p.split_share[l][d] = static_cast<double>(parts[l][d]) / size;
            p.split_offset[l][d] = offset;
            offset += p.split_share[l][d];
        }
    }
}

} // namespace

std::string_view toString(PartitionObjective o) { return o == PartitionObjective::Latency ? "latency" : "throughput"; }

std::optional<PartitionObjective> parsePartitionObjective(std::string_view s) {
    if (s == "latency") return PartitionObjective::Latency;
    if (s == "throughput") return PartitionObjective::Throughput;
    return std::nullopt;
}

std::string_view toString(SplitMode m) {
    switch (m) {
    case SplitMode::None: return "none";
    case SplitMode::Batch: return "batch";
    case SplitMode::Channels: return "channels";
    }
    return "none";
}

std::optional<SplitMode> parseSplitMode(std::string_view s) {
    for (auto m : {SplitMode::None, SplitMode::Batch, SplitMode::Channels})
        if (toString(m) == s) return m;
    return std::nullopt;
}

bool PartitionProblem::splittable(int l) const {
    if (split == SplitMode::None || split_share.empty()) return false;
    int parts = 0;
    for (double x : split_share[l]) parts += x > 0;
    return parts >= 2;
}

double PartitionProblem::transferShare(const PartitionEdge& e, int u_value, int f, int v_value, int d) const {
    const bool u_split = u_value == splitValue(), v_split = v_value == splitValue();
    const double from = u_split ? split_share[e.from][f] : 1.0;
    if (!v_split || split == SplitMode::Channels) return from;
    const double slice = split_share[e.to][d];
    if (!u_split) return slice;
    // Both split along the batch: the samples of u's part f that v's part d works on.
    const double lo = std::max(split_offset[e.from][f], split_offset[e.to][d]);
    const double hi = std::min(split_offset[e.from][f] + from, split_offset[e.to][d] + slice);
    return std::max(0.0, hi - lo);
}

void PartitionProblem::finalize() {
    in_edges.assign(seconds.size(), {});
    for (std::size_t i = 0; i < edges.size(); ++i) in_edges[edges[i].to].push_back(static_cast<int>(i));
}

PartitionProblemResult buildPartitionProblem(const workload::Network& net, const DeviceSet& devices,
                                             const PartitionProblemOptions& options) {
    PartitionProblemResult out;
    const int n = static_cast<int>(net.layers.size());
    const int D = static_cast<int>(devices.devices.size());
    if (D == 0) {
        out.error = "no devices";
        return out;
    }
    if (n == 0) {
        out.error = "the network has no layers";
        return out;
    }
    PartitionProblem p;
    p.objective = options.objective;
    p.max_latency_s = options.max_latency_s;
    p.max_period_s = options.max_period_s;
    for (const auto& l : net.layers) p.node_names.push_back(l.name);
    for (const auto& d : devices.devices) {
        p.device_names.push_back(d.name);
        p.memory_bytes.push_back(d.memory_bytes);
    }
    p.seconds.assign(n, std::vector<double>(D, kNoLimit));
    p.unavailable.assign(n, std::vector<std::string>(D));
    p.weight_bytes.assign(n, std::vector<double>(D, 0));
    p.activation_bytes.assign(n, std::vector<double>(D, 0));
    for (int d = 0; d < D; ++d) {
        const Device& dev = devices.devices[d];
        const DeviceLayerTimes t = layerSeconds(dev, net);
        for (int l = 0; l < n; ++l) {
            if (t.seconds[l]) p.seconds[l][d] = *t.seconds[l];
            else p.unavailable[l][d] = t.why[l];
            p.weight_bytes[l][d] = weightBytes(dev, net.layers[l]);
            p.activation_bytes[l][d] = activationBytes(dev, net.layers[l]);
        }
    }
    for (int l = 0; l < n; ++l) {
        bool any = false;
        for (int d = 0; d < D; ++d) any = any || p.seconds[l][d] < kNoLimit;
        if (!any) {
            out.error = "layer " + net.layers[l].name + " cannot run on any device (" + devices.devices[0].name + ": " +
                        p.unavailable[l][0] + ")";
            return out;
        }
    }
    const double bpe = bytesPerElement(options.transfer_precision);
    for (const auto& e : net.edges)
        p.edges.push_back(
            {e.from, e.to, bpe * static_cast<double>(net.layers[e.from].tensorSize(workload::Operand::Output))});
    p.link_latency_s.assign(D, std::vector<double>(D, 0));
    p.link_s_per_byte.assign(D, std::vector<double>(D, 0));
    for (int d = 0; d < D; ++d)
        for (int f = 0; f < D; ++f) {
            if (d == f) continue;
            const Link* link = devices.linkBetween(d, f);
            if (!link) {
                out.error = "no link between " + devices.devices[d].name + " and " + devices.devices[f].name;
                return out;
            }
            p.link_latency_s[d][f] = link->latency_s;
            p.link_s_per_byte[d][f] = 1.0 / link->bandwidth_bytes_per_s;
        }
    if (options.split != SplitMode::None) addSplits(p, net, devices, options.split);
    p.finalize();
    out.problem = std::move(p);
    return out;
}

} // namespace archscape::schedule
