#pragma once
#include "hardware/accelerator.h"
#include "workload/dim.h"

namespace archscape::model {

/// How a systolic accelerator's memory levels play SCALE-Sim's three SRAMs (docs/systolic.md).
///
/// Level 0 is DRAM. Each operand's SRAM is the innermost shared (not per-PE) level below DRAM that
/// keeps it (`keeps`): weights → SCALE-Sim's filter SRAM, inputs → ifmap SRAM, outputs → ofmap SRAM.
/// A level chosen by several operands is split equally among them. An operand that no on-chip
/// level keeps streams straight from DRAM (SRAM size 0: every access is a DRAM access).
/// SRAM sizes are counted in elements of the operand's precision (SCALE-Sim: 1-byte words).
struct SystolicMemory {
    workload::PerOperand<int> level = workload::PerOperand<int>::filled(0); ///< SRAM level per operand (0 = none)
    workload::PerOperand<double> sram_elements{};                           ///< SRAM capacity per operand, in elements
    /// DRAM bandwidth per buffer in elements per cycle; 0 = SCALE-Sim's CALC mode (estimate the
    /// bandwidth, never stall on reads), > 0 = USER mode (each buffer gets this bandwidth).
    workload::PerOperand<double> dram_elements_per_cycle{};
    bool user_bandwidth = false; ///< true when level 0 has a bandwidth (USER mode)
};

/// Resolves the operand → level mapping and the sizes above.
SystolicMemory systolicMemory(const hardware::Accelerator& acc);
/// The same with elements counted at a layer's effective precision (Accelerator::precisionOf).
SystolicMemory systolicMemory(const hardware::Accelerator& acc, const workload::PerOperand<Precision>& precision);

} // namespace archscape::model
