#pragma once
// explore --output R.jsonl over a system space: writes each finished design to the stream as it
// finishes (io/system_explore_stream.h), then passes the call on.
#include "args.h"
#include "command.h"
#include "io/system_explore_stream.h"

namespace archscape::cli {

class SystemStreamSink : public search::SystemProgressSink {
public:
    SystemStreamSink(search::SystemProgressSink& next, const search::SystemExploreRequest& request,
                     io::SystemExploreStreamWriter& stream)
        : m_next(next), m_request(request), m_stream(stream) {}
    void systemPointFinished(const search::SystemPointResult& r, bool on_front) override {
        if (!m_stream.point(io::systemPointJson(m_request, r)))
            throw CliError("--output: " + m_stream.error(), kExitFailure);
        m_next.systemPointFinished(r, on_front);
    }
    void progress(const search::ExploreProgress& p) override { m_next.progress(p); }

private:
    search::SystemProgressSink& m_next;
    const search::SystemExploreRequest& m_request;
    io::SystemExploreStreamWriter& m_stream;
};

} // namespace archscape::cli
