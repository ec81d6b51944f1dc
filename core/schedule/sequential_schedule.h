#pragma once
#include <span>
#include <vector>

#include "hardware/accelerator.h"
#include "model/network_cost.h"

namespace archscape::schedule {

/// One entry of a sequential schedule: a layer's cost, or that of `count` identical layers that run
/// one after another.
struct LayerRun {
    bool mapped = true; ///< false: no valid mapping (counted, not timed)
    double cycles = 0;  ///< of one layer
    double energy_pj = 0;
    double macs = 0;
    int count = 1; ///< identical layers sharing this cost
};

/// What a sequential schedule adds up.
struct SequentialTotals {
    double cycles = 0; ///< Σ count × cycles over the mapped entries: no two layers overlap
    double energy_pj = 0;
    double macs = 0;
    int unmapped = 0; ///< Σ count over the unmapped entries (excluded from the sums above)
};

/// The totals of layers run one after another on one accelerator, summed in the order given.
SequentialTotals sequentialTotals(std::span<const LayerRun> runs);

/// The network cost of per-layer results run one after another on `acc`: the layers as given, their
/// sums (sequentialTotals, one entry per layer), and the accelerator's area. The one place where a
/// network's totals are made, whoever chose the mappings.
model::NetworkCost sequentialSchedule(std::vector<model::LayerResult> layers, const hardware::Accelerator& acc);

} // namespace archscape::schedule
