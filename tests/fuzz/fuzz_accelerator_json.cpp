#include "fuzz_input.h"
#include "io/accelerator_json.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return archscape::fuzz::withJson(data, size,
                                     [](const nlohmann::json& j) { return archscape::io::parseAccelerator(j); });
}
