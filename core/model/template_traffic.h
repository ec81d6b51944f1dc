#pragma once
#include "common/precision.h"
#include "hardware/accelerator.h"
#include "hardware/technology.h"
#include "model/layer_cost.h"
#include "workload/layer.h"

namespace archscape::model {

/// The memory side shared by the fixed-dataflow template engines (lookup, butterfly): DRAM
/// (level 0) moves `dram_weights` weight-precision elements (weights, or PQ tables and centroids),
/// the layer's inputs and its outputs once; level 1, when the accelerator has one, carries
/// `buffer`'s traffic. Fills both levels' words, transfer cycles and energy (reads at the read
/// energy, the rest at the write energy, per block access), then sets cycles = max(compute_cycles,
/// each level's transfer cycles), the bound and the levels' energies. Expects c.compute_cycles and
/// c.num_levels set. Pure and allocation-free.
void chargeTemplateLevels(LayerCost& c, const workload::Layer& layer, double dram_weights, const LevelStats& buffer,
                          const hardware::Accelerator& acc, const hardware::CostTables& tables,
                          const PerOperand<Precision>& precision);

} // namespace archscape::model
