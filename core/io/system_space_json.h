#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "common/parse_result.h"
#include "search/system_space.h"

namespace archscape::io {

/// Validates an `archscape/system-space` document (docs/schedule.md, "Exploring systems") and
/// builds the space. "templates" is an archscape/system (inline, a preset of presets/systems or a
/// path relative to `base_dir`) whose units are the templates; "pe_budget" and "pe_step" (the budget
/// a multiple of the step); "parameters": "units" (lists of template names, each list one unit set,
/// at most pe_budget / pe_step units), and optional "buffer_scale" (> 0, default [1]),
/// "buffer_split" (pe | equal), "dram_bandwidth_bytes_per_cycle" (> 0; default: the templates
/// system's), "dram_sharing" (demand | static); optional "constraints" (max_area_mm2,
/// max_latency_ms, max_power_w, max_energy_mj); optional "networks" (NASAIC-style network choice: per mix entry
/// name, a non-empty list of {"workload": preset or path, "top1": % in 0..100, "source"}, or without
/// "top1" the accuracy module's prediction at the templates' precision: {"workload", optional
/// "accuracy_model": spec} (accuracy::networkAccuracy)). Every
/// problem is collected as {JSON pointer, what was expected}.
ParseResult<search::SystemSpace> parseSystemSpace(const nlohmann::json& j, const std::string& base_dir = ".");

/// Reads a system-space file (a path or a preset name of presets/system-spaces).
ParseResult<search::SystemSpace> readSystemSpaceFile(const std::string& name_or_path);

/// Whether `name_or_path` names a system space: a preset of presets/system-spaces (and not of
/// presets/spaces), or a JSON file whose "format" is "archscape/system-space".
bool isSystemSpaceSource(const std::string& name_or_path);

} // namespace archscape::io
