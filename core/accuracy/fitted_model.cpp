#include "accuracy/fitted_model.h"

#include <algorithm>
#include <cmath>

namespace archscape::accuracy {

namespace {
double effectiveBits(const Precision& p) {
    if (!p.is_float) return p.bits;
    if (p.bits == 32) return INFINITY;
    return p.mantissa_bits + 4;
}

// Solves (A) x = b for a small symmetric positive-definite A (Gaussian elimination with pivoting).
bool solve(std::vector<double> A, std::vector<double> b, int n, std::vector<double>& x) {
    for (int c = 0; c < n; ++c) {
        int piv = c;
        for (int r = c + 1; r < n; ++r)
            if (std::abs(A[r * n + c]) > std::abs(A[piv * n + c])) piv = r;
        if (std::abs(A[piv * n + c]) < 1e-300) return false;
        for (int k = 0; k < n; ++k) std::swap(A[c * n + k], A[piv * n + k]);
        std::swap(b[c], b[piv]);
        for (int r = c + 1; r < n; ++r) {
            const double f = A[r * n + c] / A[c * n + c];
            for (int k = c; k < n; ++k) A[r * n + k] -= f * A[c * n + k];
            b[r] -= f * b[c];
        }
    }
    x.assign(n, 0);
    for (int r = n - 1; r >= 0; --r) {
        double s = b[r];
        for (int k = r + 1; k < n; ++k) s -= A[r * n + k] * x[k];
        x[r] = s / A[r * n + r];
    }
    return true;
}

// Ridge on centred data over rows != skip: returns intercept and slopes (of features, not negated).
bool ridge(const std::vector<std::vector<double>>& X, const std::vector<double>& y, int skip, double lambda,
           double& intercept, std::vector<double>& beta) {
    const int n = static_cast<int>(X.size()), p = static_cast<int>(X[0].size());
    std::vector<double> mx(p, 0);
    double my = 0, m = 0;
    for (int i = 0; i < n; ++i) {
        if (i == skip) continue;
        for (int j = 0; j < p; ++j) mx[j] += X[i][j];
        my += y[i];
        ++m;
    }
    for (double& v : mx) v /= m;
    my /= m;
    std::vector<double> A(p * p, 0), b(p, 0);
    for (int i = 0; i < n; ++i) {
        if (i == skip) continue;
        for (int j = 0; j < p; ++j) {
            const double xj = X[i][j] - mx[j];
            b[j] += xj * (y[i] - my);
            for (int k = 0; k < p; ++k) A[j * p + k] += xj * (X[i][k] - mx[k]);
        }
    }
    for (int j = 0; j < p; ++j) A[j * p + j] += lambda;
    if (!solve(A, b, p, beta)) return false;
    intercept = my;
    for (int j = 0; j < p; ++j) intercept -= beta[j] * mx[j];
    return true;
}
} // namespace

double noiseFeature(const LayerPrecision& p) {
    auto one = [](const Precision& q) {
        const double b = effectiveBits(q);
        return std::isinf(b) ? 0.0 : std::pow(4.0, -(b - 2.0));
    };
    return 0.5 * (one(p.weight) + one(p.activation));
}

ParseResult<FittedModel> FittedModel::fit(const CsvTable& t) {
    std::vector<Diagnostic> errors;
    const int top1_col = t.column("top1");
    if (top1_col < 0) errors.push_back({"line 1", "missing column 'top1' (measured accuracy, %)"});
    if (t.header.size() < 2) errors.push_back({"line 1", "expected at least one layer column besides 'top1'"});
    if (!errors.empty()) return ParseResult<FittedModel>::failure(std::move(errors));
    FittedModel m;
    std::vector<int> layer_cols;
    for (int c = 0; c < static_cast<int>(t.header.size()); ++c)
        if (c != top1_col) {
            layer_cols.push_back(c);
            workload::Layer l;
            l.name = t.header[c];
            l.type = workload::LayerType::Gemm;
            m.m_layers.layers.push_back(l);
        }
    m.m_layers.name = "fitted";
    const int p = static_cast<int>(layer_cols.size());
    std::vector<std::vector<double>> X;
    std::vector<double> y;
    CsvReader r(t);
    for (int i = 0; i < static_cast<int>(t.rows.size()); ++i) {
        const std::size_t before = r.errors().size();
        const double acc = r.number(i, top1_col);
        if (r.errors().size() == before && (acc < 0 || acc > 100))
            r.errors().push_back({"line " + std::to_string(t.row_line[i]), "column 'top1': expected 0..100"});
        std::vector<double> row;
        for (int c : layer_cols) {
            const auto a = parseAssignment(t.rows[i][c]);
            if (!a.ok() || a.value->layers.size() != 1) {
                r.errors().push_back({"line " + std::to_string(t.row_line[i]),
                                      "column '" + t.header[c] + "': '" + t.rows[i][c] +
                                          "' is not a precision (int2..int16, fp8_e4m3, fp8_e5m2, fp16, bf16, fp32, "
                                          "or weight/activation such as int4/int8)"});
                row.push_back(0);
            } else {
                row.push_back(noiseFeature(a.value->layers[0]));
            }
        }
        X.push_back(std::move(row));
        y.push_back(acc);
    }
    const int need = std::max(5, p / 2 + 2);
    if (r.errors().empty() && static_cast<int>(X.size()) < need)
        r.errors().push_back({"line " + std::to_string(t.rows.size() + 1),
                              "too few rows to fit and cross-validate: " + std::to_string(X.size()) +
                                  ", need at least " + std::to_string(need) + " for " + std::to_string(p) + " layers"});
    if (!r.errors().empty()) return ParseResult<FittedModel>::failure(std::move(r.errors()));

    // λ by leave-one-out over a log grid, scaled by the features' total variance.
    double var = 0;
    m.m_mean.assign(p, 0);
    for (const auto& row : X)
        for (int j = 0; j < p; ++j) m.m_mean[j] += row[j] / X.size();
    for (const auto& row : X)
        for (int j = 0; j < p; ++j) var += (row[j] - m.m_mean[j]) * (row[j] - m.m_mean[j]);
    if (var <= 0)
        return ParseResult<FittedModel>::failure(
            {{"top1", "every row has the same precisions: nothing to fit a sensitivity from"}});
    double best = INFINITY;
    for (double rel : {1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1.0, 10.0}) {
        const double lambda = rel * var;
        double ss = 0;
        bool ok = true;
        for (int i = 0; i < static_cast<int>(X.size()) && ok; ++i) {
            double b0 = 0;
            std::vector<double> beta;
            ok = ridge(X, y, i, lambda, b0, beta);
            double pred = b0;
            for (int j = 0; j < p; ++j) pred += beta[j] * X[i][j];
            ss += (pred - y[i]) * (pred - y[i]);
        }
        if (ok && ss < best) {
            best = ss;
            m.m_lambda = lambda;
        }
    }
    if (!std::isfinite(best) || !ridge(X, y, -1, m.m_lambda, m.m_intercept, m.m_beta))
        return ParseResult<FittedModel>::failure({{"top1", "the regression is singular"}});
    m.m_cv_rmse = std::sqrt(best / X.size());
    m.m_rows = static_cast<int>(X.size());
    m.m_lo.assign(p, INFINITY);
    m.m_hi.assign(p, -INFINITY);
    for (const auto& row : X)
        for (int j = 0; j < p; ++j) {
            m.m_lo[j] = std::min(m.m_lo[j], row[j]);
            m.m_hi[j] = std::max(m.m_hi[j], row[j]);
        }
    m.m_max_top1 = *std::max_element(y.begin(), y.end());
    m.m_min_top1 = *std::min_element(y.begin(), y.end());
    return ParseResult<FittedModel>::success(std::move(m));
}

ParseResult<FittedModel> FittedModel::fitFile(const std::string& path) {
    auto t = readCsv(path);
    std::vector<Diagnostic> errors;
    if (t.ok()) {
        auto f = fit(*t.value);
        if (f.ok()) return f;
        errors = std::move(f.errors);
    } else {
        errors = std::move(t.errors);
    }
    for (auto& e : errors) e.path = path + ": " + e.path;
    return ParseResult<FittedModel>::failure(std::move(errors));
}

AccuracyPrediction FittedModel::predict(const PrecisionAssignment& a) const {
    AccuracyPrediction r;
    r.top1 = m_intercept;
    r.uncertainty = m_cv_rmse;
    const std::size_t n = std::min(a.layers.size(), m_beta.size());
    for (std::size_t j = 0; j < n; ++j) {
        const double f = noiseFeature(a.layers[j]);
        r.top1 += m_beta[j] * f;
        // Small tolerance: features are exact powers of 4, compared after the same arithmetic.
        if (f < m_lo[j] - 1e-15 || f > m_hi[j] + 1e-15) r.extrapolating = true;
    }
    if (a.layers.size() != m_beta.size()) r.extrapolating = true;
    return r;
}

} // namespace archscape::accuracy
