#pragma once
#include <cstdint>
#include <optional>
#include <string_view>

namespace archscape::search {

/// A quantity to minimise (accuracy is maximised: it is stored negated by the reducers).
enum class Metric : std::uint8_t { Latency, Energy, Edp, Area, Power, Accuracy };
inline constexpr Metric kAllMetrics[] = {Metric::Latency, Metric::Energy, Metric::Edp,
                                         Metric::Area,    Metric::Power,  Metric::Accuracy};

/// "latency", "energy", "edp", "area", "power", "accuracy".
std::string_view toString(Metric m);
/// Parses the names above; nullopt for anything else (no silent fallback to the first value).
std::optional<Metric> parseMetric(std::string_view s);
/// Unit of the metric as the explorer reports it ("s", "J", "J*s", "mm2", "W", "%").
std::string_view unitOf(Metric m);
/// Whether larger values are better (accuracy); every other metric is minimised.
bool isMaximised(Metric m);

} // namespace archscape::search
