#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace archscape::model {

/// Buffer accesses and size requirements of one tensor, in elements, as MAESTRO reports them.
struct MaestroTensorStats {
    std::int64_t l1_read = 0, l1_write = 0; ///< downstream (PE-side) accesses at the top level
    std::int64_t l2_read = 0, l2_write = 0; ///< upstream (shared buffer) accesses at the top level
    std::int64_t l1_size = 0;               ///< 2 x the innermost level's mapped volume
    std::int64_t l2_size = 0;               ///< 2 x the top level's first-step traffic
    /// l1_read / l1_write (MAESTRO's reuse factor); 0 when nothing is written.
    double reuseFactor() const { return l1_write ? double(l1_read) / double(l1_write) : 0.0; }
};

/// Minimum, maximum and occurrence-weighted average of a per-step delay over the top-level cases.
struct MaestroDelay {
    std::int64_t min = 0, max = 0;
    double avg = 0;
};

/// Everything MAESTRO computes for one layer (shared/reference/maestro.md §6–§9), quirks included.
/// Counts are exact integers, as MAESTRO prints them.
struct MaestroResult {
    bool ok = false;
    std::string error;         ///< why MAESTRO cannot analyse the layer (it would exit or crash)
    std::int64_t num_pes = 0;  ///< PEs in use: U·⌊P/U⌋ for clusters of U PEs
    std::int64_t num_macs = 0; ///< MAESTRO's "Num MACs" (from its case analysis)
    std::int64_t runtime = 0;  ///< cycles
    enum Tensor { Input = 0, Weight = 1, Output = 2 };
    std::array<MaestroTensorStats, 3> tensors{}; ///< input, filter (weight), output
    std::int64_t peak_noc_bw = 0; ///< elements/cycle: max over steps of ⌊max(ingress, egress)/compute⌋
    double avg_noc_bw = 0;        ///< Σ ⌊occ·max(ingress, egress)/compute⌋ / Σ occ
    std::int64_t offchip_bw = 0;  ///< MAESTRO's running, halved off-chip requirement
    MaestroDelay ingress, egress, compute;
    double avg_utilized_pes = 0;
    double arithmetic_intensity = 0;              ///< MACs / ingress of the last case analysed
    std::int64_t input_size = 0, weight_size = 0; ///< "Num Total Input/Weight Pixels"

    std::int64_t l1SizeTotal() const { return tensors[0].l1_size + tensors[1].l1_size + tensors[2].l1_size; }
    std::int64_t l2SizeTotal() const { return tensors[0].l2_size + tensors[1].l2_size + tensors[2].l2_size; }
    /// MAESTRO's screen total energy in MAC units: 18.61·Σ L2 + 1.68·Σ L1 accesses + MACs.
    double energyMacUnits() const;
    /// Throughput in MACs per cycle.
    double throughput() const { return runtime ? double(num_macs) / double(runtime) : 0.0; }
};

/// MAESTRO's energy constants (BASE_constants.hpp): one L1 or L2 access in MAC energies, and
/// the nJ of one MAC energy unit its CSV uses.
inline constexpr double kMaestroL1Energy = 1.68;
inline constexpr double kMaestroL2Energy = 18.61;
inline constexpr double kMaestroMacEnergyNj = 0.00023;

inline double MaestroResult::energyMacUnits() const {
    double l1 = 0, l2 = 0;
    for (const auto& t : tensors) {
        l1 += double(t.l1_read + t.l1_write);
        l2 += double(t.l2_read + t.l2_write);
    }
    return kMaestroL2Energy * l2 + kMaestroL1Energy * l1 + double(num_macs);
}

} // namespace archscape::model
