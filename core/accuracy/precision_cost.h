#pragma once
#include <functional>
#include <optional>

#include "accuracy/precision_assignment.h"
#include "hardware/accelerator.h"
#include "model/network_cost.h"
#include "workload/network.h"

namespace archscape::accuracy {

/// The accelerator built for one precision: weights and inputs from `p`, partial sums kept at the
/// accelerator's accumulator width. A MAC energy/area override, stated for the accelerator's own
/// precisions, is scaled by the technology model's ratio (Horowitz scaling) between the new and the
/// old precisions, as the cost model does for a layer with its own precision.
hardware::Accelerator withLayerPrecision(const hardware::Accelerator& acc, const LayerPrecision& p);

/// Prices a network whose layers carry their precisions (workload::Layer::weight_precision /
/// input_precision) on the unmodified accelerator: its per-layer costs and the totals of a schedule,
/// e.g. search::evaluateDesign or schedule::evaluateNetwork with a mapping chooser. Templates and
/// mappers read the layer's precision for buffer fit (tiles that fit at INT8 may not fit at FP16).
/// accuracy/ sits beside schedule/, not above it, so the caller supplies the pricing.
using NetworkPricer = std::function<model::NetworkCost(const workload::Network& quantized)>;

/// A network cost with per-layer precision. `a` has one entry per layer of `net` (layers past its end
/// keep the accelerator's precision). Sets each layer's precision on a copy of the network and prices
/// it with `price`; area is that of the accelerator built for the widest weight × input product used
/// (the MACs must support it).
model::NetworkCost evaluateWithPrecision(const workload::Network& net, const hardware::Accelerator& acc,
                                         const PrecisionAssignment& a, const NetworkPricer& price);

/// Bytes of all weights stored at their layers' precisions (memory budget, model size).
double weightBytes(const workload::Network& net, const PrecisionAssignment& a);

} // namespace archscape::accuracy
