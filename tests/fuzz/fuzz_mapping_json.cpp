#include "fuzz_input.h"
#include "io/accelerator_json.h"
#include "io/mapping_json.h"

// Mappings are read against an accelerator (level names): Eyeriss, from the presets.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const auto acc = archscape::io::readAcceleratorFile(ARCHSCAPE_PRESETS_DIR "/accelerators/eyeriss.json");
    if (!acc.ok()) __builtin_trap();
    return archscape::fuzz::withJson(data, size, [](const nlohmann::json& j) {
        archscape::io::parseNetworkMappings(j, *acc.value);
        return archscape::io::parseMapping(j, *acc.value);
    });
}
