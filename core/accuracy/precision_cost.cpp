#include "accuracy/precision_cost.h"

#include "hardware/technology.h"

namespace archscape::accuracy {

hardware::Accelerator withLayerPrecision(const hardware::Accelerator& acc, const LayerPrecision& p) {
    hardware::Accelerator out = acc;
    using workload::Operand;
    if (out.precision[Operand::Weight] != p.weight || out.precision[Operand::Input] != p.activation) {
        out.mac_energy_pj.reset();
        out.mac_area_um2.reset();
    }
    out.precision[Operand::Weight] = p.weight;
    out.precision[Operand::Input] = p.activation;
    return out;
}

model::NetworkCost evaluateWithPrecision(const workload::Network& net, const hardware::Accelerator& acc,
                                         const PrecisionAssignment& a, const PrecisionMappingChooser& choose) {
    model::NetworkCost total;
    total.layers.resize(net.layers.size());
    std::vector<bool> done(net.layers.size(), false);
    double widest = -1;
    for (std::size_t i = 0; i < net.layers.size(); ++i) {
        if (done[i]) continue;
        const LayerPrecision p = i < a.layers.size() ? a.layers[i] : LayerPrecision{};
        workload::Network group;
        group.name = net.name;
        std::vector<std::size_t> members;
        for (std::size_t j = i; j < net.layers.size(); ++j)
            if (!done[j] && (j < a.layers.size() ? a.layers[j] : LayerPrecision{}) == p) {
                group.layers.push_back(net.layers[j]);
                members.push_back(j);
                done[j] = true;
            }
        const hardware::Accelerator specialised = withLayerPrecision(acc, p);
        const model::NetworkCost c = model::evaluateNetwork(
            group, specialised, [&](const workload::Layer& l) { return choose(l, specialised); });
        for (std::size_t k = 0; k < members.size(); ++k) {
            total.layers[members[k]] = c.layers[k];
            total.layers[members[k]].layer = static_cast<int>(members[k]);
        }
        total.cycles += c.cycles;
        total.energy_pj += c.energy_pj;
        total.macs += c.macs;
        total.unmapped += c.unmapped;
        const double width = double(p.weight.significandBits()) * p.activation.significandBits() +
                             (p.weight.is_float || p.activation.is_float ? 1e6 : 0);  // floats need FP units
        if (width > widest) {
            widest = width;
            total.area_um2 = c.area_um2;
        }
    }
    return total;
}

double weightBytes(const workload::Network& net, const PrecisionAssignment& a) {
    double bytes = 0;
    for (std::size_t i = 0; i < net.layers.size(); ++i) {
        const int bits = i < a.layers.size() ? a.layers[i].weight.bits : 8;
        bytes += double(net.layers[i].tensorSize(workload::Operand::Weight)) * bits / 8.0;
    }
    return bytes;
}

} // namespace archscape::accuracy
