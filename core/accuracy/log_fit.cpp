#include "accuracy/log_fit.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace archscape::accuracy {

double LogFit::predict(double omega) const { return a - b * std::log(omega); }

namespace {
// OLS of y on x skipping index `skip`; false when x has no spread.
bool ols(std::span<const double> x, std::span<const double> y, std::size_t skip, double& a, double& b) {
    double sx = 0, sy = 0, n = 0;
    for (std::size_t i = 0; i < x.size(); ++i)
        if (i != skip) {
            sx += x[i];
            sy += y[i];
            ++n;
        }
    const double mx = sx / n, my = sy / n;
    double sxx = 0, sxy = 0;
    for (std::size_t i = 0; i < x.size(); ++i)
        if (i != skip) {
            sxx += (x[i] - mx) * (x[i] - mx);
            sxy += (x[i] - mx) * (y[i] - my);
        }
    if (sxx <= 0) return false;
    b = -sxy / sxx; // accuracy falls as ln Ω grows: report the slope as a positive b
    a = my + b * mx;
    return true;
}
} // namespace

LogFit fitLogOmega(std::span<const double> omega, std::span<const double> top1) {
    LogFit f;
    const std::size_t n = std::min(omega.size(), top1.size());
    if (n < 3) return f;
    std::vector<double> x(n);
    for (std::size_t i = 0; i < n; ++i) {
        if (!(omega[i] > 0)) return f;
        x[i] = std::log(omega[i]);
    }
    if (!ols(x, top1.first(n), n, f.a, f.b)) return f;
    double ss = 0, loo = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const double r = top1[i] - (f.a - f.b * x[i]);
        ss += r * r;
        double a = 0, b = 0;
        if (!ols(x, top1.first(n), i, a, b)) continue; // the others share one Ω: no held-out prediction
        const double e = top1[i] - (a - b * x[i]);
        loo += e * e;
        f.loo_max = std::max(f.loo_max, std::abs(e));
    }
    f.n = static_cast<int>(n);
    f.rmse = std::sqrt(ss / n);
    f.loo_rmse = std::sqrt(loo / n);
    f.omega_min = *std::min_element(omega.begin(), omega.begin() + n);
    f.omega_max = *std::max_element(omega.begin(), omega.begin() + n);
    return f;
}

} // namespace archscape::accuracy
