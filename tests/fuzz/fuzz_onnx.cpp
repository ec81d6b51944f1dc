#include "fuzz_input.h"
#include "io/onnx_import.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    (void)archscape::io::parseOnnxModel(archscape::fuzz::text(data, size));
    return 0;
}
