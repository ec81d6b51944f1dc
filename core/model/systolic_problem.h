#pragma once
#include <cstdint>

#include "workload/layer.h"

namespace archscape::model {

/// A layer as SCALE-Sim sees it: a GEMM (M output pixels × K window) · (K × N filters), repeated
/// `groups` times one after another, plus the convolution geometry that generates its address
/// streams (needed only by the exact CALC-mode replay and the distinct-ifmap count).
///
/// A GEMM M×K·K×N is the convolution SCALE-Sim builds for `-i gemm`: ifmap M×K, filter 1×K,
/// one channel, stride 1 (so every ifmap element is distinct).
struct SystolicProblem {
    std::int64_t m = 1;      ///< output pixels per filter (batch × E × F)
    std::int64_t n = 1;      ///< filters (output channels per group)
    std::int64_t k = 1;      ///< window: filter_h × filter_w × channels
    std::int64_t groups = 1; ///< independent GEMMs (depthwise channels, batched-matmul batch)

    std::int64_t batch = 1;    ///< images; SCALE-Sim always has 1, Archscape folds it into m
    std::int64_t ifmap_h = 1;  ///< ifmap rows as stored (already padded)
    std::int64_t ifmap_w = 1;  ///< ifmap columns as stored
    std::int64_t channels = 1; ///< per group
    std::int64_t filter_h = 1;
    std::int64_t filter_w = 1;
    std::int64_t out_h = 1; ///< E = ceil((H - Fh + s) / s) for SCALE-Sim rows
    std::int64_t out_w = 1; ///< F
    int stride_h = 1, stride_w = 1;
    int dilation_h = 1, dilation_w = 1;

    /// MACs of all groups.
    std::int64_t macs() const { return m * n * k * groups; }
    /// Distinct ifmap elements one group touches (windows clipped to the ifmap, as SCALE-Sim's
    /// −1 addresses are); m·k for a GEMM.
    std::int64_t touchedIfmapElements() const;
    /// Distinct ifmap elements (all channels) under the windows of output pixels [p0, p1) in raster
    /// order (batch outermost), windows clipped to the ifmap. Exact for undilated layers; dilated
    /// layers get the pro-rata share of touchedIfmapElements().
    double windowUnion(std::int64_t p0, std::int64_t p1) const;
    /// windowUnion(0, p) in O(1).
    double windowPrefix(std::int64_t p) const;
};

/// SCALE-Sim's conv topology row: ifmap H×W×C, filter Fh×Fw, N filters, strides; no padding.
/// Output size uses SCALE-Sim v2's ceiling: E = ceil((H − Fh + s)/s).
SystolicProblem scaleSimConvProblem(std::int64_t ifmap_h, std::int64_t ifmap_w, std::int64_t filter_h,
                                    std::int64_t filter_w, std::int64_t channels, std::int64_t filters, int stride_h,
                                    int stride_w);

/// SCALE-Sim's GEMM topology row (M, N, K).
SystolicProblem scaleSimGemmProblem(std::int64_t m, std::int64_t n, std::int64_t k);

/// Lowers an Archscape MAC layer: M = N·P·Q, K = C·R·S, N = K filters, groups = G. The ifmap is the
/// padded input: in_h + 2·pad when the layer knows its input size, else (P−1)·stride + (R−1)·dilation + 1
/// rows (every window inside it).
SystolicProblem lowerToSystolic(const workload::Layer& layer);

} // namespace archscape::model
