#include "checkpoint_sink.h"

#include <algorithm>

#include "args.h"
#include "command.h"

namespace archscape::cli {

CheckpointSink::CheckpointSink(search::ProgressSink& next, std::string path, double every_s,
                               io::ExploreCheckpoint start)
    : m_next(next),
      m_path(std::move(path)),
      m_every(std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(every_s))),
      m_checkpoint(std::move(start)),
      m_last(std::chrono::steady_clock::now()) {}

void CheckpointSink::pointFinished(const search::PointResult& point, std::span<const mapping::Mapping> mappings,
                                   bool on_front) {
    // Without the per-shape costs (a third of the size): --resume re-derives them for the points
    // that end on the front, the only ones whose costs are written.
    search::PointResult kept = point;
    kept.shapes = {};
    m_checkpoint.points.push_back(std::move(kept));
    // The explorer serialises sink calls, so writing here pauses the workers for the write's
    // duration; the interval grows to 20 times the last write's duration, which keeps the cost
    // under 5 % of the run whatever the number of points (bench_checkpoint measures writes).
    const auto interval = std::max(m_every, 20 * m_lastWrite);
    if (std::chrono::steady_clock::now() - m_last >= interval) write();
    m_next.pointFinished(point, mappings, on_front);
}

void CheckpointSink::write() {
    const auto start = std::chrono::steady_clock::now();
    std::string error;
    if (!io::writeCheckpointFile(m_path, m_checkpoint, &error))
        throw CliError("--checkpoint " + m_path + ": " + error, kExitFailure);
    m_last = std::chrono::steady_clock::now();
    m_lastWrite = m_last - start;
    m_seconds += std::chrono::duration<double>(m_last - start).count();
    ++m_writes;
}

} // namespace archscape::cli
