#pragma once
// Shared by the libFuzzer harnesses (issue 18): each reader gets arbitrary bytes and must return
// diagnostics or a value, never crash, leak or hit undefined behaviour (built with ASan + UBSan by
// scripts/run-sanitizers.sh). Readers that take JSON get it through io::parseJsonText, as files do.
#include <cstddef>
#include <cstdint>
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

} // namespace archscape::fuzz
