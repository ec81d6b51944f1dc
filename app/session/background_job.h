#pragma once
// Background work of the GUI's facades (Session, SystemSession): a running-job count and the lower
// scheduling priority of the threads that explore.
#include <atomic>

namespace archscape::app {

/// Lowers the calling thread's scheduling priority once (Linux: nice 10, per thread). Background
/// threads then yield the core to the UI thread whenever it has work: without this, on 2 cores the
/// UI thread waits behind the explorer's threads for a time slice, which shows as 100+ ms stalls
/// although it has only a few milliseconds of work.
void runInBackgroundPriority();

/// Counts a background job for as long as it runs, however it returns; exploration jobs also run
/// at background priority (interactive evaluations keep the UI's, so they come first).
class RunningJob {
public:
    explicit RunningJob(std::atomic<int>& count, bool background = true) : m_count(count) {
        ++m_count;
        if (background) runInBackgroundPriority();
    }
    ~RunningJob() { --m_count; }
    RunningJob(const RunningJob&) = delete;
    RunningJob& operator=(const RunningJob&) = delete;

private:
    std::atomic<int>& m_count;
};

} // namespace archscape::app
