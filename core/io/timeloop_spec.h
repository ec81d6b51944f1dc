#pragma once
#include <optional>
#include <string>
#include <vector>

#include "common/parse_result.h"
#include "io/timeloop_arch.h"
#include "io/timeloop_problem.h"
#include "mapping/mapping.h"

namespace archscape::io {

/// What a set of Timeloop input files describes: any of problem, architecture, mapping, energy table.
struct TimeloopSpec {
    std::optional<TimeloopProblem> problem;
    std::optional<TimeloopArch> arch;        ///< with the ERT's energies applied when one was given
    std::optional<mapping::Mapping> mapping; ///< needs the problem and the architecture
    bool has_ert = false;
};

/// Reads the YAML files one would give `timeloop-model` (problem, architecture, mapping, in any
/// split over files) plus, optionally, an Accelergy ERT / ERT_summary. Top-level keys: problem,
/// architecture, mapping, ERT, ERT_summary; `mapper`, `mapspace`, `variables` and `globals` are
/// accepted and ignored (they steer Timeloop's own search). Diagnostic paths name the file and the
/// line ("r1.yaml: line 12"); a key given twice or a mapping without its problem and
/// architecture is an error.
ParseResult<TimeloopSpec> readTimeloopFiles(const std::vector<std::string>& paths);

} // namespace archscape::io
