#pragma once
#include <cstdint>
#include <vector>

#include "model/systolic_report.h"

namespace archscape::model {

/// SCALE-Sim v2's ofmap write buffer (`memory/write_buffer.py`, scalesim-v2.md §6.3): outputs are
/// packed into lines of `bw` words; once more than D = S − ⌈S/2⌉ wait and no drain runs, the partial
/// line is closed and ⌈D/bw⌉ lines drain, one per cycle (the freed space is credited at once). The
/// array stalls only when the buffer is full while a drain runs. A drain counts its lines·bw minus the
/// empty slots of its last line only (SCALE-Sim's drain-group quirk). Used by both exact replays:
/// `bw` is the array width C in CALC mode and the DRAM bandwidth in USER mode.
class SystolicWriteBuffer {
public:
    SystolicWriteBuffer(double sram_elements, std::int64_t bw);
    /// Stores one output at cycle `cur`; returns the cycle after any stall.
    double store(double cur);
    /// Drains everything left, back to back from `cycle` (SCALE-Sim's empty_all_buffers).
    void finish(double cycle);
    /// DRAM writes: the first drain's first cycle, the last drain's last cycle (in issue order, as
    /// SCALE-Sim reports them) and the words counted.
    AccessWindow window() const { return {m_first, m_last, double(m_count)}; }

private:
    void closeLine();
    double drain(double start);

    std::int64_t m_size, m_bw, m_drain_size = 0, m_free = 0, m_fill = 0, m_count = 0;
    std::vector<std::int64_t> m_lines; ///< valid words of each closed line, in order
    std::size_t m_next = 0;            ///< first line not drained yet
    double m_drain_end = 0, m_first = -1, m_last = -1;
};

} // namespace archscape::model
