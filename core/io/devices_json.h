#pragma once
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "common/parse_result.h"
#include "schedule/device_set.h"

namespace archscape::io {

/// Validates an `archscape/devices` document (docs/formats.md, docs/partition.md) and builds the device
/// set. Collects every problem: unknown fields, wrong types, unknown kinds, precisions, operator types
/// or devices, duplicate names, missing figures of a kind, a link between a device and itself, two links
/// for one pair, a device pair without a link, and the problems of the files it names (accelerator
/// documents, measured-latency CSVs), those with the file's name and line. Relative paths are taken
/// from `base_dir` (the devices file's folder); an accelerator may also be a preset name ("eyeriss").
ParseResult<schedule::DeviceSet> parseDevices(const nlohmann::json& j, const std::string& base_dir);

/// readJsonFile + parseDevices with the file's folder as base_dir.
ParseResult<schedule::DeviceSet> readDevicesFile(const std::string& path);

/// Per-layer latencies from a CSV with a header naming the column `layer` and one of `latency_s`,
/// `latency_ms`, `latency_us` (other columns are ignored); diagnostics name the line. Seconds per layer.
ParseResult<std::map<std::string, double>> readMeasuredLatencies(const std::string& path);

} // namespace archscape::io
