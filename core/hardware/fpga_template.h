#pragma once
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string_view>

#include "hardware/bram_compute.h"
#include "hardware/fpga_device.h"

namespace archscape::hardware {

/// What the PE array's multipliers are built from.
enum class FpgaPe : std::uint8_t { Dsp, SoftLogic };
std::string_view toString(FpgaPe p);
std::optional<FpgaPe> parseFpgaPe(std::string_view s);

/// A tiled DNN accelerator on an FPGA (docs/templates.md, "FPGA template"), after Intel's DLA as
/// the BRAMAC paper uses it: every cycle the PE array multiplies qvec output columns × cvec input
/// channels × kvec output channels; weights sit in a filter cache and activations in a stream
/// buffer, both built from M20K blocks; the filter cache's blocks may also compute (bram_compute).
struct FpgaTemplate {
    FpgaDevice device;
    FpgaPe pe = FpgaPe::Dsp;
    int qvec = 1; ///< output columns (Q) per cycle
    int cvec = 1; ///< input channels (C) per cycle
    int kvec = 1; ///< output channels (K) per cycle
    BramCompute bram_compute = BramCompute::None;
    std::int64_t filter_cache_bytes = 0;  ///< weights on chip
    std::int64_t stream_buffer_bytes = 0; ///< input and output activations on chip
    std::int64_t control_alms = 0;        ///< ALMs of everything but soft-logic MACs (control, adders, I/O)

    /// MAC lanes of the PE array.
    std::int64_t lanes() const { return std::int64_t(qvec) * cvec * kvec; }
    /// Columns of the PE array an FPGA design shows (its rows are kvec): qvec·cvec, at most INT32_MAX.
    int peCols() const { return int(std::min<std::int64_t>(std::int64_t(qvec) * cvec, INT32_MAX)); }
    friend bool operator==(const FpgaTemplate&, const FpgaTemplate&) = default;
};

} // namespace archscape::hardware
