#pragma once
// explore --checkpoint over a system space: keeps every finished design and writes them, as a
// partial archscape/system-explore-result document ("complete": false), atomically to the
// checkpoint file when CheckpointTimer says so and at the end (stopped by a signal included), then
// passes each call on. --resume reads that document back (a system design is a few hundred bytes
// of JSON, and system spaces have thousands of designs, not millions: no binary form needed).
#include <string>
#include <vector>

#include "checkpoint_timer.h"
#include "search/system_explorer.h"

namespace archscape::cli {

class SystemCheckpointSink : public search::SystemProgressSink {
public:
    /// `start` holds the designs of a resumed run (kept in every later checkpoint).
    SystemCheckpointSink(search::SystemProgressSink& next, const search::SystemExploreRequest& request,
                         std::string path, double every_s, std::vector<search::SystemPointResult> start);
    void systemPointFinished(const search::SystemPointResult& r, bool on_front) override;
    void progress(const search::ExploreProgress& p) override { m_next.progress(p); }
    /// Writes the checkpoint now; throws CliError (exit 1) when it cannot be written.
    void write();
    int writes() const { return m_timer.writes(); }
    double secondsWriting() const { return m_timer.secondsWriting(); }

private:
    search::SystemProgressSink& m_next;
    const search::SystemExploreRequest& m_request;
    std::string m_path;
    CheckpointTimer m_timer;
    std::vector<search::SystemPointResult> m_points;
};

} // namespace archscape::cli
