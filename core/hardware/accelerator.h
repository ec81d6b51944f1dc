#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/precision.h"
#include "hardware/fpga_template.h"
#include "hardware/memory_level.h"
#include "workload/layer.h"

namespace archscape::hardware {

/// How a PE's multiplier handles operand widths (docs/model.md, "PE modes").
/// Fixed: one MAC per lane per cycle at any width. PrecisionScalable: Bit Fusion (Sharma et al.,
/// ISCA 2018): a b×b-bit multiplier of 2-bit bricks fuses into b²/(w'·a') narrower MACs per cycle.
/// BitSerial: Stripes (Judd et al., MICRO 2016): weights bit-parallel, one activation bit per
/// cycle, so a MAC takes a cycles.
enum class PeMode : std::uint8_t { Fixed, PrecisionScalable, BitSerial };

/// Which engine evaluates the accelerator. Fpga: the tiled template of Accelerator::fpga on an FPGA
/// device (docs/templates.md). Butterfly: an adaptable butterfly engine whose PEs are butterfly
/// units reconfigured per layer (docs/templates.md, "Butterfly engine"). Lookup: a PQ accelerator
/// whose PEs encode inputs and accumulate table lookups (docs/templates.md, "PQ engine").
enum class AcceleratorKind : std::uint8_t { DataCentric, Systolic, Fpga, Butterfly, Lookup };
/// Every kind, in enum order (a new kind is added here and as one row of model::engineFor's table).
inline constexpr AcceleratorKind kAllAcceleratorKinds[] = {AcceleratorKind::DataCentric, AcceleratorKind::Systolic,
                                                           AcceleratorKind::Fpga, AcceleratorKind::Butterfly,
                                                           AcceleratorKind::Lookup};
/// SCALE-Sim's dataflows for systolic arrays.
enum class SystolicDataflow : std::uint8_t { OutputStationary, WeightStationary, InputStationary };

std::string_view toString(PeMode m);
std::optional<PeMode> parsePeMode(std::string_view s);
std::string_view toString(AcceleratorKind k);
std::optional<AcceleratorKind> parseAcceleratorKind(std::string_view s);
std::string_view toString(SystolicDataflow d);
std::optional<SystolicDataflow> parseSystolicDataflow(std::string_view s);

/// The processing-element array.
struct PeArray {
    int rows = 1;
    int cols = 1;
    int macs_per_pe = 1; ///< MACs per PE per cycle (vector lanes) at the lanes' full width
    PeMode mode = PeMode::Fixed;
    /// PrecisionScalable: b of the b×b-bit multiplier each lane is built from; BitSerial: width of
    /// the bit-parallel weight input. Unused by Fixed.
    int base_bits = 8;
    std::int64_t count() const { return std::int64_t(rows) * cols; }
};

/// The on-chip network that connects the lowest shared level to the PEs.
struct Noc {
    double bandwidth_words_per_cycle = 0.0; ///< 0 = unlimited
    bool multicast = true;                  ///< one read feeds every PE that needs the word
    bool reduction = true;                  ///< partial sums are added in the network
    std::optional<double> hop_energy_pj;    ///< per word delivered; unset = technology model
};

/// An accelerator: memory levels outermost (DRAM) first, a PE array, a NoC, precision.
struct Accelerator {
    std::string name;
    std::string description; ///< free text, e.g. the paper it follows
    AcceleratorKind kind = AcceleratorKind::DataCentric;
    SystolicDataflow systolic_dataflow = SystolicDataflow::OutputStationary; ///< systolic kind only
    std::vector<MemoryLevel> levels;                                         ///< [0] is the outermost (DRAM)
    PeArray pe;
    Noc noc;
    double clock_mhz = 1000.0;
    int tech_node_nm = 45;
    workload::PerOperand<Precision> precision =
        workload::PerOperand<Precision>::filled(Precision::integer(8)); ///< output = partial-sum precision
    std::optional<double> mac_energy_pj;                                ///< override of the technology model
    std::optional<double> mac_area_um2;                                 ///< override of the technology model
    FpgaTemplate fpga; ///< fpga kind only: the device and the template mapped onto it

    /// The precisions a layer runs at: its own weight/input precision where set, else this
    /// accelerator's; outputs (partial sums) always at this accelerator's.
    workload::PerOperand<Precision> precisionOf(const workload::Layer& layer) const {
        workload::PerOperand<Precision> p = precision;
        if (layer.weight_precision) p[workload::Operand::Weight] = *layer.weight_precision;
        if (layer.input_precision) p[workload::Operand::Input] = *layer.input_precision;
        return p;
    }

    int numLevels() const { return static_cast<int>(levels.size()); }
    /// Index of the outermost per-PE level: the array fan-out sits just above it.
    /// numLevels() when every level is shared.
    int fanoutLevel() const;
};

} // namespace archscape::hardware
