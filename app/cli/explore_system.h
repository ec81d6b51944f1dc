#pragma once
// archscape-cli explore over a system space (archscape/system-space): the HERALD-style HDA search.
#include <string>

#include "args.h"

namespace archscape::cli {

/// Runs `explore` on the system space `space` with the parsed arguments; returns the exit code.
int runSystemExplore(const Args& a, const std::string& space);

} // namespace archscape::cli
