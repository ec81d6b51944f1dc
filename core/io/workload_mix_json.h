#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "common/parse_result.h"
#include "workload/workload_mix.h"

namespace archscape::io {

/// Validates an `archscape/workload-mix` document (docs/schedule.md) and builds the mix: a non-empty
/// "networks" array, each {"workload": preset name or path (relative to `base_dir`), "instances" >= 1,
/// optional "deadline_cycles" > 0 or "frame_rate_hz" > 0 (not both; a frame rate needs
/// `clock_mhz` > 0 to become cycles), "priority" (integer), "after" (names of earlier entries)}.
/// Entries are named by their workload's network name; a name used twice needs an explicit "name".
/// A document whose "format" is "archscape/workload" reads as a mix of one.
ParseResult<workload::WorkloadMix> parseWorkloadMix(const nlohmann::json& j, const std::string& base_dir = "",
                                                    double clock_mhz = 0);

/// readJsonFile + parseWorkloadMix.
ParseResult<workload::WorkloadMix> readWorkloadMixFile(const std::string& path, double clock_mhz = 0);

} // namespace archscape::io
