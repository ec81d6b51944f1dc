#include <unistd.h>

#include <fstream>

#include "fuzz_input.h"
#include "io/explore_result_json.h"
#include "io/explore_stream.h"

// The .jsonl stream reader (explore --output R.jsonl, merge, --only-missing) reads a path: the
// bytes go to a per-process file first, in /dev/shm when there is one.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    struct Scratch {
        std::string path = std::string(access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp") + "/fuzz_explore_stream." +
                           std::to_string(getpid()) + ".jsonl";
        ~Scratch() { unlink(path.c_str()); }
    };
    static const Scratch scratch;
    const std::string& path = scratch.path;
    {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), std::streamsize(size));
    }
    (void)archscape::io::isExploreStream(path);
    if (auto f = archscape::io::readExploreStream(path); f.ok())
        (void)archscape::io::mergeExploreFiles({*f.value, *f.value});
    return 0;
}
