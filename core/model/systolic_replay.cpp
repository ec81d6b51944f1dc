#include "model/systolic_replay.h"

#include <algorithm>
#include <cmath>
#include <unordered_set>

#include "model/systolic_demand.h"
#include "model/systolic_write_buffer.h"

namespace archscape::model {

using workload::Operand;

namespace {

/// CALC-mode read buffer: counts misses per epoch of E misses, forgetting everything at a close.
class EpochBuffer {
public:
    EpochBuffer(double sram_elements)
        : m_items(std::max(1.0, std::floor(sram_elements / 100))),
          m_capacity(std::max(1.0, 50 * std::floor(sram_elements / 100))) {
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

} // namespace

void replayCalcMemory(const SystolicProblem& p, const SystolicGeometry& g, const SystolicMemory& mem,
                      SystolicReport& r) {
    /// Feeds the demand stream to the two epoch counters and the write buffer, one line per cycle.
    struct Visitor {
        EpochBuffer ifbuf, filbuf;
        SystolicWriteBuffer wbuf;
        DemandSpan sram_if, sram_fil, sram_of;
        double line = 0, stall = 0, cycle = 0, cur = 0, last_cycle = 0;
        bool if_valid = false, fil_valid = false, of_valid = false;

        void ifmap(std::int64_t addr) {
            if (addr < 0) return;
            if_valid = true;
            ifbuf.access(addr, cycle);
        }
        void filter(std::int64_t addr) {
            fil_valid = true;
            filbuf.access(addr, cycle);
        }
        void ofmap(std::int64_t) {
            of_valid = true;
            cur = wbuf.store(cur);
        }
        void endLine() {
            // Reads never stall in CALC mode: they are served one hit latency after the line's cycle.
            if (if_valid) sram_if.see(cycle + 1);
            if (fil_valid) sram_fil.see(cycle + 1);
            if (of_valid) sram_of.see(cur);
            stall += cur - cycle;
            last_cycle = cur;
            line += 1;
            cycle = cur = line + stall;
            if_valid = fil_valid = of_valid = false;
        }
    };
    Visitor v{EpochBuffer(mem.sram_elements[Operand::Input]),
              EpochBuffer(mem.sram_elements[Operand::Weight]),
              SystolicWriteBuffer(mem.sram_elements[Operand::Output], g.C),
              {},
              {},
              {}};
    forEachDemandLine(g, SystolicAddresses(p), v);
    v.wbuf.finish(v.last_cycle);

    storeReplayTiming(r, v.stall, v.last_cycle, v.sram_if, v.sram_fil, v.sram_of);
    if (mem.sram_elements[Operand::Input] > 0) r.dram[Operand::Input] = v.ifbuf.window();
    if (mem.sram_elements[Operand::Weight] > 0) r.dram[Operand::Weight] = v.filbuf.window();
    if (mem.sram_elements[Operand::Output] > 0) r.dram[Operand::Output] = v.wbuf.window();
}

} // namespace archscape::model
