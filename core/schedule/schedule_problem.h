#pragma once
#include <string>
#include <vector>

#include "workload/workload_mix.h"

namespace archscape::schedule {

/// What one layer costs on one unit when it runs alone (the unit's own DRAM port, no contention).
struct UnitCost {
    bool mapped = false;   ///< false: the unit cannot run the layer (no valid mapping)
    double cycles = 0;     ///< solo latency
    double energy_pj = 0;  ///< dynamic + the layer's own leakage, as the cost model charges it
    double dram_bytes = 0; ///< bytes moved over the unit's DRAM port
};

/// Per-(layer, unit) costs of a mix on a system: cost[entry][layer][unit] (instances of a network
/// share their costs). Computed one rank up (search::systemCosts) with each unit's policy.
struct CostTable {
    std::vector<std::vector<std::vector<UnitCost>>> cost;
    std::vector<std::string> unit_names;
    std::vector<double> idle_leak_pj_per_cycle; ///< per unit (hardware::idleLeakagePjPerCycle)
    double dram_bandwidth_bytes_per_cycle = 0;  ///< shared; 0 = unlimited
};

/// One layer of one instance of one network: the unit of scheduling.
struct ScheduleTask {
    int entry = 0;               ///< index into WorkloadMix::entries
    int instance = 0;            ///< 0 .. instances-1
    int layer = 0;               ///< index into the entry's Network::layers
    int priority = 0;            ///< the entry's priority
    std::vector<int> preds;      ///< tasks that must end before this one starts
    std::vector<UnitCost> costs; ///< per unit
    bool runnable = true;        ///< some unit can run it (else it is counted as unmapped, zero time)
};

/// The tasks of a mix with their dependencies and costs, in topological order (every pred index is
/// smaller than its task's): entries in mix order, instances in order, layers in network order.
struct ScheduleProblem {
    std::vector<ScheduleTask> tasks;
    int units = 0;
    std::vector<std::string> unit_names;
    std::vector<double> idle_leak_pj_per_cycle;
    double dram_bandwidth_bytes_per_cycle = 0;         ///< 0 = unlimited
    std::vector<std::string> network_names;            ///< per entry
    std::vector<std::vector<std::string>> layer_names; ///< per entry, per layer
    std::vector<double> deadline_cycles;               ///< per entry; < 0 = none
    std::vector<int> instances;                        ///< per entry

    /// Tasks no unit can run.
    int unmapped() const;
};

/// The problem of `mix` under `costs`: one task per (entry, instance, layer); a layer depends on its
/// network's producers (Network::edges) in the same instance; an entry with `after` makes each of its
/// layers without producers depend on every layer of those entries' instances that feeds nothing.
ScheduleProblem buildProblem(const workload::WorkloadMix& mix, const CostTable& costs);

} // namespace archscape::schedule
