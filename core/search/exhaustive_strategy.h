#pragma once
#include <array>
#include <limits>

#include "hardware/technology.h"
#include "search/mapspace.h"
#include "search/objective.h"
#include "search/strategy.h"

namespace archscape::search {

/// Branch-and-bound over the whole mapspace: tilings depth-first one dimension at a time, a prefix
/// pruned as soon as it overflows the array or a buffer (placing more factors on chip only grows
/// tiles), a complete tiling skipped when a lower bound of the objective over all its loop orders
/// is no better than the best reported score, and otherwise every order of the non-unit loops of
/// every level but the innermost (whose order changes no cost).
///
/// Lower bound (valid for model::evaluate): cycles >= ceil(temporal iterations / MACs per PE)
/// and energy >= MACs x MAC energy + leakage over those cycles.
class ExhaustiveStrategy final : public Strategy {
public:
    /// `space` and `tables` must outlive the strategy.
    ExhaustiveStrategy(const Mapspace& space, const hardware::CostTables& tables, Objective objective);

    std::optional<Candidate> next() override;
    void report(const Outcome& outcome) override;

    /// Complete tilings skipped by the lower bound, and prefixes cut by capacity/fan-out.
    std::int64_t boundPruned() const { return m_boundPruned; }
    std::int64_t capacityPruned() const { return m_capacityPruned; }

private:
    bool advance(int k);
    bool findTiling();
    void startOrders();
    bool nextOrders();
    double lowerBound() const;

    const Mapspace& m_space;
    const hardware::CostTables& m_tables;
    Objective m_objective;
    mapping::Mapping m_mapping;
    std::array<int, kNumDims> m_idx{};
    int m_valid = 0;
    bool m_inOrders = false;
    bool m_done = false;
    std::array<std::array<Dim, kNumDims>, kMaxLevels> m_perm{};
    std::array<int, kMaxLevels> m_permSize{};
    double m_best = std::numeric_limits<double>::infinity();
    std::int64_t m_nextId = 0;
    std::int64_t m_boundPruned = 0;
    std::int64_t m_capacityPruned = 0;
};

} // namespace archscape::search
