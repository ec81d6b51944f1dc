#pragma once
#include <unordered_set>

#include "search/design_strategy.h"
#include "search/rng.h"

namespace archscape::search {

/// How far a design is from meeting the space's constraints: 0 when feasible, else the sum of the
/// relative excess of every violated limit (area / max_area - 1, ...; PE count outside its bounds
/// by its relative distance), 1 + the unmapped layers' count for a design with an unmapped layer.
/// NSGA-II's constrained domination ranks infeasible designs by it.
double constraintViolation(const PointResult& point, const DesignSpace& space);

/// NSGA-II (Deb, Pratap, Agarwal, Meyarivan, IEEE TEC 6(2), 2002) over a design space's points,
/// each a vector of value indices, one per axis. Generation 0 is `population` distinct random
/// points; every later generation is as many children, each from two parents picked by binary
/// tournament (lower rank, then larger crowding distance), uniform crossover (probability 0.9)
/// and per-axis mutation (probability 1 / axes: a step to a neighbouring value, or any value one
/// time in four); parents and children then compete for the next population by non-dominated
/// rank and crowding distance. Constraints by Deb's constrained domination: a feasible design
/// beats an infeasible one, two infeasible ones compare by constraintViolation. No point is
/// evaluated twice: a child already seen is mutated again (up to 32 times), then replaced by a
/// random unseen point. The budget counts distinct evaluations; the explorer's front is over all
/// of them (the archive), not only the last population.
class Nsga2Strategy final : public DesignStrategy {
public:
    /// `space` must outlive the strategy. population 0: budget / 7.5, within [8, 100] (40 at a
    /// budget of 300: on the edge space 30, 40 and 50 reached medians of 98.1, 98.8 and 98.6 % of the
    /// sweep's hypervolume over six seeds, docs/search.md).
    Nsga2Strategy(const DesignSpace& space, std::vector<Metric> objectives, std::int64_t budget, int population,
                  std::uint64_t seed);

    std::vector<std::int64_t> ask() override;
    void tell(std::span<const PointResult> results) override;
    std::int64_t planned() const override { return m_planned; }

    int population() const { return m_population; }

private:
    struct Member {
        std::int64_t index = 0;
        std::vector<std::uint16_t> choice;
        bool feasible = false;
        double violation = 0;
        std::vector<double> objectives; ///< minimised (accuracy negated)
        int rank = 0;
        double crowding = 0;
    };

    std::int64_t indexOf(const std::vector<std::uint16_t>& choice) const;
    bool unseen(std::int64_t index) const { return !m_seen.count(index); }
    std::vector<std::uint16_t> randomChoice();
    const Member& tournament();
    void mutate(std::vector<std::uint16_t>& choice, bool force);
    /// Ranks and crowding of `members` (constrained domination), then keeps the best `keep`.
    static void select(std::vector<Member>& members, std::size_t keep);

    const DesignSpace& m_space;
    std::vector<Metric> m_objectives;
    std::int64_t m_size = 0;
    std::int64_t m_planned = 0;
    std::int64_t m_asked = 0;
    int m_population = 0;
    Rng m_rng;
    std::unordered_set<std::int64_t> m_seen;
    std::vector<Member> m_members; ///< the current population, ranked
    std::vector<Member> m_pending; ///< asked, not yet told
};

} // namespace archscape::search
