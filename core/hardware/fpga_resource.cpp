#include "hardware/fpga_resource.h"

namespace archscape::hardware {

namespace {
constexpr std::string_view kNames[] = {"DSP blocks", "M20K blocks", "ALMs"};
constexpr std::string_view kKeys[] = {"dsp", "bram", "alm"};
} // namespace

std::string_view toString(FpgaResource r) { return kNames[static_cast<int>(r)]; }
std::string_view keyOf(FpgaResource r) { return kKeys[static_cast<int>(r)]; }

} // namespace archscape::hardware
