#pragma once
#include <array>
#include <cstdint>
#include <vector>

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

/// Which terms MappingBound adds (all by default; switching one off only weakens the bound).
struct BoundTerms {
    bool capacity_refetch = true; ///< the capacity-driven refetch term (see MappingBound)
    bool bypass_cases = true;     ///< its cross-boundary cases for operands that bypass a level (see MappingBound)
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
/// over the bounded cycles.
///
/// Capacity-driven refetch (BoundTerms::capacity_refetch), the I/O-complexity argument of Hong and
/// Kung (a buffer of S words forces about MACs / sqrt(S) transfers for a matrix product) in the form
/// model::evaluate's reuse rule takes. Take a boundary above level c >= 1 and let x be the innermost
/// temporal loop above it. model::evaluate skips only irrelevant loops innermost, so every operand o
/// that x is relevant to is refetched by every loop above c: the nearest level c' >= c keeping o
/// receives, over its instances, at least tile_o(c) x (loops above c) x instances(c) =
/// Π_{d in o} padded_d x Π_{d not in o} padded_d / extent_d(c) elements (the loops of d between c and
/// c' only make it more, spatial factors included). Inputs count only at a level that keeps them
/// and x not R or S, and then as N x G x C x P x Q extents (a sliding window along P fetches at least
/// P positions a step). extent_d(c) is exact for fixed dimensions; for the unfixed ones together it is
/// at most what the capacity of each keeping level j <= c leaves for them (tiles only shrink inwards,
/// the other operands' least tiles taking their share), which is where the buffer size enters:
/// weights refetched through a global buffer of S output words cost at least
/// |W| x NPQ / S. Which operands x refetches depends on x (N, P, Q: inputs and outputs; C: weights
/// and inputs; R, S: weights; K: weights and outputs; G: all), and x is a fixed loop of the nearest
/// level above c with one, or an unfixed dimension: the boundary adds the least over those cases,
/// per port and for energy, of the traffic beyond what the compulsory and forced terms count on the
/// same links. Only one operand per level can be stationary, so this is a joint order bound. Two
/// boundaries that would add to the same link are not both counted (the bound takes the best set
/// of boundaries with disjoint links). When the case refetches two operands whose unfixed extents
/// at c are disjoint and one keeping level j <= c holds an operand that grows with both (weights
/// N, P, Q and inputs K: the output tile e_K x e_NPQ), E_a x E_b <= S couples them, and each
/// component of the two operands' traffic is minimised exactly over that trade-off (convex in
/// log E_a; minimizeCoupled): for a matrix product the 2 x MACs / sqrt(S) shape of Hong and Kung.
///
/// Operands that bypass a level (BoundTerms::bypass_cases; Eyeriss' weights skip the global buffer):
/// let o's (weights or outputs: inputs link only at their own levels) nearest keeping level at or
/// below c be k > c. model::evaluate walks the loops of every level above k, so either (A) levels c .. k-1 hold a
/// temporal loop relevant to o, and then every loop above c lies outside o's first relevant loop and refetches o's tile
/// whatever x is (o joins every case of the boundary, with the count above), or (B) they hold none, and then o's
/// relevant extents at c are its extents at k times the spatial factors between, so k's capacity bounds them like a
/// level j <= c does (extentLimit). A fixed relevant loop there forces A; all relevant dimensions fixed without one
/// forces B; otherwise the boundary takes the least over both. Each completion falls in one pattern, and in it the
/// argument above holds, so the least stays a bound. Three operands refetched at once add the best of the three
/// pairings (two coupled, one alone). Every term is monotone in the quantities model::evaluate computes, so the bound
/// never exceeds the cost of any mapping of the set (tests/core/tst_search_optimal.cpp checks that on random mappings
/// and prefixes).
class MappingBound {
public:
    /// `space` and `tables` must outlive the bound.
    MappingBound(const Mapspace& space, const hardware::CostTables& tables, Objective objective, BoundTerms terms = {});

    /// The bound over every completion of `m` whose dimensions outside `fixed` are still at DRAM.
    CostBound bound(const mapping::Mapping& m, unsigned fixed) const;
    /// The bound over the whole mapspace (nothing fixed).
    CostBound root() const;

private:
    /// Words at each level's port (per instance), NoC words and energy of some traffic.
    struct Traffic {
        double energy_pj = 0;
        std::array<double, mapping::kMaxLevels> words{};
        double noc_words = 0;
        Traffic& operator+=(const Traffic& t);
        void minWith(const Traffic& t);
        void maxWith(const Traffic& t);
    };
    /// The keeping levels an operand's traffic across a boundary runs between.
    struct Link {
        int parent = -1;
        int child = -1; ///< -1: no link the refetch term counts
    };
    void initLinks();
    /// The refetch term's traffic at every boundary c (extra[c]), beyond what bound() counts.
    void refetch(const mapping::Mapping& m, unsigned fixedAll, std::array<Traffic, mapping::kMaxLevels>& extra) const;

    const Mapspace& m_space;
    const hardware::CostTables& m_tables;
    Objective m_objective;
    hardware::LayerFormat m_format;
    workload::PerOperand<double> m_volume{}; ///< distinct elements of each operand
    workload::PerDim<std::int64_t> m_maxSpatial{};
    workload::PerDim<double> m_maxPadded{}; ///< largest padded bound of each dimension in the mapspace
    double m_macs = 0;
    BoundTerms m_terms;
    std::array<workload::PerOperand<Link>, mapping::kMaxLevels> m_links{};
    std::vector<unsigned> m_subsets; ///< maximal sets of boundaries (bit c) with disjoint links
};

} // namespace archscape::search
