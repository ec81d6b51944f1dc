#pragma once
#include "hardware/accelerator.h"

namespace archscape::hardware {

/// Per-access energies and area of one memory level, after overrides are applied.
struct LevelCosts {
    double read_pj = 0;           ///< per access of block_words words
    double write_pj = 0;          ///< per access of block_words words
    double leak_pj_per_cycle = 0; ///< per instance
    double area_um2 = 0;          ///< per instance
};

/// Everything the cost model needs from the technology, resolved once per accelerator
/// so that evaluate() does no transcendental maths in a search's inner loop.
struct CostTables {
    static constexpr int kMaxLevels = 8;
    LevelCosts level[kMaxLevels];
    double mac_pj = 0;       ///< one MAC at the accelerator's precisions
    double mac_area_um2 = 0; ///< one MAC unit
    double hop_pj = 0;       ///< one word delivered over the NoC
};

/// Energy scale of a node relative to 45 nm: (node/45)^1 (first-order CV^2 scaling).
double energyScale(int node_nm);
/// Area scale of a node relative to 45 nm: (node/45)^2.
double areaScale(int node_nm);

/// MAC energy from Horowitz (ISSCC 2014, 45 nm): multiplier ∝ product of significand widths,
/// adder ∝ accumulator width; floats fitted through his FP16 and FP32 points.
double macEnergyPj(const Precision& weight, const Precision& input, const Precision& psum, int node_nm);
/// MAC area from the same table (µm²).
double macAreaUm2(const Precision& weight, const Precision& input, const Precision& psum, int node_nm);
/// Technology-model costs of a level (ignoring overrides).
LevelCosts modelLevelCosts(const MemoryLevel& level, int node_nm);
/// Energy of delivering one word of `bits` over the array NoC.
double hopEnergyPj(int bits, int node_nm);

/// Resolves every cost of the accelerator, overrides first, then the technology model.
CostTables costTables(const Accelerator& acc);

/// Area of the accelerator in µm²: PEs × MAC area + Σ storage + NoC (DRAM is off-chip: 0).
double areaUm2(const Accelerator& acc);
/// Breakdown of area(): MACs, on-chip storage, NoC (µm²).
struct AreaBreakdown {
    double mac_um2 = 0;
    double storage_um2 = 0;
    double noc_um2 = 0;
    double total() const { return mac_um2 + storage_um2 + noc_um2; }
};
AreaBreakdown areaBreakdown(const Accelerator& acc);

} // namespace archscape::hardware
