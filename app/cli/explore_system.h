#pragma once
// archscape-cli explore over a system space (archscape/system-space): the HERALD-style HDA search,
// and merge of its shards.
#include <optional>
#include <string>
#include <vector>

#include "args.h"

namespace archscape::cli {

/// Runs `explore` on the system space `space` with the parsed arguments; returns the exit code.
int runSystemExplore(const Args& a, const std::string& space);

/// `merge` of system-explore-result files (documents or .jsonl streams) into the result of one run
/// of the whole space, written to `output` (stdout when empty; FILE.jsonl: as a stream). Exit 0, or
/// 1 when some shard or design is missing (the merge is still written).
int runSystemMerge(const std::vector<std::string>& paths, const std::optional<std::string>& output);

} // namespace archscape::cli
