#pragma once
#include <array>
#include <chrono>
#include <limits>
#include <memory>
#include <optional>
#include <vector>

#include "hardware/technology.h"
#include "search/decoupled_strategy.h"
#include "search/mapping_bound.h"
#include "search/mapspace.h"
#include "search/objective.h"
#include "search/order_classes.h"
#include "search/strategy.h"

namespace archscape::search {

/// Parameters of the optimal mapper.
struct OptimalOptions {
    /// Evaluations of a decoupled search first, for an incumbent that lets the bound prune early
    /// (0: none). They count towards the mapper's budget.
    std::int64_t warm_budget = 1000;
    std::uint64_t seed = 1;
    /// Stop descending after this (the driver's time budget): a descent whose bound cuts every
    /// child evaluates nothing, so the driver's check between evaluations alone could overrun.
    std::optional<std::chrono::steady_clock::time_point> deadline;
};

/// What the branch-and-bound did: the certificate of its answer.
struct OptimalCertificate {
    std::int64_t nodes = 0;           ///< tiling prefixes bounded (complete tilings included)
    std::int64_t pruned_capacity = 0; ///< prefixes overflowing a buffer or the PE array (subtrees cut)
    std::int64_t pruned_bound = 0;    ///< prefixes whose lower bound was no better than the incumbent
    std::int64_t tilings = 0;         ///< complete tilings whose orders were searched
    std::int64_t orders_cut = 0;      ///< order combinations skipped because the incumbent reached the tiling's bound
    double orders_symmetric = 0;      ///< permutations of non-unit loops skipped as copies or dominated (OrderClasses)
    double root_bound = 0;            ///< objective bound (log, as Objective::score) over the whole mapspace
    bool complete = false;            ///< the tree was exhausted: the best reported score is the optimum
};

/// Branch-and-bound over the whole mapspace (`--strategy optimal`). After an optional decoupled
/// warm start (the incumbent), tilings are fixed one dimension at a time, the dimensions with the
/// most tilings first. Each node bounds all its children (MappingBound over the fixed dimensions)
/// and visits them best bound first; a child is cut when it overflows the array or a buffer
/// (fixing more only grows tiles) or when its bound is no better than the best score reported. A
/// complete tiling is searched over the products of the per-level order classes (orderClasses:
/// the other permutations are symmetric copies or dominated). When the tree is exhausted the best
/// reported score is optimal over the mapspace; objectiveBound() is then that score, and before that
/// the least bound of the open subtrees.
class OptimalStrategy final : public Strategy {
public:
    /// `space` and `tables` must outlive the strategy.
    OptimalStrategy(const Mapspace& space, const hardware::CostTables& tables, Objective objective,
                    const OptimalOptions& options = {});

    std::optional<Candidate> next() override;
    void report(const Outcome& outcome) override;
    std::optional<double> objectiveBound() const override;

    const OptimalCertificate& certificate() const { return m_cert; }

private:
    struct Child {
        double bound;
        int tiling;
    };
    struct Frame {
        std::vector<Child> children;
        std::size_t pos = 0;
    };
    void expand(int depth);
    bool descend();
    void startOrders();
    bool nextOrders();
    unsigned fixedMask(int depth) const;

    const Mapspace& m_space;
    MappingBound m_bound;
    std::unique_ptr<DecoupledStrategy> m_warm;
    std::int64_t m_warmLeft = 0;
    bool m_warmPending = false;
    std::array<int, kNumDims> m_dimOrder{};
    std::array<Frame, kNumDims> m_stack;
    int m_depth = 0; ///< frames [0, m_depth] are open
    bool m_started = false;
    bool m_done = false;
    mapping::Mapping m_mapping;
    // Orders of the current complete tiling.
    bool m_inOrders = false;
    double m_tilingBound = 0;
    std::array<std::array<std::array<Dim, kNumDims>, kMaxOrderClasses>, kMaxLevels> m_classes{};
    std::array<int, kMaxLevels> m_classCount{}, m_classIdx{};
    double m_best = std::numeric_limits<double>::infinity();
    std::optional<std::chrono::steady_clock::time_point> m_deadline;
    std::int64_t m_polls = 0;
    bool m_timedOut = false;
    std::int64_t m_nextId = 0;
    OptimalCertificate m_cert;
};

} // namespace archscape::search
