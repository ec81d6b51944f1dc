#pragma once
// Reading input files with bounds (issue 18): a directory, a device, a missing file or one larger
// than any real input gets one clear diagnostic instead of a misleading parse error or gigabytes
// of memory; text formats are checked to be UTF-8 before a byte of them reaches a JSON document.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/parse_result.h"

namespace archscape::io {

/// Largest input file read by default (256 MiB): far above any workload, accelerator, topology or
/// ONNX model of the presets (ResNet-50's ONNX weights are ~100 MB), far below what would exhaust memory.
inline constexpr std::uint64_t kMaxInputBytes = std::uint64_t(256) << 20;

/// The whole content of a regular file of at most `max_bytes`; otherwise one diagnostic with an
/// empty path: "cannot open: <reason>", "cannot read: it is a directory, expected a file", "... a device or a pipe", or
/// "the file has N bytes, more than the M MiB this reader accepts".
ParseResult<std::string> readInputFile(const std::string& path, std::uint64_t max_bytes = kMaxInputBytes);

/// Byte offset of the first byte that does not belong to a well-formed UTF-8 sequence (overlong
/// forms, surrogates and code points above U+10FFFF included), or npos when the text is valid.
std::size_t firstInvalidUtf8(std::string_view text);

/// nullopt for valid UTF-8; else one diagnostic at "line L, column C" (columns in bytes) saying
/// which byte is wrong: text formats hold names that end up in JSON, which must be UTF-8.
std::optional<Diagnostic> checkUtf8(std::string_view text);

} // namespace archscape::io
