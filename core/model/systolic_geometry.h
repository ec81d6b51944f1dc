#pragma once
#include <algorithm>
#include <cstdint>

#include "hardware/accelerator.h"
#include "model/systolic_problem.h"
#include "workload/dim.h"

namespace archscape::model {

/// How one GEMM folds onto an R×C array under a dataflow (scalesim-v2.md §3–4), and where each
/// operand's valid demand lines sit inside a fold. Shared by the closed form and the exact replay
/// so both use one definition of the fold structure.
struct SystolicGeometry {
    hardware::SystolicDataflow dataflow = hardware::SystolicDataflow::OutputStationary;
    std::int64_t R = 1, C = 1; ///< array rows and columns
    std::int64_t sr = 1, sc = 1, t = 1;
    std::int64_t row_folds = 1, col_folds = 1;
    std::int64_t lines = 1; ///< L, demand lines per fold

    /// Rows of the array used in row fold `fr` (the last fold may be partial).
    std::int64_t rowsUsed(std::int64_t fr) const { return std::min(R, sr - fr * R); }
    /// Columns used in column fold `fc`.
    std::int64_t colsUsed(std::int64_t fc) const { return std::min(C, sc - fc * C); }

    /// Valid demand entries of operand o in a fold using `ru` rows and `cu` columns.
    std::int64_t foldEntries(workload::Operand o, std::int64_t ru, std::int64_t cu) const;
    /// First and last demand line (0-based, within the fold) holding a valid entry of operand o.
    std::int64_t firstLine(workload::Operand o, std::int64_t ru) const;
    std::int64_t lastLine(workload::Operand o, std::int64_t ru, std::int64_t cu) const;
};

/// Sr, Sc, T, folds and lines per fold of a problem on an R×C array.
SystolicGeometry systolicGeometry(const SystolicProblem& p, int rows, int cols, hardware::SystolicDataflow df);

} // namespace archscape::model
