#pragma once
#include "search/evolutionary_strategy.h"

namespace archscape::search {

/// A GENESYS / ConfuciuX-style genetic search over hardware (Samajdar et al., "GeneSys", 2018;
/// Kao et al., "ConfuciuX", MICRO 2020, whose second stage is this genetic fine-tuning): the genes
/// are the space's axes (PE array, buffer sizes, bandwidths, dataflow, ...), and every individual
/// is scored after the explorer's per-layer mapping search at that design. The fitness is one
/// number, scalarFitness(): the product of the objectives (latency x energy = EDP; one objective:
/// that objective), constraints by Deb's rule (feasible before infeasible, infeasible by
/// constraintViolation). Survival is elitist (mu + lambda): parents and children compete and the
/// best `population` stay. Breeding as EvolutionaryStrategy. The explorer still reports the front
/// over every evaluated point; the search aims at its scalar optimum.
class GeneticDesignStrategy final : public EvolutionaryStrategy {
public:
    /// `space` must outlive the strategy. population 0: defaultPopulation(budget).
    GeneticDesignStrategy(const DesignSpace& space, std::vector<Metric> objectives, std::int64_t budget, int population,
                          std::uint64_t seed, std::shared_ptr<SeenPoints> seen = nullptr);

    /// budget / 10, within [8, 64].
    static int defaultPopulation(std::int64_t budget);
    /// The scalarised objective (minimised): the sum of the logarithms of the objectives (so the
    /// order is that of their product), accuracy as its top-1 error (100 - top-1, %). Objectives
    /// hold the values as in Individual (accuracy negated).
    static double scalarFitness(const std::vector<double>& objectives, const std::vector<Metric>& metrics);

private:
    void select(std::vector<Individual>& members, std::size_t keep) const override;
};

} // namespace archscape::search
