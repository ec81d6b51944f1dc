#include "model/systolic_write_buffer.h"

#include <algorithm>

namespace archscape::model {

SystolicWriteBuffer::SystolicWriteBuffer(double sram_elements, std::int64_t bw)
    : m_size(std::int64_t(sram_elements)), m_bw(std::max<std::int64_t>(1, bw)) {
    m_drain_size = m_size - (m_size + 1) / 2;
    m_free = m_size;
}

double SystolicWriteBuffer::store(double cur) {
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

void SystolicWriteBuffer::finish(double cycle) {
    if (m_fill > 0) closeLine();
    while (m_next < m_lines.size()) cycle = drain(cycle) + 1;
}

void SystolicWriteBuffer::closeLine() {
    m_lines.push_back(m_fill);
    m_fill = 0;
}

double SystolicWriteBuffer::drain(double start) {
    const std::size_t group = std::size_t(std::max<std::int64_t>(1, (m_drain_size + m_bw - 1) / m_bw));
    const std::size_t n = std::min(group, m_lines.size() - m_next);
    if (n == 0) return m_drain_end;
    // SCALE-Sim subtracts the empty slots of the group's last line only.
    const std::int64_t size = std::int64_t(n) * m_bw - (m_bw - m_lines[m_next + n - 1]);
    m_count += size;
    m_free += size;
    m_next += n;
    // SCALE-Sim reports the first cycle of its first drain and the last cycle of its last one, in
    // the order the drains were issued (write_buffer.py: cycles_vec[0], cycles_vec[-1]). The final
    // drains start at the last demand line and can end before a drain still running from the run
    // itself; the stop cycle is then the final drain's end, not the latest cycle (issue 14, item 6:
    // 28x28x24 -> 144 pointwise on 8x8, ws: 44899, where the latest cycle is 46217).
    const double end = start + double(n) - 1;
    m_first = m_first < 0 ? start : std::min(m_first, start);
    m_last = end;
    return end;
}

} // namespace archscape::model
