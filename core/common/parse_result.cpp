#include "common/parse_result.h"

namespace archscape {

std::string formatDiagnostics(const std::string& file, const std::vector<Diagnostic>& errors) {
    std::string out;
    for (const auto& e : errors) {
        out += file;
        if (!e.path.empty()) out += ": " + e.path;
        out += ": " + e.message + "\n";
    }
    return out;
}

} // namespace archscape
