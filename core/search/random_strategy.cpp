#include "search/random_strategy.h"

namespace archscape::search {

RandomStrategy::RandomStrategy(const Mapspace& space, std::uint64_t seed) : m_space(space), m_rng(seed) {}

std::optional<Candidate> RandomStrategy::next() {
    m_space.sampleFitting(m_rng, m_tiling, m_mapping);
    for (int i = 0; i + 1 < m_space.numLevels(); ++i) m_space.shuffleOrder(m_rng, m_mapping, i);
    return Candidate{m_nextId++, m_mapping};
}

} // namespace archscape::search
