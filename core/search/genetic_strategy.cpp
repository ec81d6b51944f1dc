#include "search/genetic_strategy.h"

#include <algorithm>
#include <limits>

namespace archscape::search {

GeneticStrategy::GeneticStrategy(const Mapspace& space, const GeneticOptions& options)
    : m_space(space), m_options(options), m_rng(options.seed) {
    m_options.population = std::max(2, m_options.population);
    m_batch.resize(m_options.population);
    for (auto& ind : m_batch) {
        m_space.sampleFitting(m_rng, ind.tiling, ind.mapping);
        for (int i = 0; i + 1 < m_space.numLevels(); ++i) m_space.shuffleOrder(m_rng, ind.mapping, i);
    }
}

std::optional<Candidate> GeneticStrategy::next() {
    if (m_asked == m_batch.size()) breed();
    Individual& ind = m_batch[m_asked++];
    ind.id = m_nextId++;
    ind.fitness = std::numeric_limits<double>::infinity();
    return Candidate{ind.id, ind.mapping};
}

void GeneticStrategy::report(const Outcome& o) {
    if (o.id < 0 || m_asked == 0) return;
    Individual& ind = m_batch[m_asked - 1];
    if (ind.id == o.id && o.valid()) ind.fitness = o.score;
}

const GeneticStrategy::Individual& GeneticStrategy::tournament() {
    const auto& a = m_population[m_rng.below(static_cast<std::uint32_t>(m_population.size()))];
    const auto& b = m_population[m_rng.below(static_cast<std::uint32_t>(m_population.size()))];
    return (a.fitness < b.fitness || (a.fitness == b.fitness && a.id < b.id)) ? a : b;
}

GeneticStrategy::Individual GeneticStrategy::child() {
    const Individual& p1 = tournament();
    const Individual& p2 = tournament();
    constexpr int kRepairs = 4;
    for (int attempt = 0; attempt <= kRepairs; ++attempt) {
        // The last attempt mutates one parent only, which keeps more children fitting.
        const bool crossover = attempt < kRepairs;
        Individual c;
        c.mapping = m_space.emptyMapping();
        for (int d = 0; d < kNumDims; ++d) {
            c.tiling[d] = (crossover && (m_rng.next() & 1)) ? p2.tiling[d] : p1.tiling[d];
            if (m_rng.uniform() < m_options.mutation_rate) {
                const auto n = static_cast<std::uint32_t>(m_space.tilings(static_cast<Dim>(d)).size());
                c.tiling[d] = static_cast<int>(m_rng.below(n));
            }
        }
        m_space.applyAll(c.mapping, c.tiling);
        if (!m_space.fits(c.mapping)) continue;
        for (int i = 0; i < m_space.numLevels(); ++i) {
            auto& order = c.mapping.levels[i].order;
            order = ((crossover && (m_rng.next() & 1)) ? p2 : p1).mapping.levels[i].order;
            if (m_rng.uniform() < m_options.mutation_rate * 2)
                std::swap(order[m_rng.below(kNumDims)], order[m_rng.below(kNumDims)]);
        }
        return c;
    }
    Individual c;
    m_space.sampleFitting(m_rng, c.tiling, c.mapping);
    for (int i = 0; i + 1 < m_space.numLevels(); ++i) m_space.shuffleOrder(m_rng, c.mapping, i);
    return c;
}

void GeneticStrategy::breed() {
    for (auto& ind : m_batch) m_population.push_back(std::move(ind));
    std::sort(m_population.begin(), m_population.end(), [](const Individual& a, const Individual& b) {
        return a.fitness < b.fitness || (a.fitness == b.fitness && a.id < b.id);
    });
    if (static_cast<int>(m_population.size()) > m_options.population) m_population.resize(m_options.population);
    m_batch.clear();
    for (int i = 0; i < m_options.population; ++i) m_batch.push_back(child());
    m_asked = 0;
}

} // namespace archscape::search
