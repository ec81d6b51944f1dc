#pragma once
// Shared by the libFuzzer harnesses (issue 18): each reader gets arbitrary bytes and must return
// diagnostics or a value, never crash, leak or hit undefined behaviour (built with ASan + UBSan by
// scripts/run-sanitizers.sh). Readers that take JSON get it through io::parseJsonText, as files do.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <string>

#include "io/json_file.h"

namespace archscape::fuzz {

inline std::string text(const std::uint8_t* data, std::size_t size) {
    return std::string(reinterpret_cast<const char*>(data), size);
}

/// Parses the bytes as JSON (with the readers' limits) and hands the document to `read`.
template <class Read>
int withJson(const std::uint8_t* data, std::size_t size, Read read) {
    auto j = io::parseJsonText(text(data, size));
    if (j.ok()) (void)read(*j.value);
    return 0;
}

/// Readers that take a path (the .jsonl streams) get the bytes through a per-process scratch file,
/// in /dev/shm when there is one; removed at exit. Returns its path.
inline const std::string& scratchFile(const std::uint8_t* data, std::size_t size, const char* suffix) {
    struct Scratch {
        std::string path;
        ~Scratch() { unlink(path.c_str()); }
    };
    static const Scratch scratch{std::string(access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp") + "/fuzz." +
                                 std::to_string(getpid()) + suffix};
    std::ofstream out(scratch.path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), std::streamsize(size));
    return scratch.path;
}

} // namespace archscape::fuzz
