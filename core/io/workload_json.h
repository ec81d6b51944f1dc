#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "common/parse_result.h"
#include "workload/network.h"

namespace archscape::io {

/// Validates an `archscape/workload` document (docs/formats.md) and builds the network.
/// Collects every problem as {JSON pointer, what was expected}: unknown fields, wrong types,
/// missing fields, sizes < 1, groups not dividing C and K, unknown layer types, duplicate names,
/// `inputs` naming an unknown or later layer, a window larger than the padded input.
ParseResult<workload::Network> parseWorkload(const nlohmann::json& j);

/// readJsonFile + parseWorkload; diagnostics do not repeat the file name (formatDiagnostics adds it).
ParseResult<workload::Network> readWorkloadFile(const std::string& path);

/// An `archscape/workload` document that parses back to an identical network. Convolutions and
/// pooling are written with their input size (H, W) when the layer knows it (Layer::in_h, in_w)
/// and it gives back the layer's P and Q; otherwise with the output size (P, Q).
nlohmann::json toJson(const workload::Network& net);

} // namespace archscape::io
