#pragma once
#include <string>

namespace archscape {

/// The presets directory: $ARCHSCAPE_PRESETS when set and non-empty, else the source tree's
/// presets/ (the compile-time ARCHSCAPE_PRESETS_DIR, defined for this one file's .cpp only so that
/// no other object depends on where the checkout lies).
std::string presetsDirectory();

} // namespace archscape
