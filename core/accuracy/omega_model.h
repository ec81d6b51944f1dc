#pragma once
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "accuracy/accuracy_model.h"
#include "accuracy/hawq_data.h"
#include "accuracy/log_fit.h"

namespace archscape::accuracy {

/// HAWQ-V2's Hessian-weighted sensitivity Ω = Σ_i Tr(H_i)/n_i · ‖Q_{b_i}(W_i) − W_i‖², mapped to
/// top-1 by accuracy ≈ a − b·ln Ω fitted to the published HAWQ-V3 configurations.
///
/// The data give ‖ΔW‖² at 4 and 8 bits only. Other integer widths interpolate log-linearly in b
/// (uniform-quantizer noise falls by 4× per bit; the data's 8-vs-4-bit ratio is 190–330×, close
/// to 4^4 = 256). Floats use an assumed equivalent integer width of mantissa + 4 bits
/// (FP8 E4M3 ≈ INT7, E5M2 ≈ INT6; FP32 counts as exact). Anything other than 4 or 8 bits, activation
/// bits that differ from weight bits, or an Ω outside the fitted range is flagged as extrapolating.
class OmegaModel final : public AccuracyModel {
public:
    /// Builds the model from layer data and the configurations of this network (fitted at once).
    /// Fails when a configuration's bit string does not have one entry per layer or fewer than 3 remain.
    static ParseResult<OmegaModel> build(std::string network, std::vector<HawqLayer> layers,
                                         const std::vector<HawqConfig>& configs);
    /// The shipped data: presets/accuracy/hawq_{network}_layers.csv and hawq_v3_configs.csv
    /// ("resnet18" or "resnet50"); `presets_dir` defaults to the build's presets folder.
    static ParseResult<OmegaModel> preset(std::string_view network, const std::string& presets_dir = {});

    std::string name() const override { return "hawq-omega:" + m_network; }
    const workload::Network& layers() const override { return m_layers; }
    double baselineTop1() const override { return m_baseline; }
    AccuracyPrediction predict(const PrecisionAssignment& a) const override;

    /// Ω of an assignment (weights only). No allocation: one table lookup per layer.
    double omega(const PrecisionAssignment& a) const;
    /// Tr(H_i)/n_i · ‖ΔW_i‖² at this weight precision.
    double layerOmega(int layer, const Precision& weight) const;
    const LogFit& fit() const { return m_fit; }
    const std::vector<HawqLayer>& data() const { return m_data; }
    const std::vector<HawqConfig>& configs() const { return m_configs; }

private:
    static constexpr int kSlots = 20; ///< INT2..INT16, E4M3, E5M2, FP16, BF16, FP32
    static int slot(const Precision& p);

    std::string m_network;
    std::vector<HawqLayer> m_data;
    std::vector<HawqConfig> m_configs;
    workload::Network m_layers;
    std::vector<std::array<double, kSlots>> m_weighted; ///< per layer, per slot: trace · ‖ΔW‖²
    LogFit m_fit;
    double m_baseline = 0;
};

/// ‖ΔW‖² at `bits` from the measured 4- and 8-bit errors: δ4 · (δ8/δ4)^((bits−4)/4).
double interpolateErrorSq(double delta4, double delta8, double bits);

} // namespace archscape::accuracy
