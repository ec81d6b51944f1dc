#pragma once
// Runs the GUI's interactive evaluations (a slider moved) ahead of any exploration: on a thread of
// their own at the UI's scheduling priority (the explorer's threads run at a lower one) and in a
// oneTBB arena of high priority, so a sweep that holds every worker cannot queue them behind its
// points (issue 15: a drag during a 540-point sweep took 6.4 s to evaluate).
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

namespace archscape::app {

class InteractiveRunner {
public:
    InteractiveRunner();
    /// Waits for the job that is running (a cancelled one returns quickly); pending ones are dropped.
    ~InteractiveRunner();
    InteractiveRunner(const InteractiveRunner&) = delete;
    InteractiveRunner& operator=(const InteractiveRunner&) = delete;

    /// Runs `job` once the running one (if any) returns; a job posted before it started is replaced
    /// (only the newest request matters: the older ones were cancelled).
    void post(std::function<void()> job);

private:
    void loop();

    struct Arena; // the high-priority oneTBB arena the jobs run in
    std::unique_ptr<Arena> m_arena;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::function<void()> m_pending;
    bool m_quit = false;
    std::thread m_thread; // last: started once the rest exists
};

} // namespace archscape::app
