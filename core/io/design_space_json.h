#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "common/parse_result.h"
#include "search/design_space.h"

namespace archscape::io {

/// Validates an `archscape/design-space` document (docs/search.md) and builds the space.
/// Collects every problem as {JSON pointer, what was expected}: unknown fields and names, empty
/// lists and ranges, values out of range, a level that does not exist, contradictory constraints
/// (min_pe_count > max_pe_count), and constraints no point can meet (PE count, area — both known
/// before any mapping). `base_dir` resolves a relative "base" path; a string base may also be an
/// accelerator preset name.
ParseResult<search::DesignSpace> parseDesignSpace(const nlohmann::json& j, const std::string& base_dir = ".");

/// Reads a design-space file (a path or a preset name of presets/spaces).
ParseResult<search::DesignSpace> readDesignSpaceFile(const std::string& name_or_path);
/// The JSON document of a design-space file or preset name, unparsed (the GUI keeps it in projects).
ParseResult<nlohmann::json> readDesignSpaceDocument(const std::string& name_or_path);

} // namespace archscape::io
