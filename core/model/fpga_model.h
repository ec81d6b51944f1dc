#pragma once
#include "hardware/accelerator.h"
#include "hardware/technology.h"
#include "model/layer_cost.h"
#include "workload/layer.h"

namespace archscape::model {

/// How an FPGA template runs one MAC layer (docs/templates.md, "FPGA template"): the K output
/// channels split between the PE array and the computing filter-cache blocks.
struct FpgaSplit {
    std::int64_t pe_channels = 0;   ///< output channels on the PE array (DSP or soft logic)
    std::int64_t bram_channels = 0; ///< output channels on the compute-in-BRAM blocks
    double pe_cycles = 0;           ///< the PE array's cycles for its share (port stalls included)
    double bram_cycles = 0;         ///< the BRAM blocks' cycles for theirs
    double peak_macs_per_cycle = 0; ///< PE lanes + every computing block's peak at the layer's widths
};

/// The split of a MAC layer between the PE array and the computing blocks that finishes first.
/// Requires acc.kind == Fpga.
FpgaSplit fpgaSplit(const workload::Layer& layer, const hardware::Accelerator& acc);

/// Cost of one layer on an FPGA template: resource check first (a design larger than its device is
/// refused with Violation::Kind::Resource naming the resource), then compute cycles from the split,
/// DRAM traffic from the buffers' capacities, and the roofline of the two. Memory-only layers
/// stream through the PE lanes (model::evaluateMemoryOnly). Pure and allocation-free.
LayerCost evaluateFpga(const workload::Layer& layer, const hardware::Accelerator& acc,
                       const hardware::CostTables& tables);

} // namespace archscape::model
