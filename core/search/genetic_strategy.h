#pragma once
#include <vector>

#include "search/mapspace.h"
#include "search/strategy.h"

namespace archscape::search {

/// Parameters of the genetic search.
struct GeneticOptions {
    int population = 24;         ///< individuals kept per generation
    double mutation_rate = 0.15; ///< per gene (one dimension's tiling, one level's order)
    std::uint64_t seed = 1;
};

/// GAMMA-style genetic search over the mapspace. A genome is one tiling per dimension and one loop
/// order per level; children come from binary-tournament parents by uniform crossover (per
/// dimension, per level) and mutation (a new tiling for a dimension, a swap in an order), repaired
/// to fit the array and buffers; a quarter of each generation are fresh random immigrants.
/// Survivors are the best `population` distinct genomes of parents and children ((mu + lambda),
/// so the best never gets lost); ties go to the older candidate id.
class GeneticStrategy final : public Strategy {
public:
    /// `space` must outlive the strategy.
    GeneticStrategy(const Mapspace& space, const GeneticOptions& options);

    std::optional<Candidate> next() override;
    void report(const Outcome& outcome) override;

private:
    struct Individual {
        std::array<int, kNumDims> tiling{};
        mapping::Mapping mapping;
        double fitness = 0;
        std::int64_t id = 0;
    };
    void breed();
    Individual child();
    const Individual& tournament();

    const Mapspace& m_space;
    GeneticOptions m_options;
    Rng m_rng;
    std::vector<Individual> m_population;
    std::vector<Individual> m_batch;
    std::size_t m_asked = 0;
    std::int64_t m_nextId = 0;
};

} // namespace archscape::search
