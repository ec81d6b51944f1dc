#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "hardware/accelerator.h"

namespace archscape::hardware {

/// One sub-accelerator of a system: a full accelerator (its own kind, dataflow, PE array, buffers,
/// precision, PE mode) under a unit name. How its layers are mapped (its evaluation policy) lives one
/// rank up, in search::SystemDesign, because the policy is a search concept.
struct SystemUnit {
    std::string name; ///< unique within the system ("kcp", "yxp")
    Accelerator accelerator;
};

/// A heterogeneous accelerator (HERALD's HDA): units that run layers concurrently and share DRAM.
/// Each unit keeps its own buffers; the DRAM port is shared: while several layers run, each draws its
/// solo demand (DRAM words / solo cycles) and, when the demands exceed the shared bandwidth, every
/// running layer slows by the same factor (bandwidth split in proportion to demand, re-timed at
/// every start and end; docs/schedule.md).
struct System {
    std::string name;
    std::string description;
    std::vector<SystemUnit> units;
    /// Shared DRAM bandwidth in bytes per cycle of the system clock (units' clocks are taken equal);
    /// 0 = unlimited (no contention).
    double dram_bandwidth_bytes_per_cycle = 0;
    std::int64_t pe_budget = 0; ///< PEs the units may use together; 0 = no budget
    double shared_area_um2 = 0; ///< area outside the units (shared DRAM interface, global interconnect)

    /// Σ units' PEs (rows × cols).
    std::int64_t totalPes() const;
};

/// Area: Σ units' areaUm2 + shared_area_um2.
double areaUm2(const System& sys);

/// Leakage of a whole unit while idle, in pJ per cycle: Σ levels' leakage per instance × instances
/// (per-PE levels in every PE), as the cost model charges a layer that uses every instance.
double idleLeakagePjPerCycle(const Accelerator& acc);

/// A system of one unit named after the accelerator, with the accelerator's DRAM bandwidth as the
/// shared one (so it never contends) and its PEs as the budget.
System systemOfOne(const Accelerator& acc);

} // namespace archscape::hardware
