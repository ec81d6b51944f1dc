#include "model/systolic_user_replay.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "model/systolic_demand.h"
#include "model/systolic_prefetch.h"
#include "model/systolic_write_buffer.h"

namespace archscape::model {

using hardware::SystolicDataflow;
using workload::Operand;

namespace {

/// The compute module's prefetch matrix of a read operand (PrefetchLayout) with its addresses.
struct PrefetchMatrix : PrefetchLayout {
    const SystolicGeometry& g;
    const SystolicAddresses& a;
    Operand operand;

    PrefetchMatrix(const SystolicProblem& p, const SystolicGeometry& g_, const SystolicAddresses& a_, Operand o)
        : PrefetchLayout(prefetchLayout(g_, p, o)), g(g_), a(a_), operand(o) {}

    /// Element of block b (fold index), line t inside the block, array port col.
    std::int64_t at(std::int64_t b, std::int64_t t, std::int64_t col) const {
        const std::int64_t s = b * width + col; // index along the folded dimension
        if (s >= folded) return -1;             // padding of a partial fold
        switch (g.dataflow) {
        case SystolicDataflow::OutputStationary: return operand == Operand::Input ? a.ifmap(s, t) : a.filter(t, s);
        case SystolicDataflow::WeightStationary: return operand == Operand::Input ? a.ifmap(t, s) : a.filter(t, s);
        case SystolicDataflow::InputStationary: return operand == Operand::Input ? a.ifmap(s, t) : a.filter(s, t);
        }
        return -1;
    }

    /// Calls f(addr) for every element in prefetch order.
    template <class F>
    void forEach(F&& f) const {
        const std::int64_t n_rows = rows();
        if (!diagonal) {
            for (std::int64_t b = 0; b < blocks; ++b)
                for (std::int64_t t = 0; t < height; ++t)
                    for (std::int64_t c = 0; c < width; ++c) f(at(b, t, c));
            return;
        }
        for (std::int64_t d = 0; d < n_rows + width - 1; ++d) {
            const std::int64_t hi = std::min(d, n_rows - 1), lo = std::max<std::int64_t>(0, d - width + 1);
            std::int64_t b = hi / height, t = hi % height; // walked down row by row, no division per element
            for (std::int64_t r = hi; r >= lo; --r) {
                f(at(b, t, d - r));
                if (--t < 0) --b, t = height - 1;
            }
        }
    }
};

/// SCALE-Sim's USER-mode double-buffered read buffer (`memory/read_buffer.py`).
class PrefetchBuffer {
public:
    PrefetchBuffer(const PrefetchMatrix& m, std::int64_t address_space, double sram_elements, std::int64_t bw)
        : m_bw(std::max<std::int64_t>(1, bw)) {
        if (sram_elements <= 0) return; // no SRAM: the caller reads straight from DRAM
        const std::int64_t S = std::int64_t(sram_elements);
        const std::int64_t active = (S + 1) / 2, prefetch = S - active;
        const std::int64_t set_size = std::max<std::int64_t>(1, (S + 99) / 100);
        const std::int64_t fetch_lines = (m.size() + m_bw - 1) / m_bw;
        // Sets of set_size valid words in prefetch order; an address may sit in several sets
        // (operands re-read by later folds). CSR index: address → the sets holding it, ascending
        // (32-bit positions: a prefetch matrix has far fewer than 2^32 entries).
        m_index.assign(std::size_t(address_space) + 1, {});
        std::int64_t valid = 0;
        m.forEach([&](std::int64_t addr) {
            if (addr < 0) return;
            ++m_index[std::size_t(addr) + 1].begin;
            ++valid;
        });
        for (std::size_t i = 1; i < m_index.size(); ++i) m_index[i].begin += m_index[i - 1].begin;
        for (auto& e : m_index) e.end = e.begin;
        m_sets.resize(std::size_t(valid));
        std::int64_t idx = 0;
        m.forEach([&](std::int64_t addr) {
            if (addr < 0) return;
            const auto set = std::uint32_t(idx++ / set_size);
            Span& e = m_index[std::size_t(addr)];
            if (e.end == e.begin || m_sets[e.end - 1] != set) m_sets[e.end++] = set;
        });
        // The last set may be empty; SCALE-Sim counts it all the same.
        m_num_sets = valid / set_size + 1;
        m_active_sets = std::min(m_num_sets, (active + set_size - 1) / set_size);
        m_prefetch_sets = std::min(m_num_sets - m_active_sets, (prefetch + set_size - 1) / set_size);
        m_window_end = m_active_sets;
        m_prefetch_lines = (prefetch + m_bw - 1) / m_bw;
        // The active half is preloaded before the first demand (cycle 0), one line per cycle, ending at −1.
        const std::int64_t preload = std::min((active + m_bw - 1) / m_bw, fetch_lines);
        m_words = preload * m_bw;
        m_first_cycle = -double(preload);
    }

    /// Serves one demand address at cycle `cycle` with the line's running offset (1 = hit latency,
    /// plus the stalls so far in this line), moving the window until the address is in it.
    void serve(std::int64_t addr, double cycle, double& offset) {
        if (m_prefetch_sets == 0 || hit(addr)) return; // nothing moves (everything resident) or a hit
        // SCALE-Sim moves the window by np sets at a time until it holds the address. Since np <= na
        // the windows of successive moves tile the stream, so set s (d sets ahead of the start) is
        // reached after floor((d − na)/np) + 1 moves; the address needs its nearest set. O(its sets)
        // instead of O(moves): a miss behind the window costs num_sets/np moves.
        const Span span = m_index[std::size_t(addr)];
        std::int64_t moves = m_num_sets;
        for (std::uint32_t i = span.begin; i < span.end; ++i) {
            const std::int64_t s = m_sets[i];
            const std::int64_t d = s >= m_window_start ? s - m_window_start : s - m_window_start + m_num_sets;
            moves = std::min(moves, (d - m_active_sets) / m_prefetch_sets + 1);
        }
        m_window_start = (m_window_start + moves % m_num_sets * m_prefetch_sets) % m_num_sets;
        m_window_end = (m_window_start + m_active_sets) % m_num_sets;
        m_words += moves * m_prefetch_lines * m_bw;
        // Requests go out right after the previous prefetch; each line takes a cycle plus the port's
        // one-cycle latency on the last.
        m_last_cycle += double(moves) * (double(m_prefetch_lines) + 1);
        m_moved = true;
        offset = std::max(offset, m_last_cycle - cycle);
    }

    AccessWindow window() const { return {m_first_cycle, m_moved ? m_last_cycle : -1.0, double(m_words)}; }

private:
    bool hit(std::int64_t addr) const {
        const Span span = m_index[std::size_t(addr)];
        const std::uint32_t* b = m_sets.data() + span.begin;
        const std::uint32_t* e = m_sets.data() + span.end;
        if (b == e) return true; // never prefetched: nothing to wait for
        const auto s = std::uint32_t(m_window_start), en = std::uint32_t(m_window_end);
        const std::uint32_t* it = std::lower_bound(b, e, s);
        if (s < en) return it != e && *it < en;
        return it != e || *b < en;
    }

    /// The sets holding one address: m_sets[begin, end), ascending (one cache line per lookup).
    struct Span {
        std::uint32_t begin = 0, end = 0;
    };
    std::int64_t m_bw;
    std::vector<Span> m_index;
    std::vector<std::uint32_t> m_sets;
    std::int64_t m_num_sets = 1, m_active_sets = 1, m_prefetch_sets = 0, m_prefetch_lines = 0;
    std::int64_t m_window_start = 0, m_window_end = 1, m_words = 0;
    double m_first_cycle = 0, m_last_cycle = -1;
    bool m_moved = false;
};

} // namespace

void replayUserMemory(const SystolicProblem& p, const SystolicGeometry& g, const SystolicMemory& mem,
                      SystolicReport& r) {
    const SystolicAddresses addresses{p};
    const bool has_if = mem.sram_elements[Operand::Input] > 0, has_fil = mem.sram_elements[Operand::Weight] > 0;
    const bool has_of = mem.sram_elements[Operand::Output] > 0;
    const auto buffer = [&](Operand o, std::int64_t space) {
        return PrefetchBuffer(PrefetchMatrix(p, g, addresses, o), space, mem.sram_elements[o],
                              wholeWordsPerCycle(mem.dram_elements_per_cycle[o]));
    };

    /// Feeds the demand stream to the three buffers, one line per cycle plus the stalls so far.
    struct Visitor {
        PrefetchBuffer ifbuf, filbuf;
        SystolicWriteBuffer wbuf;
        bool has_if, has_fil;
        DemandSpan sram_if, sram_fil, sram_of;
        double line = 0, stall = 0, cycle = 0, if_off = 1, fil_off = 1, cur = 0, last_cycle = 0;
        bool if_valid = false, fil_valid = false, of_valid = false;

        void ifmap(std::int64_t addr) {
            if (addr < 0) return;
            if_valid = true;
            if (has_if) ifbuf.serve(addr, cycle, if_off);
        }
        void filter(std::int64_t addr) {
            fil_valid = true;
            if (has_fil) filbuf.serve(addr, cycle, fil_off);
        }
        void ofmap(std::int64_t) {
            of_valid = true;
            cur = wbuf.store(cur);
        }
        void endLine() {
            if (if_valid) sram_if.see(cycle + if_off);
            if (fil_valid) sram_fil.see(cycle + fil_off);
            if (of_valid) sram_of.see(cur);
            // The whole array waits for the slowest of the three buffers (reads: beyond the hit latency).
            stall += std::max({if_off - 1, fil_off - 1, cur - cycle});
            last_cycle = cur;
            line += 1;
            cycle = cur = line + stall;
            if_off = fil_off = 1;
            if_valid = fil_valid = of_valid = false;
        }
    };
    Visitor v{buffer(Operand::Input, addresses.ifmapSpace()),
              buffer(Operand::Weight, p.k * p.n),
              SystolicWriteBuffer(mem.sram_elements[Operand::Output],
                                  wholeWordsPerCycle(mem.dram_elements_per_cycle[Operand::Output])),
              has_if,
              has_fil,
              {},
              {},
              {}};
    forEachDemandLine(g, addresses, v);
    v.wbuf.finish(v.last_cycle);

    storeReplayTiming(r, v.stall, v.last_cycle, v.sram_if, v.sram_fil, v.sram_of);
    r.dram[Operand::Input] = has_if ? v.ifbuf.window() : r.sram[Operand::Input];
    r.dram[Operand::Weight] = has_fil ? v.filbuf.window() : r.sram[Operand::Weight];
    if (has_of) r.dram[Operand::Output] = v.wbuf.window();
}

} // namespace archscape::model
