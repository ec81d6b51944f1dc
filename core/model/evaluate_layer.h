#pragma once
#include "hardware/accelerator.h"
#include "hardware/technology.h"
#include "mapping/mapping.h"
#include "model/layer_cost.h"
#include "model/network_cost.h"
#include "model/systolic_model.h"
#include "workload/layer.h"
#include "workload/network.h"

namespace archscape::model {

/// The one entry point that picks the engine by the accelerator's kind (model::engineFor): systolic
/// accelerators go to evaluateSystolic (SCALE-Sim semantics, no mapping needed: the dataflow fixes
/// it); data-centric ones to the data-centric evaluate, which needs a mapping. A MAC layer without
/// the mapping its engine needs returns a cost whose violation is LevelCount (need = the
/// accelerator's levels, have = 0). Memory-only layers never need a mapping.
LayerCost evaluateLayer(const workload::Layer& layer, const hardware::Accelerator& acc, const mapping::Mapping* m,
                        const SystolicOptions& systolic = {});

/// The same with the cost tables resolved once by the caller.
LayerCost evaluateLayer(const workload::Layer& layer, const hardware::Accelerator& acc,
                        const hardware::CostTables& tables, const mapping::Mapping* m,
                        const SystolicOptions& systolic = {});

/// Every layer's result, each distinct shape evaluated once (in network order; totals are the
/// schedule's: schedule::evaluateNetwork). Layers that need no mapping (memory-only ones, engines
/// whose dataflow fixes it) do not consult `choose`; a layer `choose` finds no mapping for stays
/// unmapped.
std::vector<LayerResult> evaluateLayers(const workload::Network& net, const hardware::Accelerator& acc,
                                        const MappingChooser& choose, const SystolicOptions& systolic = {});

} // namespace archscape::model
