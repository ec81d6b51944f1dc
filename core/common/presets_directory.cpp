#include "common/presets_directory.h"

#include <cstdlib>

namespace archscape {

std::string presetsDirectory() {
    const char* env = std::getenv("ARCHSCAPE_PRESETS");
    return env && *env ? std::string(env) : std::string(ARCHSCAPE_PRESETS_DIR);
}

} // namespace archscape
