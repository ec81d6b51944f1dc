#pragma once
#include "hardware/accelerator.h"
#include "hardware/technology.h"
#include "model/layer_cost.h"
#include "workload/layer.h"

namespace archscape::model {

/// Cost of one layer on an adaptable butterfly engine (accelerator kind butterfly; docs/templates.md,
/// "Butterfly engine", after the FABNet accelerator, arXiv 2209.09570): its PE array's units
/// compute pe.macs_per_pe MACs a cycle each, and are reconfigured per layer, one configuration
/// cycle per butterfly stage (the stride pattern of the 2×2 blocks) or one cycle to switch to
/// dense mode. A butterfly layer runs stage by stage: ceil(blocks of a stage / blocks a cycle)
/// cycles each, blocks a cycle = floor(units · macs_per_pe / 4). Dense MAC layers run as 2×2 tiles
/// at units · macs_per_pe MACs a cycle; memory-only layers stream (model::evaluateMemoryOnly).
/// DRAM (level 0) moves weights, inputs and outputs once; level 1, when present, is the butterfly
/// buffer every stage reads and writes. Pure and allocation-free.
LayerCost evaluateButterfly(const workload::Layer& layer, const hardware::Accelerator& acc,
                            const hardware::CostTables& tables);

/// Blocks a cycle of a butterfly engine: floor(pe count · macs_per_pe / 4), at least 1.
std::int64_t butterflyBlocksPerCycle(const hardware::Accelerator& acc);

} // namespace archscape::model
