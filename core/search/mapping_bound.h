#pragma once
#include <cstdint>

#include "hardware/technology.h"
#include "mapping/mapping.h"
#include "search/mapspace.h"
#include "search/objective.h"

namespace archscape::search {

/// A lower bound of one layer's cost over a set of mappings.
struct CostBound {
    double cycles = 0;
    double energy_pj = 0;
    double score = 0; ///< the objective of (cycles, energy_pj): no mapping of the set scores less
};

/// Admissible lower bounds of model::evaluate over every completion of a partial mapping and every
/// loop order (the branch-and-bound of OptimalStrategy prunes with them).
///
/// A partial mapping fixes the tilings of the dimensions in `fixed` (a bit per Dim); the others sit
/// entirely at DRAM and may later move anywhere the mapspace allows. The bound adds up, per level
/// and operand, traffic no completion can avoid:
///  - every keeping level below DRAM receives at least every distinct element of its operand once
///    (the tensor, inputs counted by the rows and columns the window actually touches), times the
///    spatial factors of fixed dimensions irrelevant to the operand (those PEs hold copies);
///  - loops of fixed irrelevant dimensions at levels above the deepest level that has a relevant
///    loop of a fixed dimension refetch the tile however the loops are ordered: reuse in place
///    needs them inside every relevant loop (unfixed dimensions can only add relevant loops, which
///    moves that level deeper and the factor up);
///  - the innermost keeping level of each operand serves every MAC (at least the layer's MACs);
///    partial sums are read back for all but the last reduction step, there and, by the forced
///    factor above, between the keeping levels of outputs;
/// and compute cycles >= the temporal iterations the array cannot hide (the unfixed dimensions
/// share the PEs the fixed ones leave, each at most its largest spatial factor in the mapspace).
/// Cycles are bounded by the roofline of those counts, energy by MACs + accesses + NoC + leakage
/// over the bounded cycles. Every term is monotone in the quantities model::evaluate computes, so
/// the bound never exceeds the cost of any mapping of the set (tests/core/tst_search_optimal.cpp
/// checks that on random mappings and prefixes).
class MappingBound {
public:
    /// `space` and `tables` must outlive the bound.
    MappingBound(const Mapspace& space, const hardware::CostTables& tables, Objective objective);

    /// The bound over every completion of `m` whose dimensions outside `fixed` are still at DRAM.
    CostBound bound(const mapping::Mapping& m, unsigned fixed) const;
    /// The bound over the whole mapspace (nothing fixed).
    CostBound root() const;

private:
    const Mapspace& m_space;
    const hardware::CostTables& m_tables;
    Objective m_objective;
    hardware::LayerFormat m_format;
    workload::PerOperand<double> m_volume{}; ///< distinct elements of each operand
    workload::PerDim<std::int64_t> m_maxSpatial{};
    double m_macs = 0;
};

} // namespace archscape::search
