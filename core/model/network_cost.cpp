#include "model/network_cost.h"

#include "hardware/technology.h"
#include "model/cost_model.h"
#include "model/evaluate_layer.h"

namespace archscape::model {

NetworkCost evaluateNetwork(const workload::Network& net, const hardware::Accelerator& acc,
                            const MappingChooser& choose, const SystolicOptions& systolic) {
    NetworkCost nc;
    nc.layers.resize(net.layers.size());
    const hardware::CostTables tables = hardware::costTables(acc);
    for (const auto& shape : net.uniqueShapes()) {
        const workload::Layer& layer = net.layers[shape.representative];
        LayerResult r;
        if (!workload::hasMacs(layer.type) || acc.kind == hardware::AcceleratorKind::Systolic) {
            // Memory-only layers and systolic arrays need no mapping: the dataflow fixes it.
            r.cost = evaluateLayer(layer, acc, tables, nullptr, systolic);
            r.mapped = r.cost.valid();
        } else if (auto m = choose(layer)) {
            r.mapping = *m;
            r.cost = evaluate(layer, acc, tables, *m);
            r.mapped = r.cost.valid();
        }
        for (int idx : shape.members) {
            nc.layers[idx] = r;
            nc.layers[idx].layer = idx;
        }
    }
    sumTotals(nc, acc);
    return nc;
}

void sumTotals(NetworkCost& nc, const hardware::Accelerator& acc) {
    nc.cycles = nc.energy_pj = nc.macs = 0;
    nc.unmapped = 0;
    for (const auto& r : nc.layers) {
        if (!r.mapped) {
            ++nc.unmapped;
            continue;
        }
        nc.cycles += r.cost.cycles;
        nc.energy_pj += r.cost.energyPj();
        nc.macs += r.cost.macs;
    }
    nc.area_um2 = hardware::areaUm2(acc);
}

} // namespace archscape::model
