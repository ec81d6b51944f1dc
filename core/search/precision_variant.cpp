#include "search/precision_variant.h"

#include <algorithm>

namespace archscape::search {

accuracy::PrecisionAssignment PrecisionVariant::assignment(const hardware::Accelerator& acc) const {
    using workload::Operand;
    const accuracy::LayerPrecision own{acc.precision[Operand::Weight], acc.precision[Operand::Input]};
    accuracy::PrecisionAssignment a;
    a.layers.reserve(layer_precision.size());
    for (const auto& p : layer_precision) a.layers.push_back(p.value_or(own));
    return a;
}

std::optional<PrecisionVariant> makePrecisionVariant(const workload::Network& net, const Quantization* q,
                                                     const accuracy::AccuracyModel* model, std::string* error) {
    PrecisionVariant v;
    v.layer_precision.assign(net.layers.size(), std::nullopt);
    if (q && q->uniform) {
        v.layer_precision.assign(net.layers.size(), *q->uniform);
    } else if (q) {
        const auto match = model ? accuracy::matchLayers(model->layers(), net) : std::nullopt;
        if (!match || match->size() != q->per_model_layer.layers.size()) {
            if (error)
                *error = model ? "network '" + net.name + "' does not contain the " +
                                     std::to_string(model->layers().layers.size()) + " layers of accuracy model " +
                                     model->name()
                               : "a per-layer quantization needs an accuracy model";
            return std::nullopt;
        }
        for (std::size_t i = 0; i < match->size(); ++i) v.layer_precision[(*match)[i]] = q->per_model_layer.layers[i];
    }
    std::vector<int> layerPrec(net.layers.size(), -1);
    for (std::size_t l = 0; l < net.layers.size(); ++l) {
        if (!v.layer_precision[l]) continue;
        auto it = std::find(v.precisions.begin(), v.precisions.end(), *v.layer_precision[l]);
        layerPrec[l] = static_cast<int>(it - v.precisions.begin());
        if (it == v.precisions.end()) v.precisions.push_back(*v.layer_precision[l]);
    }
    // Split each shape group by precision, keeping the order of first appearance.
    for (const auto& group : net.uniqueShapes()) {
        const std::size_t first = v.shapes.size();
        for (int m : group.members) {
            std::size_t s = first;
            while (s < v.shapes.size() && v.shape_precision[s] != layerPrec[m]) ++s;
            if (s == v.shapes.size()) {
                v.shapes.push_back({m, {}});
                v.shape_precision.push_back(layerPrec[m]);
            }
            v.shapes[s].members.push_back(m);
        }
    }
    // Order by first member so that the list reads like Network::uniqueShapes.
    std::vector<std::size_t> order(v.shapes.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return v.shapes[a].representative < v.shapes[b].representative; });
    PrecisionVariant sorted = v;
    for (std::size_t i = 0; i < order.size(); ++i) {
        sorted.shapes[i] = v.shapes[order[i]];
        sorted.shape_precision[i] = v.shape_precision[order[i]];
    }
    return sorted;
}

} // namespace archscape::search
