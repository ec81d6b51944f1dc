#include "accuracy/accuracy_model.h"

namespace archscape::accuracy {

namespace {
/// Same weights (G, K, C, R, S) and, when `strict`, the same output size and stride.
bool macShapeMatches(const workload::Layer& a, const workload::Layer& b, bool strict) {
    using workload::Dim;
    for (Dim d : {Dim::G, Dim::K, Dim::C, Dim::R, Dim::S})
        if (a.bound(d) != b.bound(d)) return false;
    if (!strict) return true;
    return a.bound(Dim::P) == b.bound(Dim::P) && a.bound(Dim::Q) == b.bound(Dim::Q) && a.stride_h == b.stride_h &&
           a.stride_w == b.stride_w;
}

std::optional<std::vector<int>> matchOnce(const workload::Network& model_layers, const workload::Network& net,
                                          bool strict) {
    const auto same = [strict](const workload::Layer& a, const workload::Layer& b) {
        return macShapeMatches(a, b, strict);
    };
    std::vector<int> match;
    std::size_t j = 0;
    for (const auto& ml : model_layers.layers) {
        // A layer known by name (models fitted to the user's CSV have no shapes) matches by name.
        if (const int byName = ml.name.empty() ? -1 : net.find(ml.name);
            byName >= 0 && workload::hasMacs(net.layers[byName].type) &&
            (ml.macs() <= 1 || same(ml, net.layers[byName]))) {
            match.push_back(byName);
            continue;
        }
        while (j < net.layers.size() && !(workload::hasMacs(net.layers[j].type) && same(ml, net.layers[j]))) ++j;
        if (j == net.layers.size()) return std::nullopt;
        match.push_back(static_cast<int>(j++));
    }
    return match;
}
} // namespace

std::optional<std::vector<int>> matchLayers(const workload::Network& model_layers, const workload::Network& net) {
    if (auto m = matchOnce(model_layers, net, true)) return m;
    // ResNet v1 (HAWQ's pytorchcv models) strides a bottleneck's first 1×1 conv, v1.5 (torchvision, the
    // preset workloads) its 3×3: same weights, different output sizes. Weights decide quantization error.
    return matchOnce(model_layers, net, false);
}

NetworkPrediction predict(const AccuracyModel& model, const workload::Network& net, const PrecisionAssignment& a) {
    if (a.layers.size() != net.layers.size())
        return {std::nullopt, "the assignment has " + std::to_string(a.layers.size()) + " entries but network '" +
                                  net.name + "' has " + std::to_string(net.layers.size()) + " layers"};
    const auto match = matchLayers(model.layers(), net);
    if (!match)
        return {std::nullopt, "network '" + net.name + "' does not contain the layers of accuracy model '" +
                                  model.name() + "' (" + std::to_string(model.layers().layers.size()) + " layers)"};
    PrecisionAssignment own;
    own.layers.reserve(match->size());
    for (int idx : *match) own.layers.push_back(a.layers[idx]);
    return {model.predict(own), {}};
}

} // namespace archscape::accuracy
