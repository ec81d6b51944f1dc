#include "model/cycle_terms.h"

namespace archscape::model {

namespace {

/// What set the overlapped term: the engines keep compute on ties (a transfer must be longer).
CycleTerm overlapTerm(const LayerCost& cost) {
    const double t = cost.overlap_cycles;
    if (t > cost.compute_cycles) {
        if (cost.bound == Bound::Noc && t == cost.noc_cycles) return {CycleTerm::Kind::Noc, -1, t};
        for (int i = 0; i < cost.num_levels; ++i)
            if (cost.levels[i].stall_cycles == 0 && cost.levels[i].transfer_cycles == t)
                return {CycleTerm::Kind::Transfer, i, t};
    }
    return {CycleTerm::Kind::Compute, -1, t};
}

} // namespace

std::vector<CycleTerm> cycleTerms(const LayerCost& cost) {
    std::vector<CycleTerm> terms;
    if (!cost.valid()) return terms;
    terms.push_back(overlapTerm(cost));
    if (cost.startup_cycles != 0) terms.push_back({CycleTerm::Kind::Startup, -1, cost.startup_cycles});
    for (int i = 0; i < cost.num_levels; ++i)
        if (cost.levels[i].stall_cycles != 0) terms.push_back({CycleTerm::Kind::Stall, i, cost.levels[i].stall_cycles});
    return terms;
}

} // namespace archscape::model
