#pragma once
#include "hardware/accelerator.h"
#include "hardware/technology.h"
#include "mapping/mapping.h"
#include "model/layer_cost.h"
#include "model/systolic_model.h"
#include "workload/layer.h"

namespace archscape::model {

/// The one entry point that picks the engine by the accelerator's kind: systolic accelerators go
/// to evaluateSystolic (SCALE-Sim semantics, no mapping needed: the dataflow fixes it); the others
/// to the data-centric evaluate, which needs a mapping. A data-centric MAC layer without a mapping
/// returns a cost whose violation is LevelCount (need = the accelerator's levels, have = 0).
/// Memory-only layers never need a mapping.
LayerCost evaluateLayer(const workload::Layer& layer, const hardware::Accelerator& acc, const mapping::Mapping* m,
                        const SystolicOptions& systolic = {});

/// The same with the cost tables resolved once by the caller.
LayerCost evaluateLayer(const workload::Layer& layer, const hardware::Accelerator& acc,
                        const hardware::CostTables& tables, const mapping::Mapping* m,
                        const SystolicOptions& systolic = {});

} // namespace archscape::model
