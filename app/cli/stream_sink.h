#pragma once
// explore --output R.jsonl: a ProgressSink that writes each finished point to the stream as it
// finishes (io/explore_stream.h), then passes the call on.
#include "args.h"
#include "command.h"
#include "io/explore_stream.h"

namespace archscape::cli {

class StreamSink : public search::ProgressSink {
public:
    StreamSink(search::ProgressSink& next, io::ExploreStreamWriter& stream) : m_next(next), m_stream(stream) {}
    void pointFinished(const search::PointResult& point, std::span<const mapping::Mapping> mappings,
                       bool on_front) override {
        if (!m_stream.point(point)) throw CliError("--output: " + m_stream.error(), kExitFailure);
        m_next.pointFinished(point, mappings, on_front);
    }
    void progress(const search::ExploreProgress& p) override { m_next.progress(p); }

private:
    search::ProgressSink& m_next;
    io::ExploreStreamWriter& m_stream;
};

} // namespace archscape::cli
