#include "search/optimal_strategy.h"

#include <algorithm>

namespace archscape::search {

namespace {
double factorial(int n) {
    double f = 1;
    for (int i = 2; i <= n; ++i) f *= i;
    return f;
}
} // namespace

OptimalStrategy::OptimalStrategy(const Mapspace& space, const hardware::CostTables& tables, Objective objective,
                                 const OptimalOptions& options)
    : m_space(space), m_bound(space, tables, objective), m_mapping(space.emptyMapping()), m_deadline(options.deadline) {
    if (options.warm_budget > 0) {
        m_warm = std::make_unique<DecoupledStrategy>(
            space, DecoupledOptions{.budget = options.warm_budget, .seed = options.seed});
        m_warmLeft = options.warm_budget;
    }
    for (int d = 0; d < kNumDims; ++d) m_dimOrder[d] = d;
    // Most tilings first: the choices that move the bound most are made near the root.
    std::stable_sort(m_dimOrder.begin(), m_dimOrder.end(), [&](int a, int b) {
        return space.tilings(static_cast<Dim>(a)).size() > space.tilings(static_cast<Dim>(b)).size();
    });
    m_cert.root_bound = m_bound.root().score;
}

unsigned OptimalStrategy::fixedMask(int depth) const {
    unsigned mask = 0;
    for (int k = 0; k < depth; ++k) mask |= 1u << static_cast<unsigned>(m_dimOrder[k]);
    return mask;
}

void OptimalStrategy::expand(int depth) {
    Frame& f = m_stack[depth];
    f.children.clear();
    f.pos = 0;
    const Dim d = static_cast<Dim>(m_dimOrder[depth]);
    const auto& list = m_space.tilings(d);
    const unsigned mask = fixedMask(depth) | (1u << static_cast<unsigned>(d));
    for (int j = 0; j < static_cast<int>(list.size()); ++j) {
        m_space.apply(m_mapping, d, list[j]);
        if (!m_space.fits(m_mapping)) {
            ++m_cert.pruned_capacity;
            continue;
        }
        ++m_cert.nodes;
        const double b = m_bound.bound(m_mapping, mask).score;
        if (b >= m_best) {
            ++m_cert.pruned_bound;
            continue;
        }
        f.children.push_back({b, j});
    }
    m_space.apply(m_mapping, d, list[0]); // unfixed dimensions stay at DRAM
    std::stable_sort(f.children.begin(), f.children.end(),
                     [](const Child& a, const Child& b) { return a.bound < b.bound; });
}

bool OptimalStrategy::descend() {
    for (;;) {
        if (m_deadline && (++m_polls & 1023) == 0 && std::chrono::steady_clock::now() > *m_deadline) {
            // Out of time: the open frames stay as they are, so objectiveBound() is still their bound.
            m_timedOut = true;
            return false;
        }
        Frame& f = m_stack[m_depth];
        const Dim d = static_cast<Dim>(m_dimOrder[m_depth]);
        if (f.pos >= f.children.size() || f.children[f.pos].bound >= m_best) {
            // Children are sorted by bound: once one cannot beat the incumbent, none can.
            m_cert.pruned_bound += static_cast<std::int64_t>(f.children.size() - f.pos);
            f.pos = f.children.size();
            m_space.apply(m_mapping, d, m_space.tilings(d)[0]);
            if (m_depth == 0) return false;
            --m_depth;
            continue;
        }
        const Child c = f.children[f.pos++];
        m_space.apply(m_mapping, d, m_space.tilings(d)[c.tiling]);
        if (m_depth + 1 == kNumDims) {
            m_tilingBound = c.bound;
            return true;
        }
        ++m_depth;
        expand(m_depth);
    }
}

void OptimalStrategy::startOrders() {
    const int varied = m_space.numLevels() - 1; // the innermost level's order changes no cost
    double permutations = 1, classes = 1;
    for (int i = 0; i < varied; ++i) {
        m_classCount[i] = orderClasses(m_mapping, i, m_classes[i]);
        m_classIdx[i] = 0;
        m_mapping.levels[i].order = m_classes[i][0];
        int nonUnit = 0;
        for (Dim d : workload::kAllDims) nonUnit += m_mapping.levels[i].factors[d] > 1;
        permutations *= factorial(nonUnit);
        classes *= m_classCount[i];
    }
    m_cert.orders_symmetric += permutations - classes;
    ++m_cert.tilings;
}

bool OptimalStrategy::nextOrders() {
    const int varied = m_space.numLevels() - 1;
    if (m_tilingBound >= m_best) {
        // The incumbent reached this tiling's bound: its remaining orders cannot beat it.
        std::int64_t remaining = 0, weight = 1;
        for (int i = varied - 1; i >= 0; --i) {
            remaining += (m_classCount[i] - 1 - m_classIdx[i]) * weight;
            weight *= m_classCount[i];
        }
        m_cert.orders_cut += remaining;
        return false;
    }
    for (int i = varied - 1; i >= 0; --i) {
        if (++m_classIdx[i] < m_classCount[i]) {
            m_mapping.levels[i].order = m_classes[i][m_classIdx[i]];
            return true;
        }
        m_classIdx[i] = 0;
        m_mapping.levels[i].order = m_classes[i][0];
    }
    return false;
}

std::optional<Candidate> OptimalStrategy::next() {
    if (m_warm && m_warmLeft > 0) {
        if (auto c = m_warm->next()) {
            --m_warmLeft;
            m_warmPending = true;
            return Candidate{m_nextId++, std::move(c->mapping)};
        }
        m_warmLeft = 0;
    }
    if (m_done) return std::nullopt;
    if (!m_started) {
        m_started = true;
        m_depth = 0;
        expand(0);
    }
    if (m_inOrders) {
        if (nextOrders()) return Candidate{m_nextId++, m_mapping};
        m_inOrders = false;
    }
    if (!descend()) {
        m_done = true;
        m_cert.complete = !m_timedOut;
        return std::nullopt;
    }
    startOrders();
    m_inOrders = true;
    return Candidate{m_nextId++, m_mapping};
}

void OptimalStrategy::report(const Outcome& o) {
    if (m_warmPending && o.id >= 0) {
        m_warm->report(o);
        m_warmPending = false;
    }
    if (o.valid() && o.score < m_best) m_best = o.score;
}

std::optional<double> OptimalStrategy::objectiveBound() const {
    if (m_cert.complete) return m_best;
    if (!m_started) return std::min(m_best, m_cert.root_bound);
    double lb = m_best;
    for (int k = 0; k <= m_depth; ++k) {
        const Frame& f = m_stack[k];
        if (f.pos < f.children.size()) lb = std::min(lb, f.children[f.pos].bound);
    }
    if (m_inOrders) lb = std::min(lb, m_tilingBound);
    return lb;
}

} // namespace archscape::search
