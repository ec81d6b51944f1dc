#include "search/design_strategy.h"

#include "search/genetic_design_strategy.h"
#include "search/island_strategy.h"
#include "search/nsga2_strategy.h"
#include "search/random_design_strategy.h"
#include "search/rng.h"

namespace archscape::search {

std::unique_ptr<DesignStrategy> makeDesignStrategy(const ExploreRequest& r) {
    const std::uint64_t seed = r.search.seed == 0 ? r.seed : mixSeed(r.seed, r.search.seed);
    const DesignSearch& d = r.search;
    // One evolutionary population; island k of several has its own seed, budget and shared seen set.
    auto population = [&r, d](int, std::int64_t budget, std::uint64_t s,
                              std::shared_ptr<SeenPoints> seen) -> std::unique_ptr<EvolutionaryStrategy> {
        if (d.kind == DesignSearchKind::Genesys)
            return std::make_unique<GeneticDesignStrategy>(r.space, r.objectives, budget, d.population, s,
                                                           std::move(seen));
        return std::make_unique<Nsga2Strategy>(r.space, r.objectives, budget, d.population, s, std::move(seen));
    };
    switch (d.kind) {
    case DesignSearchKind::Grid: return nullptr;
    case DesignSearchKind::Random:
        return std::make_unique<RandomDesignStrategy>(r.space.size(), d.budget, seed, r.shard_index, r.shard_count);
    case DesignSearchKind::Nsga2:
    case DesignSearchKind::Genesys:
        // One island is the plain search (the same points as before islands existed).
        if (d.islands <= 1) return population(0, d.budget, seed, nullptr);
        return std::make_unique<IslandStrategy>(d.islands, std::min(d.budget, r.space.size()), seed, population,
                                                IslandMigration{.interval = d.migration_interval});
    }
    return nullptr;
}

} // namespace archscape::search
