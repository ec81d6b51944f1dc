#include "accuracy/omega_model.h"

#include <cmath>

#include "common/presets_directory.h"

namespace archscape::accuracy {

double interpolateErrorSq(double delta4, double delta8, double bits) {
    return delta4 * std::pow(delta8 / delta4, (bits - 4.0) / 4.0);
}

int OmegaModel::slot(const Precision& p) {
    if (!p.is_float) return p.bits - 2;
    if (p.bits == 8) return p.mantissa_bits == 3 ? 15 : 16;
    if (p.bits == 16) return p.mantissa_bits == 10 ? 17 : 18;
    return 19;
}

ParseResult<OmegaModel> OmegaModel::build(std::string network, std::vector<HawqLayer> layers,
                                          const std::vector<HawqConfig>& configs) {
    OmegaModel m;
    m.m_network = std::move(network);
    m.m_layers.name = m.m_network;
    for (const auto& l : layers) {
        workload::Layer w;
        w.name = l.key;
        using workload::Dim;
        w.bounds[Dim::K] = l.K;
        w.bounds[Dim::C] = l.C;
        w.bounds[Dim::R] = l.R;
        w.bounds[Dim::S] = l.S;
        w.bounds[Dim::P] = l.P;
        w.bounds[Dim::Q] = l.Q;
        w.stride_h = w.stride_w = l.stride;
        w.pad_h = static_cast<int>(l.R / 2);
        w.pad_w = static_cast<int>(l.S / 2);
        m.m_layers.layers.push_back(std::move(w));
        std::array<double, kSlots> row{};
        for (int b = 2; b <= 16; ++b)
            row[b - 2] = l.trace_per_param * interpolateErrorSq(l.delta_w_sq_4bit, l.delta_w_sq_8bit, b);
        const int float_equiv[4] = {3 + 4, 2 + 4, 10 + 4, 7 + 4}; // E4M3, E5M2, FP16, BF16
        for (int i = 0; i < 4; ++i)
            row[15 + i] = l.trace_per_param * interpolateErrorSq(l.delta_w_sq_4bit, l.delta_w_sq_8bit, float_equiv[i]);
        row[19] = 0;
        m.m_weighted.push_back(row);
    }
    m.m_data = std::move(layers);
    std::vector<Diagnostic> errors;
    std::vector<double> omega, top1;
    for (const auto& c : configs) {
        if (c.network != m.m_network) continue;
        if (c.bits.size() != m.m_data.size()) {
            errors.push_back({c.key, "has " + std::to_string(c.bits.size()) + " layer bits, the layer data has " +
                                         std::to_string(m.m_data.size()) + " layers"});
            continue;
        }
        m.m_configs.push_back(c);
        omega.push_back(m.omega(PrecisionAssignment::fromBits(c.bits)));
        top1.push_back(c.top1);
        m.m_baseline = c.baseline_top1;
    }
    if (errors.empty()) {
        m.m_fit = fitLogOmega(omega, top1);
        if (m.m_fit.n == 0)
            errors.push_back({m.m_network, "needs at least 3 configurations with distinct Ω to fit a − b·ln Ω, found " +
                                               std::to_string(omega.size())});
    }
    if (!errors.empty()) return ParseResult<OmegaModel>::failure(std::move(errors));
    return ParseResult<OmegaModel>::success(std::move(m));
}

ParseResult<OmegaModel> OmegaModel::preset(std::string_view network, const std::string& presets_dir) {
    const std::string dir = (presets_dir.empty() ? presetsDirectory() : presets_dir) + "/accuracy/";
    const std::string layers_path = dir + "hawq_" + std::string(network) + "_layers.csv";
    const std::string configs_path = dir + "hawq_v3_configs.csv";
    auto layers = readHawqLayers(layers_path);
    auto configs = readHawqConfigs(configs_path);
    std::vector<Diagnostic> errors;
    for (auto& e : layers.errors) errors.push_back({layers_path + ": " + e.path, e.message});
    for (auto& e : configs.errors) errors.push_back({configs_path + ": " + e.path, e.message});
    if (!errors.empty()) return ParseResult<OmegaModel>::failure(std::move(errors));
    return build(std::string(network), std::move(*layers.value), *configs.value);
}

double OmegaModel::layerOmega(int layer, const Precision& weight) const { return m_weighted[layer][slot(weight)]; }

double OmegaModel::omega(const PrecisionAssignment& a) const {
    double sum = 0;
    const std::size_t n = std::min(a.layers.size(), m_weighted.size());
    for (std::size_t i = 0; i < n; ++i) sum += m_weighted[i][slot(a.layers[i].weight)];
    return sum;
}

AccuracyPrediction OmegaModel::predict(const PrecisionAssignment& a) const {
    bool outside = a.layers.size() != m_weighted.size();
    for (const auto& l : a.layers) {
        const bool measured_width = !l.weight.is_float && (l.weight.bits == 4 || l.weight.bits == 8);
        if (!measured_width || l.activation != l.weight) outside = true;
    }
    const double om = omega(a);
    AccuracyPrediction p;
    p.uncertainty = m_fit.loo_rmse;
    if (om <= 0) { // every layer exact (FP32): the FP32 baseline itself
        p.top1 = m_baseline;
        p.extrapolating = true;
        return p;
    }
    p.extrapolating = outside || om < m_fit.omega_min || om > m_fit.omega_max;
    // Quantized accuracy never beats the fit's own ceiling by more than noise: cap at the baseline.
    p.top1 = std::min(m_fit.predict(om), m_baseline);
    return p;
}

} // namespace archscape::accuracy
