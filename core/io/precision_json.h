#pragma once
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/parse_result.h"
#include "common/precision.h"
#include "io/json_file.h"
#include "workload/dim.h"

namespace archscape::io {

/// The precision names JSON files may use, for "expected one of ..." messages.
inline constexpr std::string_view kPrecisionNames = "int2..int16, fp8_e4m3, fp8_e5m2, fp16, bf16, fp32";

/// A precision name ("int8", "fp8_e4m3", ...) at `pointer`; records a diagnostic and returns nullopt
/// when `j` is not a string or not a known name.
std::optional<Precision> readPrecisionName(const nlohmann::json& j, const std::string& pointer,
                                           std::vector<Diagnostic>& errors);

/// Reads the field `key` of `r`: one precision name for every operand in `operands`, or an object
/// with one name per operand ({"weight": ..., "input": ...}). With `all_required` the object must
/// name every operand; otherwise it must name at least one. Sets `out[o]` for each operand read.
/// Returns false when the field is absent.
bool readOperandPrecisions(ObjectReader& r, std::string_view key, std::span<const workload::Operand> operands,
                           bool all_required, workload::PerOperand<std::optional<Precision>>& out);

/// The inverse of readOperandPrecisions: one name when every operand in `operands` is set to the same
/// precision, else an object with the ones that are set.
nlohmann::json operandPrecisionsJson(std::span<const workload::Operand> operands,
                                     const workload::PerOperand<std::optional<Precision>>& p);

} // namespace archscape::io
