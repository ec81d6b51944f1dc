#pragma once
// Shared helpers for the core tests: paths to the sources and presets.
#include <string>

namespace archscape::test {

inline std::string sourcePath(const std::string& rel) { return std::string(ARCHSCAPE_SOURCE_DIR) + "/" + rel; }

} // namespace archscape::test
