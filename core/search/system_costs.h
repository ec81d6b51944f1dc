#pragma once
#include <stop_token>
#include <vector>

#include "schedule/schedule_problem.h"
#include "search/system_design.h"
#include "workload/workload_mix.h"

namespace archscape::search {

/// What every layer of a mix costs on one unit: [entry][layer], each network evaluated with
/// evaluateDesign under `policy` (distinct layer shapes once per network). DRAM bytes are the
/// unit's outermost level's words × its word width.
std::vector<std::vector<schedule::UnitCost>> unitCosts(const hardware::Accelerator& acc, const EvaluationPolicy& policy,
                                                       const workload::WorkloadMix& mix, std::stop_token stop = {});

/// The per-(layer, unit) cost table of a mix on a system: every network of the mix evaluated on every
/// unit with that unit's evaluation policy (unitCosts; instances share the costs). Idle leakage per
/// unit from hardware::idleLeakagePjPerCycle.
schedule::CostTable systemCosts(const SystemDesign& design, const workload::WorkloadMix& mix,
                                std::stop_token stop = {});

} // namespace archscape::search
