#pragma once
#include <string>

#include <yaml-cpp/yaml.h>

#include "common/parse_result.h"
#include "io/timeloop_arch.h"
#include "io/timeloop_problem.h"
#include "mapping/mapping.h"

namespace archscape::io {

/// Reads a Timeloop `mapping:` list against a problem and an architecture read before.
/// Directives: `type: temporal` (factors "K=2 C=3" or "K2 C3", permutation innermost first, as
/// Timeloop writes it; Archscape's order is outermost first, so it is reversed; dimensions left
/// out of a permutation go outermost), `type: spatial` on a fan-out container (or its generated
/// `inter_<name>_spatial` level; `split` = how many permutation entries, innermost first, go to X;
/// the rest go to Y), and `type: bypass|dataspace|datatype` with keep/bypass lists. Factors left out
/// are 1. Temporal factors other than 1 at a fan-out level, unknown targets, unknown dimensions and
/// data spaces are errors at their line.
ParseResult<mapping::Mapping> parseTimeloopMapping(const YAML::Node& root, const TimeloopProblem& problem,
                                                   const TimeloopArch& arch);

/// The mapping as a Timeloop mapping list with the given dimension and data-space names
/// (timeloopCnnDimNames() for problems written by writeTimeloopProblem). Spatial factors go to
/// the `PE` container that writeTimeloopArch writes.
std::string writeTimeloopMapping(const mapping::Mapping& m, const hardware::Accelerator& acc,
                                 const workload::PerDim<std::string>& dim_names,
                                 const workload::PerOperand<std::string>& dataspace_names);

} // namespace archscape::io
