#include "accuracy/accuracy_model.h"

namespace archscape::accuracy {

namespace {
bool sameMacShape(const workload::Layer& a, const workload::Layer& b) {
    using workload::Dim;
    for (Dim d : {Dim::G, Dim::K, Dim::C, Dim::R, Dim::S, Dim::P, Dim::Q})
        if (a.bound(d) != b.bound(d)) return false;
    return a.stride_h == b.stride_h && a.stride_w == b.stride_w;
}
} // namespace

std::optional<std::vector<int>> matchLayers(const workload::Network& model_layers, const workload::Network& net) {
    std::vector<int> match;
    std::size_t j = 0;
    for (const auto& ml : model_layers.layers) {
        // A layer known by name (models fitted to the user's CSV have no shapes) matches by name.
        if (const int byName = ml.name.empty() ? -1 : net.find(ml.name);
            byName >= 0 && workload::hasMacs(net.layers[byName].type) &&
            (ml.macs() <= 1 || sameMacShape(ml, net.layers[byName]))) {
            match.push_back(byName);
            continue;
        }
        while (j < net.layers.size() && !(workload::hasMacs(net.layers[j].type) && sameMacShape(ml, net.layers[j]))) ++j;
        if (j == net.layers.size()) return std::nullopt;
        match.push_back(static_cast<int>(j++));
    }
    return match;
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
