#include "fuzz_input.h"
#include "io/explore_result_json.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return archscape::fuzz::withJson(data, size, [](const nlohmann::json& j) {
        auto f = archscape::io::parseExploreFile(j);
        // Merging a file with itself exercises the merge's checks (duplicate shard, points).
        if (f.ok()) (void)archscape::io::mergeExploreFiles({*f.value, *f.value});
        return f;
    });
}
