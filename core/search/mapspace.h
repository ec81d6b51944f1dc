#pragma once
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "hardware/accelerator.h"
#include "mapping/dataflow.h"
#include "mapping/mapping.h"
#include "search/rng.h"
#include "workload/layer.h"

namespace archscape::search {

using mapping::Dim;
using mapping::kMaxLevels;
using mapping::kNumDims;

/// What the mapspace allows.
struct MapspaceOptions {
    /// Spatial unrolling restricted to the dimensions the template puts over rows and columns;
    /// nullopt leaves every dimension free on both axes.
    std::optional<mapping::Dataflow> dataflow;
    /// Every factor of every slot (exact: used to prove the exhaustive mapper on tiny layers);
    /// false: factors that divide what remains, plus the array-filling factors of the spatial slots.
    bool all_factors = false;
};

/// One loop-nest slot a dimension's factor can occupy, outermost first.
struct Slot {
    enum class Kind : std::uint8_t { Level, SpatialX, SpatialY };
    Kind kind = Kind::Level;
    int level = 0; ///< memory level (Kind::Level)
};

/// The mapspace of one MAC layer on one accelerator: per dimension, every tiling (its factors over
/// the slots: one per memory level plus the two spatial axes, above the array fan-out), and per
/// memory level, every order of the dimensions that have a non-unit factor there.
///
/// Non-divisible bounds follow mapping.h: the outermost non-unit factor of a dimension is
/// ceil(bound / inner) and the padding is idle work. Bypass is not searched (kept as specified).
/// The innermost level's loop order does not change any cost (its child is the MAC array, whose
/// operand traffic is order-independent), so strategies need not vary it.
class Mapspace {
public:
    static constexpr int kMaxSlots = kMaxLevels + 2;
    /// Factors of one dimension per slot.
    struct Tiling {
        std::array<std::int32_t, kMaxSlots> factor{};
        std::int64_t on_chip = 1; ///< product of every factor but the DRAM one (the off-chip tile)
    };

    /// The tilings of every dimension and their order by on-chip tile. They depend only on the
    /// layer's bounds, the level and slot structure, the array's rows and columns and the options,
    /// not on capacities, bandwidths or energies, so designs that differ only in those share one
    /// (a per-thread cache of recent enumerations: sweeps meet the same keys over and over).
    struct Enumeration {
        std::array<std::vector<Tiling>, kNumDims> tilings;
        /// Per dimension, tiling indices stably sorted by on-chip tile (ties in enumeration order).
        std::array<std::vector<int>, kNumDims> by_on_chip;
    };

    Mapspace(const workload::Layer& layer, const hardware::Accelerator& acc, const MapspaceOptions& options);

    const workload::Layer& layer() const { return *m_layer; }
    const hardware::Accelerator& accelerator() const { return *m_acc; }
    int numLevels() const { return m_levels; }
    int numSlots() const { return m_numSlots; }
    const Slot& slot(int s) const { return m_slots[s]; }
    /// Every tiling of dimension d (never empty; the first puts the whole bound at DRAM).
    const std::vector<Tiling>& tilings(Dim d) const { return m_enum->tilings[static_cast<int>(d)]; }
    /// Indices into tilings(d) sorted by on-chip tile, stable: the tilings of one on-chip tile
    /// form a contiguous run, in enumeration order.
    const std::vector<int>& tilingsByOnChip(Dim d) const { return m_enum->by_on_chip[static_cast<int>(d)]; }

    /// Number of tiling combinations (product over dimensions).
    double tilingCount() const;
    /// Upper bound on distinct loop orders for one tiling: Π over levels (except the innermost,
    /// whose order is irrelevant) of (dimensions that can be non-unit there)!.
    double orderCountBound() const;
    /// tilingCount() x orderCountBound(): what an exhaustive search would at most visit.
    double sizeBound() const { return tilingCount() * orderCountBound(); }

    /// A mapping with all levels in the default order and every dimension at DRAM.
    mapping::Mapping emptyMapping() const;
    /// Writes dimension d's factors (tiling t) into m.
    void apply(mapping::Mapping& m, Dim d, const Tiling& t) const;
    /// Builds the mapping of one tiling per dimension; orders are left as in `m`.
    void applyAll(mapping::Mapping& m, const std::array<int, kNumDims>& tiling) const;

    /// Whether a (partial) mapping fits the array and every level's capacity. Dimensions not yet
    /// placed sit entirely at DRAM, which only shrinks on-chip tiles, so a failure prunes every
    /// completion of the prefix.
    bool fits(const mapping::Mapping& m) const;
    /// Draws one tiling per dimension, dimension by dimension in a random order, each among a few
    /// random candidates that keep the prefix fitting (falling back to "all at DRAM"): nearly every
    /// sample fits, where uniform sampling of large spaces almost never does.
    void sampleFitting(Rng& rng, std::array<int, kNumDims>& tiling, mapping::Mapping& scratch) const;
    /// A random order of the non-unit dimensions of level i (unit dimensions follow canonically).
    void shuffleOrder(Rng& rng, mapping::Mapping& m, int level) const;

private:
    std::shared_ptr<const Enumeration> enumeration() const;
    void enumerate(Dim d, std::vector<Tiling>& out) const;

    const workload::Layer* m_layer;
    const hardware::Accelerator* m_acc;
    MapspaceOptions m_options;
    int m_levels = 0;
    int m_fanout = 0;
    int m_numSlots = 0;
    int m_dramSlot = 0;
    std::array<Slot, kMaxSlots> m_slots{};
    workload::PerDim<bool> m_allowX = workload::PerDim<bool>::filled(true);
    workload::PerDim<bool> m_allowY = workload::PerDim<bool>::filled(true);
    // fits() per level, resolved once: the capacity in bits (halved when double-buffered: the
    // same comparison as doubling the occupancy, exactly) and the operand precisions.
    std::array<double, kMaxLevels> m_capacityBits{};
    workload::PerOperand<double> m_operandBits{};
    std::shared_ptr<const Enumeration> m_enum;
};

} // namespace archscape::search
