#pragma once
#include <algorithm>
#include <cstdint>
#include <vector>

#include "model/systolic_geometry.h"
#include "model/systolic_problem.h"
#include "model/systolic_report.h"

namespace archscape::model {

/// Element addresses of SCALE-Sim's three operand matrices (scalesim-v2.md §2). Offsets are left
/// out: each operand has its own buffer, so only distinctness within an operand matters. The ifmap
/// address splits into a pixel part and a window-element part, tabulated once so the replays' inner
/// loops do no division.
class SystolicAddresses {
public:
    explicit SystolicAddresses(const SystolicProblem& problem) : p(problem) {
        const std::int64_t per_image = p.out_h * p.out_w;
        m_pixel.resize(std::size_t(p.m));
        for (std::int64_t pixel = 0; pixel < p.m; ++pixel) {
            const std::int64_t b = pixel / per_image, q = pixel % per_image;
            const std::int64_t row = q / p.out_w * p.stride_h, col = q % p.out_w * p.stride_w;
            m_pixel[std::size_t(pixel)] = {((b * p.ifmap_h + row) * p.ifmap_w + col) * p.channels, p.ifmap_h - row,
                                           p.ifmap_w - col};
        }
        m_elem.resize(std::size_t(p.k));
        for (std::int64_t k = 0; k < p.k; ++k) {
            const std::int64_t ch = k % p.channels, tap = k / p.channels;
            const std::int64_t row = tap / p.filter_w * p.dilation_h, col = tap % p.filter_w * p.dilation_w;
            m_elem[std::size_t(k)] = {(row * p.ifmap_w + col) * p.channels + ch, row, col};
        }
    }

    /// IM[pixel][k], or −1 when the window element lies outside the ifmap (ceil quirk).
    std::int64_t ifmap(std::int64_t pixel, std::int64_t k) const {
        const Part& a = m_pixel[std::size_t(pixel)];
        const Part& e = m_elem[std::size_t(k)];
        return e.row < a.row && e.col < a.col ? a.offset + e.offset : -1;
    }
    /// FM[k][n].
    std::int64_t filter(std::int64_t k, std::int64_t n) const { return n * p.k + k; }
    /// OM[pixel][n].
    std::int64_t ofmap(std::int64_t pixel, std::int64_t n) const { return pixel * p.n + n; }
    /// One past the largest ifmap address (the ifmap is channels-last, batch outermost).
    std::int64_t ifmapSpace() const { return p.batch * p.ifmap_h * p.ifmap_w * p.channels; }

private:
    /// A pixel's window origin (offset, rows and columns left to the ifmap edge) or a window
    /// element's displacement (offset, rows, columns).
    struct Part {
        std::int64_t offset, row, col;
    };
    const SystolicProblem& p;
    std::vector<Part> m_pixel, m_elem;
};

/// First and last cycle at which a stream had a valid demand line (SCALE-Sim's SRAM start/stop).
struct DemandSpan {
    double first = -1, last = -1;
    void see(double cycle) {
        if (first < 0) first = cycle;
        last = cycle;
    }
};

/// Writes a replay's timing into the report: stalls, Total Cycles (the last line's ofmap cycle) and
/// the SRAM windows of the three streams (ifmap, filter, ofmap).
inline void storeReplayTiming(SystolicReport& r, double stall, double last_cycle, const DemandSpan& ifmap,
                              const DemandSpan& filter, const DemandSpan& ofmap) {
    using workload::Operand;
    r.stall_cycles = stall;
    r.total_cycles = last_cycle;
    r.sram[Operand::Input].start_cycle = ifmap.first, r.sram[Operand::Input].stop_cycle = ifmap.last;
    r.sram[Operand::Weight].start_cycle = filter.first, r.sram[Operand::Weight].stop_cycle = filter.last;
    r.sram[Operand::Output].start_cycle = ofmap.first, r.sram[Operand::Output].stop_cycle = ofmap.last;
    r.exact_memory = true;
}

namespace detail {
/// Calls f(t, j) for the valid entries of a skewed streaming matrix in line i, left to right:
/// column j < used carries element t = i − j − offset for 0 <= t < T.
template <class F>
void skewedLine(std::int64_t i, std::int64_t offset, std::int64_t T, std::int64_t used, F&& f) {
    const std::int64_t lo = std::max<std::int64_t>(0, i - offset - (T - 1));
    const std::int64_t hi = std::min<std::int64_t>(used - 1, i - offset);
    for (std::int64_t j = lo; j <= hi; ++j) f(i - j - offset, j);
}
} // namespace detail

/// Walks SCALE-Sim's three demand matrices (scalesim-v2.md §4) line by line in fold order (column
/// fold outer): the os ifmap and filter skewed, the os ofmap block flipped and skewed, the ws/is
/// stationary block flipped and unskewed, the streaming operands after R empty lines and skewed, the
/// outputs after 2R−1 empty lines and skewed. For every line it calls, in this order,
/// `v.ifmap(addr)` for each ifmap entry (addr −1 for the ceil quirk's off-edge elements),
/// `v.filter(addr)`, `v.ofmap(addr)` left to right, then `v.endLine()`. Padding (−1 entries of partial
/// folds) is not reported. Shared by the CALC and USER replays so both see one definition of the stream.
template <class V>
void forEachDemandLine(const SystolicGeometry& g, const SystolicAddresses& a, V& v) {
    using hardware::SystolicDataflow;
    const std::int64_t R = g.R, T = g.t;
    for (std::int64_t fc = 0; fc < g.col_folds; ++fc) {
        for (std::int64_t fr = 0; fr < g.row_folds; ++fr) {
            const std::int64_t ru = g.rowsUsed(fr), cu = g.colsUsed(fc);
            const std::int64_t r0 = fr * R, c0 = fc * g.C;
            for (std::int64_t i = 0; i < g.lines; ++i) {
                switch (g.dataflow) {
                case SystolicDataflow::OutputStationary:
                    detail::skewedLine(i, 0, T, ru,
                                       [&](std::int64_t t, std::int64_t j) { v.ifmap(a.ifmap(r0 + j, t)); });
                    detail::skewedLine(i, 0, T, cu,
                                       [&](std::int64_t t, std::int64_t j) { v.filter(a.filter(t, c0 + j)); });
                    // The output block leaves bottom row first, skewed over the columns.
                    detail::skewedLine(i, T - 1 + R - ru, ru, cu, [&](std::int64_t b, std::int64_t j) {
                        v.ofmap(a.ofmap(r0 + ru - 1 - b, c0 + j));
                    });
                    break;
                case SystolicDataflow::WeightStationary:
                    detail::skewedLine(i, R, T, ru,
                                       [&](std::int64_t t, std::int64_t j) { v.ifmap(a.ifmap(t, r0 + j)); });
                    if (i >= R - ru && i < R)
                        for (std::int64_t j = 0; j < cu; ++j) v.filter(a.filter(r0 + R - 1 - i, c0 + j));
                    detail::skewedLine(i, 2 * R - 1, T, cu,
                                       [&](std::int64_t t, std::int64_t j) { v.ofmap(a.ofmap(t, c0 + j)); });
                    break;
                case SystolicDataflow::InputStationary:
                    if (i >= R - ru && i < R)
                        for (std::int64_t j = 0; j < cu; ++j) v.ifmap(a.ifmap(c0 + j, r0 + R - 1 - i));
                    detail::skewedLine(i, R, T, ru,
                                       [&](std::int64_t t, std::int64_t j) { v.filter(a.filter(r0 + j, t)); });
                    detail::skewedLine(i, 2 * R - 1, T, cu,
                                       [&](std::int64_t t, std::int64_t j) { v.ofmap(a.ofmap(c0 + j, t)); });
                    break;
                }
                v.endLine();
            }
        }
    }
}

} // namespace archscape::model
