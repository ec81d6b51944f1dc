#pragma once
#include <span>

namespace archscape::accuracy {

/// accuracy ≈ a − b·ln Ω, ordinary least squares (HAWQ-V2's Ω against published top-1).
struct LogFit {
    double a = 0;
    double b = 0;
    int n = 0;
    double rmse = 0;      ///< in-sample root-mean-square residual (pp)
    double loo_rmse = 0;  ///< leave-one-out: each point predicted by the fit to the others (pp)
    double loo_max = 0;   ///< largest leave-one-out error (pp)
    double omega_min = 0; ///< the range of Ω the fit saw: predictions outside it extrapolate
    double omega_max = 0;

    double predict(double omega) const;
};

/// Fits the line; needs n ≥ 3 points with distinct Ω (otherwise returns n = 0).
LogFit fitLogOmega(std::span<const double> omega, std::span<const double> top1);

} // namespace archscape::accuracy
