#include "model/systolic_replay.h"

#include <algorithm>
#include <cmath>
#include <unordered_set>
#include <vector>

namespace archscape::model {

using hardware::SystolicDataflow;
using workload::Operand;

namespace {

/// Element addresses of the three operand matrices (scalesim-v2.md §2). Offsets are left out:
/// each operand has its own buffer, so only distinctness within an operand matters.
struct Addresses {
    const SystolicProblem& p;

    /// IM[pixel][k], or −1 when the window element lies outside the ifmap (ceil quirk).
    std::int64_t ifmap(std::int64_t pixel, std::int64_t k) const {
        const std::int64_t per_image = p.out_h * p.out_w;
        const std::int64_t b = pixel / per_image, q = pixel % per_image;
        const std::int64_t er = q / p.out_w, ec = q % p.out_w;
        const std::int64_t ch = k % p.channels, tap = k / p.channels;
        const std::int64_t kr = tap / p.filter_w, kc = tap % p.filter_w;
        const std::int64_t row = er * p.stride_h + kr * p.dilation_h, col = ec * p.stride_w + kc * p.dilation_w;
        if (row >= p.ifmap_h || col >= p.ifmap_w) return -1;
        return ((b * p.ifmap_h + row) * p.ifmap_w + col) * p.channels + ch;
    }
    std::int64_t filter(std::int64_t k, std::int64_t n) const { return n * p.k + k; }
    std::int64_t ofmap(std::int64_t pixel, std::int64_t n) const { return pixel * p.n + n; }
};

/// CALC-mode read buffer: counts misses per epoch of E misses, forgetting everything at a close.
class EpochBuffer {
public:
    EpochBuffer(double sram_elements)
        : m_items(std::max(1.0, std::floor(sram_elements / 100))), m_capacity(std::max(1.0, 50 * std::floor(sram_elements / 100))) {
        m_seen.reserve(std::size_t(std::min(m_capacity, 1e7)));
    }
    void access(std::int64_t addr, double cycle) {
        if (m_first_cycle < 0) m_first_cycle = cycle;
        if (!m_seen.insert(addr).second) return;
        ++m_misses;
        if (double(++m_in_epoch) >= m_capacity) {
            m_seen.clear();
            m_in_epoch = 0;
            ++m_closes;
            m_last_close = cycle;
        }
    }
    AccessWindow window() const {
        AccessWindow w;
        w.count = double(m_misses);
        if (m_closes == 0) {
            w.start_cycle = -std::ceil(std::ceil(w.count / m_items) * m_items / 10);
            w.stop_cycle = -1;
        } else {
            w.start_cycle = m_first_cycle - std::ceil(m_capacity / 10);
            w.stop_cycle = m_last_close + 1;
        }
        return w;
    }

private:
    double m_items, m_capacity;
    std::unordered_set<std::int64_t> m_seen;
    std::int64_t m_in_epoch = 0, m_misses = 0, m_closes = 0;
    double m_first_cycle = -1, m_last_close = 0;
};

/// The ofmap write buffer (scalesim-v2.md §6.3): outputs packed into lines of `bw`, drained
/// ceil(D/bw) lines at a time once more than D wait; the array stalls only when the buffer is full
/// while a drain runs.
class WriteBuffer {
public:
    WriteBuffer(double sram_elements, std::int64_t bw)
        : m_size(std::int64_t(sram_elements)), m_bw(std::max<std::int64_t>(1, bw)) {
        m_drain_size = m_size - (m_size + 1) / 2;
        m_free = m_size;
    }
    /// Stores one output at cycle `cur`; returns the (possibly stalled) cycle.
    double store(double cur) {
        ++m_fill;
        --m_free;
        if (m_fill == m_bw) closeLine();
        if (cur < m_drain_end) {
            if (m_free <= 0) cur = m_drain_end;
        } else if (m_free < m_size - m_drain_size) {
            if (m_fill > 0) closeLine();
            m_drain_end = drain(cur);
        }
        return cur;
    }
    /// Drains everything left, back to back from `cycle`.
    void finish(double cycle) {
        if (m_fill > 0) closeLine();
        while (m_next < m_lines.size()) cycle = drain(cycle) + 1;
    }
    AccessWindow window() const { return {m_first, m_last, double(m_count)}; }

private:
    void closeLine() {
        m_lines.push_back(m_fill);
        m_fill = 0;
    }
    double drain(double start) {
        const std::size_t group = std::size_t(std::max<std::int64_t>(1, (m_drain_size + m_bw - 1) / m_bw));
        const std::size_t n = std::min(group, m_lines.size() - m_next);
        if (n == 0) return m_drain_end;
        // SCALE-Sim subtracts the empty slots of the group's last line only.
        const std::int64_t size = std::int64_t(n) * m_bw - (m_bw - m_lines[m_next + n - 1]);
        m_count += size;
        m_free += size;
        m_next += n;
        if (m_first < 0) m_first = start;
        m_last = start + double(n) - 1;
        return m_last;
    }

    std::int64_t m_size, m_bw, m_drain_size = 0, m_free = 0, m_fill = 0, m_count = 0;
    std::vector<std::int64_t> m_lines;
    std::size_t m_next = 0;
    double m_drain_end = 0, m_first = -1, m_last = -1;
};

/// First and last cycle of a stream's valid demand lines.
struct Span {
    double first = -1, last = -1;
    void see(double cycle) {
        if (first < 0) first = cycle;
        last = cycle;
    }
};

/// Calls f(address) for the valid entries of a skewed streaming matrix in line i, left to right:
/// column j < used carries element t = i − j − offset for 0 <= t < T.
template <class F>
void skewed(std::int64_t i, std::int64_t offset, std::int64_t T, std::int64_t used, F&& f) {
    const std::int64_t lo = std::max<std::int64_t>(0, i - offset - (T - 1));
    const std::int64_t hi = std::min<std::int64_t>(used - 1, i - offset);
    for (std::int64_t j = lo; j <= hi; ++j) f(i - j - offset, j);
}

} // namespace

void replayCalcMemory(const SystolicProblem& p, const SystolicGeometry& g, const SystolicMemory& mem, SystolicReport& r) {
    const Addresses a{p};
    EpochBuffer ifbuf(mem.sram_elements[Operand::Input]), filbuf(mem.sram_elements[Operand::Weight]);
    WriteBuffer wbuf(mem.sram_elements[Operand::Output], g.C);
    Span sram_if, sram_fil, sram_of;
    const std::int64_t R = g.R, C = g.C, T = g.t;
    double stall = 0, last_cycle = 0;

    for (std::int64_t fc = 0; fc < g.col_folds; ++fc) {
        for (std::int64_t fr = 0; fr < g.row_folds; ++fr) {
            const std::int64_t ru = g.rowsUsed(fr), cu = g.colsUsed(fc);
            const std::int64_t r0 = fr * R, c0 = fc * C;
            const std::int64_t base = (fc * g.row_folds + fr) * g.lines;
            for (std::int64_t i = 0; i < g.lines; ++i) {
                const double cycle = double(base + i) + stall;
                bool if_valid = false, fil_valid = false;
                auto readIf = [&](std::int64_t addr) {
                    if (addr < 0) return;
                    if_valid = true;
                    ifbuf.access(addr, cycle);
                };
                auto readFil = [&](std::int64_t addr) {
                    fil_valid = true;
                    filbuf.access(addr, cycle);
                };
                double cur = cycle;
                bool of_valid = false;
                auto write = [&](std::int64_t) {
                    of_valid = true;
                    cur = wbuf.store(cur);
                };
                switch (g.dataflow) {
                case SystolicDataflow::OutputStationary:
                    skewed(i, 0, T, ru, [&](std::int64_t t, std::int64_t j) { readIf(a.ifmap(r0 + j, t)); });
                    skewed(i, 0, T, cu, [&](std::int64_t t, std::int64_t j) { readFil(a.filter(t, c0 + j)); });
                    // The output block leaves bottom row first, skewed over the columns.
                    skewed(i, T - 1 + R - ru, ru, cu,
                           [&](std::int64_t b, std::int64_t j) { write(a.ofmap(r0 + ru - 1 - b, c0 + j)); });
                    break;
                case SystolicDataflow::WeightStationary:
                    if (i >= R - ru && i < R)
                        for (std::int64_t j = 0; j < cu; ++j) readFil(a.filter(r0 + R - 1 - i, c0 + j));
                    skewed(i, R, T, ru, [&](std::int64_t t, std::int64_t j) { readIf(a.ifmap(t, r0 + j)); });
                    skewed(i, 2 * R - 1, T, cu, [&](std::int64_t t, std::int64_t j) { write(a.ofmap(t, c0 + j)); });
                    break;
                case SystolicDataflow::InputStationary:
                    if (i >= R - ru && i < R)
                        for (std::int64_t j = 0; j < cu; ++j) readIf(a.ifmap(c0 + j, r0 + R - 1 - i));
                    skewed(i, R, T, ru, [&](std::int64_t t, std::int64_t j) { readFil(a.filter(r0 + j, t)); });
                    skewed(i, 2 * R - 1, T, cu, [&](std::int64_t t, std::int64_t j) { write(a.ofmap(c0 + j, t)); });
                    break;
                }
                if (if_valid) sram_if.see(cycle + 1);
                if (fil_valid) sram_fil.see(cycle + 1);
                if (of_valid) sram_of.see(cur);
                stall += cur - cycle;
                last_cycle = cur;
            }
        }
    }
    wbuf.finish(last_cycle);

    r.stall_cycles = stall;
    r.total_cycles = last_cycle;
    r.sram[Operand::Input].start_cycle = sram_if.first, r.sram[Operand::Input].stop_cycle = sram_if.last;
    r.sram[Operand::Weight].start_cycle = sram_fil.first, r.sram[Operand::Weight].stop_cycle = sram_fil.last;
    r.sram[Operand::Output].start_cycle = sram_of.first, r.sram[Operand::Output].stop_cycle = sram_of.last;
    if (mem.sram_elements[Operand::Input] > 0) r.dram[Operand::Input] = ifbuf.window();
    if (mem.sram_elements[Operand::Weight] > 0) r.dram[Operand::Weight] = filbuf.window();
    if (mem.sram_elements[Operand::Output] > 0) r.dram[Operand::Output] = wbuf.window();
    r.exact_memory = true;
}

} // namespace archscape::model
