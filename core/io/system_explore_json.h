#pragma once
// The archscape/system-explore-result document (docs/schedule.md, "Exploring systems"): what a
// system exploration writes, what its checkpoints are, and what `merge` combines.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/parse_result.h"
#include "search/system_explorer.h"

namespace archscape::io {

/// A hash of a workload mix: every entry's network (networkHash), instances, deadline, priority and
/// dependencies, in order. Not the mix's name.
std::uint64_t mixHash(const workload::WorkloadMix& mix);

/// A system-explore-result document in memory (a run's, a checkpoint's or a merge's): what
/// produced it, enough to check that shards and checkpoints belong to a run, and its designs.
struct SystemExploreFile {
    std::string space_name;
    std::uint64_t space_fingerprint = 0; ///< search::SystemSpace::fingerprint()
    std::int64_t space_size = 0;
    std::string workload;            ///< the mix's name
    std::uint64_t workload_hash = 0; ///< mixHash
    std::string scheduler;           ///< search::toString(SystemScheduler)
    std::vector<search::Metric> objectives;
    std::uint64_t seed = 0;
    int shard_index = 0;
    int shard_count = 1;
    bool complete = true;                          ///< every design of the shard was evaluated
    std::vector<search::SystemPointResult> points; ///< ascending index
    /// The same designs as written (labels and units included), for writing them back unchanged.
    std::vector<nlohmann::json> point_json;
    std::vector<std::int64_t> front; ///< ascending
};

/// The fields of a request's document before its results: format, version, space, space_fingerprint,
/// space_size, workload, workload_hash, scheduler, objectives, seed, shard.
nlohmann::json systemHeaderJson(const search::SystemExploreRequest& request);
/// One design as in the document's "points": its label and units (from the space), reason and metrics.
nlohmann::json systemPointJson(const search::SystemExploreRequest& request, const search::SystemPointResult& point);
/// The reason counts ("infeasible") of a result, every reason but "none".
nlohmann::json infeasibleJson(const std::array<std::int64_t, search::kNumInfeasibilities>& counts);
/// The document of a run: the header, then total, finished, complete, front, infeasible and points.
nlohmann::json toJson(const search::SystemExploreRequest& request, const search::SystemExploreResult& result);
/// The document of a file in memory (merge's output): its header fields, front, points as written,
/// reasons counted from its points.
nlohmann::json toJson(const SystemExploreFile& file);

/// Reads one design written by systemPointJson; diagnostics at `pointer`.
search::SystemPointResult parseSystemPointJson(const nlohmann::json& j, const std::string& pointer,
                                               std::vector<Diagnostic>& errors);
/// Validates a document; errors name the JSON pointer. Points must be designs of the space and of
/// the document's shard, none twice.
ParseResult<SystemExploreFile> parseSystemExploreFile(const nlohmann::json& j);

/// Why the designs of `file` cannot be taken into the run of `request` ("its seed 2 differs from the
/// run's 1"), or nullopt. With `same_shard` (resuming a checkpoint) the shard must be the run's;
/// otherwise (--only-missing) the file must be of the whole space (one shard, or a merge).
std::optional<std::string> systemFileMismatch(const SystemExploreFile& file,
                                              const search::SystemExploreRequest& request, bool same_shard);

/// Merges the shards of one system exploration into the document a single run gives: same space
/// (fingerprint), mix, scheduler, objectives, seed and shard count; distinct shard indices; no
/// design twice. The front is recomputed over the union. Diagnostics' paths are "<input number>:/pointer".
ParseResult<SystemExploreFile> mergeSystemExploreFiles(const std::vector<SystemExploreFile>& shards);

} // namespace archscape::io
