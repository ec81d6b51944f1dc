#pragma once
#include <string>
#include <vector>

#include "accuracy/accuracy_model.h"
#include "accuracy/csv_table.h"

namespace archscape::accuracy {

/// Quantization-noise feature of one layer: the mean over weights and activations of 4^−(b_eff − 2)
/// (uniform-quantizer noise power relative to 2 bits: 1 at INT2, 4^−6 at INT8). Floats use the
/// equivalent width mantissa + 4 (as OmegaModel); FP32 counts as noise-free.
double noiseFeature(const LayerPrecision& p);

/// A predictor fitted to the user's own measurements: ridge regression of top-1 on the per-layer
/// noise features, accuracy ≈ β0 − Σ_l β_l · noise_l, with the ridge strength chosen by
/// leave-one-out cross-validation. Predictions whose features leave the box spanned by the
/// measurements are flagged as extrapolating, never returned silently.
class FittedModel final : public AccuracyModel {
public:
    /// CSV: one column per quantized layer (header = layer name, cells "int8", "8", "fp16",
    /// "int4/int8" = weights/activations) and a column `top1` (%). Needs at least
    /// max(5, layers/2 + 2) rows. Every bad cell is reported with its line and column.
    static ParseResult<FittedModel> fit(const CsvTable& table);
    static ParseResult<FittedModel> fitFile(const std::string& path);

    std::string name() const override { return "fitted"; }
    /// Layers named after the CSV columns (shapes unknown: matched to a network by name).
    const workload::Network& layers() const override { return m_layers; }
    double baselineTop1() const override { return m_max_top1; }
    AccuracyPrediction predict(const PrecisionAssignment& a) const override;

    double cvRmse() const { return m_cv_rmse; } ///< leave-one-out RMSE (pp) at the chosen λ
    double lambda() const { return m_lambda; }
    int rows() const { return m_rows; }
    const std::vector<double>& coefficients() const { return m_beta; } ///< per layer, noise → pp lost

private:
    workload::Network m_layers;
    std::vector<double> m_beta, m_lo, m_hi, m_mean;
    double m_intercept = 0, m_cv_rmse = 0, m_lambda = 0, m_max_top1 = 0, m_min_top1 = 0;
    int m_rows = 0;
};

} // namespace archscape::accuracy
