#pragma once
// Inputs of the commands that take systems and workload mixes (schedule, explore over system spaces).
#include <string>

#include "search/system_design.h"
#include "workload/workload_mix.h"

namespace archscape::cli {

/// A system preset (presets/systems), an accelerator preset (a system of one unit) or a file
/// (archscape/system or archscape/accelerator); throws CliError (exit 2) with every diagnostic.
search::SystemDesign loadSystemDesign(const std::string& name_or_path);
/// A mix preset (presets/mixes), a workload preset (a mix of one network) or a file
/// (archscape/workload-mix or archscape/workload); frame rates become deadlines at `clock_mhz`.
workload::WorkloadMix loadWorkloadMix(const std::string& name_or_path, double clock_mhz);

} // namespace archscape::cli
