#pragma once
#include <functional>

#include "search/evolutionary_strategy.h"

namespace archscape::search {

/// How the islands of an IslandStrategy migrate; 0 picks the default.
struct IslandMigration {
    int interval = 0; ///< generations between migrations (default 4)
    int migrants = 0; ///< members sent per island (default a tenth of the population, at least 1)
};

/// The island model over K evolutionary searches (Whitley et al., "The island model genetic
/// algorithm", 1998): each island is a sub-population with its own seed and a share of the budget
/// (budget / K, the first budget % K islands one more); they share one set of seen points, so no
/// design is evaluated twice across islands. A generation of the island strategy is every
/// island's generation, concatenated in island order; after every `interval`-th generation each
/// island sends copies of its best `migrants` members to the next island of the ring (island K - 1
/// to island 0), all chosen before any arrives. Everything is fixed by the seed and the order of
/// the islands, so the explorer's result is the same for any thread count.
class IslandStrategy final : public DesignStrategy {
public:
    /// Builds island k (0 <= k < islands) for its budget, seed and the shared seen set.
    using Factory = std::function<std::unique_ptr<EvolutionaryStrategy>(int k, std::int64_t budget, std::uint64_t seed,
                                                                        std::shared_ptr<SeenPoints> seen)>;
    IslandStrategy(int islands, std::int64_t budget, std::uint64_t seed, const Factory& make,
                   IslandMigration migration = {});

    std::vector<std::int64_t> ask() override;
    void tell(std::span<const PointResult> results) override;
    std::int64_t planned() const override;

    int islands() const { return static_cast<int>(m_islands.size()); }
    const EvolutionaryStrategy& island(int k) const { return *m_islands[k]; }

private:
    std::vector<std::unique_ptr<EvolutionaryStrategy>> m_islands;
    std::vector<std::size_t> m_asked; ///< points of the last ask() per island
    int m_interval = 4;
    int m_migrants = 1;
    int m_generation = 0;
};

} // namespace archscape::search
