#include "common/precision.h"

#include <charconv>

namespace archscape {

std::string toString(const Precision& p) {
    if (!p.is_float) return "int" + std::to_string(p.bits);
    if (p.bits == 8) return p.mantissa_bits == 3 ? "fp8_e4m3" : "fp8_e5m2";
    if (p.bits == 16) return p.mantissa_bits == 7 ? "bf16" : "fp16";
    return "fp32";
}

std::optional<Precision> parsePrecision(std::string_view s) {
    if (s == "fp32") return Precision::floating(32, 23);
    if (s == "fp16") return Precision::floating(16, 10);
    if (s == "bf16") return Precision::floating(16, 7);
    if (s == "fp8_e4m3") return Precision::floating(8, 3);
    if (s == "fp8_e5m2") return Precision::floating(8, 2);
    if (s.size() > 3 && s.substr(0, 3) == "int") {
        int bits = 0;
        const auto rest = s.substr(3);
        const auto [ptr, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), bits);
        if (ec == std::errc{} && ptr == rest.data() + rest.size() && bits >= 2 && bits <= 16)
            return Precision::integer(bits);
    }
    return std::nullopt;
}

} // namespace archscape
