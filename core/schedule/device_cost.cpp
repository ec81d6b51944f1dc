#include "schedule/device_cost.h"

#include <algorithm>

#include "mapping/dataflow.h"
#include "model/cost_model.h"
#include "model/network_cost.h"
#include "schedule/evaluate_network.h"

namespace archscape::schedule {

namespace {

using workload::Operand;

double elements(const workload::Layer& l, Operand o) { return static_cast<double>(l.tensorSize(o)); }

DeviceLayerTimes rooflineTimes(const Device& d, const workload::Network& net) {
    DeviceLayerTimes out;
    const std::string prec = archscape::toString(d.precision);
    const auto peak = d.roofline.peak_macs_per_s.find(prec);
    const double bpe = bytesPerElement(d.precision);
    for (const auto& l : net.layers) {
        const auto e = d.roofline.efficiency.find(l.type);
        const double eff = e == d.roofline.efficiency.end() ? 1.0 : e->second;
        const double bytes =
            bpe * (elements(l, Operand::Weight) + elements(l, Operand::Input) + elements(l, Operand::Output));
        double t = bytes / (d.roofline.memory_bandwidth_bytes_per_s * eff);
        if (l.macs() > 0) {
            if (peak == d.roofline.peak_macs_per_s.end() || peak->second <= 0) {
                out.seconds.push_back(std::nullopt);
                out.why.push_back("no peak MACs/s at " + prec);
                continue;
            }
            t = std::max(t, static_cast<double>(l.macs()) / (peak->second * eff));
        }
        out.seconds.push_back(d.roofline.launch_overhead_s + t);
        out.why.emplace_back();
    }
    return out;
}

DeviceLayerTimes acceleratorTimes(const Device& d, const workload::Network& net) {
    DeviceLayerTimes out;
    const hardware::Accelerator& acc = *d.accelerator;
    const hardware::CostTables tables = hardware::costTables(acc);
    // The template with the fewest cycles: partitioning minimises time.
    const model::MappingChooser choose = [&](const workload::Layer& l) -> std::optional<mapping::Mapping> {
        std::optional<mapping::Mapping> best;
        double best_cycles = 0;
        for (mapping::Dataflow df : mapping::kAllDataflows) {
            auto m = mapping::templateMapping(l, acc, df);
            if (!m) continue;
            const auto c = model::evaluate(l, acc, tables, *m);
            if (!c.valid()) continue;
            if (!best || c.cycles < best_cycles) {
                best = m;
                best_cycles = c.cycles;
            }
        }
        return best;
    };
    const model::NetworkCost cost = schedule::evaluateNetwork(net, acc, choose);
    out.seconds.assign(net.layers.size(), std::nullopt);
    out.why.assign(net.layers.size(), "no valid mapping on " + acc.name);
    for (const auto& r : cost.layers)
        if (r.mapped) {
            out.seconds[r.layer] = r.cost.cycles / (acc.clock_mhz * 1e6);
            out.why[r.layer].clear();
        }
    return out;
}

DeviceLayerTimes measuredTimes(const Device& d, const workload::Network& net) {
    DeviceLayerTimes out;
    for (const auto& l : net.layers) {
        const auto it = d.measured_s.find(l.name);
        if (it == d.measured_s.end()) {
            out.seconds.push_back(std::nullopt);
            out.why.push_back("no measured latency for layer " + l.name);
        } else {
            out.seconds.push_back(it->second);
            out.why.emplace_back();
        }
    }
    return out;
}

} // namespace

DeviceLayerTimes layerSeconds(const Device& device, const workload::Network& net) {
    switch (device.kind) {
    case DeviceKind::Roofline: return rooflineTimes(device, net);
    case DeviceKind::Accelerator:
        if (device.accelerator) return acceleratorTimes(device, net);
        break;
    case DeviceKind::Measured: return measuredTimes(device, net);
    }
    DeviceLayerTimes none;
    none.seconds.assign(net.layers.size(), std::nullopt);
    none.why.assign(net.layers.size(), "device has no accelerator description");
    return none;
}

double weightBytes(const Device& device, const workload::Layer& layer) {
    return bytesPerElement(device.precision) * elements(layer, Operand::Weight);
}

double activationBytes(const Device& device, const workload::Layer& layer) {
    return bytesPerElement(device.precision) * (elements(layer, Operand::Input) + elements(layer, Operand::Output));
}

} // namespace archscape::schedule
