#pragma once
// Streaming system explorations (explore --space SYSTEM-SPACE --output R.jsonl): JSON Lines written
// as designs finish, as io/explore_stream.h does for accelerator spaces. Line 1 is the header
// (systemHeaderJson with "format": "archscape/system-explore-stream"); then one {"point": {...}}
// line per finished design (systemPointJson), in the order they finish; the last line is
// {"end": {"complete", "evaluated_points", "front", "infeasible"}}. The file appears atomically
// when the run ends (stopped or not).
#include <string>

#include "common/atomic_file.h"
#include "common/parse_result.h"
#include "io/system_explore_json.h"

namespace archscape::io {

/// Writes a stream: the header at construction, point lines as they come, the end line at finish().
class SystemExploreStreamWriter {
public:
    /// `header`: systemHeaderJson (or a file's fields); its format is replaced by the stream's.
    SystemExploreStreamWriter(const std::string& path, nlohmann::json header);
    /// One point line (a systemPointJson object); false on a write error (see error()).
    bool point(const nlohmann::json& point);
    /// The end line and commit.
    bool finish(bool complete, const std::vector<std::int64_t>& front,
                const std::array<std::int64_t, search::kNumInfeasibilities>& infeasible);
    const std::string& error() const { return m_file.error(); }

private:
    AtomicFileWriter m_file;
    std::int64_t m_points = 0;
};

/// Writes a whole document (merge's output) as a stream.
bool writeSystemExploreStream(const std::string& path, const SystemExploreFile& file, std::string* error);

/// Whether `path` holds a system stream (its first bytes name archscape/system-explore-stream).
bool isSystemExploreStream(const std::string& path);

/// Reads a stream back into a document (points by ascending index); diagnostics name the line. A
/// stream without its end line is refused. Lines are capped at 64 MiB, the file at 16 GiB.
ParseResult<SystemExploreFile> readSystemExploreStream(const std::string& path);

/// A system-explore-result document or stream at `path` (told apart by content), or a stream;
/// errors as the readers'.
ParseResult<SystemExploreFile> readSystemExploreAny(const std::string& path);

/// Whether `path` holds a system exploration's result (document or stream), by its first bytes.
bool isSystemExploreResult(const std::string& path);

} // namespace archscape::io
