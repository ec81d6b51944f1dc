#pragma once
#include <functional>
#include <optional>

#include "accuracy/precision_assignment.h"
#include "hardware/accelerator.h"
#include "model/network_cost.h"
#include "workload/network.h"

namespace archscape::accuracy {

/// The accelerator with one layer's precisions: weights and inputs from the layer, partial sums
/// kept at the accelerator's accumulator width. A MAC energy/area override stated for the
/// accelerator's own precisions is dropped when the precisions change, so that the technology
/// model (Horowitz scaling) prices the new widths.
hardware::Accelerator withLayerPrecision(const hardware::Accelerator& acc, const LayerPrecision& p);

/// Picks a layer's mapping on the accelerator specialised to its precision (tiles that fit at
/// INT8 may not fit at FP16, so the mapping must be chosen for the precision it runs at).
using PrecisionMappingChooser =
    std::function<std::optional<mapping::Mapping>(const workload::Layer&, const hardware::Accelerator&)>;

/// A network cost with per-layer precision. `a` has one entry per layer of `net`. Until the cost
/// model takes a per-layer precision itself, each group of layers with equal precision is
/// evaluated by model::evaluateNetwork on the accelerator specialised to it; area is that of the
/// accelerator built for the widest weight × input product used (the MACs must support it).
model::NetworkCost evaluateWithPrecision(const workload::Network& net, const hardware::Accelerator& acc,
                                         const PrecisionAssignment& a, const PrecisionMappingChooser& choose);

/// Bytes of all weights stored at their layers' precisions (memory budget, model size).
double weightBytes(const workload::Network& net, const PrecisionAssignment& a);

} // namespace archscape::accuracy
