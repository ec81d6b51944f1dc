#pragma once
#include <string>

namespace archscape::io {

/// Replaces the file at `path` with `content` so that readers see either the old or the new file,
/// never a partial one: writes a temporary file in the same directory, flushes it to disk (fsync),
/// then renames it over `path`. An existing file keeps its permissions. On failure the old file is
/// untouched, the temporary file is removed, and `error` (if given) says what failed.
/// Temporary files are named `<path>.tmp-<host>-<pid>-<n>`; before writing, those of the same
/// target left by a process of this host that no longer runs (killed with SIGKILL during a save)
/// are removed, and so are those of other hosts older than a day.
bool writeFileAtomically(const std::string& path, const std::string& content, std::string* error);

/// Removes the temporary files of this process's writes in progress. Async-signal-safe (only
/// unlink(2) on paths recorded before each temporary file is created): for a signal handler that
/// ends the process at once; the targets keep their old content.
void removeTemporaryFilesNow() noexcept;

/// Removes the stale temporary files beside `path` (see writeFileAtomically); returns how many.
int removeStaleTemporaryFiles(const std::string& path);

} // namespace archscape::io
