#pragma once
#include <string>
#include <string_view>

#include "accuracy/precision_assignment.h"
#include "common/parse_result.h"
#include "workload/network.h"

namespace archscape::accuracy {

/// Top-1 of a whole network at one precision for every layer, as the accuracy module predicts it.
struct NetworkAccuracy {
    double top1 = 0;            ///< %
    double uncertainty = 0;     ///< one standard error (percentage points)
    bool extrapolating = false; ///< the precision lies outside the model's data
    std::string source;         ///< the model, where its numbers come from, and the precision
};

/// The accuracy module's top-1 for `net` with every layer at `precision`: from the model `spec`
/// (loadAccuracyModel: hawq:..., measured:..., fitted:FILE) when given, else from the catalogue's
/// instant model of the network of that name (hawq:resnet18, hawq:resnet50: the Ω model fitted to
/// HAWQ-V3's published points). A failure (its diagnostic's path is the spec, or empty) says
/// which networks the module knows when it has no model of `net`, or why the model does not
/// cover the network's layers.
ParseResult<NetworkAccuracy> networkAccuracy(const workload::Network& net, const LayerPrecision& precision,
                                             std::string_view spec = {});

} // namespace archscape::accuracy
