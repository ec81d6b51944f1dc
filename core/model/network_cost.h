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
};

/// A whole network on one accelerator: layers run one after another.
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

/// Sums the mapped layers into the totals, counts the unmapped ones and sets the area: the one place
/// where a network's totals are made, whoever chose the mappings.
void sumTotals(NetworkCost& nc, const hardware::Accelerator& acc);

/// Picks a mapping for a layer (a dataflow template or a mapper); nullopt = none found.
using MappingChooser = std::function<std::optional<mapping::Mapping>(const workload::Layer&)>;

/// Evaluates every layer, each distinct shape once, and sums the totals. Systolic accelerators and
/// memory-only layers do not consult `choose`.
NetworkCost evaluateNetwork(const workload::Network& net, const hardware::Accelerator& acc,
                            const MappingChooser& choose, const SystolicOptions& systolic = {});

} // namespace archscape::model
