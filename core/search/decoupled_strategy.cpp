#include "search/decoupled_strategy.h"

#include <algorithm>

namespace archscape::search {

DecoupledStrategy::DecoupledStrategy(const Mapspace& space, const DecoupledOptions& options)
    : m_space(space), m_options(options), m_rng(options.seed) {
    m_options.keep = std::max(1, m_options.keep);
    m_offchipBudget =
        std::max<std::int64_t>(1, static_cast<std::int64_t>(double(options.budget) * options.offchip_fraction));
    // The mapspace's stable order by on-chip tile (built once per enumeration, shared by designs).
    for (int d = 0; d < kNumDims; ++d) m_byOnChip[d] = m_space.tilingsByOnChip(static_cast<Dim>(d));
}

Candidate DecoupledStrategy::offchipCandidate() {
    mapping::Mapping m;
    m_space.sampleFitting(m_rng, m_pendingTiling, m);
    for (int i = 0; i + 1 < m_space.numLevels(); ++i) m_space.shuffleOrder(m_rng, m, i);
    m_pending = Choice{};
    for (int d = 0; d < kNumDims; ++d)
        m_pending.on_chip[d] = m_space.tilings(static_cast<Dim>(d))[m_pendingTiling[d]].on_chip;
    m_pending.dram_order = m.levels[0].order;
    m_pending.best_tiling = m_pendingTiling;
    m_pending.best_mapping = m;
    m_pending.id = m_nextId;
    m_pendingChoice = -1;
    return Candidate{m_nextId++, m};
}

bool DecoupledStrategy::sampleWithin(const Choice& c, std::array<int, kNumDims>& tiling, mapping::Mapping& m) {
    // Like Mapspace::sampleFitting, restricted to the tilings with the chosen on-chip tile.
    constexpr int kTries = 6;
    std::array<int, kNumDims> dims;
    for (int i = 0; i < kNumDims; ++i) dims[i] = i;
    for (int i = kNumDims - 1; i > 0; --i) std::swap(dims[i], dims[m_rng.below(i + 1)]);
    m = m_space.emptyMapping();
    m.levels[0].order = c.dram_order;
    for (int d : dims) {
        const auto& list = m_space.tilings(static_cast<Dim>(d));
        const auto [lo, hi] = run(d, c.on_chip[d]);
        tiling[d] = c.best_tiling[d];
        for (int k = 0; k < kTries && hi - lo > 1; ++k) {
            const int pick = m_byOnChip[d][lo + static_cast<int>(m_rng.below(static_cast<std::uint32_t>(hi - lo)))];
            m_space.apply(m, static_cast<Dim>(d), list[pick]);
            if (m_space.fits(m)) {
                tiling[d] = pick;
                break;
            }
        }
        m_space.apply(m, static_cast<Dim>(d), list[tiling[d]]);
    }
    return m_space.fits(m);
}

std::pair<int, int> DecoupledStrategy::run(int d, std::int64_t on_chip) const {
    const auto& list = m_space.tilings(static_cast<Dim>(d));
    const auto& idx = m_byOnChip[d];
    const auto lo =
        std::lower_bound(idx.begin(), idx.end(), on_chip, [&](int i, std::int64_t v) { return list[i].on_chip < v; });
    const auto hi =
        std::upper_bound(lo, idx.end(), on_chip, [&](std::int64_t v, int i) { return v < list[i].on_chip; });
    return {static_cast<int>(lo - idx.begin()), static_cast<int>(hi - idx.begin())};
}

Candidate DecoupledStrategy::onchipCandidate(Choice& c) {
    mapping::Mapping m;
    std::array<int, kNumDims> tiling{};
    if (c.has_best && (m_rng.next() & 1)) {
        // Local step around the best completion: another split of one dimension, or an order swap.
        tiling = c.best_tiling;
        m = c.best_mapping;
        if (m_rng.next() & 1) {
            const int d = static_cast<int>(m_rng.below(kNumDims));
            const auto& list = m_space.tilings(static_cast<Dim>(d));
            const auto [lo, hi] = run(d, c.on_chip[d]);
            for (int k = 0; k < 8 && hi - lo > 1; ++k) {
                const int pick = m_byOnChip[d][lo + static_cast<int>(m_rng.below(static_cast<std::uint32_t>(hi - lo)))];
                m_space.apply(m, static_cast<Dim>(d), list[pick]);
                if (m_space.fits(m)) {
                    tiling[d] = pick;
                    break;
                }
                m_space.apply(m, static_cast<Dim>(d), list[tiling[d]]);
            }
        } else if (m_space.numLevels() > 2) {
            const int level = 1 + static_cast<int>(m_rng.below(static_cast<std::uint32_t>(m_space.numLevels() - 2)));
            auto& order = m.levels[level].order;
            std::swap(order[m_rng.below(kNumDims)], order[m_rng.below(kNumDims)]);
        }
    } else {
        sampleWithin(c, tiling, m);
        for (int i = 1; i + 1 < m_space.numLevels(); ++i) m_space.shuffleOrder(m_rng, m, i);
    }
    m_pendingTiling = tiling;
    m_pending.best_mapping = m;
    return Candidate{m_nextId++, m};
}

namespace {
bool rankedBetter(double words_a, double score_a, std::int64_t id_a, double words_b, double score_b,
                  std::int64_t id_b) {
    if (words_a != words_b) return words_a < words_b;
    if (score_a != score_b) return score_a < score_b;
    return id_a < id_b;
}
} // namespace

void DecoupledStrategy::rank(const Choice& c) {
    // Keep the best `keep` distinct off-chip choices (few: a linear scan beats sorting everything).
    auto better = [](const Choice& a, const Choice& b) {
        return rankedBetter(a.offchip_words, a.score, a.id, b.offchip_words, b.score, b.id);
    };
    for (auto& o : m_choices) {
        if (o.on_chip == c.on_chip && o.dram_order == c.dram_order) {
            if (better(c, o)) o = c;
            std::sort(m_choices.begin(), m_choices.end(), better);
            return;
        }
    }
    if (static_cast<int>(m_choices.size()) < m_options.keep) m_choices.push_back(c);
    else if (better(c, m_choices.back())) m_choices.back() = c;
    else return;
    std::sort(m_choices.begin(), m_choices.end(), better);
}

void DecoupledStrategy::selectChoices() { m_phase2 = true; }

std::optional<Candidate> DecoupledStrategy::next() {
    if (m_nextId >= m_options.budget) return std::nullopt;
    if (!m_phase2 && m_nextId >= m_offchipBudget) selectChoices();
    if (!m_phase2) return offchipCandidate();
    if (m_choices.empty()) {
        // No off-chip choice fitted: keep sampling the whole space.
        return offchipCandidate();
    }
    // Round-robin over the kept choices, best first.
    m_pendingChoice = static_cast<int>((m_nextId - m_offchipBudget) % static_cast<std::int64_t>(m_choices.size()));
    return onchipCandidate(m_choices[m_pendingChoice]);
}

void DecoupledStrategy::report(const Outcome& o) {
    if (o.id < 0 || !o.valid()) return;
    if (m_pendingChoice < 0) {
        m_pending.offchip_words = o.offchip_words;
        m_pending.score = o.score;
        m_pending.best_score = o.score;
        m_pending.has_best = true;
        if (!m_phase2) rank(m_pending);
        return;
    }
    Choice& c = m_choices[m_pendingChoice];
    if (!c.has_best || o.score < c.best_score) {
        c.best_score = o.score;
        c.best_tiling = m_pendingTiling;
        c.best_mapping = m_pending.best_mapping;
        c.has_best = true;
    }
}

} // namespace archscape::search
