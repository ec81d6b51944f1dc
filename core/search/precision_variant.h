#pragma once
#include <optional>
#include <string>
#include <vector>

#include "accuracy/precision_assignment.h"
#include "search/design_space.h"
#include "workload/network.h"

namespace archscape::search {

/// The network as one value of the quantization axis runs it. Built once per value (not per
/// point): which precision each layer has and which layers are evaluated together.
struct PrecisionVariant {
    /// Per network layer: its weight/activation precision, nullopt = the accelerator's.
    std::vector<std::optional<accuracy::LayerPrecision>> layer_precision;
    /// The distinct precisions in layer_precision.
    std::vector<accuracy::LayerPrecision> precisions;
    /// Layers of identical shape and precision (Network::uniqueShapes split by precision), in order
    /// of first appearance; PointResult::shapes follows this order.
    std::vector<workload::UniqueShape> shapes;
    /// Per entry of `shapes`: index into `precisions`, -1 = the accelerator's precision.
    std::vector<int> shape_precision;

    /// The full per-layer assignment at an accelerator whose own precision fills the gaps.
    accuracy::PrecisionAssignment assignment(const hardware::Accelerator& acc) const;
};

/// The variant of `net` for quantization `q` (nullptr: no quantization axis, every layer at the
/// accelerator's precision). A per-model-layer quantization needs `model` and the model's layers in
/// `net` (accuracy::matchLayers); otherwise nullopt and `error` says why.
std::optional<PrecisionVariant> makePrecisionVariant(const workload::Network& net, const Quantization* q,
                                                     const accuracy::AccuracyModel* model, std::string* error = nullptr);

} // namespace archscape::search
