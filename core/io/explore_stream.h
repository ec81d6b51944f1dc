#pragma once
// Streaming explore results (issue 18): JSON Lines written as points finish, so a 10^6-point
// sweep does not hold its points in memory. Line 1 is the header (the result document's fields
// before its points, "format": "archscape/explore-stream"); then one {"point": {...}} line per
// finished point, in the order they finish; the last line is {"end": {"complete", "evaluated_points",
// "front", "infeasible", "front_details"}}. The file appears atomically when the run ends (stopped
// or not), through AtomicFileWriter.
#include <functional>
#include <string>

#include "common/atomic_file.h"
#include "common/parse_result.h"
#include "io/explore_result_json.h"
#include "search/explorer.h"

namespace archscape::io {

/// Writes a stream: header at construction, point lines as they come, end line at finish().
class ExploreStreamWriter {
public:
    ExploreStreamWriter(const std::string& path, io::ExploreFile meta);
    /// One point line; false on a write error (see error()).
    bool point(const search::PointResult& p);
    /// The end line from a run's result (its points need only hold the front's) and commit.
    bool finish(const search::ExploreRequest& request, const search::ExploreResult& result);
    /// The end line of a document in memory (merge) and commit.
    bool finish(const io::ExploreFile& file);
    const std::string& error() const { return m_file.error(); }

private:
    bool end(bool complete, std::int64_t evaluated, const search::ExploreResult& r, nlohmann::json details);
    AtomicFileWriter m_file;
    io::ExploreFile m_meta;
    std::int64_t m_points = 0;
};

/// Writes a whole document (merge's output) as a stream.
bool writeExploreStream(const std::string& path, const io::ExploreFile& file, std::string* error);

/// Whether `path` holds a stream (its first bytes name archscape/explore-stream).
bool isExploreStream(const std::string& path);

/// Reads a stream back into a document (points by ascending index); diagnostics name the line.
/// A stream without its end line (a killed writer cannot leave one: files appear atomically, but
/// a copy may be cut) is refused. Lines are capped at 64 MiB, the file at 16 GiB.
ParseResult<io::ExploreFile> readExploreStream(const std::string& path);

/// What readExploreStreamPoints read besides the points it handed on.
struct ExploreStreamRead {
    io::ExploreFile file;    ///< header and end line; no points; complete false when cut or stopped
    bool cut = false;        ///< the stream had no end line (allow_cut): its front and counts are unknown
    bool stopped = false;    ///< the progress callback stopped the read
    std::int64_t points = 0; ///< point lines read
};

/// How readExploreStreamPoints reads.
struct ExploreStreamOptions {
    bool allow_cut = false; ///< read a stream without its end line as far as it goes
    /// The header's metadata (no points), before the first point; diagnostics it adds stop the read.
    std::function<void(const io::ExploreFile& meta, std::vector<Diagnostic>& errors)> header;
    /// Bytes read and the file's size, every few thousand lines; false stops the read.
    std::function<bool(std::uint64_t read_bytes, std::uint64_t file_bytes)> progress;
};

/// Receives each valid point of a stream, in file order, with its place ("line 12: /point") for the
/// diagnostics it adds (which fail the read).
using ExploreStreamPoint =
    std::function<void(search::PointResult&& point, const std::string& where, std::vector<Diagnostic>& errors)>;

/// Reads a stream point by point without keeping the points (the GUI's chart keeps its own form of
/// them); diagnostics as readExploreStream's, a bad point line fails the read.
ParseResult<ExploreStreamRead> readExploreStreamPoints(const std::string& path, const ExploreStreamPoint& point,
                                                       const ExploreStreamOptions& options = {});

} // namespace archscape::io
