#pragma once
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/parse_result.h"
#include "hardware/accelerator.h"
#include "mapping/mapping.h"

namespace archscape::io {

/// Validates one `archscape/mapping` (docs/formats.md) against the accelerator it is for: one
/// entry per accelerator level (names, when given, must match), factors >= 1 on known
/// dimensions, orders made of distinct dimension letters, known operand names in `bypass` (none
/// at level 0), spatial factors within the PE array. Whether the factors cover a layer's bounds
/// and the tiles fit depends on the layer: that is mapping::check's job.
ParseResult<mapping::Mapping> parseMapping(const nlohmann::json& j, const hardware::Accelerator& acc);

/// A mapping document naming the accelerator's levels; parses back to an identical mapping.
nlohmann::json toJson(const mapping::Mapping& m, const hardware::Accelerator& acc);

/// Mappings for a network: a single mapping (returned with the name "") or the form
/// `{"layers": {"<layer name>": <mapping>, ...}}` (returned in name order).
ParseResult<std::vector<std::pair<std::string, mapping::Mapping>>> parseNetworkMappings(
    const nlohmann::json& j, const hardware::Accelerator& acc);

/// readJsonFile + parseNetworkMappings.
ParseResult<std::vector<std::pair<std::string, mapping::Mapping>>> readMappingFile(const std::string& path,
                                                                                   const hardware::Accelerator& acc);

} // namespace archscape::io
