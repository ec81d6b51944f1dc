#pragma once
#include <nlohmann/json.hpp>

#include "hardware/accelerator.h"
#include "model/layer_cost.h"
#include "model/network_cost.h"
#include "workload/network.h"

namespace archscape::io {

/// One layer's cost: cycles, bound, energy breakdown, per-level per-operand accesses and occupancy.
nlohmann::json toJson(const model::LayerCost& c, const hardware::Accelerator& acc);

/// `archscape/evaluation`: per-layer results (with each layer's mapping) and network totals, with the
/// accelerator and workload names that produced them.
nlohmann::json evaluationJson(const workload::Network& net, const hardware::Accelerator& acc,
                              const model::NetworkCost& cost);

} // namespace archscape::io
