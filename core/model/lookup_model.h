#pragma once
#include "hardware/accelerator.h"
#include "hardware/technology.h"
#include "model/layer_cost.h"
#include "workload/layer.h"

namespace archscape::model {

/// Cost of one layer on a PQ (lookup) accelerator (accelerator kind lookup; docs/templates.md, "PQ
/// engine", after arXiv 2305.18334): its PEs do pe.macs_per_pe operations a cycle each, an encode
/// MAC (distance to a centroid) or a table read with its add. A PQ layer takes
/// ceil(encode MACs / lanes) + ceil(lookups / lanes) cycles. Level 1, the table buffer, must hold
/// the layer's tables and centroids (else Violation::Kind::Capacity at level 1); it serves the
/// lookups and the centroid reads. DRAM moves tables, centroids, inputs and outputs once. Dense MAC
/// layers run at lanes MACs a cycle; memory-only layers stream (model::evaluateMemoryOnly).
LayerCost evaluateLookup(const workload::Layer& layer, const hardware::Accelerator& acc,
                         const hardware::CostTables& tables);

} // namespace archscape::model
