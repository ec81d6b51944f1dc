#include "fuzz_input.h"
#include "io/workload_json.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return archscape::fuzz::withJson(data, size,
                                     [](const nlohmann::json& j) { return archscape::io::parseWorkload(j); });
}
