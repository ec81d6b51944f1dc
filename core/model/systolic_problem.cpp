#include "model/systolic_problem.h"

#include <algorithm>

namespace archscape::model {

namespace {

std::int64_t ceilDiv(std::int64_t a, std::int64_t b) { return (a + b - 1) / b; }

/// Ifmap positions along one axis covered by `out` windows of `taps` taps (spacing `dil`)
/// placed every `stride`, clipped to [0, size).
std::int64_t coveredPositions(std::int64_t size, std::int64_t out, std::int64_t taps, int stride, int dil) {
    const std::int64_t span = (taps - 1) * dil + 1;
    if (size <= 0 || out <= 0) return 0;
    if (dil == 1 && stride <= span) return std::min(size, (out - 1) * stride + span);
    if (dil == 1) {
        // Disjoint windows: the complete ones, plus the part of the first one cut by the edge.
        const std::int64_t complete = size >= taps ? std::min(out, (size - taps) / stride + 1) : 0;
        const std::int64_t cut = (complete < out && complete * stride < size) ? size - complete * stride : 0;
        return complete * taps + cut;
    }
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

namespace {

/// Ifmap columns under windows lo..hi of one output row (hi >= lo), clipped to the ifmap.
std::int64_t windowColumns(const SystolicProblem& p, std::int64_t lo, std::int64_t hi) {
    const std::int64_t start = lo * p.stride_w;
    if (start >= p.ifmap_w) return 0;
    return coveredPositions(p.ifmap_w - start, hi - lo + 1, p.filter_w, p.stride_w, 1);
}

/// windowUnion inside one image, pixels [q0, q1) with 0 <= q0 < q1 <= out_h·out_w, per channel.
std::int64_t imageWindowUnion(const SystolicProblem& p, std::int64_t q0, std::int64_t q1) {
    const std::int64_t F = p.out_w, a0 = q0 / F, b0 = q0 % F, a1 = (q1 - 1) / F, b1 = (q1 - 1) % F;
    const std::int64_t s = p.stride_h, Fh = p.filter_h;
    const std::int64_t full_cols = windowColumns(p, 0, F - 1);
    std::int64_t n = 0;
    const std::int64_t y_end = std::min(p.ifmap_h, a1 * s + Fh);
    for (std::int64_t y = a0 * s; y < y_end; ++y) {
        // Output rows whose windows cover image row y: er*s <= y < er*s + Fh, within [a0, a1].
        const std::int64_t lo = std::max(a0, y - Fh < 0 ? 0 : (y - Fh) / s + 1), hi = std::min(a1, y / s);
        if (lo > hi) continue;
        const auto complete = [&](std::int64_t er) { return (er != a0 || b0 == 0) && (er != a1 || b1 == F - 1); };
        if (hi - lo >= 2 || complete(lo) || complete(hi)) {
            n += full_cols;
        } else if (lo == hi) {
            n += windowColumns(p, lo == a0 ? b0 : 0, hi == a1 ? b1 : F - 1);
        } else if (b0 <= b1 + 1) {
            n += full_cols; // the first row's tail and the last row's head meet
        } else {
            const std::int64_t head = windowColumns(p, 0, b1), tail = windowColumns(p, b0, F - 1);
            const std::int64_t overlap = std::max<std::int64_t>(0, b1 * p.stride_w + p.filter_w - b0 * p.stride_w);
            n += head + tail - std::min(overlap, head);
        }
    }
    return n;
}

} // namespace

double SystolicProblem::windowPrefix(std::int64_t p) const {
    if (p <= 0) return 0;
    if (dilation_h != 1 || dilation_w != 1) return double(touchedIfmapElements()) * double(p) / double(m);
    const std::int64_t per_image = out_h * out_w, images = p / per_image, q = p % per_image;
    const std::int64_t cols = coveredPositions(ifmap_w, out_w, filter_w, stride_w, 1);
    const std::int64_t image = coveredPositions(ifmap_h, out_h, filter_h, stride_h, 1) * cols;
    // q pixels of the last image: a complete output rows, then b pixels of row a, which add the rows
    // of their band that no earlier output row covers.
    const std::int64_t a = q / out_w, b = q % out_w;
    std::int64_t part = coveredPositions(ifmap_h, a, filter_h, stride_h, 1) * cols;
    if (b > 0 && a * stride_h < ifmap_h) {
        const std::int64_t top = a * stride_h, below = a > 0 ? (a - 1) * stride_h + filter_h : 0;
        const std::int64_t fresh = std::max<std::int64_t>(0, std::min(ifmap_h, top + filter_h) - std::max(top, below));
        part += fresh * coveredPositions(ifmap_w, b, filter_w, stride_w, 1);
    }
    return double(images * image + part) * double(channels);
}

double SystolicProblem::windowUnion(std::int64_t p0, std::int64_t p1) const {
    if (p1 <= p0) return 0;
    if (dilation_h != 1 || dilation_w != 1) return double(touchedIfmapElements()) * double(p1 - p0) / double(m);
    const std::int64_t per_image = out_h * out_w;
    const std::int64_t i0 = p0 / per_image, i1 = (p1 - 1) / per_image;
    double n = 0;
    if (i0 == i1) {
        n = double(imageWindowUnion(*this, p0 - i0 * per_image, p1 - i0 * per_image));
    } else {
        n = double(imageWindowUnion(*this, p0 - i0 * per_image, per_image)) +
            double(i1 - i0 - 1) * double(imageWindowUnion(*this, 0, per_image)) +
            double(imageWindowUnion(*this, 0, p1 - i1 * per_image));
    }
    return n * double(channels);
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
    // The stored (padded) input when the layer knows it (e.g. a SCALE-Sim row whose ceil output size
    // lets the last windows overhang), otherwise exactly the extent of the windows.
    p.ifmap_h = layer.in_h > 0 ? layer.in_h + 2 * layer.pad_h
                               : workload::windowExtent(p.out_h, p.filter_h, p.stride_h, p.dilation_h);
    p.ifmap_w = layer.in_w > 0 ? layer.in_w + 2 * layer.pad_w
                               : workload::windowExtent(p.out_w, p.filter_w, p.stride_w, p.dilation_w);
    p.m = p.batch * p.out_h * p.out_w;
    p.n = b[Dim::K];
    p.k = p.channels * p.filter_h * p.filter_w;
    return p;
}

} // namespace archscape::model
