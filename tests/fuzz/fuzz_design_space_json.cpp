#include "fuzz_input.h"
#include "io/design_space_json.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return archscape::fuzz::withJson(data, size,
                                     [](const nlohmann::json& j) { return archscape::io::parseDesignSpace(j); });
}
