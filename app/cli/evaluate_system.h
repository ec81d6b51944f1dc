#pragma once
// archscape-cli evaluate over a system and/or a workload mix (issue 12): the mix scheduled on the
// system, with the totals of `evaluate` (makespan for cycles), per unit and per network.
#include <optional>
#include <string>

#include "search/system_design.h"
#include "workload/workload_mix.h"

namespace archscape::cli {

/// Schedules `mix` on `design` with the scheduler `scheduler` (baseline, herald, exact), writes
/// the totals as a table or as JSON ("archscape/system-evaluation") to `output` (stdout when
/// empty) and returns the exit code: 0, or 1 when some layer runs on no unit.
int runSystemEvaluate(const search::SystemDesign& design, const workload::WorkloadMix& mix,
                      const std::string& scheduler, const std::string& format,
                      const std::optional<std::string>& output);

} // namespace archscape::cli
