#include "schedule/partition_problem.h"

#include "schedule/device_cost.h"

namespace archscape::schedule {

std::string_view toString(PartitionObjective o) { return o == PartitionObjective::Latency ? "latency" : "throughput"; }

std::optional<PartitionObjective> parsePartitionObjective(std::string_view s) {
    if (s == "latency") return PartitionObjective::Latency;
    if (s == "throughput") return PartitionObjective::Throughput;
    return std::nullopt;
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
    p.finalize();
    out.problem = std::move(p);
    return out;
}

} // namespace archscape::schedule
