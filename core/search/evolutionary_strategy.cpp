#include "search/evolutionary_strategy.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace archscape::search {

double constraintViolation(const PointResult& p, const DesignSpace& space) {
    const Constraints& k = space.constraints;
    auto excess = [](double value, double limit) { return limit > 0 ? std::max(0.0, value / limit - 1.0) : 0.0; };
    switch (p.reason) {
    case Infeasibility::None: return 0;
    case Infeasibility::PeCount: {
        const auto pes = static_cast<double>(space.pointAt(p.index).accelerator.pe.count());
        double v = 0;
        if (k.min_pe_count && pes < *k.min_pe_count) v += 1.0 - pes / static_cast<double>(*k.min_pe_count);
        if (k.max_pe_count) v += excess(pes, static_cast<double>(*k.max_pe_count));
        return std::max(v, 1e-9);
    }
    case Infeasibility::Area: return std::max(excess(p.area_mm2, k.max_area_mm2.value_or(0)), 1e-9);
    case Infeasibility::Unmapped: return 1.0 + p.unmapped;
    case Infeasibility::Latency:
    case Infeasibility::Power: {
        // Both limits count: a design over both is further from feasible than one over either.
        double v = 0;
        if (k.max_latency_ms) v += excess(p.latency_s * 1e3, *k.max_latency_ms);
        if (k.max_power_w) v += excess(p.power_w, *k.max_power_w);
        return std::max(v, 1e-9);
    }
    case Infeasibility::Resource: return 1;
    case Infeasibility::Energy: return 1; // system spaces only; the evolutionary searches explore accelerator spaces
    }
    return 1;
}

EvolutionaryStrategy::EvolutionaryStrategy(const DesignSpace& space, std::vector<Metric> objectives,
                                           std::int64_t budget, int population, std::uint64_t seed,
                                           std::shared_ptr<SeenPoints> seen)
    : m_space(space),
      m_objectives(std::move(objectives)),
      m_size(space.size()),
      m_planned(std::clamp<std::int64_t>(budget, 0, m_size)),
      m_population(std::max(1, population)),
      m_rng(seed),
      m_seen(seen ? std::move(seen) : std::make_shared<SeenPoints>()) {}

bool EvolutionaryStrategy::before(const Individual& a, const Individual& b) {
    if (a.rank != b.rank) return a.rank < b.rank;
    if (a.crowding != b.crowding) return a.crowding > b.crowding;
    return a.index < b.index;
}

std::int64_t EvolutionaryStrategy::indexOf(const std::vector<std::uint16_t>& choice) const {
    std::int64_t index = 0;
    for (std::size_t a = 0; a < choice.size(); ++a)
        index = index * static_cast<std::int64_t>(m_space.axes[a].size()) + choice[a];
    return index;
}

std::vector<std::uint16_t> EvolutionaryStrategy::randomChoice() {
    std::vector<std::uint16_t> c(m_space.axes.size());
    for (std::size_t a = 0; a < c.size(); ++a)
        c[a] = static_cast<std::uint16_t>(m_rng.below(static_cast<std::uint32_t>(m_space.axes[a].size())));
    return c;
}

std::vector<std::vector<std::uint16_t>> EvolutionaryStrategy::stratifiedChoices(std::size_t n) {
    std::vector<std::vector<std::uint16_t>> out(n, std::vector<std::uint16_t>(m_space.axes.size()));
    std::vector<std::uint32_t> slots(n);
    for (std::size_t a = 0; a < m_space.axes.size(); ++a) {
        // Slot j of n covers the values [j * size / n, (j + 1) * size / n): one value drawn in each
        // slot, the slots dealt to the points in a random order (Fisher-Yates).
        const auto values = static_cast<std::uint64_t>(m_space.axes[a].size());
        std::iota(slots.begin(), slots.end(), 0u);
        for (std::size_t j = n; j > 1; --j) std::swap(slots[j - 1], slots[m_rng.below(static_cast<std::uint32_t>(j))]);
        for (std::size_t i = 0; i < n; ++i) {
            const std::uint64_t lo = slots[i] * values / n, hi = (slots[i] + 1) * values / n;
            const std::uint64_t v = hi > lo ? lo + m_rng.below(static_cast<std::uint32_t>(hi - lo)) : lo;
            out[i][a] = static_cast<std::uint16_t>(std::min(v, values - 1));
        }
    }
    return out;
}

const Individual& EvolutionaryStrategy::tournament() {
    const auto n = static_cast<std::uint32_t>(m_members.size());
    const Individual& a = m_members[m_rng.below(n)];
    const Individual& b = m_members[m_rng.below(n)];
    return before(a, b) ? a : b;
}

void EvolutionaryStrategy::mutate(std::vector<std::uint16_t>& c, bool force) {
    std::vector<std::size_t> axes; // the axes that can change
    for (std::size_t a = 0; a < c.size(); ++a)
        if (m_space.axes[a].size() > 1) axes.push_back(a);
    if (axes.empty()) return;
    const double pm = 1.0 / static_cast<double>(axes.size());
    bool changed = false;
    auto change = [&](std::size_t a) {
        const int n = static_cast<int>(m_space.axes[a].size());
        int v = c[a];
        if (m_rng.below(4) == 0) {
            v = static_cast<int>(m_rng.below(static_cast<std::uint32_t>(n - 1)));
            if (v >= c[a]) ++v; // any other value
        } else {
            // A neighbouring value (axes list values in order, so neighbours are similar designs).
            const int step = m_rng.below(2) == 0 ? -1 : 1;
            v = c[a] + step;
            if (v < 0 || v >= n) v = c[a] - step;
        }
        c[a] = static_cast<std::uint16_t>(v);
        changed = true;
    };
    for (std::size_t a : axes)
        if (m_rng.uniform() < pm) change(a);
    if (force && !changed) change(axes[m_rng.below(static_cast<std::uint32_t>(axes.size()))]);
}

std::vector<std::int64_t> EvolutionaryStrategy::ask() {
    const std::int64_t left = m_planned - m_asked;
    const auto n = static_cast<std::size_t>(std::min<std::int64_t>(left, m_population));
    m_pending.clear();
    std::vector<std::int64_t> out;
    std::vector<std::vector<std::uint16_t>> initial;
    if (m_members.empty() && m_asked == 0) initial = stratifiedChoices(n);
    while (out.size() < n) {
        std::vector<std::uint16_t> c;
        bool found = false;
        if (!initial.empty()) {
            c = std::move(initial[out.size()]);
            for (int tries = 0; tries < 32 && !(found = unseen(indexOf(c))); ++tries) mutate(c, true);
        } else if (!m_members.empty()) {
            const Individual& p1 = tournament();
            const Individual& p2 = tournament();
            c = p1.choice;
            if (m_rng.uniform() < 0.9)
                for (std::size_t a = 0; a < c.size(); ++a)
                    if (m_rng.below(2) == 0) c[a] = p2.choice[a];
            mutate(c, false);
            for (int tries = 0; tries < 32 && !(found = unseen(indexOf(c))); ++tries) mutate(c, true);
        }
        // A child that stayed a repeat (or nothing to breed from): a random unseen point
        // (m_planned <= size, so one exists; rejection needs few draws unless the space is nearly exhausted).
        for (int tries = 0; !found && tries < 1000; ++tries) found = unseen(indexOf(c = randomChoice()));
        if (!found) {
            for (std::int64_t i = 0; i < m_size && !found; ++i)
                if (unseen(i)) c = m_space.choiceOf(i), found = true;
        }
        if (!found) break;
        const std::int64_t index = indexOf(c);
        m_seen->insert(index);
        out.push_back(index);
        m_pending.push_back({.index = index, .choice = std::move(c)});
        if (!initial.empty() && out.size() == initial.size()) initial.clear();
    }
    m_asked += static_cast<std::int64_t>(out.size());
    return out;
}

void EvolutionaryStrategy::tell(std::span<const PointResult> results) {
    for (std::size_t i = 0; i < results.size() && i < m_pending.size(); ++i) {
        Individual& m = m_pending[i];
        const PointResult& r = results[i];
        m.feasible = r.feasible();
        m.violation = constraintViolation(r, m_space);
        for (Metric k : m_objectives) m.objectives.push_back(k == Metric::Accuracy ? -r.metric(k) : r.metric(k));
        // A feasible design with an undefined objective (no accuracy prediction) cannot be ranked.
        for (double v : m.objectives)
            if (std::isnan(v)) m.feasible = false, m.violation = std::max(m.violation, 1.0);
        m_members.push_back(std::move(m));
    }
    m_pending.clear();
    select(m_members, static_cast<std::size_t>(m_population));
}

std::vector<Individual> EvolutionaryStrategy::emigrants(std::size_t n) const {
    return {m_members.begin(), m_members.begin() + static_cast<std::ptrdiff_t>(std::min(n, m_members.size()))};
}

void EvolutionaryStrategy::immigrate(std::vector<Individual> members) {
    for (auto& m : members) {
        // A migrant may come round the ring to an island that holds it already: keep one.
        const bool held =
            std::any_of(m_members.begin(), m_members.end(), [&](const Individual& x) { return x.index == m.index; });
        if (!held) m_members.push_back(std::move(m));
    }
    select(m_members, static_cast<std::size_t>(m_population));
}

} // namespace archscape::search
