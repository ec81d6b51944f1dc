#include "fuzz_input.h"
#include "io/explore_result_json.h"
#include "io/explore_stream.h"

// The .jsonl stream reader (explore --output R.jsonl, merge, --only-missing) reads a path.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string& path = archscape::fuzz::scratchFile(data, size, ".jsonl");
    (void)archscape::io::isExploreStream(path);
    if (auto f = archscape::io::readExploreStream(path); f.ok())
        (void)archscape::io::mergeExploreFiles({*f.value, *f.value});
    return 0;
}
