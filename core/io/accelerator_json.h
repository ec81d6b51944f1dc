#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "common/parse_result.h"
#include "hardware/accelerator.h"

namespace archscape::io {

/// Validates an `archscape/accelerator` document (docs/formats.md) and builds the accelerator.
/// Collects every problem: unknown fields, wrong types, unknown names (precision, kind,
/// dataflow, operand), sizes out of range, and the structure rules: 1..mapping::kMaxLevels
/// levels, level 0 a shared DRAM keeping every operand, capacity_bytes > 0 on every other level,
/// unique level names, per-PE levels all below the shared ones, PE rows/cols >= 1, clock > 0.
ParseResult<hardware::Accelerator> parseAccelerator(const nlohmann::json& j);

/// readJsonFile + parseAccelerator.
ParseResult<hardware::Accelerator> readAcceleratorFile(const std::string& path);

/// An `archscape/accelerator` document that parses back to an identical accelerator,
/// overrides included.
nlohmann::json toJson(const hardware::Accelerator& acc);

} // namespace archscape::io
