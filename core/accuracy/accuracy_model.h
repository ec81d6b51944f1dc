#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "accuracy/precision_assignment.h"
#include "workload/network.h"

namespace archscape::accuracy {

/// What an accuracy model says about one precision assignment.
struct AccuracyPrediction {
    double top1 = 0;            ///< predicted top-1 accuracy (%)
    double uncertainty = 0;     ///< one standard error of the prediction (%), e.g. the fit's cross-validated RMSE
    bool extrapolating = false; ///< the assignment lies outside the data the model was built from
};

/// A model of accuracy as a function of per-layer precision (Ω sensitivity, measured, fitted).
/// Each model covers a fixed list of quantized layers; layers of a network it does not cover
/// stay at the precision the model's data assumes.
class AccuracyModel {
public:
    virtual ~AccuracyModel() = default;
    /// Short identifier ("hawq-omega:resnet18", "measured:fashion-cnn", "fitted").
    virtual std::string name() const = 0;
    /// The quantized layers, in the order of a PrecisionAssignment's entries.
    virtual const workload::Network& layers() const = 0;
    /// Top-1 (%) at full precision, the ceiling for any target.
    virtual double baselineTop1() const = 0;
    /// Prediction for one entry per layers().layers; the caller guarantees the size.
    virtual AccuracyPrediction predict(const PrecisionAssignment& a) const = 0;
};

/// For each of the model's layers, the index of the MAC layer of `net` it corresponds to: the layer
/// of the same name if there is one (and, when the model knows shapes, of the same shape), else
/// (same K, C, R, S, P, Q, G and stride — or, failing that for some layer, the same weight shape G, K, C,
/// R, S — matched in network order; other layers of `net`, such
/// as a first conv or FC the model keeps fixed, are skipped). nullopt when some model layer has
/// no match.
std::optional<std::vector<int>> matchLayers(const workload::Network& model_layers, const workload::Network& net);

/// predict(network, assignment): `a` has one entry per layer of `net` (entries of memory-only
/// layers are ignored). Fails with a message when the network is not one the model covers or
/// the sizes differ.
struct NetworkPrediction {
    std::optional<AccuracyPrediction> value;
    std::string error;
};
NetworkPrediction predict(const AccuracyModel& model, const workload::Network& net, const PrecisionAssignment& a);

} // namespace archscape::accuracy
