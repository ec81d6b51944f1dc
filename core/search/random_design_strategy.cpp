#include "search/random_design_strategy.h"

#include <algorithm>
#include <numeric>
#include <unordered_set>

#include "search/rng.h"
#include "search/shard.h"

namespace archscape::search {

namespace {

/// Uniform in [0, n) for 64-bit n (multiply-shift; bias below n / 2^64).
std::int64_t below64(Rng& rng, std::int64_t n) {
    return static_cast<std::int64_t>((static_cast<unsigned __int128>(rng.next()) * static_cast<std::uint64_t>(n)) >>
                                     64);
}

} // namespace

std::vector<std::int64_t> sampleWithoutReplacement(std::int64_t size, std::int64_t count, std::uint64_t seed) {
    count = std::clamp<std::int64_t>(count, 0, std::max<std::int64_t>(size, 0));
    Rng rng(mixSeed(seed, 0x5A3D1E));
    std::vector<std::int64_t> out;
    out.reserve(count);
    if (count * 2 >= size) {
        // Dense: a partial Fisher-Yates shuffle of every index (size <= 2 * count, so affordable).
        std::vector<std::int64_t> all(size);
        std::iota(all.begin(), all.end(), std::int64_t(0));
        for (std::int64_t i = 0; i < count; ++i) {
            std::swap(all[i], all[i + below64(rng, size - i)]);
            out.push_back(all[i]);
        }
        return out;
    }
    // Sparse: rejection, expected fewer than two draws per sample.
    std::unordered_set<std::int64_t> seen;
    seen.reserve(count * 2);
    while (static_cast<std::int64_t>(out.size()) < count) {
        const std::int64_t x = below64(rng, size);
        if (seen.insert(x).second) out.push_back(x);
    }
    return out;
}

RandomDesignStrategy::RandomDesignStrategy(std::int64_t space_size, std::int64_t budget, std::uint64_t seed,
                                           int shard_index, int shard_count) {
    const auto all = sampleWithoutReplacement(space_size, budget, seed);
    const Shard shard = Shard::of(shard_index, shard_count);
    for (std::int64_t k = 0; k < shard.size(std::int64_t(all.size())); ++k)
        m_samples.push_back(all[static_cast<std::size_t>(shard.item(k))]);
}

std::vector<std::int64_t> RandomDesignStrategy::ask() {
    const std::size_t end = std::min(m_samples.size(), m_next + kGeneration);
    std::vector<std::int64_t> g(m_samples.begin() + m_next, m_samples.begin() + end);
    m_next = end;
    return g;
}

} // namespace archscape::search
