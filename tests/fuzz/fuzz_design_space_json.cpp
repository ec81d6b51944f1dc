#include "fuzz_input.h"
#include "search/design_space_json.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return archscape::fuzz::withJson(data, size,
                                     [](const nlohmann::json& j) { return archscape::search::parseDesignSpace(j); });
}
