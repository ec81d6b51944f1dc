#include "search/precision_variant.h"

#include <algorithm>

#include "accuracy/precision_cost.h"
#include "hardware/technology.h"

namespace archscape::search {

namespace {
using workload::Operand;

/// A layer's precisions with the accelerator's where the layer sets none.
accuracy::LayerPrecision effective(const std::optional<Precision>& weight, const std::optional<Precision>& input,
                                   const hardware::Accelerator& acc) {
    return {weight.value_or(acc.precision[Operand::Weight]), input.value_or(acc.precision[Operand::Input])};
}
} // namespace

accuracy::PrecisionAssignment PrecisionVariant::assignment(const hardware::Accelerator& acc) const {
    accuracy::PrecisionAssignment a;
    a.layers.reserve(network.layers.size());
    for (const auto& l : network.layers) a.layers.push_back(effective(l.weight_precision, l.input_precision, acc));
    return a;
}

double PrecisionVariant::areaUm2(const hardware::Accelerator& acc) const {
    double area = formats.empty() ? hardware::areaUm2(acc) : 0.0;
    for (const auto& [w, i] : formats) {
        area = std::max(area, hardware::areaUm2(accuracy::withLayerPrecision(acc, effective(w, i, acc))));
    }
    return area;
}

PrecisionVariant withAttentionReuse(const PrecisionVariant& v, const workload::AttentionReusePolicy& policy) {
    PrecisionVariant r;
    r.network = workload::applyAttentionReuse(v.network, policy);
    r.shapes = r.network.uniqueShapes();
    r.formats = v.formats;
    return r;
}

std::optional<PrecisionVariant> makePrecisionVariant(const workload::Network& net, const Quantization* q,
                                                     const accuracy::AccuracyModel* model, std::string* error) {
    PrecisionVariant v;
    v.network = net;
    const auto set = [&](int layer, const accuracy::LayerPrecision& p) {
        workload::Layer& l = v.network.layers[layer];
        if (workload::hasMacs(l.type)) l.weight_precision = p.weight; // memory-only layers have no weights
        l.input_precision = p.activation;
    };
    if (q && q->uniform) {
        for (std::size_t l = 0; l < net.layers.size(); ++l) set(static_cast<int>(l), *q->uniform);
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
        for (std::size_t i = 0; i < match->size(); ++i) set((*match)[i], q->per_model_layer.layers[i]);
    }
    for (const auto& l : v.network.layers) {
        if (!workload::hasMacs(l.type)) continue;
        const std::pair format{l.weight_precision, l.input_precision};
        if (std::find(v.formats.begin(), v.formats.end(), format) == v.formats.end()) v.formats.push_back(format);
    }
    v.shapes = v.network.uniqueShapes();
    return v;
}

} // namespace archscape::search
