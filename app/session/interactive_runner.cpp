#include "interactive_runner.h"

#include <tbb/task_arena.h>

namespace archscape::app {

struct InteractiveRunner::Arena {
    // One slot for the runner's own thread; workers that finish their task elsewhere join here
    // before they return to lower-priority arenas (the explorer's).
    tbb::task_arena arena{tbb::task_arena::automatic, 1, tbb::task_arena::priority::high};
};

InteractiveRunner::InteractiveRunner() : m_arena(std::make_unique<Arena>()), m_thread([this] { loop(); }) {}

InteractiveRunner::~InteractiveRunner() {
    {
        std::lock_guard lock(m_mutex);
        m_quit = true;
        m_pending = nullptr;
    }
    m_wake.notify_one();
    m_thread.join();
}

void InteractiveRunner::post(std::function<void()> job) {
    {
        std::lock_guard lock(m_mutex);
        m_pending = std::move(job);
    }
    m_wake.notify_one();
}

void InteractiveRunner::loop() {
    for (;;) {
        std::function<void()> job;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return m_quit || m_pending; });
            if (m_quit) return;
            job.swap(m_pending);
        }
        m_arena->arena.execute(job);
    }
}

} // namespace archscape::app
