#pragma once
#include <optional>
#include <string>
#include <string_view>

#include <yaml-cpp/yaml.h>

#include "common/parse_result.h"
#include "workload/layer.h"

namespace archscape::io {

/// A Timeloop problem read as an Archscape layer, keeping Timeloop's names so that mappings
/// can be read and written back with them.
struct TimeloopProblem {
    workload::Layer layer;
    workload::PerDim<std::string> dim_names; ///< Timeloop's name of each dimension ("M" for K); empty when absent
    workload::PerOperand<std::string> dataspace_names; ///< e.g. "Weights", "Inputs", "Outputs"
};

/// Reads a Timeloop `problem:` (v0.2–v0.4: shape with dimensions, coefficients and data-space
/// projections, and an instance). Dimensions get their Archscape role from the projections, not
/// their names: indexing weights and outputs → K, weights and inputs → C (or R/S inside a sliding
/// window), inputs and outputs → N (or P/Q inside a window), all three → G. So CNN_Layer, Conv1D
/// variants and GEMM-shaped problems all import; a projection Archscape cannot express (a window
/// of three terms, two dimensions with the same role, a dimension in one tensor only) is an error
/// at its line. `root` may be the whole document or the `problem` value.
ParseResult<TimeloopProblem> parseTimeloopProblem(const YAML::Node& root);

/// A Timeloop v0.4 problem for the layer: the standard CNN_Layer shape (C, M, R, S, N, P, Q with
/// stride and dilation coefficients), plus a G dimension in every tensor when the layer is grouped.
/// Padding is not part of Timeloop's problem, so it is dropped (P and Q are written as they are).
std::string writeTimeloopProblem(const workload::Layer& layer);

/// Why `tool` (Timeloop, MAESTRO: one dense loop nest per layer) cannot be given the layer, or
/// nullopt when it can. Butterfly layers (log2 n stages of 2×2 blocks with a permutation between
/// stages, not one loop nest) and PQ layers (table lookups in place of the MACs) are refused with a
/// message naming the layer; dense MAC and memory-only layers pass (the caller leaves the latter out).
std::optional<std::string> loopNestRefusal(const workload::Layer& layer, std::string_view tool);

/// Timeloop's CNN_Layer names: "M" for K, otherwise the Archscape letter.
workload::PerDim<std::string> timeloopCnnDimNames();

} // namespace archscape::io
