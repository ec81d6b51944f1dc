#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/parse_result.h"
#include "search/explorer.h"

namespace archscape::io {

/// An `archscape/explore-result` document in memory: the result plus what produced it, enough to
/// check that shards belong together and to merge them.
struct ExploreFile {
    std::string space_name;
    std::uint64_t space_fingerprint = 0;
    std::int64_t space_size = 0;
    std::vector<std::string> axes;                     ///< axis names, in choice order
    std::vector<std::vector<std::string>> axis_values; ///< each axis's values as written
    std::string workload;
    std::string accuracy_model; ///< the space's accuracy-model spec, empty = none
    std::vector<search::Metric> objectives;
    std::uint64_t seed = 0;
    int shard_index = 0;
    int shard_count = 1;
    search::DesignSearch search;                    ///< which points were chosen (grid: all of the shard)
    std::vector<double> hypervolume_reference;      ///< given by the user; empty: 1.1 x the front's worst
    bool complete = true;                           ///< every point of the shard was evaluated
    search::ExploreResult result;                   ///< points, front, infeasible counts (no mappings)
    std::map<std::int64_t, nlohmann::json> details; ///< per front point: its layers, costs and mappings
};

/// Builds the document for a finished run (front points carry their per-layer mappings and costs).
nlohmann::json toJson(const search::ExploreRequest& request, const search::ExploreResult& result);
/// The same from a file already in memory (used by merge).
nlohmann::json toJson(const ExploreFile& file);

/// The metadata of a request's document (space, workload, objectives, seed, shard), no points.
ExploreFile describeRequest(const search::ExploreRequest& request);
/// The document's fields before its points (format, version, space, ..., complete).
nlohmann::json headerJson(const ExploreFile& meta);
/// One point as in the document's "points" (its design labelled with the axes of `meta`).
nlohmann::json pointJson(const search::PointResult& point, const ExploreFile& meta);
/// Reads one point written by pointJson; diagnostics at `pointer`.
search::PointResult parsePointJson(const nlohmann::json& j, const std::string& pointer,
                                   std::vector<Diagnostic>& errors);
/// The "front_details" object: per front point with mappings in `result`, its layers' costs and mappings.
nlohmann::json frontDetailsJson(const search::ExploreRequest& request, const search::ExploreResult& result);

/// The "hypervolume" object: the front's hypervolume, the reference point it was measured against
/// (per objective, by name) and whether that point was given or is 1.1 x the front's worst.
nlohmann::json hypervolumeJson(const search::ExploreResult& result, const std::vector<search::Metric>& objectives,
                               const std::vector<double>& given_reference);

/// Validates a result document; errors name the JSON pointer.
ParseResult<ExploreFile> parseExploreFile(const nlohmann::json& j);

/// Merges the shards of one exploration into the result a single run gives: same space
/// (fingerprint), workload, objectives, seed and shard count; distinct shard indices; no point
/// twice. The front is recomputed over the union; details are kept for its points. Diagnostics'
/// paths are "<input number>:/pointer".
ParseResult<ExploreFile> mergeExploreFiles(const std::vector<ExploreFile>& shards);

} // namespace archscape::io
