#include "search/exhaustive_strategy.h"

#include <algorithm>
#include <cmath>

#include "mapping/loop_nest.h"

namespace archscape::search {

ExhaustiveStrategy::ExhaustiveStrategy(const Mapspace& space, const hardware::CostTables& tables, Objective objective)
    : m_space(space), m_tables(tables), m_objective(objective), m_mapping(space.emptyMapping()) {}

bool ExhaustiveStrategy::advance(int k) {
    while (k >= 0) {
        const auto& list = m_space.tilings(static_cast<Dim>(k));
        if (++m_idx[k] < static_cast<int>(list.size())) break;
        m_idx[k] = 0;
        m_space.apply(m_mapping, static_cast<Dim>(k), list[0]);
        --k;
    }
    if (k < 0) return false;
    for (int j = k + 1; j < kNumDims; ++j) {
        m_idx[j] = 0;
        m_space.apply(m_mapping, static_cast<Dim>(j), m_space.tilings(static_cast<Dim>(j))[0]);
    }
    m_valid = k;
    return true;
}

double ExhaustiveStrategy::lowerBound() const {
    const auto& acc = m_space.accelerator();
    const auto nest = mapping::buildLoopNest(m_mapping, acc.fanoutLevel());
    // The layer's own precision and the PE mode change MAC throughput and energy (per-layer precision).
    const hardware::LayerFormat fmt = hardware::layerFormat(m_space.layer(), acc, m_tables);
    const double cycles = fmt.mac_rate.cyclesFor(double(nest.temporal_iterations));
    double energy = double(m_space.layer().macs()) * fmt.mac_pj;
    for (int i = 0; i < m_space.numLevels(); ++i)
        energy += m_tables.level[i].leak_pj_per_cycle * (acc.levels[i].per_pe ? double(nest.pes_used) : 1.0) * cycles;
    return m_objective.score(cycles, energy);
}

bool ExhaustiveStrategy::findTiling() {
    for (;;) {
        while (m_valid < kNumDims) {
            const int k = m_valid;
            m_space.apply(m_mapping, static_cast<Dim>(k), m_space.tilings(static_cast<Dim>(k))[m_idx[k]]);
            if (m_space.fits(m_mapping)) {
                ++m_valid;
                continue;
            }
            ++m_capacityPruned;
            if (!advance(k)) return false;
        }
        if (lowerBound() < m_best) return true;
        ++m_boundPruned;
        if (!advance(kNumDims - 1)) return false;
    }
}

void ExhaustiveStrategy::startOrders() {
    for (int i = 0; i < m_space.numLevels(); ++i) {
        auto& lv = m_mapping.levels[i];
        int n = 0;
        for (Dim d : workload::kAllDims)
            if (lv.factors[d] > 1) m_perm[i][n++] = d;
        m_permSize[i] = n;
        int k = n;
        std::array<Dim, kNumDims> order = m_perm[i];
        for (Dim d : workload::kAllDims)
            if (lv.factors[d] <= 1) order[k++] = d;
        lv.order = order;
    }
}

bool ExhaustiveStrategy::nextOrders() {
    // An odometer of permutations, the innermost varied level fastest; the innermost level is fixed.
    for (int i = m_space.numLevels() - 2; i >= 0; --i) {
        auto& p = m_perm[i];
        const bool more = std::next_permutation(p.begin(), p.begin() + m_permSize[i]);
        std::copy(p.begin(), p.begin() + m_permSize[i], m_mapping.levels[i].order.begin());
        if (more) return true;
    }
    return false;
}

std::optional<Candidate> ExhaustiveStrategy::next() {
    if (m_done) return std::nullopt;
    if (m_inOrders) {
        if (nextOrders()) return Candidate{m_nextId++, m_mapping};
        m_inOrders = false;
        if (!advance(kNumDims - 1)) {
            m_done = true;
            return std::nullopt;
        }
    }
    if (!findTiling()) {
        m_done = true;
        return std::nullopt;
    }
    startOrders();
    m_inOrders = true;
    return Candidate{m_nextId++, m_mapping};
}

void ExhaustiveStrategy::report(const Outcome& o) {
    if (o.valid() && o.score < m_best) m_best = o.score;
}

} // namespace archscape::search
