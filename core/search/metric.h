#pragma once
#include <cstdint>
#include <optional>
#include <string_view>

#include "hardware/fpga_resource.h"

namespace archscape::search {

/// A quantity to minimise (accuracy is maximised: it is stored negated by the reducers).
/// DspUse, BramUse, AlmUse: an FPGA design's utilisation of its device's DSP blocks, M20K blocks and
/// ALMs (docs/templates.md, "Resources"), for spaces of kind fpga only.
enum class Metric : std::uint8_t { Latency, Energy, Edp, Area, Power, Accuracy, DspUse, BramUse, AlmUse };
inline constexpr Metric kAllMetrics[] = {Metric::Latency, Metric::Energy,  Metric::Edp,
                                         Metric::Area,    Metric::Power,   Metric::Accuracy,
                                         Metric::DspUse,  Metric::BramUse, Metric::AlmUse};

/// "latency", "energy", "edp", "area", "power", "accuracy", "dsp", "bram", "alm".
std::string_view toString(Metric m);
/// Parses the names above; nullopt for anything else (no silent fallback to the first value).
std::optional<Metric> parseMetric(std::string_view s);
/// Unit of the metric as the explorer reports it ("s", "J", "J*s", "mm2", "W", "%"; utilisations "%").
std::string_view unitOf(Metric m);
/// Whether larger values are better (accuracy); every other metric is minimised.
bool isMaximised(Metric m);
/// The FPGA resource a utilisation metric measures; nullopt for the other metrics.
std::optional<hardware::FpgaResource> fpgaResourceOf(Metric m);

} // namespace archscape::search
