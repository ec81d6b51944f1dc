#pragma once
// Inputs of the commands that take systems and workload mixes (schedule, evaluate and explore over
// systems), and the scheduler choice they share.
#include <string>

#include "schedule/schedule_problem.h"
#include "schedule/system_schedule.h"
#include "search/system_design.h"
#include "workload/workload_mix.h"

namespace archscape::cli {

/// A system preset (presets/systems), an accelerator preset (a system of one unit) or a file
/// (archscape/system or archscape/accelerator); throws CliError (exit 2) with every diagnostic.
search::SystemDesign loadSystemDesign(const std::string& name_or_path);
/// A mix preset (presets/mixes), a workload preset (a mix of one network) or a file
/// (archscape/workload-mix or archscape/workload); frame rates become deadlines at `clock_mhz`.
workload::WorkloadMix loadWorkloadMix(const std::string& name_or_path, double clock_mhz);

/// "baseline | herald | exact", as --scheduler of `schedule` and `evaluate` takes it.
inline constexpr const char* kSchedulerNames = "baseline, herald or exact";
/// Throws CliError (exit 2) unless `name` is one of kSchedulerNames.
void checkSchedulerName(const std::string& name);
/// Schedules `problem` with the scheduler `name` (checkSchedulerName). The exact solver refuses
/// problems of more than 14 tasks (CliError, exit 2); when it stops at its node limit, a note
/// prefixed by `command` goes to stderr.
schedule::SystemSchedule runScheduler(const schedule::ScheduleProblem& problem, const std::string& name,
                                      const std::string& command);

} // namespace archscape::cli
