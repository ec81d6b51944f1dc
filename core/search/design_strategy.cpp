#include "search/design_strategy.h"

#include "search/nsga2_strategy.h"
#include "search/random_design_strategy.h"
#include "search/rng.h"

namespace archscape::search {

std::unique_ptr<DesignStrategy> makeDesignStrategy(const ExploreRequest& r) {
    const std::uint64_t seed = r.search.seed == 0 ? r.seed : mixSeed(r.seed, r.search.seed);
    switch (r.search.kind) {
    case DesignSearchKind::Grid: return nullptr;
    case DesignSearchKind::Random:
        return std::make_unique<RandomDesignStrategy>(r.space.size(), r.search.budget, seed, r.shard_index,
                                                      r.shard_count);
    case DesignSearchKind::Nsga2:
        return std::make_unique<Nsga2Strategy>(r.space, r.objectives, r.search.budget, r.search.population, seed);
    }
    return nullptr;
}

} // namespace archscape::search
