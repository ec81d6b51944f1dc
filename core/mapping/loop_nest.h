#pragma once
#include <array>
#include <cstdint>

#include "mapping/mapping.h"
#include "workload/layer.h"

namespace archscape::mapping {

/// One loop of the flattened nest.
/// (No default member initialisers: LoopNest's loop storage is left uninitialised beyond num_loops,
/// which keeps building a nest cheap inside searches.)
struct Loop {
    Dim dim;
    std::int32_t bound;
    std::int8_t level; ///< memory level that owns the loop
    bool spatial;      ///< spatial loops sit just above the fan-out level
};

/// A mapping flattened into one loop list, outermost first, with the tile extents each level
/// holds. Loops of bound 1 are dropped. Built once per evaluation; no allocation.
struct LoopNest {
    static constexpr int kMaxLoops = kMaxLevels * kNumDims + 2 * kNumDims;
    int num_loops = 0;
    std::array<Loop, kMaxLoops> loops; ///< valid in [0, num_loops)
    int num_levels = 0;
    int fanout = 0;                                      ///< first per-PE level (num_levels when all are shared)
    std::array<int, kMaxLevels + 1> level_begin{};       ///< first loop index of each level's temporal loops;
                                                         ///< the loops above level i are [0, level_begin[i])
    std::array<PerDim<std::int64_t>, kMaxLevels> extent; ///< per-instance tile extents, valid in [0, num_levels)
    PerDim<std::int64_t> spatial = PerDim<std::int64_t>::filled(1); ///< x * y factor per dimension
    std::int64_t temporal_iterations = 1;                           ///< product of every temporal loop
    std::int64_t pes_used = 1;
};

/// Flattens the mapping; `fanout` is the accelerator's first per-PE level.
LoopNest buildLoopNest(const Mapping& m, int fanout);

/// Elements of operand o in a tile with these per-dimension extents (inputs use the sliding window).
/// Inline: the cost model and the mapspace's fits() call it per level and operand of every candidate.
inline double tileElements(Operand o, const PerDim<std::int64_t>& e, const workload::Layer& l) {
    switch (o) {
    case Operand::Weight: return double(e[Dim::G]) * e[Dim::K] * e[Dim::C] * e[Dim::R] * e[Dim::S];
    case Operand::Input: {
        const double h = double(workload::windowExtent(e[Dim::P], e[Dim::R], l.stride_h, l.dilation_h));
        const double w = double(workload::windowExtent(e[Dim::Q], e[Dim::S], l.stride_w, l.dilation_w));
        return double(e[Dim::N]) * e[Dim::G] * e[Dim::C] * h * w;
    }
    case Operand::Output: return double(e[Dim::N]) * e[Dim::G] * e[Dim::K] * e[Dim::P] * e[Dim::Q];
    }
    return 0;
}

/// Per-dimension extents times the spatial factors: the union of all PEs' tiles.
inline PerDim<std::int64_t> withSpatial(const PerDim<std::int64_t>& ext, const PerDim<std::int64_t>& spatial) {
    PerDim<std::int64_t> r;
    for (Dim d : workload::kAllDims) r[d] = ext[d] * spatial[d];
    return r;
}

} // namespace archscape::mapping
