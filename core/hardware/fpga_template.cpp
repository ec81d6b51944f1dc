#include "hardware/fpga_template.h"

namespace archscape::hardware {

namespace {
constexpr std::string_view kPeNames[] = {"dsp", "soft_logic"};
} // namespace

std::string_view toString(FpgaPe p) { return kPeNames[static_cast<int>(p)]; }

std::optional<FpgaPe> parseFpgaPe(std::string_view s) {
    for (int i = 0; i < 2; ++i)
        if (kPeNames[i] == s) return static_cast<FpgaPe>(i);
    return std::nullopt;
}

} // namespace archscape::hardware
