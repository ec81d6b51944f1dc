#pragma once
#include <algorithm>
#include <cstdint>

namespace archscape::search {

/// Shard `index` of `count` takes every count-th item of a sequence, starting at item `index` (round
/// robin), so the shards of one count together hold every item exactly once — the grid sweep, the
/// system sweep and the random search split this way, and `merge` relies on it.
struct Shard {
    int index = 0; ///< in [0, count)
    int count = 1; ///< at least 1

    /// The shard a request names; out-of-range values are clamped (the CLI rejects them earlier).
    static Shard of(int index, int count) {
        const int n = std::max(1, count);
        return {std::clamp(index, 0, n - 1), n};
    }
    /// How many of a sequence's first `total` items this shard holds.
    std::int64_t size(std::int64_t total) const { return total > index ? (total - index + count - 1) / count : 0; }
    /// The sequence position of this shard's k-th item.
    std::int64_t item(std::int64_t k) const { return index + k * count; }
    /// Whether the item at sequence position `i` belongs to this shard.
    bool holds(std::int64_t i) const { return i >= 0 && i % count == index; }
    /// The k for which item(k) == i (for an item this shard holds).
    std::int64_t position(std::int64_t i) const { return (i - index) / count; }
};

} // namespace archscape::search
