#pragma once
// When explore's checkpoint sinks write: every --checkpoint-every seconds, and at least 20 times
// the last write's duration apart. The explorer serialises sink calls, so a write pauses the
// workers for its duration; the growing interval keeps that under 5 % of the run whatever the
// number of points (bench_checkpoint measures writes).
#include <algorithm>
#include <chrono>

namespace archscape::cli {

class CheckpointTimer {
public:
    explicit CheckpointTimer(double every_s)
        : m_every(
              std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(every_s))),
          m_last(std::chrono::steady_clock::now()) {}
    /// Whether the next checkpoint is due now.
    bool due() const { return std::chrono::steady_clock::now() - m_last >= std::max(m_every, 20 * m_lastWrite); }
    /// Records a write that began at `start` and has just ended.
    void wrote(std::chrono::steady_clock::time_point start) {
        m_last = std::chrono::steady_clock::now();
        m_lastWrite = m_last - start;
        m_seconds += std::chrono::duration<double>(m_lastWrite).count();
        ++m_writes;
    }
    /// Checkpoints written so far and the time spent writing them (for the closing line).
    int writes() const { return m_writes; }
    double secondsWriting() const { return m_seconds; }

private:
    std::chrono::steady_clock::duration m_every;
    std::chrono::steady_clock::time_point m_last;
    std::chrono::steady_clock::duration m_lastWrite{};
    int m_writes = 0;
    double m_seconds = 0;
};

} // namespace archscape::cli
