#pragma once
#include <array>
#include <cstdint>
#include <optional>

#include "hardware/accelerator.h"
#include "hardware/fpga_resource.h"

namespace archscape::hardware {

/// What an FPGA design (an accelerator of kind fpga) takes from its device, and where it goes
/// (docs/templates.md, "Resources"). Pure function of the accelerator: the DSP packing and the
/// buffers' word widths follow its precisions (the bitstream is built for them).
struct FpgaResources {
    std::array<std::int64_t, kNumFpgaResources> used{};      ///< by FpgaResource
    std::array<std::int64_t, kNumFpgaResources> available{}; ///< the device's
    std::int64_t filter_cache_brams = 0; ///< M20K blocks of the filter cache (the computing ones, if any)
    std::int64_t stream_buffer_brams = 0;
    std::int64_t mac_alms = 0; ///< ALMs of soft-logic MACs
    int products_per_dsp = 0;  ///< multiplies one DSP block does per cycle at these widths (0: none fit)
    int alms_per_mac = 0;      ///< soft-logic PEs only
    /// The core area the design's computing blocks add, in percent of the device's core: the mode's
    /// whole-device overhead (bramComputeCoreAreaPercent) × filter-cache blocks / device blocks.
    /// 0 without compute in BRAM; NaN when the mode's overhead is not known (M4BRAM).
    double cib_area_percent = 0;

    std::int64_t usedOf(FpgaResource r) const { return used[static_cast<std::size_t>(r)]; }
    std::int64_t availableOf(FpgaResource r) const { return available[static_cast<std::size_t>(r)]; }
    /// used / available (0 when the device has none of it and none is used).
    double utilization(FpgaResource r) const;
    /// The first resource the design uses more of than the device has.
    std::optional<FpgaResource> exceeded() const;
};

/// The utilisation of `r` by an accelerator in percent (100 · used / available); NaN for
/// accelerators not of kind fpga (they have no such resource).
double fpgaUtilizationPercent(const Accelerator& acc, FpgaResource r);

/// Multiplies of w×a-bit integers one Arria-10 DSP block does per cycle: two 18×19 multipliers for
/// operands up to 18 and 19 bits, each packing floor(18 / (w + a)) products when that is more than
/// one (the low-precision packing the BRAMAC study also assumes); one 27×27 up to 27 bits;
/// floating point: one single-precision MAC (the hardened FP32 unit). 0 when nothing fits.
int dspProductsPerBlock(const Precision& weight, const Precision& input);

/// ALMs of one soft-logic MAC: a w×a array multiplier of w·a adder cells plus an accumulator of the
/// partial-sum width, two adder bits per ALM (significand widths for floating point).
int softMacAlms(const Precision& weight, const Precision& input, const Precision& psum);

/// The resources of an accelerator of kind fpga (zeros for other kinds).
FpgaResources fpgaResources(const Accelerator& acc);

} // namespace archscape::hardware
