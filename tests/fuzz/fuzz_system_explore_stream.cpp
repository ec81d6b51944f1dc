#include "fuzz_input.h"
#include "io/system_explore_json.h"
#include "io/system_explore_stream.h"

// The system .jsonl stream reader (explore --space SYSTEM-SPACE --output R.jsonl, merge) reads a path.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string& path = archscape::fuzz::scratchFile(data, size, ".jsonl");
    (void)archscape::io::isSystemExploreStream(path);
    (void)archscape::io::isSystemExploreResult(path);
    if (auto f = archscape::io::readSystemExploreStream(path); f.ok())
        (void)archscape::io::mergeSystemExploreFiles({*f.value, *f.value});
    return 0;
}
