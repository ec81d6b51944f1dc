#pragma once
#include "search/evolutionary_strategy.h"

namespace archscape::search {

/// Of `front` (indices into rows, one non-dominated front), the members to drop so that `keep`
/// stay: one at a time, the member of least exclusive hypervolume contribution (SMS-EMOA's
/// criterion, Beume et al., EJOR 2007) against 1.1 x the front's worst per objective, fixed for the
/// whole truncation; ties go to the first in `front`. When that would cost more than ~5 x 10^8
/// operations (n^d per removal for n members of d objectives), by crowding distance instead.
std::vector<std::size_t> truncatedByHypervolume(const std::vector<std::vector<double>>& rows,
                                                const std::vector<std::size_t>& front, std::size_t keep);

/// NSGA-II (Deb, Pratap, Agarwal, Meyarivan, IEEE TEC 6(2), 2002) over a design space's points:
/// the evolutionary machinery of EvolutionaryStrategy (stratified generation 0, tournaments,
/// crossover, axis-aware mutation, no point evaluated twice) with NSGA-II's survival: parents and
/// children compete by fast non-dominated sort; the front that does not fit whole is truncated by
/// hypervolume contribution (truncatedByHypervolume) rather than NSGA-II's crowding distance,
/// which keeps the front's extent and its knees (on the edge space, 300 evaluations: a median of
/// 98.7 % of the sweep's hypervolume instead of 95.8 % on ResNet-50, docs/search.md); crowding distance
/// still breaks ties in the tournaments. Constraints by Deb's
/// constrained domination: a feasible design beats an infeasible one, two infeasible ones compare
/// by constraintViolation. The budget counts distinct evaluations; the explorer's front is over
/// all of them (the archive), not only the last population.
class Nsga2Strategy final : public EvolutionaryStrategy {
public:
    /// `space` must outlive the strategy. population 0: defaultPopulation(budget).
    Nsga2Strategy(const DesignSpace& space, std::vector<Metric> objectives, std::int64_t budget, int population,
                  std::uint64_t seed, std::shared_ptr<SeenPoints> seen = nullptr);

    /// budget / 20, within [8, 100] (15 at a budget of 300; docs/search.md has the measurements).
    static int defaultPopulation(std::int64_t budget);

private:
    void select(std::vector<Individual>& members, std::size_t keep) const override;
};

} // namespace archscape::search
