#include "search/metric.h"

namespace archscape::search {

namespace {
constexpr std::string_view kNames[] = {"latency", "energy", "edp", "area", "power", "accuracy", "dsp", "bram", "alm"};
constexpr std::string_view kUnits[] = {"s", "J", "J*s", "mm2", "W", "%", "%", "%", "%"};
static_assert(std::size(kNames) == std::size(kAllMetrics) && std::size(kUnits) == std::size(kAllMetrics));
} // namespace

std::string_view toString(Metric m) { return kNames[static_cast<int>(m)]; }
std::string_view unitOf(Metric m) { return kUnits[static_cast<int>(m)]; }
bool isMaximised(Metric m) { return m == Metric::Accuracy; }

std::optional<hardware::FpgaResource> fpgaResourceOf(Metric m) {
    switch (m) {
    case Metric::DspUse: return hardware::FpgaResource::Dsp;
    case Metric::BramUse: return hardware::FpgaResource::Bram;
    case Metric::AlmUse: return hardware::FpgaResource::Alm;
    default: return std::nullopt;
    }
}

std::optional<Metric> parseMetric(std::string_view s) {
    for (int i = 0; i < static_cast<int>(std::size(kNames)); ++i)
        if (kNames[i] == s) return static_cast<Metric>(i);
    return std::nullopt;
}

} // namespace archscape::search
