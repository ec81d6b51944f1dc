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
    Individual c;
    c.tiling = p1.tiling;
    c.mapping = p1.mapping;
    if (!m_space.fits(c.mapping)) {
        m_space.sampleFitting(m_rng, c.tiling, c.mapping);
        for (int i = 0; i + 1 < m_space.numLevels(); ++i) m_space.shuffleOrder(m_rng, c.mapping, i);
        return c;
    }
    // Crossover gene by gene, in a random order, each gene kept only if the child still fits:
    // the child is repaired as it is built instead of being thrown away.
    std::array<int, kNumDims> dims;
    for (int i = 0; i < kNumDims; ++i) dims[i] = i;
    for (int i = kNumDims - 1; i > 0; --i) std::swap(dims[i], dims[m_rng.below(i + 1)]);
    auto tryGene = [&](int d, int pick) {
        const auto& list = m_space.tilings(static_cast<Dim>(d));
        m_space.apply(c.mapping, static_cast<Dim>(d), list[pick]);
        if (m_space.fits(c.mapping)) {
            c.tiling[d] = pick;
            return true;
        }
        m_space.apply(c.mapping, static_cast<Dim>(d), list[c.tiling[d]]);
        return false;
    };
    for (int d : dims) {
        if (m_rng.next() & 1) tryGene(d, p2.tiling[d]);
        if (m_rng.uniform() < m_options.mutation_rate) {
            const auto n = static_cast<std::uint32_t>(m_space.tilings(static_cast<Dim>(d)).size());
            for (int k = 0; k < 6 && !tryGene(d, static_cast<int>(m_rng.below(n))); ++k) {}
        }
    }
    for (int i = 0; i + 1 < m_space.numLevels(); ++i) {
        auto& order = c.mapping.levels[i].order;
        if (m_rng.next() & 1) order = p2.mapping.levels[i].order;
        if (m_rng.uniform() < m_options.mutation_rate * 2)
            std::swap(order[m_rng.below(kNumDims)], order[m_rng.below(kNumDims)]);
    }
    return c;
}

void GeneticStrategy::breed() {
    for (auto& ind : m_batch) m_population.push_back(std::move(ind));
    std::sort(m_population.begin(), m_population.end(), [](const Individual& a, const Individual& b) {
        return a.fitness < b.fitness || (a.fitness == b.fitness && a.id < b.id);
    });
    // Survivors: the best distinct genomes. Copies of one good genome would otherwise take over the
    // population within a few generations and stall the search.
    std::vector<Individual> survivors;
    for (auto& ind : m_population) {
        if (static_cast<int>(survivors.size()) == m_options.population) break;
        const bool dup = std::any_of(survivors.begin(), survivors.end(),
                                     [&](const Individual& s) { return s.mapping == ind.mapping; });
        if (!dup) survivors.push_back(std::move(ind));
    }
    m_population = std::move(survivors);
    m_batch.clear();
    // A quarter of each generation are immigrants (fresh samples) to keep exploring.
    const int immigrants = m_options.population / 4;
    for (int i = 0; i < m_options.population; ++i) {
        if (i < immigrants) {
            Individual c;
            m_space.sampleFitting(m_rng, c.tiling, c.mapping);
            for (int l = 0; l + 1 < m_space.numLevels(); ++l) m_space.shuffleOrder(m_rng, c.mapping, l);
            m_batch.push_back(std::move(c));
        } else {
            m_batch.push_back(child());
        }
    }
    m_asked = 0;
}

} // namespace archscape::search
