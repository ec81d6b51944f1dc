#pragma once
#include <string>
#include <string_view>

namespace archscape {

/// Replaces the file at `path` with `content` so that readers see either the old or the new file,
/// never a partial one: writes a temporary file in the same directory, flushes it to disk (fsync),
/// then renames it over `path`. An existing file keeps its permissions. On failure the old file is
/// untouched, the temporary file is removed, and `error` (if given) says what failed.
/// Temporary files are named `<path>.tmp-<host>-<pid>-<n>`; before writing, those of the same
/// target left by a process of this host that no longer runs (killed with SIGKILL during a save)
/// are removed, and so are those of other hosts older than a day.
bool writeFileAtomically(const std::string& path, const std::string& content, std::string* error);

/// A file written piece by piece (streaming output) that appears at `path` only when commit()
/// succeeds, atomically, like writeFileAtomically: a temporary file beside it is filled, flushed
/// and renamed. Destroyed without commit(), or on any failure, the temporary file is removed and
/// `path` keeps its old content; removeTemporaryFilesNow() covers it too.
class AtomicFileWriter {
public:
    explicit AtomicFileWriter(std::string path);
    ~AtomicFileWriter();
    AtomicFileWriter(const AtomicFileWriter&) = delete;
    AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;

    /// False once anything failed; error() says what.
    bool ok() const { return m_error.empty(); }
    const std::string& error() const { return m_error; }
    /// Appends (buffered, written in 1 MiB pieces); false on failure.
    bool append(std::string_view text);
    /// Writes out, fsyncs and closes the temporary file without renaming it, so that a set of files
    /// can be written completely before any of them replaces its target (commit() then only
    /// renames); false (and the temporary file removed) on failure, a full disk included.
    bool prepare();
    /// Flushes, fsyncs and renames over the target; false (and nothing replaced) on failure.
    bool commit();

private:
    bool flush();
    void abandon();
    std::string m_path, m_tmp, m_buffer, m_error;
    int m_fd = -1;
    int m_slot = -1;
    bool m_prepared = false; ///< the temporary file is complete and closed, not yet renamed
};

/// Removes the temporary files of this process's writes in progress. Async-signal-safe (only
/// unlink(2) on paths recorded before each temporary file is created): for a signal handler that
/// ends the process at once; the targets keep their old content.
void removeTemporaryFilesNow() noexcept;

/// Removes the stale temporary files beside `path` (see writeFileAtomically); returns how many.
int removeStaleTemporaryFiles(const std::string& path);

} // namespace archscape
