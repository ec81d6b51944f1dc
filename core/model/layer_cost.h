#pragma once
#include <array>
#include <cstdint>
#include <string_view>

#include "mapping/mapping.h"
#include "mapping/violation.h"
#include "workload/dim.h"

namespace archscape::model {

using workload::Operand;
using workload::PerOperand;

/// What set a layer's cycle count.
enum class Bound : std::uint8_t { Compute, Memory, Noc };
std::string_view toString(Bound b);

/// Accesses and timing of one memory level. Counts are in tensor elements per instance.
struct LevelStats {
    PerOperand<double> reads{};   ///< elements read to serve the child (or the MACs)
    PerOperand<double> fills{};   ///< elements written from the parent
    PerOperand<double> updates{}; ///< partial sums written by the child (outputs only)
    PerOperand<double> tile{};    ///< elements of each operand resident (0 when bypassed)
    double occupancy_bits = 0;    ///< bits resident (x2 when double-buffered)
    double capacity_bits = 0;     ///< 0 = unbounded
    double instances = 1;         ///< instances in use (PEs for per-PE levels)
    double words = 0;             ///< words moved through this level's port, per instance
    double transfer_cycles = 0;   ///< words / bandwidth (0 when unlimited)
    /// Cycles this level adds to the layer beyond the overlapped term (LayerCost::overlap_cycles):
    /// the whole transfer time of a port that is not double-buffered, a systolic array's DRAM stall;
    /// 0 when the level's traffic hides behind compute.
    double stall_cycles = 0;
    double energy_pj = 0;  ///< dynamic energy, all instances
    double leakage_pj = 0; ///< leakage over the layer, all instances
};

/// Energy by component (pJ).
struct EnergyBreakdown {
    double mac_pj = 0;
    std::array<double, mapping::kMaxLevels> level_pj{}; ///< dynamic energy per level
    double noc_pj = 0;
    double leakage_pj = 0;
    double total() const {
        double t = mac_pj + noc_pj + leakage_pj;
        for (double e : level_pj) t += e;
        return t;
    }
};

/// The cost of one layer under one mapping. Plain data, no allocation.
struct LayerCost {
    mapping::Violation violation; ///< kind None when the mapping is valid
    double macs = 0;              ///< actual MACs of the layer
    double cycles = 0;            ///< total latency
    double compute_cycles = 0;    ///< temporal iterations of the PE array (padding included)
    double startup_cycles = 0;    ///< pipeline fill and drain added to the roofline
    /// The overlapped term of the runtime: the largest of compute, every double-buffered level's
    /// transfer cycles and the NoC's (the binding one is `bound`). The cycle count is its sum with
    /// the rest: cycles == overlap_cycles + startup_cycles + Σ levels[i].stall_cycles (cycleTerms).
    /// Systolic arrays: the folds' steady streaming, startup_cycles their skewed fill and drain.
    double overlap_cycles = 0;
    Bound bound = Bound::Compute;
    int bound_level = -1;   ///< the binding level when bound == Memory
    double utilization = 0; ///< macs / (compute_cycles x PEs x MACs per PE)
    double pes_used = 0;    ///< spatial product
    EnergyBreakdown energy;
    int num_levels = 0;
    std::array<LevelStats, mapping::kMaxLevels> levels{};
    double noc_words = 0;           ///< words injected at the fan-out (multicast counted once)
    double noc_delivered_words = 0; ///< words received by PEs (multicast counted per destination)
    double noc_cycles = 0;
    double noc_bandwidth_words_per_cycle = 0; ///< needed to keep up with compute

    bool valid() const { return !violation; }
    double energyPj() const { return energy.total(); }
};

} // namespace archscape::model
