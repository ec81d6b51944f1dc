#include "search/metric.h"

namespace archscape::search {

namespace {
constexpr std::string_view kNames[] = {"latency", "energy", "edp", "area", "power", "accuracy"};
constexpr std::string_view kUnits[] = {"s", "J", "J*s", "mm2", "W", "%"};
} // namespace

std::string_view toString(Metric m) { return kNames[static_cast<int>(m)]; }
std::string_view unitOf(Metric m) { return kUnits[static_cast<int>(m)]; }
bool isMaximised(Metric m) { return m == Metric::Accuracy; }

std::optional<Metric> parseMetric(std::string_view s) {
    for (int i = 0; i < static_cast<int>(std::size(kNames)); ++i)
        if (kNames[i] == s) return static_cast<Metric>(i);
    return std::nullopt;
}

} // namespace archscape::search
