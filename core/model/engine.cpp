#include "model/engine.h"

#include <iterator>

#include "model/butterfly_model.h"
#include "model/cost_model.h"
#include "model/fpga_model.h"
#include "model/lookup_model.h"

namespace archscape::model {

namespace {

using hardware::AcceleratorKind;

LayerCost evaluateDataCentric(const workload::Layer& layer, const hardware::Accelerator& acc,
                              const hardware::CostTables& tables, const mapping::Mapping* m, const SystolicOptions&) {
    if (!workload::hasMacs(layer.type)) return evaluateMemoryOnly(layer, acc, tables);
    return evaluate(layer, acc, tables, *m);
}

LayerCost evaluateSystolicArray(const workload::Layer& layer, const hardware::Accelerator& acc,
                                const hardware::CostTables& tables, const mapping::Mapping*,
                                const SystolicOptions& systolic) {
    return evaluateSystolic(layer, acc, tables, systolic);
}

LayerCost evaluateFpgaTemplate(const workload::Layer& layer, const hardware::Accelerator& acc,
                               const hardware::CostTables& tables, const mapping::Mapping*, const SystolicOptions&) {
    return evaluateFpga(layer, acc, tables);
}

LayerCost evaluateButterflyEngine(const workload::Layer& layer, const hardware::Accelerator& acc,
                                  const hardware::CostTables& tables, const mapping::Mapping*, const SystolicOptions&) {
    return evaluateButterfly(layer, acc, tables);
}

LayerCost evaluateLookupEngine(const workload::Layer& layer, const hardware::Accelerator& acc,
                               const hardware::CostTables& tables, const mapping::Mapping*, const SystolicOptions&) {
    return evaluateLookup(layer, acc, tables);
}

bool noStructured(workload::LayerType) { return false; }
bool pqOnly(workload::LayerType t) { return t == workload::LayerType::ProductQuantized; }
bool butterflyOnly(workload::LayerType t) { return t == workload::LayerType::Butterfly; }

// One row per kind, in enum order.
constexpr Engine kEngines[] = {
    {AcceleratorKind::DataCentric, "data-centric", true, &noStructured, &evaluateDataCentric},
    {AcceleratorKind::Systolic, "systolic", false, &noStructured, &evaluateSystolicArray},
    {AcceleratorKind::Fpga, "fpga", false, &noStructured, &evaluateFpgaTemplate},
    {AcceleratorKind::Butterfly, "butterfly", false, &butterflyOnly, &evaluateButterflyEngine},
    {AcceleratorKind::Lookup, "lookup", false, &pqOnly, &evaluateLookupEngine},
};
static_assert(std::size(kEngines) == std::size(hardware::kAllAcceleratorKinds),
              "every accelerator kind needs a row in the engine table");

constexpr bool rowsInKindOrder() {
    for (std::size_t i = 0; i < std::size(kEngines); ++i)
        if (kEngines[i].kind != hardware::kAllAcceleratorKinds[i] || static_cast<std::size_t>(kEngines[i].kind) != i)
            return false;
    return true;
}
static_assert(rowsInKindOrder(), "engine rows must follow hardware::AcceleratorKind order");

} // namespace

const Engine& engineFor(hardware::AcceleratorKind kind) { return kEngines[static_cast<std::size_t>(kind)]; }

std::span<const Engine> engines() { return kEngines; }

bool needsMapping(const workload::Layer& layer, const hardware::Accelerator& acc) {
    return workload::hasMacs(layer.type) && engineFor(acc.kind).needs_mapping;
}

bool runsLayer(const workload::Layer& layer, const hardware::Accelerator& acc) {
    return !workload::isStructured(layer.type) || engineFor(acc.kind).runs_structured(layer.type);
}

} // namespace archscape::model
