#pragma once
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "accuracy/precision_assignment.h"
#include "search/design_space.h"
#include "workload/network.h"

namespace archscape::search {

/// The network as one value of the quantization axis runs it, built once per value (not per
/// point): a copy whose layers carry the value's precisions (workload::Layer::weight_precision /
/// input_precision, which the cost model, the mapspace and the shape keys honour).
struct PrecisionVariant {
    /// The network with the quantization's precisions set; layers it does not cover keep their own
    /// (usually none: the accelerator's).
    workload::Network network;
    /// Identical shape at identical precision (network.uniqueShapes()); PointResult::shapes follows it.
    std::vector<workload::UniqueShape> shapes;
    /// The distinct (weight, input) precisions of the MAC layers, unset = the accelerator's: the
    /// MAC units must support the widest, which sets the area.
    std::vector<std::pair<std::optional<Precision>, std::optional<Precision>>> formats;

    /// Every layer's precision at an accelerator whose own precision fills what layers leave unset.
    accuracy::PrecisionAssignment assignment(const hardware::Accelerator& acc) const;
    /// Area (µm²) of `acc` built for the widest MAC format in use (accuracy::withLayerPrecision per format).
    double areaUm2(const hardware::Accelerator& acc) const;
};

/// The variant of `net` for quantization `q` (nullptr: no quantization axis, the network as it
/// is). A per-model-layer quantization needs `model` and the model's layers in `net`
/// (accuracy::matchLayers); otherwise nullopt and `error` says why.
/// `v` over the policy's sampling steps (workload::applyAttentionReuse): same formats, its own shapes.
PrecisionVariant withAttentionReuse(const PrecisionVariant& v, const workload::AttentionReusePolicy& policy);

std::optional<PrecisionVariant> makePrecisionVariant(const workload::Network& net, const Quantization* q,
                                                     const accuracy::AccuracyModel* model,
                                                     std::string* error = nullptr);

} // namespace archscape::search
