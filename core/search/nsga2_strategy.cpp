#include "search/nsga2_strategy.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "search/nondominated_sort.h"

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
    case Infeasibility::Energy: return 1; // system spaces only; NSGA-II searches accelerator spaces
    case Infeasibility::Latency:
    case Infeasibility::Power: {
        // Both limits count: a design over both is further from feasible than one over either.
        double v = 0;
        if (k.max_latency_ms) v += excess(p.latency_s * 1e3, *k.max_latency_ms);
        if (k.max_power_w) v += excess(p.power_w, *k.max_power_w);
        return std::max(v, 1e-9);
    }
    }
    return 1;
}

Nsga2Strategy::Nsga2Strategy(const DesignSpace& space, std::vector<Metric> objectives, std::int64_t budget,
                             int population, std::uint64_t seed)
    : m_space(space),
      m_objectives(std::move(objectives)),
      m_size(space.size()),
      m_planned(std::clamp<std::int64_t>(budget, 0, m_size)),
      m_population(population > 0 ? population : static_cast<int>(std::clamp<std::int64_t>(budget * 2 / 15, 8, 100))),
      m_rng(mixSeed(seed, 0x4E5347)) {}

std::int64_t Nsga2Strategy::indexOf(const std::vector<std::uint16_t>& choice) const {
    std::int64_t index = 0;
    for (std::size_t a = 0; a < choice.size(); ++a)
        index = index * static_cast<std::int64_t>(m_space.axes[a].size()) + choice[a];
    return index;
}

std::vector<std::uint16_t> Nsga2Strategy::randomChoice() {
    std::vector<std::uint16_t> c(m_space.axes.size());
    for (std::size_t a = 0; a < c.size(); ++a)
        c[a] = static_cast<std::uint16_t>(m_rng.below(static_cast<std::uint32_t>(m_space.axes[a].size())));
    return c;
}

const Nsga2Strategy::Member& Nsga2Strategy::tournament() {
    const auto n = static_cast<std::uint32_t>(m_members.size());
    const Member& a = m_members[m_rng.below(n)];
    const Member& b = m_members[m_rng.below(n)];
    if (a.rank != b.rank) return a.rank < b.rank ? a : b;
    if (a.crowding != b.crowding) return a.crowding > b.crowding ? a : b;
    return a.index < b.index ? a : b;
}

void Nsga2Strategy::mutate(std::vector<std::uint16_t>& c, bool force) {
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

void Nsga2Strategy::select(std::vector<Member>& members, std::size_t keep) {
    // Feasible members by non-dominated fronts, then infeasible ones by violation.
    std::vector<std::size_t> feasible, infeasible;
    for (std::size_t i = 0; i < members.size(); ++i) (members[i].feasible ? feasible : infeasible).push_back(i);
    std::vector<std::vector<double>> rows;
    for (std::size_t i : feasible) rows.push_back(members[i].objectives);
    const std::vector<int> ranks = nondominatedRanks(rows);
    int fronts = 0;
    for (std::size_t f = 0; f < feasible.size(); ++f) {
        members[feasible[f]].rank = ranks[f];
        fronts = std::max(fronts, ranks[f] + 1);
    }
    std::vector<std::vector<std::size_t>> byFront(fronts);
    for (std::size_t f = 0; f < feasible.size(); ++f) byFront[ranks[f]].push_back(f);
    for (const auto& front : byFront) {
        const auto d = crowdingDistances(rows, front);
        for (std::size_t i = 0; i < front.size(); ++i) members[feasible[front[i]]].crowding = d[i];
    }
    std::sort(infeasible.begin(), infeasible.end(), [&](std::size_t a, std::size_t b) {
        return members[a].violation < members[b].violation ||
               (members[a].violation == members[b].violation && members[a].index < members[b].index);
    });
    for (std::size_t i = 0; i < infeasible.size(); ++i) {
        members[infeasible[i]].rank = fronts + static_cast<int>(i);
        members[infeasible[i]].crowding = 0;
    }
    std::sort(members.begin(), members.end(), [](const Member& a, const Member& b) {
        if (a.rank != b.rank) return a.rank < b.rank;
        if (a.crowding != b.crowding) return a.crowding > b.crowding;
        return a.index < b.index;
    });
    if (members.size() > keep) members.resize(keep);
}

std::vector<std::int64_t> Nsga2Strategy::ask() {
    const std::int64_t left = m_planned - m_asked;
    const auto n = static_cast<std::size_t>(std::min<std::int64_t>(left, m_population));
    m_pending.clear();
    std::vector<std::int64_t> out;
    auto take = [&](std::vector<std::uint16_t> c) {
        const std::int64_t index = indexOf(c);
        m_seen.insert(index);
        out.push_back(index);
        m_pending.push_back({.index = index, .choice = std::move(c)});
    };
    while (out.size() < n) {
        std::vector<std::uint16_t> c;
        bool found = false;
        if (!m_members.empty()) {
            const Member& p1 = tournament();
            const Member& p2 = tournament();
            c = p1.choice;
            if (m_rng.uniform() < 0.9)
                for (std::size_t a = 0; a < c.size(); ++a)
                    if (m_rng.below(2) == 0) c[a] = p2.choice[a];
            mutate(c, false);
            for (int tries = 0; tries < 32 && !(found = unseen(indexOf(c))); ++tries) mutate(c, true);
        }
        // Generation 0, or a child that stayed a repeat: a random unseen point (m_planned <= size,
        // so one exists; rejection needs few draws unless the space is nearly exhausted).
        for (int tries = 0; !found && tries < 1000; ++tries) found = unseen(indexOf(c = randomChoice()));
        if (!found) {
            for (std::int64_t i = 0; i < m_size && !found; ++i)
                if (unseen(i)) c = m_space.choiceOf(i), found = true;
        }
        if (!found) break;
        take(std::move(c));
    }
    m_asked += static_cast<std::int64_t>(out.size());
    return out;
}

void Nsga2Strategy::tell(std::span<const PointResult> results) {
    for (std::size_t i = 0; i < results.size() && i < m_pending.size(); ++i) {
        Member& m = m_pending[i];
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

} // namespace archscape::search
