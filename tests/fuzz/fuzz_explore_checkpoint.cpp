#include "fuzz_input.h"
#include "io/explore_checkpoint.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    (void)archscape::io::decodeCheckpoint(archscape::fuzz::text(data, size));
    return 0;
}
