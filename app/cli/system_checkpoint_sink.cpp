#include "system_checkpoint_sink.h"

#include <algorithm>

#include "args.h"
#include "command.h"
#include "common/atomic_file.h"
#include "io/system_explore_json.h"
#include "search/shard.h"

namespace archscape::cli {

SystemCheckpointSink::SystemCheckpointSink(search::SystemProgressSink& next,
                                           const search::SystemExploreRequest& request, std::string path,
                                           double every_s, std::vector<search::SystemPointResult> start)
    : m_next(next), m_request(request), m_path(std::move(path)), m_timer(every_s), m_points(std::move(start)) {}

void SystemCheckpointSink::systemPointFinished(const search::SystemPointResult& r, bool on_front) {
    m_points.push_back(r);
    if (m_timer.due()) write();
    m_next.systemPointFinished(r, on_front);
}

void SystemCheckpointSink::write() {
    const auto start = std::chrono::steady_clock::now();
    // A partial result of the run: its designs so far, their front and reasons.
    search::SystemExploreResult partial;
    partial.points = m_points;
    std::sort(partial.points.begin(), partial.points.end(),
              [](const auto& a, const auto& b) { return a.point.index < b.point.index; });
    std::vector<search::PointResult> plain;
    for (const auto& p : partial.points) {
        plain.push_back(p.point);
        ++partial.infeasible[int(p.point.reason)];
    }
    partial.infeasible[int(search::Infeasibility::None)] = 0;
    partial.front = search::paretoFrontOf(plain, m_request.objectives);
    partial.total = search::Shard::of(m_request.shard_index, m_request.shard_count).size(m_request.space.size());
    partial.finished = std::int64_t(partial.points.size());
    partial.cancelled = partial.finished < partial.total;
    std::string error;
    if (!writeFileAtomically(m_path, io::toJson(m_request, partial).dump(1) + "\n", &error))
        throw CliError("--checkpoint " + m_path + ": " + error, kExitFailure);
    m_timer.wrote(start);
}

} // namespace archscape::cli
