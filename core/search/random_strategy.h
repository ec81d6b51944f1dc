#pragma once
#include "search/mapspace.h"
#include "search/strategy.h"

namespace archscape::search {

/// Random sampling: a fitting tiling (Mapspace::sampleFitting) and random loop orders per level.
/// Never exhausts; the driver's budget stops it.
class RandomStrategy final : public Strategy {
public:
    /// `space` must outlive the strategy.
    RandomStrategy(const Mapspace& space, std::uint64_t seed);

    std::optional<Candidate> next() override;
    void report(const Outcome&) override {}

private:
    const Mapspace& m_space;
    Rng m_rng;
    std::array<int, kNumDims> m_tiling{};
    mapping::Mapping m_mapping;
    std::int64_t m_nextId = 0;
};

} // namespace archscape::search
