#pragma once
#include <cstdio>
#include <string>

namespace archscape {

/// One number through a printf format ("%.3g", "%.0f", "%.2f%%"): messages and tables name values
/// the way their units want without iostream state.
inline std::string formatNumber(double x, const char* format) {
    char buf[64];
    std::snprintf(buf, sizeof buf, format, x);
    return buf;
}

} // namespace archscape
