#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace archscape::hardware {

/// A countable resource of an FPGA device that a design uses up.
enum class FpgaResource : std::uint8_t { Dsp, Bram, Alm };
/// Every resource, in enum order.
inline constexpr FpgaResource kAllFpgaResources[] = {FpgaResource::Dsp, FpgaResource::Bram, FpgaResource::Alm};
inline constexpr std::size_t kNumFpgaResources = 3;

/// "DSP blocks", "M20K blocks", "ALMs" (for messages).
std::string_view toString(FpgaResource r);
/// "dsp", "bram", "alm" (JSON keys and metric names).
std::string_view keyOf(FpgaResource r);

} // namespace archscape::hardware
