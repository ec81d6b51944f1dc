#pragma once
#include <vector>

#include "search/mapspace.h"
#include "search/strategy.h"

namespace archscape::search {

/// Parameters of the decoupled search.
struct DecoupledOptions {
    std::int64_t budget = 2000;     ///< candidates over both phases
    double offchip_fraction = 0.35; ///< share of the budget spent on the off-chip subspace
    int keep = 4;                   ///< off-chip choices refined on chip
    std::uint64_t seed = 1;
};

/// Marvel-style decoupled search (Chatarasi et al., arXiv 2002.07752). The off-chip subspace is
/// the DRAM <-> on-chip tiling (each dimension's on-chip tile) and the DRAM loop order, i.e. the
/// dimension permutation of the data layout; phase 1 samples it and ranks choices by words through
/// the DRAM port (ties: objective), completing each with a random fitting on-chip mapping. Phase 2
/// keeps the best `keep` distinct choices fixed and searches the on-chip subspace (how each on-chip
/// tile splits over buffers and the array, and on-chip orders) for the objective: random samples
/// interleaved with mutations of the best found for that choice.
class DecoupledStrategy final : public Strategy {
public:
    /// `space` must outlive the strategy.
    DecoupledStrategy(const Mapspace& space, const DecoupledOptions& options);

    std::optional<Candidate> next() override;
    void report(const Outcome& outcome) override;

private:
    struct Choice {
        std::array<std::int64_t, kNumDims> on_chip{};
        std::array<Dim, kNumDims> dram_order{};
        double offchip_words = 0;
        double score = 0;
        std::int64_t id = 0;
        // Best on-chip completion found so far.
        std::array<int, kNumDims> best_tiling{};
        mapping::Mapping best_mapping;
        double best_score = 0;
        bool has_best = false;
    };
    Candidate offchipCandidate();
    Candidate onchipCandidate(Choice& c);
    bool sampleWithin(const Choice& c, std::array<int, kNumDims>& tiling, mapping::Mapping& m);
    void selectChoices();
    /// [begin, end) in m_byOnChip[d] of the tilings whose on-chip tile is `on_chip`.
    std::pair<int, int> run(int d, std::int64_t on_chip) const;

    void rank(const Choice& c);

    const Mapspace& m_space;
    DecoupledOptions m_options;
    Rng m_rng;
    std::int64_t m_nextId = 0;
    std::int64_t m_offchipBudget = 0;
    /// Per dimension, tiling indices sorted by on-chip tile: the tilings of one off-chip choice
    /// are a contiguous run, sampled without rejection.
    std::array<std::vector<int>, kNumDims> m_byOnChip;
    std::vector<Choice> m_choices; ///< phase 1: the best `keep` distinct choices so far; phase 2: fixed
    Choice m_pending;              ///< the candidate awaiting its outcome
    std::array<int, kNumDims> m_pendingTiling{};
    int m_pendingChoice = -1; ///< -1: phase 1
    bool m_phase2 = false;
};

} // namespace archscape::search
