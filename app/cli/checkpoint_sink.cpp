#include "checkpoint_sink.h"

#include "args.h"
#include "command.h"

namespace archscape::cli {

CheckpointSink::CheckpointSink(search::ProgressSink& next, std::string path, double every_s,
                               io::ExploreCheckpoint start)
    : m_next(next), m_path(std::move(path)), m_timer(every_s), m_checkpoint(std::move(start)) {}

void CheckpointSink::pointFinished(const search::PointResult& point, std::span<const mapping::Mapping> mappings,
                                   bool on_front) {
    // Without the per-shape costs (a third of the size): --resume re-derives them for the points
    // that end on the front, the only ones whose costs are written.
    search::PointResult kept = point;
    kept.shapes = {};
    m_checkpoint.points.push_back(std::move(kept));
    if (m_timer.due()) write();
    m_next.pointFinished(point, mappings, on_front);
}

void CheckpointSink::write() {
    const auto start = std::chrono::steady_clock::now();
    std::string error;
    if (!io::writeCheckpointFile(m_path, m_checkpoint, &error))
        throw CliError("--checkpoint " + m_path + ": " + error, kExitFailure);
    m_timer.wrote(start);
}

} // namespace archscape::cli
