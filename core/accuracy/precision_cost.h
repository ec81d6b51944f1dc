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

/// Picks a layer's mapping. The layer carries its precision (workload::Layer::weight_precision /
/// input_precision) and the accelerator is the unmodified one: templates and mappers read the layer's
/// precision for buffer fit (tiles that fit at INT8 may not fit at FP16).
using PrecisionMappingChooser =
    std::function<std::optional<mapping::Mapping>(const workload::Layer&, const hardware::Accelerator&)>;

/// A network cost with per-layer precision. `a` has one entry per layer of `net` (layers past its end
/// keep the accelerator's precision). Sets each layer's precision on a copy of the network and calls
/// model::evaluateNetwork; area is that of the accelerator built for the widest weight × input product
/// used (the MACs must support it).
model::NetworkCost evaluateWithPrecision(const workload::Network& net, const hardware::Accelerator& acc,
                                         const PrecisionAssignment& a, const PrecisionMappingChooser& choose);

/// Bytes of all weights stored at their layers' precisions (memory budget, model size).
double weightBytes(const workload::Network& net, const PrecisionAssignment& a);

} // namespace archscape::accuracy
