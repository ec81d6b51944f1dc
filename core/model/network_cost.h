#pragma once
#include <functional>
#include <optional>
#include <vector>

#include "hardware/accelerator.h"
#include "mapping/mapping.h"
#include "model/layer_cost.h"
#include "model/systolic_model.h"
#include "workload/network.h"

namespace archscape::model {

/// One layer's chosen mapping and its cost.
struct LayerResult {
    int layer = 0;       ///< index into Network::layers
    bool mapped = false; ///< false when no valid mapping was found
    mapping::Mapping mapping;
    LayerCost cost;
    /// Systolic accelerators' MAC layers: SCALE-Sim's figures the cost was made of (folds, SRAM and
    /// DRAM traffic, stalls), since `mapping` is empty there (the dataflow fixes it).
    std::optional<SystolicReport> systolic;
};

/// A whole network on one accelerator: its per-layer results and the totals a schedule made of
/// them (schedule::sequentialSchedule: layers run one after another).
struct NetworkCost {
    std::vector<LayerResult> layers; ///< in network order
    double cycles = 0;
    double energy_pj = 0;
    double macs = 0;
    double area_um2 = 0;
    int unmapped = 0; ///< layers without a valid mapping (excluded from totals)

    bool valid() const { return unmapped == 0; }
    /// Seconds at the accelerator's clock.
    double latencySeconds(double clock_mhz) const { return cycles / (clock_mhz * 1e6); }
};

/// Picks a mapping for a layer (a dataflow template or a mapper); nullopt = none found.
using MappingChooser = std::function<std::optional<mapping::Mapping>(const workload::Layer&)>;

} // namespace archscape::model
