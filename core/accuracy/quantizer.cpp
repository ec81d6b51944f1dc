#include "accuracy/quantizer.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace archscape::accuracy {

AffineParams affineParams(double lo, double hi, int bits, bool symmetric) {
    AffineParams p;
    if (symmetric) {
        p.qmax = (1 << (bits - 1)) - 1;
        p.qmin = -p.qmax;
        const double m = std::max(std::abs(lo), std::abs(hi));
        p.scale = m > 0 ? m / p.qmax : 1.0;
        p.zero_point = 0;
    } else {
        p.qmin = 0;
        p.qmax = (1 << bits) - 1;
        const double a = std::min(lo, 0.0), b = std::max(hi, 0.0);
        p.scale = b > a ? (b - a) / p.qmax : 1.0;
        p.zero_point = std::clamp(static_cast<int>(std::nearbyint(-a / p.scale)), p.qmin, p.qmax);
    }
    return p;
}

double fakeQuantize(double x, const AffineParams& p) {
    const double q = std::clamp(std::nearbyint(x / p.scale) + p.zero_point, double(p.qmin), double(p.qmax));
    return (q - p.zero_point) * p.scale;
}

namespace {
double maxFinite(const Precision& p, int exp_bits) {
    const int bias = (1 << (exp_bits - 1)) - 1;
    // FP8 E4M3 uses the all-ones exponent for normals (only S.1111.111 is NaN): 1.75 · 2^8.
    if (p.bits == 8 && p.mantissa_bits == 3) return 448.0;
    const int emax = (1 << exp_bits) - 2 - bias; // IEEE-style: all-ones exponent is Inf/NaN
    return (2.0 - std::ldexp(1.0, -p.mantissa_bits)) * std::ldexp(1.0, emax);
}
} // namespace

double roundToFloat(double x, const Precision& p) {
    if (!p.is_float) return x;
    if (p.bits == 32) return static_cast<double>(static_cast<float>(x));
    if (std::isnan(x) || x == 0.0) return x;
    const int exp_bits = p.bits - 1 - p.mantissa_bits;
    const int bias = (1 << (exp_bits - 1)) - 1;
    const double a = std::abs(x);
    int e2 = 0;
    std::frexp(a, &e2);                       // a = f · 2^e2, f ∈ [0.5, 1)
    const int e = std::max(e2 - 1, 1 - bias); // below the normal range the quantum is fixed: subnormals
    const double quantum = std::ldexp(1.0, e - p.mantissa_bits);
    const double r = std::min(std::nearbyint(a / quantum) * quantum, maxFinite(p, exp_bits));
    return std::copysign(r, x);
}

namespace {
template <class Fn>
void forEachSlice(std::span<const float> v, int channels, const QuantScheme& s, Fn&& fn) {
    const int slices = s.per_channel && channels > 0 ? channels : 1;
    const std::size_t len = v.size() / slices;
    for (int c = 0; c < slices; ++c) {
        const std::size_t begin = c * len, end = c + 1 == slices ? v.size() : begin + len;
        AffineParams ap;
        if (!s.precision.is_float) {
            double lo = std::numeric_limits<double>::max(), hi = std::numeric_limits<double>::lowest();
            for (std::size_t i = begin; i < end; ++i) {
                lo = std::min(lo, double(v[i]));
                hi = std::max(hi, double(v[i]));
            }
            if (begin == end) lo = hi = 0;
            ap = affineParams(lo, hi, s.precision.bits, s.symmetric);
        }
        for (std::size_t i = begin; i < end; ++i)
            fn(i, s.precision.is_float ? roundToFloat(v[i], s.precision) : fakeQuantize(v[i], ap));
    }
}
} // namespace

void quantizeTensor(std::span<float> values, int channels, const QuantScheme& scheme) {
    forEachSlice(values, channels, scheme, [&](std::size_t i, double q) { values[i] = static_cast<float>(q); });
}

double quantizationErrorSq(std::span<const float> values, int channels, const QuantScheme& scheme) {
    double sum = 0;
    forEachSlice(values, channels, scheme, [&](std::size_t i, double q) {
        const double d = q - values[i];
        sum += d * d;
    });
    return sum;
}

} // namespace archscape::accuracy
