#include "model/systolic_geometry.h"

namespace archscape::model {

using hardware::SystolicDataflow;
using workload::Operand;

namespace {
/// The operand that stays in the array (loaded unskewed, one block row per line) under ws / is.
bool isStationaryLoad(SystolicDataflow df, Operand o) {
    return (df == SystolicDataflow::WeightStationary && o == Operand::Weight) ||
           (df == SystolicDataflow::InputStationary && o == Operand::Input);
}
} // namespace

SystolicGeometry systolicGeometry(const SystolicProblem& p, int rows, int cols, SystolicDataflow df) {
    SystolicGeometry g;
    g.dataflow = df;
    g.R = rows;
    g.C = cols;
    switch (df) {
    case SystolicDataflow::OutputStationary: g.sr = p.m, g.sc = p.n, g.t = p.k; break;
    case SystolicDataflow::WeightStationary: g.sr = p.k, g.sc = p.n, g.t = p.m; break;
    case SystolicDataflow::InputStationary: g.sr = p.k, g.sc = p.m, g.t = p.n; break;
    }
    g.row_folds = (g.sr + g.R - 1) / g.R;
    g.col_folds = (g.sc + g.C - 1) / g.C;
    g.lines = df == SystolicDataflow::OutputStationary ? g.t + g.R + g.C - 2 : 2 * g.R + g.C + g.t - 2;
    return g;
}

std::int64_t SystolicGeometry::foldEntries(Operand o, std::int64_t ru, std::int64_t cu) const {
    if (o == Operand::Output) return dataflow == SystolicDataflow::OutputStationary ? ru * cu : t * cu;
    if (isStationaryLoad(dataflow, o)) return ru * cu;
    // Streaming operands: os ifmap uses the rows, os filter the columns; ws ifmap / is filter the rows.
    const bool on_cols = dataflow == SystolicDataflow::OutputStationary && o == Operand::Weight;
    return t * (on_cols ? cu : ru);
}

std::int64_t SystolicGeometry::firstLine(Operand o, std::int64_t ru) const {
    if (dataflow == SystolicDataflow::OutputStationary) return o == Operand::Output ? t - 1 + R - ru : 0;
    if (o == Operand::Output) return 2 * R - 1;
    return isStationaryLoad(dataflow, o) ? R - ru : R;
}

std::int64_t SystolicGeometry::lastLine(Operand o, std::int64_t ru, std::int64_t cu) const {
    if (dataflow == SystolicDataflow::OutputStationary) {
        switch (o) {
        case Operand::Input: return ru + t - 2;
        case Operand::Weight: return cu + t - 2;
        case Operand::Output: return t + R + cu - 3;
        }
    }
    if (o == Operand::Output) return 2 * R + t + cu - 3;
    return isStationaryLoad(dataflow, o) ? R - 1 : R + t + ru - 2;
}

} // namespace archscape::model
