#include "fuzz_input.h"
#include "io/system_explore_json.h"

// The archscape/system-explore-result document (explore --space SYSTEM-SPACE, its checkpoints, merge).
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return archscape::fuzz::withJson(data, size, [](const nlohmann::json& j) {
        auto f = archscape::io::parseSystemExploreFile(j);
        // Merging a file with itself exercises the merge's checks (duplicate shard, designs).
        if (f.ok()) (void)archscape::io::mergeSystemExploreFiles({*f.value, *f.value});
        return f;
    });
}
