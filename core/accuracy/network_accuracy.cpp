#include "accuracy/network_accuracy.h"

#include "accuracy/accuracy_model.h"
#include "accuracy/model_catalog.h"

namespace archscape::accuracy {

ParseResult<NetworkAccuracy> networkAccuracy(const workload::Network& net, const LayerPrecision& precision,
                                             std::string_view spec) {
    using R = ParseResult<NetworkAccuracy>;
    std::string chosen(spec);
    if (chosen.empty()) {
        // Only models that load at once and are of this very network: a model is calibrated on
        // one network, and a larger relative (ResNet-34 holds every layer shape of ResNet-18)
        // would match its layers without sharing its accuracy.
        std::string known;
        for (const std::string& s : accuracyModelSpecs()) {
            if (!s.starts_with("hawq:")) continue;
            known += (known.empty() ? "" : ", ") + s.substr(5);
            if (s == "hawq:" + net.name) chosen = s;
        }
        if (chosen.empty())
            return R::failure(
                {{"", "the accuracy module has no model of network \"" + net.name + "\" (it predicts " + known + ")"}});
    }
    auto loaded = loadAccuracyModel(chosen);
    if (!loaded.ok()) return R::failure(std::move(loaded.errors));
    PrecisionAssignment a;
    a.layers.assign(net.layers.size(), precision);
    const NetworkPrediction p = predict(*loaded.value->model, net, a);
    if (!p.value) return R::failure({{chosen, p.error}});
    NetworkAccuracy out;
    out.top1 = p.value->top1;
    out.uncertainty = p.value->uncertainty;
    out.extrapolating = p.value->extrapolating;
    out.source = "accuracy module " + chosen + " (" + loaded.value->model->name() + "; " + loaded.value->note +
                 ") at " + archscape::toString(precision.weight) + " weights, " +
                 archscape::toString(precision.activation) + " activations";
    return R::success(std::move(out));
}

} // namespace archscape::accuracy
