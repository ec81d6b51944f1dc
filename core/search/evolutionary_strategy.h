#pragma once
#include <memory>
#include <unordered_set>

#include "search/design_strategy.h"
#include "search/rng.h"

namespace archscape::search {

/// How far a design is from meeting the space's constraints: 0 when feasible, else the sum of the
/// relative excess of every violated limit (area / max_area - 1, ...; PE count outside its bounds
/// by its relative distance), 1 + the unmapped layers' count for a design with an unmapped layer.
/// The evolutionary searches rank infeasible designs by it (Deb's constrained domination).
double constraintViolation(const PointResult& point, const DesignSpace& space);

/// One evaluated design of an evolutionary search's population.
struct Individual {
    std::int64_t index = 0;
    std::vector<std::uint16_t> choice; ///< value index per axis (the genes)
    bool feasible = false;
    double violation = 0;           ///< constraintViolation (0 when feasible)
    std::vector<double> objectives; ///< the request's objectives, minimised (accuracy negated)
    int rank = 0;                   ///< selection rank, 0 best (a strategy's select() sets it)
    double crowding = 0;            ///< tie-break within a rank, larger preferred
};

/// Points the evaluations of a search (and of all its islands) have asked for, shared so that no
/// point is evaluated twice.
using SeenPoints = std::unordered_set<std::int64_t>;

/// The machinery an evolutionary design search shares (NSGA-II, the single-objective genetic
/// search, and every island of either): a design is its vector of value indices, one per axis.
/// Generation 0 is `population` distinct points, stratified per axis (a Latin hypercube over the
/// value indices: every axis's values are drawn equally often, in a random pairing); every later
/// generation is as many children, each from two parents chosen by binary tournament (lower rank,
/// then larger crowding), uniform crossover (probability 0.9) and per-axis mutation (probability
/// 1 / axes: a step to a neighbouring value three times in four, else any value). A child already
/// seen is mutated again (up to 32 times), then replaced by a random unseen point, so the budget
/// counts distinct evaluations. After each tell, parents and children compete by the strategy's
/// select() for the next population.
class EvolutionaryStrategy : public DesignStrategy {
public:
    std::vector<std::int64_t> ask() override;
    void tell(std::span<const PointResult> results) override;
    std::int64_t planned() const override { return m_planned; }

    int population() const { return m_population; }
    /// Copies of the best `n` members of the population, best first (migration between islands).
    std::vector<Individual> emigrants(std::size_t n) const;
    /// Adds members from another island (already evaluated: nothing is asked for them); the
    /// population is then selected again to its size.
    void immigrate(std::vector<Individual> members);

protected:
    /// `space` must outlive the strategy; `seen` may be shared with other islands (null: own set).
    /// budget is capped at the space's size.
    EvolutionaryStrategy(const DesignSpace& space, std::vector<Metric> objectives, std::int64_t budget, int population,
                         std::uint64_t seed, std::shared_ptr<SeenPoints> seen);

    /// Sets rank and crowding of every member, sorts them best first and keeps the first `keep`.
    virtual void select(std::vector<Individual>& members, std::size_t keep) const = 0;

    /// The population's sort order after select(): rank, then crowding (larger first), then index.
    static bool before(const Individual& a, const Individual& b);
    const std::vector<Metric>& objectives() const { return m_objectives; }

private:
    std::int64_t indexOf(const std::vector<std::uint16_t>& choice) const;
    bool unseen(std::int64_t index) const { return !m_seen->count(index); }
    std::vector<std::uint16_t> randomChoice();
    /// Generation 0: `n` choices stratified per axis (value k of an n-value axis drawn n / size times).
    std::vector<std::vector<std::uint16_t>> stratifiedChoices(std::size_t n);
    const Individual& tournament();
    void mutate(std::vector<std::uint16_t>& choice, bool force);

    const DesignSpace& m_space;
    std::vector<Metric> m_objectives;
    std::int64_t m_size = 0;
    std::int64_t m_planned = 0;
    std::int64_t m_asked = 0;
    int m_population = 0;
    Rng m_rng;
    std::shared_ptr<SeenPoints> m_seen;
    std::vector<Individual> m_members; ///< the current population, ranked
    std::vector<Individual> m_pending; ///< asked, not yet told
};

} // namespace archscape::search
