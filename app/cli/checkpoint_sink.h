#pragma once
// explore --checkpoint: a ProgressSink that keeps every finished point (without its per-shape
// costs: ~76 bytes each for a 6-axis space) and writes them atomically to a checkpoint file when
// CheckpointTimer says so and at the end (stopped by a signal included), then passes each call on.
#include <string>

#include "checkpoint_timer.h"

#include "io/explore_checkpoint.h"
#include "search/explorer.h"

namespace archscape::cli {

class CheckpointSink : public search::ProgressSink {
public:
    /// `start` holds the points of a resumed checkpoint (kept in every later checkpoint).
    CheckpointSink(search::ProgressSink& next, std::string path, double every_s, io::ExploreCheckpoint start);
    void pointFinished(const search::PointResult& point, std::span<const mapping::Mapping> mappings,
                       bool on_front) override;
    void progress(const search::ExploreProgress& p) override { m_next.progress(p); }
    /// Writes the checkpoint now; throws CliError (exit 1) when it cannot be written.
    void write();
    /// Checkpoints written so far and the time spent writing them (for the closing line).
    int writes() const { return m_timer.writes(); }
    double secondsWriting() const { return m_timer.secondsWriting(); }

private:
    search::ProgressSink& m_next;
    std::string m_path;
    CheckpointTimer m_timer;
    io::ExploreCheckpoint m_checkpoint;
};

} // namespace archscape::cli
