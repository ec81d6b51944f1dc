#pragma once
#include <string>

namespace archscape {

/// Replaces the file at `path` with `content` so that readers see either the old or the new file,
/// never a partial one: writes a temporary file in the same directory, flushes it to disk (fsync),
/// then renames it over `path`. An existing file keeps its permissions. On failure the old file is
/// untouched, the temporary file is removed, and `error` (if given) says what failed.
bool writeFileAtomically(const std::string& path, const std::string& content, std::string* error);

} // namespace archscape
