#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "common/parse_result.h"
#include "search/system_design.h"

namespace archscape::io {

/// Validates an `archscape/system` document (docs/formats.md, docs/schedule.md) and builds the
/// design: at least one unit, unit names unique and non-empty, each unit's accelerator inline
/// (an archscape/accelerator object, its diagnostics under /units/i/accelerator) or named (a preset
/// or a path, relative paths from `base_dir`), each unit's optional "evaluation" ({"mode":
/// template|best-template|search, "dataflow", "budget"}), every unit at the same clock, the units'
/// PEs within "pe_budget" when it is set, bandwidth and area >= 0. A document whose "format" is
/// "archscape/accelerator" reads as a system of one unit (best-template evaluation).
ParseResult<search::SystemDesign> parseSystem(const nlohmann::json& j, const std::string& base_dir = "");

/// readJsonFile + parseSystem (unit accelerator paths relative to the file's directory).
ParseResult<search::SystemDesign> readSystemFile(const std::string& path);

} // namespace archscape::io
