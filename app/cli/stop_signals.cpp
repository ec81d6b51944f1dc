#include "stop_signals.h"

#include <atomic>
#include <chrono>
#include <csignal>

#include <unistd.h>

#include "common/atomic_file.h"

namespace archscape::cli {

namespace {

constexpr int kSignals[] = {SIGTERM, SIGINT, SIGHUP};
std::atomic<int> g_first{0};
std::atomic<int> g_count{0};
std::atomic<bool> g_exitAtOnce{false};
struct sigaction g_previous[3];
static_assert(std::atomic<int>::is_always_lock_free && std::atomic<bool>::is_always_lock_free);

void say(const char* text) {
    std::size_t n = 0;
    while (text[n]) ++n;
    (void)!::write(STDERR_FILENO, text, n);
}

// Only async-signal-safe calls: atomics, unlink (inside removeTemporaryFilesNow), write, _exit.
void onSignal(int signal) {
    const int count = g_count.fetch_add(1) + 1;
    int expected = 0;
    g_first.compare_exchange_strong(expected, signal);
    if (count >= 2 || g_exitAtOnce.load()) {
        removeTemporaryFilesNow();
        if (count >= 2) {
            say("\nsecond signal: stopped at once, nothing written\n");
            ::_exit(128 + signal);
        }
        say("\ninterrupted: stopped, nothing written\n");
        ::_exit(1);
    }
}

} // namespace

StopSignals::StopSignals(Mode mode) {
    g_first.store(0);
    g_count.store(0);
    g_exitAtOnce.store(mode == Mode::ExitAtOnce);
    struct sigaction sa {};
    sa.sa_handler = onSignal;
    sigemptyset(&sa.sa_mask);
    for (int s : kSignals) sigaddset(&sa.sa_mask, s); // one handler at a time
    sa.sa_flags = SA_RESTART;
    for (int i = 0; i < 3; ++i) sigaction(kSignals[i], &sa, &g_previous[i]);
    if (mode == Mode::RequestStop)
        m_watcher = std::jthread([this](std::stop_token self) {
            while (!self.stop_requested()) {
                if (g_first.load() != 0) {
                    m_source.request_stop();
                    return;
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
            }
        });
}

StopSignals::~StopSignals() {
    if (m_watcher.joinable()) {
        m_watcher.request_stop();
        m_watcher.join();
    }
    // Once a signal came, the handlers stay for the rest of the process: a second signal while it
    // exits ends it with 128 + signal (what the doc promises) instead of the default death.
    if (g_count.load() == 0)
        for (int i = 0; i < 3; ++i) sigaction(kSignals[i], &g_previous[i], nullptr);
}

int StopSignals::received() const { return g_first.load(); }

const char* StopSignals::name(int signal) {
    switch (signal) {
    case SIGTERM: return "SIGTERM";
    case SIGINT: return "SIGINT";
    case SIGHUP: return "SIGHUP";
    }
    return "signal";
}

} // namespace archscape::cli
