#include "search/objective.h"

#include <charconv>
#include <cstdio>

namespace archscape::search {

namespace {
std::optional<double> parseWeight(std::string_view s) {
    double v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || end != s.data() + s.size() || !(v >= 0) || !std::isfinite(v)) return std::nullopt;
    return v;
}
} // namespace

std::optional<Objective> parseObjective(std::string_view s) {
    if (s == "latency") return Objective::latency();
    if (s == "energy") return Objective::energy();
    if (s == "edp") return Objective::edp();
    constexpr std::string_view kMix = "mix:";
    if (s.substr(0, kMix.size()) != kMix) return std::nullopt;
    s.remove_prefix(kMix.size());
    const auto comma = s.find(',');
    if (comma == std::string_view::npos) return std::nullopt;
    const auto a = parseWeight(s.substr(0, comma));
    const auto b = parseWeight(s.substr(comma + 1));
    if (!a || !b || (*a == 0 && *b == 0)) return std::nullopt;
    return Objective{*a, *b};
}

std::string toString(const Objective& o) {
    if (o == Objective::latency()) return "latency";
    if (o == Objective::energy()) return "energy";
    if (o == Objective::edp()) return "edp";
    char buf[64];
    std::snprintf(buf, sizeof buf, "mix:%g,%g", o.latency_weight, o.energy_weight);
    return buf;
}

} // namespace archscape::search
