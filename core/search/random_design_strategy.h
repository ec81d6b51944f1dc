#pragma once
#include "search/design_strategy.h"

namespace archscape::search {

/// Uniform sampling of a design space without replacement: min(budget, size) distinct indices in
/// a sequence fixed by the seed. With shards, shard i of N takes the samples at positions
/// k % N == i of that one sequence, so the shards together evaluate exactly the single run's points.
class RandomDesignStrategy final : public DesignStrategy {
public:
    RandomDesignStrategy(std::int64_t space_size, std::int64_t budget, std::uint64_t seed, int shard_index = 0,
                         int shard_count = 1);

    std::vector<std::int64_t> ask() override;
    void tell(std::span<const PointResult>) override {}
    std::int64_t planned() const override { return static_cast<std::int64_t>(m_samples.size()); }

    /// Indices per generation (a fixed number, so nothing depends on the thread count).
    static constexpr std::size_t kGeneration = 64;

private:
    std::vector<std::int64_t> m_samples; ///< this shard's samples, in draw order
    std::size_t m_next = 0;
};

/// Draws min(count, size) distinct indices of [0, size) uniformly, in draw order.
std::vector<std::int64_t> sampleWithoutReplacement(std::int64_t size, std::int64_t count, std::uint64_t seed);

} // namespace archscape::search
