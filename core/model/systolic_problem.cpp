#include "model/systolic_problem.h"

#include <algorithm>

namespace archscape::model {

namespace {

std::int64_t ceilDiv(std::int64_t a, std::int64_t b) { return (a + b - 1) / b; }

/// Ifmap positions along one axis covered by `out` windows of `taps` taps (spacing `dil`)
/// placed every `stride`, clipped to [0, size).
std::int64_t coveredPositions(std::int64_t size, std::int64_t out, std::int64_t taps, int stride, int dil) {
    const std::int64_t span = (taps - 1) * dil + 1;
    if (dil == 1 && stride <= span) return std::min(size, (out - 1) * stride + span);
    // Sparse windows (stride larger than the window, or dilated taps): count positions directly.
    // Bounded by the ifmap size, and only reached for unusual layers.
    std::int64_t n = 0;
    for (std::int64_t x = 0; x < size; ++x) {
        bool hit = false;
        for (std::int64_t t = 0; t < taps && !hit; ++t) {
            const std::int64_t off = x - t * dil;
            hit = off >= 0 && off % stride == 0 && off / stride < out;
        }
        n += hit;
    }
    return n;
}

} // namespace

std::int64_t SystolicProblem::touchedIfmapElements() const {
    return batch * channels * coveredPositions(ifmap_h, out_h, filter_h, stride_h, dilation_h) *
           coveredPositions(ifmap_w, out_w, filter_w, stride_w, dilation_w);
}

SystolicProblem scaleSimConvProblem(std::int64_t ifmap_h, std::int64_t ifmap_w, std::int64_t filter_h,
                                    std::int64_t filter_w, std::int64_t channels, std::int64_t filters, int stride_h,
                                    int stride_w) {
    SystolicProblem p;
    p.ifmap_h = ifmap_h;
    p.ifmap_w = ifmap_w;
    p.filter_h = filter_h;
    p.filter_w = filter_w;
    p.channels = channels;
    p.stride_h = stride_h;
    p.stride_w = stride_w;
    p.out_h = ceilDiv(ifmap_h - filter_h + stride_h, stride_h);
    p.out_w = ceilDiv(ifmap_w - filter_w + stride_w, stride_w);
    p.m = p.out_h * p.out_w;
    p.n = filters;
    p.k = filter_h * filter_w * channels;
    return p;
}

SystolicProblem scaleSimGemmProblem(std::int64_t m, std::int64_t n, std::int64_t k) {
    return scaleSimConvProblem(m, k, 1, k, 1, n, 1, 1);
}

SystolicProblem lowerToSystolic(const workload::Layer& layer) {
    using workload::Dim;
    const auto& b = layer.bounds;
    SystolicProblem p;
    p.batch = b[Dim::N];
    p.groups = b[Dim::G];
    p.channels = b[Dim::C];
    p.filter_h = b[Dim::R];
    p.filter_w = b[Dim::S];
    p.out_h = b[Dim::P];
    p.out_w = b[Dim::Q];
    p.stride_h = layer.stride_h;
    p.stride_w = layer.stride_w;
    p.dilation_h = layer.dilation_h;
    p.dilation_w = layer.dilation_w;
    p.ifmap_h = workload::windowExtent(p.out_h, p.filter_h, p.stride_h, p.dilation_h);
    p.ifmap_w = workload::windowExtent(p.out_w, p.filter_w, p.stride_w, p.dilation_w);
    p.m = p.batch * p.out_h * p.out_w;
    p.n = b[Dim::K];
    p.k = p.channels * p.filter_h * p.filter_w;
    return p;
}

} // namespace archscape::model
