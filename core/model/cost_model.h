#pragma once
#include "hardware/accelerator.h"
#include "hardware/technology.h"
#include "mapping/mapping.h"
#include "model/layer_cost.h"
#include "workload/layer.h"

namespace archscape::model {

/// Data-centric cost of a MAC layer under a mapping (docs/model.md states every formula).
/// Pure and allocation-free; an invalid mapping returns a cost whose violation says why.
LayerCost evaluate(const workload::Layer& layer, const hardware::Accelerator& acc, const mapping::Mapping& m);

/// The same with the accelerator's cost tables resolved once by the caller (searches).
LayerCost evaluate(const workload::Layer& layer, const hardware::Accelerator& acc, const hardware::CostTables& tables,
                   const mapping::Mapping& m);

/// Cost of a memory-only operator (pooling, element-wise, softmax, normalisation): inputs stream
/// from DRAM through the innermost shared level to the PEs' vector units and outputs stream back.
LayerCost evaluateMemoryOnly(const workload::Layer& layer, const hardware::Accelerator& acc,
                             const hardware::CostTables& tables);

} // namespace archscape::model
