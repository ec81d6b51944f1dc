#include "accuracy/precision_cost.h"

#include "hardware/technology.h"

namespace archscape::accuracy {

namespace {
using workload::Operand;

/// Ratio of the technology model at the new precisions to the model at the old ones (1 when the
/// model gives 0, which never happens for real widths).
double modelRatio(double now, double before) { return before > 0 ? now / before : 1.0; }
} // namespace

hardware::Accelerator withLayerPrecision(const hardware::Accelerator& acc, const LayerPrecision& p) {
    hardware::Accelerator out = acc;
    out.precision[Operand::Weight] = p.weight;
    out.precision[Operand::Input] = p.activation;
    // Overrides calibrate the accelerator's own precisions; the technology model scales them, as the
    // cost model does for a layer with its own precision (hardware::layerFormat).
    if (out.precision != acc.precision) {
        if (acc.mac_energy_pj)
            out.mac_energy_pj = *acc.mac_energy_pj * modelRatio(hardware::costTables(out).mac_model_pj,
                                                                hardware::costTables(acc).mac_model_pj);
        if (acc.mac_area_um2) {
            auto modelArea = [](hardware::Accelerator a) {
                a.mac_area_um2.reset();
                return hardware::macAreaUm2(a);
            };
            out.mac_area_um2 = *acc.mac_area_um2 * modelRatio(modelArea(out), modelArea(acc));
        }
    }
    return out;
}

model::NetworkCost evaluateWithPrecision(const workload::Network& net, const hardware::Accelerator& acc,
                                         const PrecisionAssignment& a, const NetworkPricer& price) {
    workload::Network quantized = net;
    const LayerPrecision own{acc.precision[Operand::Weight], acc.precision[Operand::Input]};
    LayerPrecision widest = own;
    double widest_width = -1;
    for (std::size_t i = 0; i < quantized.layers.size(); ++i) {
        const LayerPrecision p = i < a.layers.size() ? a.layers[i] : own;
        quantized.layers[i].weight_precision = p.weight;
        quantized.layers[i].input_precision = p.activation;
        const double width = double(p.weight.significandBits()) * p.activation.significandBits() +
                             (p.weight.is_float || p.activation.is_float ? 1e6 : 0); // floats need FP units
        if (width > widest_width) {
            widest_width = width;
            widest = p;
        }
    }
    model::NetworkCost total = price(quantized);
    // The MACs must support the widest weight × input product in use: the area is that accelerator's.
    total.area_um2 = hardware::areaUm2(withLayerPrecision(acc, widest));
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
