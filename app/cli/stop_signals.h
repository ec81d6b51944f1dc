#pragma once
// SIGTERM, SIGINT and SIGHUP for long commands (explore, search, quantize, import --reports, and any
// later one): what a cluster scheduler sends at a time limit or on pre-emption, what Ctrl-C and a
// closed terminal send.
#include <stop_token>
#include <thread>

namespace archscape::cli {

/// Installs handlers for SIGTERM, SIGINT and SIGHUP for its lifetime (the previous ones come back
/// in the destructor, unless a signal came: then they stay, so a later one still exits at once).
///
/// With `Mode::RequestStop` the first signal requests a stop on token() within ~10 ms (the
/// handler only stores the signal number in a lock-free atomic; a watcher thread turns it into a
/// stop request), so the command can write what it has finished. A second signal ends the process
/// at once: the temporary files of atomic writes in progress are removed (targets keep their old
/// content) and the exit code is 128 + the signal number.
///
/// With `Mode::ExitAtOnce`, for commands without cancellation points, the first signal already
/// does that, with exit code 1 and a line on stderr.
class StopSignals {
public:
    enum class Mode { RequestStop, ExitAtOnce };
    explicit StopSignals(Mode mode = Mode::RequestStop);
    ~StopSignals();
    StopSignals(const StopSignals&) = delete;
    StopSignals& operator=(const StopSignals&) = delete;

    std::stop_token token() const { return m_source.get_token(); }
    /// The first signal received (SIGTERM, SIGINT or SIGHUP), 0 if none.
    int received() const;
    /// "SIGTERM", "SIGINT", "SIGHUP" or "signal" for received().
    static const char* name(int signal);

private:
    std::stop_source m_source;
    std::jthread m_watcher;
};

} // namespace archscape::cli
