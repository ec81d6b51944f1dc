#include "mapping/validity.h"

namespace archscape::mapping {

Violation checkStructure(const workload::Layer& layer, const hardware::Accelerator& acc, const Mapping& m) {
    using K = Violation::Kind;
    if (m.num_levels != acc.numLevels() || m.num_levels < 1 || m.num_levels > kMaxLevels)
        return {K::LevelCount, -1, Dim::N, double(acc.numLevels()), double(m.num_levels)};
    PerDim<std::int64_t> padded;
    for (Dim d : workload::kAllDims) {
        if (m.spatial_x[d] < 1 || m.spatial_y[d] < 1)
            return {K::BadFactor, -1, d, 1, double(std::min(m.spatial_x[d], m.spatial_y[d]))};
        padded[d] = std::int64_t(m.spatial_x[d]) * m.spatial_y[d];
    }
    for (int i = 0; i < m.num_levels; ++i) {
        unsigned seen = 0;
        for (Dim d : m.levels[i].order) seen |= 1u << static_cast<unsigned>(d);
        if (seen != (1u << kNumDims) - 1) return {K::Order, i};
        for (Dim d : workload::kAllDims) {
            const std::int32_t f = m.levels[i].factors[d];
            if (f < 1) return {K::BadFactor, i, d, 1, double(f)};
            padded[d] *= f;
        }
    }
    if (acc.levels[0].per_pe) return {K::TopMustKeep, 0};
    for (Operand o : workload::kAllOperands)
        if (!keeps(acc, m, 0, o)) return {K::TopMustKeep, 0};
    if (m.spatialX() > acc.pe.cols) return {K::Fanout, -1, Dim::N, double(m.spatialX()), double(acc.pe.cols)};
    if (m.spatialY() > acc.pe.rows) return {K::Fanout, -1, Dim::N, double(m.spatialY()), double(acc.pe.rows)};

    const int fanout = acc.fanoutLevel();
    for (Dim d : workload::kAllDims) {
        const std::int64_t bound = layer.bound(d);
        if (padded[d] < bound) return {K::FactorProduct, -1, d, double(bound), double(padded[d])};
        if (padded[d] == bound) continue;
        // The outermost non-unit loop of d must run exactly ceil(bound / inner) times.
        std::int64_t outer = 1;
        for (int i = 0; i < m.num_levels && outer == 1; ++i) {
            if (i == fanout) outer = std::int64_t(m.spatial_x[d]) * m.spatial_y[d];
            if (outer == 1) outer = m.levels[i].factors[d];
        }
        if (outer == 1 && fanout >= m.num_levels) outer = std::int64_t(m.spatial_x[d]) * m.spatial_y[d];
        const std::int64_t inner = padded[d] / outer;
        if (outer != (bound + inner - 1) / inner) return {K::ExcessPadding, -1, d, double(bound), double(padded[d])};
    }
    return {};
}

double occupancyBits(const hardware::Accelerator& acc, const Mapping& m, int level, const PerOperand<double>& tiles,
                     const PerOperand<Precision>& precision) {
    double bits = 0;
    for (Operand o : workload::kAllOperands)
        if (keeps(acc, m, level, o)) bits += tiles[o] * precision[o].bits;
    return acc.levels[level].double_buffered ? 2 * bits : bits;
}

Violation checkCapacity(const workload::Layer& layer, const hardware::Accelerator& acc, const Mapping& m,
                        const LoopNest& nest) {
    const auto precision = acc.precisionOf(layer);
    for (int i = 0; i < m.num_levels; ++i) {
        const double cap = 8.0 * double(acc.levels[i].capacity_bytes);
        if (cap <= 0) continue;
        PerOperand<double> tiles;
        for (Operand o : workload::kAllOperands) tiles[o] = tileElements(o, nest.extent[i], layer);
        const double need = occupancyBits(acc, m, i, tiles, precision);
        if (need > cap) return {Violation::Kind::Capacity, i, Dim::N, need, cap};
    }
    return {};
}

Violation check(const workload::Layer& layer, const hardware::Accelerator& acc, const Mapping& m) {
    if (auto v = checkStructure(layer, acc, m)) return v;
    return checkCapacity(layer, acc, m, buildLoopNest(m, acc.fanoutLevel()));
}

} // namespace archscape::mapping
