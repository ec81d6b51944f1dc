#include "model/evaluate_layer.h"

#include "model/cost_model.h"

namespace archscape::model {

LayerCost evaluateLayer(const workload::Layer& layer, const hardware::Accelerator& acc, const mapping::Mapping* m,
                        const SystolicOptions& systolic) {
    return evaluateLayer(layer, acc, hardware::costTables(acc), m, systolic);
}

LayerCost evaluateLayer(const workload::Layer& layer, const hardware::Accelerator& acc,
                        const hardware::CostTables& tables, const mapping::Mapping* m,
                        const SystolicOptions& systolic) {
    if (acc.kind == hardware::AcceleratorKind::Systolic) return evaluateSystolic(layer, acc, tables, systolic);
    if (!workload::hasMacs(layer.type)) return evaluateMemoryOnly(layer, acc, tables);
    if (m == nullptr) {
        LayerCost c;
        c.macs = double(layer.macs());
        c.violation = {mapping::Violation::Kind::LevelCount, -1, workload::Dim::N, double(acc.numLevels()), 0.0};
        return c;
    }
    return evaluate(layer, acc, tables, *m);
}

} // namespace archscape::model
