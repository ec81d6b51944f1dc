#pragma once
#include <cmath>
#include <optional>
#include <string>
#include <string_view>

namespace archscape::search {

/// What a mapper minimises: cycles^latency_weight x energy^energy_weight.
/// Latency = (1, 0), energy = (0, 1), EDP = (1, 1); other weights give a mix that, unlike a
/// weighted sum, needs no normalisation and ranks mappings the same whatever the units.
struct Objective {
    double latency_weight = 1.0;
    double energy_weight = 1.0;

    static constexpr Objective latency() { return {1.0, 0.0}; }
    static constexpr Objective energy() { return {0.0, 1.0}; }
    static constexpr Objective edp() { return {1.0, 1.0}; }

    /// The score to minimise; compared in log space so large layers do not overflow.
    double score(double cycles, double energy_pj) const {
        return latency_weight * std::log(cycles) + energy_weight * std::log(energy_pj);
    }
    friend bool operator==(const Objective&, const Objective&) = default;
};

/// "latency", "energy", "edp", or "mix:<latency weight>,<energy weight>" (weights >= 0, not both 0).
std::optional<Objective> parseObjective(std::string_view s);
/// Inverse of parseObjective.
std::string toString(const Objective& o);

} // namespace archscape::search
