#pragma once
#include <array>
#include <cstdint>

#include "workload/dim.h"

namespace archscape::mapping {

using workload::Dim;
using workload::kNumDims;
using workload::Operand;
using workload::PerDim;
using workload::PerOperand;

/// Most memory levels a mapping (and the cost model) handles; fixed so Mapping never allocates.
inline constexpr int kMaxLevels = 8;

/// The temporal loops of one memory level.
struct LevelLoops {
    PerDim<std::int32_t> factors = PerDim<std::int32_t>::filled(1); ///< loop bound per dimension
    std::array<Dim, kNumDims> order = {Dim::N, Dim::G, Dim::K, Dim::C,
                                       Dim::P, Dim::Q, Dim::R, Dim::S}; ///< outermost first
    PerOperand<bool> bypass = PerOperand<bool>::filled(false);          ///< true: this level does not keep the operand

    friend bool operator==(const LevelLoops&, const LevelLoops&) = default;
};

/// A loop nest for one layer on one accelerator: temporal loops per level (level 0 = DRAM,
/// outermost) and spatial loops over the PE array's columns (x) and rows (y). The spatial
/// loops sit just above the outermost per-PE level (the array fan-out).
///
/// Non-divisible bounds are padded: for each dimension the outermost non-unit loop runs
/// ceil(bound / product of the inner factors) times, and the padding is idle work.
struct Mapping {
    int num_levels = 0;
    std::array<LevelLoops, kMaxLevels> levels{};
    PerDim<std::int32_t> spatial_x = PerDim<std::int32_t>::filled(1); ///< over PE columns
    PerDim<std::int32_t> spatial_y = PerDim<std::int32_t>::filled(1); ///< over PE rows

    /// Product of all factors (temporal and spatial) of dimension d: its padded bound.
    std::int64_t paddedBound(Dim d) const;
    /// PEs used: product of the spatial factors.
    std::int64_t spatialProduct() const;
    /// Product of the spatial factors over columns / rows (inline: fits() checks them per sample).
    std::int64_t spatialX() const { return product(spatial_x); }
    std::int64_t spatialY() const { return product(spatial_y); }

    friend bool operator==(const Mapping&, const Mapping&) = default;

private:
    static std::int64_t product(const PerDim<std::int32_t>& f) {
        std::int64_t p = 1;
        for (auto x : f) p *= x;
        return p;
    }
};

} // namespace archscape::mapping
