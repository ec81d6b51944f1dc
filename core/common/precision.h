#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace archscape {

/// A number format: integer (2..16 bits) or floating point (FP8 E4M3/E5M2, FP16, BF16, FP32).
struct Precision {
    bool is_float = false;
    int bits = 8;          ///< total storage bits
    int mantissa_bits = 0; ///< explicit mantissa bits (floats only)

    static constexpr Precision integer(int b) { return {false, b, 0}; }
    static constexpr Precision floating(int b, int m) { return {true, b, m}; }
    /// Width of the multiplier's significand input: integer bits, or mantissa + hidden bit.
    constexpr int significandBits() const { return is_float ? mantissa_bits + 1 : bits; }
    friend constexpr bool operator==(const Precision&, const Precision&) = default;
};

/// "int8", "fp16", "bf16", "fp8_e4m3", "fp8_e5m2", "fp32", "int2".."int16".
std::string toString(const Precision& p);
/// Parses the names above; nullopt for anything else (e.g. "int1", "fp12").
std::optional<Precision> parsePrecision(std::string_view s);

} // namespace archscape
