#include "model/systolic_prefetch.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace archscape::model {

using hardware::SystolicDataflow;
using workload::Operand;

PrefetchLayout prefetchLayout(const SystolicGeometry& g, const SystolicProblem& p, Operand o) {
    PrefetchLayout l;
    const bool in = o == Operand::Input;
    switch (g.dataflow) {
    case SystolicDataflow::OutputStationary: l.on_rows = in, l.height = p.k, l.diagonal = true; break;
    case SystolicDataflow::WeightStationary: l.on_rows = in, l.height = in ? p.m : p.k, l.diagonal = in; break;
    case SystolicDataflow::InputStationary: l.on_rows = !in, l.height = in ? p.k : p.n, l.diagonal = !in; break;
    }
    l.width = l.on_rows ? g.R : g.C;
    l.blocks = l.on_rows ? g.row_folds : g.col_folds;
    l.folded = l.on_rows ? g.sr : g.sc;
    return l;
}

namespace {

/// Cells (r, c) with a <= r < b, c0 <= c < c1 and r + c < d: the part of a rectangle on the
/// anti-diagonals before d, as two arithmetic runs.
std::int64_t cellsBefore(std::int64_t a, std::int64_t b, std::int64_t c0, std::int64_t c1, std::int64_t d) {
    if (a >= b || c0 >= c1) return 0;
    std::int64_t n = 0;
    // Columns c <= d − b hold the whole column run (b − a cells).
    const std::int64_t full_hi = std::min(c1 - 1, d - b);
    if (full_hi >= c0) n += (full_hi - c0 + 1) * (b - a);
    // Columns with 0 < d − a − c < b − a hold d − a − c cells.
    const std::int64_t lo = std::max(c0, d - b + 1), hi = std::min(c1 - 1, d - a - 1);
    if (hi >= lo) n += (hi - lo + 1) * (d - a) - (lo + hi) * (hi - lo + 1) / 2;
    return n;
}

} // namespace

std::int64_t PrefetchLayout::position(std::int64_t row, std::int64_t col) const {
    const std::int64_t n = rows(), pad_row = (blocks - 1) * height, v = folded - (blocks - 1) * width;
    if (!diagonal) return std::min(row, pad_row) * width + std::max<std::int64_t>(0, row - pad_row) * v + col;
    // Anti-diagonals d = r + c in order, each from its highest row down; padding (rows of the last
    // block, columns >= v) is not counted.
    const std::int64_t d = row + col, hi = std::min(d, n - 1);
    const std::int64_t before = cellsBefore(0, n, 0, width, d) - cellsBefore(pad_row, n, v, width, d);
    const std::int64_t on_diagonal = hi - row;
    const std::int64_t pad_on = std::max<std::int64_t>(0, std::min(hi, d - v) - std::max(row + 1, pad_row) + 1);
    return before + on_diagonal - pad_on;
}

std::int64_t wholeWordsPerCycle(double elements_per_cycle) {
    return std::max<std::int64_t>(1, std::int64_t(std::floor(elements_per_cycle + 1e-9)));
}

namespace {

/// SCALE-Sim's prefetch window over the sets of the stream (memory/read_buffer.py), moved set-exactly.
class Window {
public:
    Window(std::int64_t sets, std::int64_t active, std::int64_t step, std::int64_t move_cycles)
        : m_sets(sets), m_active(active), m_step(step), m_move_cycles(move_cycles) {}

    /// The demand at `line` (unstalled compute line) needs set s: move forward by whole prefetch
    /// windows, cyclically, until the window holds it.
    void need(std::int64_t s, double line) {
        const std::int64_t d = distance(s);
        if (d < m_active) return;
        const std::int64_t k = (d - m_active + m_step) / m_step;
        moveBy(k, line);
    }

    /// A contiguous run of sets [sa, sb] read forward over the lines [la, lb] (linearly): the window
    /// first reaches sa, then follows the demand; each move happens when the demand enters the
    /// first set past the window. The stall requirement is linear in the move index over the run,
    /// so its first and last move bound it.
    void forward(std::int64_t sa, std::int64_t sb, double la, double lb) {
        need(sa, la);
        const std::int64_t end = sa + m_active - distance(sa); // first set past the window, unwrapped
        if (sb < end || m_step == 0) return;
        const std::int64_t k = (sb - end) / m_step + 1;
        const auto line = [&](std::int64_t s) {
            return sb == sa ? la : la + (lb - la) * double(s - sa) / double(sb - sa);
        };
        moveBy(1, line(end));
        if (k > 1) moveBy(k - 1, line(end + (k - 1) * m_step));
    }

    std::int64_t moves() const { return m_moves; }
    double stall() const { return std::max(0.0, m_stall); }
    bool moving() const { return m_step > 0; }

private:
    /// Sets from the window start forward to s, cyclically (both in [0, sets): no division).
    std::int64_t distance(std::int64_t s) const { return s >= m_start ? s - m_start : s - m_start + m_sets; }

    void moveBy(std::int64_t k, double line) {
        if (k <= 0 || m_step == 0) return;
        m_start += (k % m_sets) * m_step;
        if (m_start >= m_sets) m_start %= m_sets;
        m_moves += k;
        // The k-th move completes at −1 + moves·(lines + 1); the array waits for it past the hit latency.
        m_stall = std::max(m_stall, double(m_moves) * double(m_move_cycles) - 2 - line);
    }

    std::int64_t m_sets, m_active, m_step, m_move_cycles;
    std::int64_t m_start = 0, m_moves = 0;
    double m_stall = -std::numeric_limits<double>::infinity();
};

} // namespace

PrefetchEstimate estimatePrefetch(const SystolicGeometry& g, const SystolicProblem& p, Operand o, double sram_elements,
                                  std::int64_t bw) {
    const PrefetchLayout l = prefetchLayout(g, p, o);
    const std::int64_t B = std::max<std::int64_t>(1, bw);
    const std::int64_t S = std::max<std::int64_t>(1, std::int64_t(sram_elements));
    const std::int64_t active = (S + 1) / 2, prefetch = S - active;
    const std::int64_t e = std::max<std::int64_t>(1, (S + 99) / 100);
    const std::int64_t sets = l.valid() / e + 1;
    const std::int64_t na = std::min(sets, (active + e - 1) / e);
    const std::int64_t np = std::min(sets - na, (prefetch + e - 1) / e);
    const std::int64_t move_lines = (prefetch + B - 1) / B;
    const std::int64_t preload = std::min((active + B - 1) / B, (l.size() + B - 1) / B);

    Window w(sets, na, np, move_lines + 1);
    // The fold's slice: a run of whole rows of one block, row-major by valid columns.
    const bool stationary = (g.dataflow == SystolicDataflow::WeightStationary && o == Operand::Weight) ||
                            (g.dataflow == SystolicDataflow::InputStationary && o == Operand::Input);
    const bool repeated = o == Operand::Input && p.touchedIfmapElements() < p.m * p.k;
    // Streaming slices enter skewed: row t of the slice starts at line `lead` + t (R empty lines first
    // for ws/is), its last column `used` − 1 lines later.
    const std::int64_t lead = g.dataflow == SystolicDataflow::OutputStationary ? 0 : g.R;
    for (std::int64_t fc = 0; fc < g.col_folds && w.moving(); ++fc) {
        for (std::int64_t fr = 0; fr < g.row_folds; ++fr) {
            const double base = double((fc * g.row_folds + fr) * g.lines);
            const std::int64_t b = l.on_rows ? fr : fc;
            const std::int64_t v = std::min(l.width, l.folded - b * l.width); // valid columns of the block
            if (!stationary) {
                // The slice is read in the stream's own order (line i: the block's part of one
                // anti-diagonal), from its first element to its last.
                const std::int64_t top = b * l.height, bottom = top + l.height - 1;
                w.forward(l.position(top, 0) / e, l.position(bottom, v - 1) / e, base + double(lead),
                          base + double(lead + l.height - 1 + v - 1));
                continue;
            }
            const std::int64_t first = l.position(b * l.height, 0);
            // Stationary: rows r0 .. r0+ru−1 of the block, loaded from the last down (row u at line
            // R−1−u), each row left to right. Rows wholly inside the set just served are one demand.
            const std::int64_t ru = g.rowsUsed(fr);
            const std::int64_t x0 = first + fr * g.R * v;
            if (repeated && p.out_w > l.width) {
                // A convolution whose output row is wider than a block of pixels: an element of the
                // flipped rows also sits in the next blocks (the pixel an output row below, one tap
                // row up), which the window holds ahead of the demand, so it mostly only follows
                // the slice forward (an approximation, measured in docs/systolic.md §5).
                w.forward(x0 / e, (x0 + ru * v - 1) / e, base + double(g.R - ru), base + double(g.R - 1));
                continue;
            }
            for (std::int64_t u = ru - 1; u >= 0;) {
                const std::int64_t xa = x0 + u * v, sa = xa / e, sb = (xa + v - 1) / e;
                const double line = base + double(g.R - 1 - u);
                w.forward(sa, sb, line, line); // the row, left to right: O(1) however many sets it spans
                if (u == 0) break;
                // Lowest row starting in set sa: the rows from u−1 down to it lie wholly in sa.
                const std::int64_t lowest = std::max<std::int64_t>(0, (sa * e - x0 + v - 1) / v);
                if (lowest <= u - 1) {
                    w.need(sa, base + double(g.R - u));
                    u = lowest - 1;
                } else {
                    --u;
                }
            }
        }
    }
    PrefetchEstimate est;
    est.moves = double(w.moves());
    est.dram.count = double((preload + w.moves() * move_lines) * B);
    est.dram.start_cycle = -double(preload);
    est.dram.stop_cycle = w.moves() > 0 ? double(w.moves() * (move_lines + 1) - 1) : -1.0;
    est.stall = w.stall();
    return est;
}

} // namespace archscape::model
