#pragma once
#include "hardware/accelerator.h"
#include "model/network_cost.h"
#include "model/systolic_model.h"
#include "workload/network.h"

namespace archscape::schedule {

/// Evaluates every layer (model::evaluateLayers: each distinct shape once, mappings from `choose`)
/// and runs them one after another (sequentialSchedule). Layers that need no mapping (memory-only
/// ones, systolic accelerators) do not consult `choose`.
model::NetworkCost evaluateNetwork(const workload::Network& net, const hardware::Accelerator& acc,
                                   const model::MappingChooser& choose, const model::SystolicOptions& systolic = {});

} // namespace archscape::schedule
