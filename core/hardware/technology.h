#pragma once
#include <cmath>

#include "hardware/accelerator.h"

namespace archscape::hardware {

/// A PE's MAC throughput as an exact ratio: `macs` MACs every `cycles` cycles (integers held in
/// doubles, so that compute cycles round up without floating-point error, e.g. for 1/3 MAC per cycle).
struct MacRate {
    double macs = 1;
    double cycles = 1;
    /// MACs per cycle.
    double perCycle() const { return macs / cycles; }
    /// Cycles to run `iterations` MACs on one PE, rounded up to whole cycles.
    double cyclesFor(double iterations) const { return std::ceil(iterations * cycles / macs); }
};

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
    double mac_model_pj = 0; ///< the same from the technology model (scales a mac_pj override per layer)
    double mac_area_um2 = 0; ///< one MAC unit
    double hop_pj = 0;       ///< one word delivered over the NoC
    MacRate mac_rate;        ///< one PE's MAC throughput at the accelerator's precisions
};

/// What a layer's own precision (workload::Layer::weight_precision / input_precision) changes in
/// the cost tables. Resolved per evaluation without allocation; equal to the tables' values when
/// the layer sets no precision.
struct LayerFormat {
    workload::PerOperand<Precision> precision; ///< effective precision per operand
    double mac_pj = 0;                         ///< one MAC at these precisions, PE mode included
    double hop_pj = 0;                         ///< one input word over the NoC
    MacRate mac_rate;                          ///< one PE's MAC throughput
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
/// MAC energy of the accelerator's PE mode (docs/model.md, "PE modes"): Fixed = macEnergyPj;
/// PrecisionScalable = macEnergyPj at the brick-rounded integer widths (the bricks actually used);
/// BitSerial = the same multiplier work plus one accumulator add per activation bit.
double macEnergyPj(const PeArray& pe, const Precision& weight, const Precision& input, const Precision& psum,
                   int node_nm);
/// Area of one MAC lane of the PE mode: Fixed = macAreaUm2 at the accelerator's precisions;
/// PrecisionScalable = a base_bits × base_bits integer multiplier; BitSerial = base_bits × 1.
double macAreaUm2(const Accelerator& acc);
/// One PE's MAC throughput: Fixed = macs_per_pe per cycle; PrecisionScalable = macs_per_pe·b² per
/// w'·a' cycles for integer operands, w' and a' the widths rounded up to a power of two ≥ 2 (Bit
/// Fusion's bricks); BitSerial = macs_per_pe per a cycles.
MacRate macRate(const PeArray& pe, const Precision& weight, const Precision& input);
/// The layer's effective precisions and what they change, from tables made by costTables(acc).
LayerFormat layerFormat(const workload::Layer& layer, const Accelerator& acc, const CostTables& tables);
/// The accelerator's own format (what layerFormat gives for a layer without its own precision).
LayerFormat acceleratorFormat(const Accelerator& acc, const CostTables& tables);

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
