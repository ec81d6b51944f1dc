#include "model/evaluate_layer.h"

#include "model/engine.h"

namespace archscape::model {

LayerCost evaluateLayer(const workload::Layer& layer, const hardware::Accelerator& acc, const mapping::Mapping* m,
                        const SystolicOptions& systolic) {
    return evaluateLayer(layer, acc, hardware::costTables(acc), m, systolic);
}

LayerCost evaluateLayer(const workload::Layer& layer, const hardware::Accelerator& acc,
                        const hardware::CostTables& tables, const mapping::Mapping* m,
                        const SystolicOptions& systolic) {
    if (!runsLayer(layer, acc)) {
        LayerCost c;
        c.macs = double(layer.macs());
        c.violation = {mapping::Violation::Kind::LayerKind, -1, workload::Dim::N, double(int(layer.type)),
                       double(int(acc.kind))};
        return c;
    }
    if (needsMapping(layer, acc) && m == nullptr) {
        LayerCost c;
        c.macs = double(layer.macs());
        c.violation = {mapping::Violation::Kind::LevelCount, -1, workload::Dim::N, double(acc.numLevels()), 0.0};
        return c;
    }
    return engineFor(acc.kind).evaluate(layer, acc, tables, m, systolic);
}

std::vector<LayerResult> evaluateLayers(const workload::Network& net, const hardware::Accelerator& acc,
                                        const MappingChooser& choose, const SystolicOptions& systolic) {
    std::vector<LayerResult> layers(net.layers.size());
    const hardware::CostTables tables = hardware::costTables(acc);
    for (const auto& shape : net.uniqueShapes()) {
        const workload::Layer& layer = net.layers[shape.representative];
        LayerResult r;
        if (!runsLayer(layer, acc)) {
            r.cost = evaluateLayer(layer, acc, tables, nullptr, systolic); // refused, with the reason
        } else if (auto report = systolicLayerReport(layer, acc, tables, systolic)) {
            // The report is kept for the views (the array's folds are the systolic mapping).
            r.cost = toLayerCost(*report, acc, tables, hardware::layerFormat(layer, acc, tables));
            r.systolic = std::move(report);
            r.mapped = r.cost.valid();
        } else if (!needsMapping(layer, acc)) {
            r.cost = evaluateLayer(layer, acc, tables, nullptr, systolic);
            r.mapped = r.cost.valid();
        } else if (auto m = choose(layer)) {
            r.mapping = *m;
            r.cost = evaluateLayer(layer, acc, tables, &r.mapping, systolic);
            r.mapped = r.cost.valid();
        }
        for (int idx : shape.members) {
            layers[idx] = r;
            layers[idx].layer = idx;
        }
    }
    return layers;
}

} // namespace archscape::model
