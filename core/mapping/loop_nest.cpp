#include "mapping/loop_nest.h"

namespace archscape::mapping {

LoopNest buildLoopNest(const Mapping& m, int fanout) {
    LoopNest n;
    n.num_levels = m.num_levels;
    n.fanout = fanout;
    auto push = [&](Dim d, std::int32_t b, int level, bool spatial) {
        if (b > 1) n.loops[n.num_loops++] = Loop{d, b, static_cast<std::int8_t>(level), spatial};
    };
    auto pushSpatial = [&] {
        for (Dim d : workload::kAllDims) {
            push(d, m.spatial_x[d], fanout, true);
            push(d, m.spatial_y[d], fanout, true);
            n.spatial[d] = std::int64_t(m.spatial_x[d]) * m.spatial_y[d];
        }
    };
    for (int i = 0; i < m.num_levels; ++i) {
        if (i == fanout) pushSpatial();
        n.level_begin[i] = n.num_loops;
        for (Dim d : m.levels[i].order) push(d, m.levels[i].factors[d], i, false);
    }
    if (fanout >= m.num_levels) pushSpatial();
    n.level_begin[m.num_levels] = n.num_loops;
    n.pes_used = 1;
    for (auto s : n.spatial) n.pes_used *= s;
    for (int k = 0; k < n.num_loops; ++k)
        if (!n.loops[k].spatial) n.temporal_iterations *= n.loops[k].bound;

    // Extents: suffix products from the innermost level outwards.
    PerDim<std::int64_t> ext = PerDim<std::int64_t>::filled(1);
    for (int i = m.num_levels - 1; i >= 0; --i) {
        for (Dim d : workload::kAllDims) ext[d] *= m.levels[i].factors[d];
        n.extent[i] = ext;
        if (i == fanout) // shared levels above the fan-out hold every PE's tile
            for (Dim d : workload::kAllDims) ext[d] *= n.spatial[d];
    }
    if (fanout >= m.num_levels && m.num_levels > 0) {
        // No per-PE level: the innermost shared level's tiles include the spatial loops.
        for (int i = 0; i < m.num_levels; ++i)
            for (Dim d : workload::kAllDims) n.extent[i][d] *= n.spatial[d];
    }
    return n;
}

} // namespace archscape::mapping
