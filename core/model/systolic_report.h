#pragma once
#include <cstdint>

#include "hardware/accelerator.h"
#include "workload/dim.h"

namespace archscape::model {

/// One stream of SCALE-Sim's DETAILED_ACCESS_REPORT: first and last cycle, and how many accesses.
struct AccessWindow {
    double start_cycle = 0;
    double stop_cycle = 0;
    double count = 0; ///< elements (SCALE-Sim: 1-byte words)
    /// count / (stop − start + 1): SCALE-Sim's average DRAM bandwidth (0 for an empty window).
    double averageBandwidth() const { return count > 0 ? count / (stop_cycle - start_cycle + 1) : 0.0; }
};

/// Everything SCALE-Sim v2 reports for one layer (one group of a grouped layer: SCALE-Sim runs a
/// depthwise layer as separate per-channel layers), with its exact definitions
/// (shared/reference/scalesim-v2.md, docs/systolic.md). Operands use Archscape's names:
/// Input = SCALE-Sim's ifmap, Weight = filter, Output = ofmap.
struct SystolicReport {
    hardware::SystolicDataflow dataflow = hardware::SystolicDataflow::OutputStationary;
    int rows = 1;                     ///< R (ArrayHeight)
    int cols = 1;                     ///< C (ArrayWidth)
    std::int64_t m = 1, n = 1, k = 1; ///< the GEMM of one group
    std::int64_t groups = 1;          ///< groups run one after another; every figure below is per group

    std::int64_t sr = 1;             ///< operand dimension mapped on the array rows
    std::int64_t sc = 1;             ///< operand dimension mapped on the array columns
    std::int64_t t = 1;              ///< temporal dimension
    std::int64_t row_folds = 1;      ///< Rf = ceil(Sr / R)
    std::int64_t col_folds = 1;      ///< Cf = ceil(Sc / C)
    std::int64_t lines_per_fold = 1; ///< L: T+R+C−2 (os) or 2R+C+T−2 (ws, is)

    double compute_cycles = 0; ///< Rf·Cf·L − 1: SCALE-Sim's total cycles without stalls
    double stall_cycles = 0;   ///< 0 in CALC mode
    double total_cycles = 0;   ///< compute_cycles + stall_cycles ("Total Cycles")
    double mapping_efficiency_pct = 0;
    double compute_util_pct = 0;
    double overall_util_pct = 0;

    workload::PerOperand<AccessWindow> sram;            ///< ifmap/filter reads, ofmap writes (ofmap OS quirk included)
    workload::PerOperand<AccessWindow> dram;            ///< ifmap/filter reads, ofmap writes
    workload::PerOperand<double> peak_sram_bandwidth{}; ///< most elements of one demand line (per cycle)
    /// Off-chip elements per cycle that would run the layer without stalls: DRAM traffic / compute cycles.
    double dram_bandwidth_needed = 0;
    bool user_bandwidth = false; ///< USER mode (stalls simulated) rather than CALC mode
    bool exact_memory = false;   ///< DRAM figures from the exact CALC replay, not the closed form

    /// Average SRAM bandwidth of an operand: count / total cycles (SCALE-Sim's BANDWIDTH_REPORT).
    double averageSramBandwidth(workload::Operand o) const {
        return total_cycles > 0 ? sram[o].count / total_cycles : 0.0;
    }
};

} // namespace archscape::model
