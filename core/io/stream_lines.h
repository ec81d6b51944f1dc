#pragma once
// The line loop both JSON Lines result streams share (io/explore_stream.h, io/system_explore_stream.h):
// line 1 is a header naming the stream's format, then {"point": {...}} lines, then one
// {"end": {...}} line. Each format reads its own header, points and end line; this reads the lines,
// caps their size, and names the line in every diagnostic.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/parse_result.h"

namespace archscape::io {

/// What readStreamLines found around the points.
struct StreamFrame {
    nlohmann::json header;     ///< line 1 (its "format" checked)
    nlohmann::json end;        ///< the end line's object; null when the stream was cut (allow_cut)
    std::int64_t points = 0;   ///< point lines read
    std::size_t last_line = 0; ///< number of the last line read
    bool stopped = false;      ///< the progress callback asked to stop
};

/// How readStreamLines reads.
struct StreamLineOptions {
    std::string_view format; ///< the header's "format" value
    std::string_view noun;   ///< the stream as the empty-file message says it: "an explore stream"
    /// A stream without its end line (a copy that was cut) is read as far as it goes; else refused.
    bool allow_cut = false;
    /// Called with the header once its format is checked; diagnostics it adds stop the read.
    std::function<void(const nlohmann::json& header, std::vector<Diagnostic>& errors)> header;
    /// Called every few thousand lines with the bytes read and the file's size; false stops the read.
    std::function<bool(std::uint64_t read_bytes, std::uint64_t file_bytes)> progress;
};

/// A point line's object, with its line number; diagnostics go to `errors`.
using StreamPoint = std::function<void(nlohmann::json& point, std::size_t line, std::vector<Diagnostic>& errors)>;

/// Reads the stream at `path` line by line, handing each point to `point` in file order. Diagnostics'
/// paths start with "line N"; the read stops after 20. Lines are capped at 64 MiB, the file at 16 GiB.
ParseResult<StreamFrame> readStreamLines(const std::string& path, const StreamLineOptions& options,
                                         const StreamPoint& point);

} // namespace archscape::io
