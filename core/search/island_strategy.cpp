#include "search/island_strategy.h"

#include <algorithm>

namespace archscape::search {

IslandStrategy::IslandStrategy(int islands, std::int64_t budget, std::uint64_t seed, const Factory& make,
                               IslandMigration migration) {
    const int k = std::max(1, islands);
    auto seen = std::make_shared<SeenPoints>();
    for (int i = 0; i < k; ++i) {
        const std::int64_t share = budget / k + (i < budget % k ? 1 : 0);
        m_islands.push_back(make(i, share, mixSeed(seed, 0x15AD + static_cast<std::uint64_t>(i)), seen));
    }
    m_interval = migration.interval > 0 ? migration.interval : 4;
    m_migrants = migration.migrants > 0 ? migration.migrants : std::max(1, m_islands.front()->population() / 10);
    m_asked.assign(m_islands.size(), 0);
}

std::int64_t IslandStrategy::planned() const {
    std::int64_t n = 0;
    for (const auto& s : m_islands) n += s->planned();
    return n;
}

std::vector<std::int64_t> IslandStrategy::ask() {
    std::vector<std::int64_t> out;
    for (std::size_t i = 0; i < m_islands.size(); ++i) {
        const auto gen = m_islands[i]->ask();
        m_asked[i] = gen.size();
        out.insert(out.end(), gen.begin(), gen.end());
    }
    return out;
}

void IslandStrategy::tell(std::span<const PointResult> results) {
    std::size_t at = 0;
    for (std::size_t i = 0; i < m_islands.size(); ++i) {
        const std::size_t n = std::min(m_asked[i], results.size() - at);
        if (m_asked[i] > 0) m_islands[i]->tell(results.subspan(at, n));
        at += n;
    }
    if (m_islands.size() < 2 || ++m_generation % m_interval != 0) return;
    std::vector<std::vector<Individual>> leaving;
    for (const auto& s : m_islands) leaving.push_back(s->emigrants(static_cast<std::size_t>(m_migrants)));
    for (std::size_t i = 0; i < m_islands.size(); ++i)
        m_islands[(i + 1) % m_islands.size()]->immigrate(std::move(leaving[i]));
}

} // namespace archscape::search
