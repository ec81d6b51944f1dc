#pragma once
// Checkpoints of an exploration (issue 18): the finished points of a run, written atomically from
// time to time, so a shard killed at 95 % resumes at 95 % (explore --checkpoint / --resume).
#include <cstdint>
#include <string>
#include <vector>

#include "common/parse_result.h"
#include "search/explorer.h"

namespace archscape::io {

/// What a checkpoint belongs to: a resumed run must be the same run (space with its mapper
/// settings, network, objectives, seed, shard), else its points would be wrong.
struct CheckpointKey {
    std::uint64_t space_fingerprint = 0; ///< DesignSpace::fingerprint() (axes, base, mapper, accuracy)
    std::int64_t space_size = 0;
    std::uint64_t network_hash = 0; ///< name, layer count and every layer's shape (networkHash)
    std::vector<search::Metric> objectives;
    std::uint64_t seed = 0;
    int shard_index = 0;
    int shard_count = 1;

    bool operator==(const CheckpointKey&) const = default;
};

/// The key of a request.
CheckpointKey checkpointKey(const search::ExploreRequest& request);
/// A hash of the network's name and of every layer's shape and precision, in order.
std::uint64_t networkHash(const workload::Network& network);

/// Finished points of one run, in any order, with their per-shape costs (search::PointResult::shapes).
struct ExploreCheckpoint {
    CheckpointKey key;
    std::vector<search::PointResult> points;
};

/// The checkpoint in its binary form: a magic line, the key, the points (fixed-width little-endian
/// fields), and a 64-bit checksum of everything before it, so a damaged or truncated file is
/// refused. ~70 bytes per point for a 6-axis space on a 20-shape network.
std::string encodeCheckpoint(const ExploreCheckpoint& checkpoint);
/// Validates and decodes; diagnostics name the byte offset ("byte N") and what was expected.
ParseResult<ExploreCheckpoint> decodeCheckpoint(const std::string& bytes);

/// Reads a checkpoint file (size-capped at 4 GiB); errors as decodeCheckpoint's, or why the file
/// could not be read.
ParseResult<ExploreCheckpoint> readCheckpointFile(const std::string& path);
/// Writes it atomically (writeFileAtomically); false with `error` set on failure.
bool writeCheckpointFile(const std::string& path, const ExploreCheckpoint& checkpoint, std::string* error);

/// Why a checkpoint does not belong to a request ("seed 2 differs from the run's 1"), or nullopt.
std::optional<std::string> checkpointMismatch(const CheckpointKey& checkpoint, const CheckpointKey& request);

} // namespace archscape::io
