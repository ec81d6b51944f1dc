#pragma once
#include <cstdint>

#include "model/systolic_geometry.h"
#include "model/systolic_problem.h"
#include "model/systolic_report.h"
#include "workload/dim.h"

namespace archscape::model {

/// Shape of SCALE-Sim's USER-mode prefetch matrix of a read operand (scalesim-v2.md §6.5): the
/// operand's fold slices stacked once, `blocks` blocks of `height` lines and `width` = R or C
/// columns (−1 padding beyond `folded` for a partial last fold), read row by row, or along
/// anti-diagonals for operands that enter the array skewed. Shared by the exact replay and the
/// fast estimate so both see one definition of the stream.
struct PrefetchLayout {
    std::int64_t height = 1, width = 1, blocks = 1;
    std::int64_t folded = 1; ///< length of the dimension folded over `width` ports (Sr or Sc)
    bool on_rows = true;     ///< folded over the array rows (else the columns)
    bool diagonal = false;

    std::int64_t rows() const { return blocks * height; }
    /// Entries including padding (P).
    std::int64_t size() const { return rows() * width; }
    /// Valid entries (V, before the ceil quirk's off-edge ifmap elements).
    std::int64_t valid() const { return height * folded; }
    /// Valid entries before element [row][col] in prefetch order: its position in the stream the
    /// sets cut. O(1) (the diagonal order interleaves neighbouring blocks' rows; counted exactly).
    std::int64_t position(std::int64_t row, std::int64_t col) const;
};

/// The prefetch matrix layout of operand o (Input or Weight): os ifmap Rf·K×R, os filter Cf·K×C, ws
/// ifmap Rf·M×R, is filter Rf·N×R (all diagonal); ws filter Cf·K×C, is ifmap Cf·K×C (row by row).
PrefetchLayout prefetchLayout(const SystolicGeometry& g, const SystolicProblem& p, workload::Operand o);

/// SCALE-Sim's integer Bandwidth: elements per cycle rounded down to whole words, at least 1.
std::int64_t wholeWordsPerCycle(double elements_per_cycle);

/// Fast USER-mode estimate of one read buffer (docs/systolic.md §5, "USER mode: fast estimate").
struct PrefetchEstimate {
    AccessWindow dram; ///< DRAM reads: first preload cycle, last prefetch completion, words
    /// Least Stall Cycles this buffer forces: max over window moves of (completion − demand line − 1).
    double stall = 0;
    double moves = 0; ///< window moves
};

/// SCALE-Sim's prefetch window followed fold slice by fold slice instead of address by address: the
/// window (sets of ⌈S/100⌉ valid entries, na active, moving by np cyclically) is placed exactly as the
/// replay places it whenever the demand reaches a set it does not hold, with each fold's slice taken
/// as a contiguous run of the stream — read forward (streaming operands, os filter re-read per row
/// fold) or row by row from its last row down (ws filter, is ifmap: the stationary block is loaded
/// flipped). Exact when each slice is contiguous and read in the stream's order: row-by-row layouts
/// without repeated addresses (docs/systolic.md). O(folds + sets crossed by stationary slices).
/// `bw` in whole words per cycle (≥ 1); `sram_elements` > 0.
PrefetchEstimate estimatePrefetch(const SystolicGeometry& g, const SystolicProblem& p, workload::Operand o,
                                  double sram_elements, std::int64_t bw);

} // namespace archscape::model
