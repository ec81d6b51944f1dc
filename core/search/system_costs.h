#pragma once
#include <stop_token>

#include "schedule/schedule_problem.h"
#include "search/system_design.h"
#include "workload/workload_mix.h"

namespace archscape::search {

/// The per-(layer, unit) cost table of a mix on a system: every network of the mix evaluated on every
/// unit with that unit's evaluation policy (evaluateDesign: distinct layer shapes once per network
/// and unit; instances share the costs). DRAM bytes are the unit's outermost level's words × its
/// word width. Idle leakage per unit from hardware::idleLeakagePjPerCycle.
schedule::CostTable systemCosts(const SystemDesign& design, const workload::WorkloadMix& mix,
                                std::stop_token stop = {});

} // namespace archscape::search
