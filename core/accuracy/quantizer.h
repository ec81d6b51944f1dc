#pragma once
#include <span>

#include "common/precision.h"

namespace archscape::accuracy {

/// How a tensor is quantized: the number format, and for integers the range mapping.
struct QuantScheme {
    Precision precision = Precision::integer(8);
    bool symmetric = true;    ///< integers: zero maps to 0 and the range is ±max|x| (else min..max)
    bool per_channel = false; ///< one scale per outer-dimension slice (output channel) instead of one per tensor
};

/// Uniform integer quantization q = clamp(round(x / scale) + zero_point, qmin, qmax).
struct AffineParams {
    double scale = 1.0;
    int zero_point = 0;
    int qmin = -127;
    int qmax = 127;
};

/// Parameters covering [lo, hi] with `bits` bits. Symmetric follows HAWQ's
/// symmetric_linear_quantization_params (narrow range ±(2^(b-1)−1), zero point 0); asymmetric
/// uses 0..2^b−1 over [min(lo,0), max(hi,0)] so that zero is exactly representable.
/// An all-zero range gives scale 1 so that nothing divides by zero.
AffineParams affineParams(double lo, double hi, int bits, bool symmetric);

/// Quantize-dequantize one value with round-half-to-even (PyTorch's torch.round).
double fakeQuantize(double x, const AffineParams& p);

/// Rounds to the nearest value of a floating-point format (round-half-to-even, subnormals kept).
/// Out-of-range values saturate to the largest finite value, as quantization casts do
/// (FP8 E4M3 has no infinity at all: OCP FP8 spec, max 448; E5M2 max 57344; FP16 65504).
/// FP32 returns the value rounded to float. NaN passes through.
double roundToFloat(double x, const Precision& p);

/// Quantize-dequantize a tensor in place. `channels` splits it into equal contiguous slices
/// (output channels first, as weights are stored); ignored unless scheme.per_channel.
/// Integer ranges come from the tensor's own min/max (weights).
void quantizeTensor(std::span<float> values, int channels, const QuantScheme& scheme);

/// Σ (Q(x) − x)² for the same quantization, without modifying the tensor (HAWQ's ‖Q(W) − W‖²).
double quantizationErrorSq(std::span<const float> values, int channels, const QuantScheme& scheme);

} // namespace archscape::accuracy
