#pragma once
// Helpers shared by the search, explore and merge commands: option parsing, the progress display
// (signals: stop_signals.h).
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include <unistd.h>

#include "args.h"
#include "search/mapper.h"
#include "search/metric.h"

namespace archscape::cli {

/// "--objectives latency,energy,area" → metrics; unknown or repeated names are bad input.
inline std::vector<search::Metric> parseObjectiveList(const std::string& s) {
    std::vector<search::Metric> out;
    std::size_t start = 0;
    while (start <= s.size()) {
        const auto comma = s.find(',', start);
        const std::string name = s.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        const auto m = search::parseMetric(name);
        if (!m)
            throw CliError("--objectives: unknown objective \"" + name +
                           "\" (expected latency, energy, edp, area, power, accuracy, dsp, bram, alm)");
        out.push_back(*m);
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return out;
}

/// "--shard i/N" with 0 <= i < N.
inline std::pair<int, int> parseShard(const std::string& s) {
    const auto slash = s.find('/');
    try {
        if (slash != std::string::npos) {
            std::size_t a = 0, b = 0;
            const int i = std::stoi(s.substr(0, slash), &a), n = std::stoi(s.substr(slash + 1), &b);
            if (a == slash && b == s.size() - slash - 1 && n >= 1 && i >= 0 && i < n) return {i, n};
        }
    } catch (const std::exception&) {}
    throw CliError("--shard: expected i/N with 0 <= i < N (e.g. 0/4), got '" + s + "'");
}

/// Mapper options shared by search and explore: --strategy, --budget, --objective, --seed, --dataflow.
/// `strategy_key` and `budget_key` name the options of the mapper's strategy and budget (explore
/// uses --strategy and --budget for its design search, so its mapper's are --mapper-strategy/-budget).
inline void applyMapperArgs(const Args& a, search::MapperOptions& o, const std::string& strategy_key = "strategy",
                            const std::string& budget_key = "budget") {
    if (auto s = a.get(strategy_key)) {
        const auto k = search::parseStrategyKind(*s);
        if (!k)
            throw CliError("--" + strategy_key + ": expected exhaustive, random, decoupled or genetic, got '" + *s +
                           "'");
        o.strategy = *k;
    }
    o.budget = a.getInt(budget_key, o.budget, 0, 1000000000);
    if (auto s = a.get("objective")) {
        const auto obj = search::parseObjective(*s);
        if (!obj) throw CliError("--objective: expected latency, energy, edp or mix:<a>,<b>, got '" + *s + "'");
        o.objective = *obj;
    }
    if (auto s = a.get("dataflow")) {
        if (*s == "free") o.dataflow.reset();
        else if (auto d = mapping::parseDataflow(*s)) o.dataflow = *d;
        else throw CliError("--dataflow: expected free, ws, os, is, rs, kc-p or yx-p, got '" + *s + "'");
    }
}

/// A progress bar redrawn in place on a terminal; plain lines (every 10% or 5 s) otherwise.
class ProgressDisplay {
public:
    explicit ProgressDisplay(bool quiet) : m_quiet(quiet), m_tty(isatty(fileno(stderr)) != 0) {}
    void update(std::int64_t done, std::int64_t total, const std::string& extra) {
        if (m_quiet || total <= 0) return;
        const auto now = std::chrono::steady_clock::now();
        const int percent = static_cast<int>(100 * done / total);
        if (m_tty) {
            if (done != total && now - m_last < std::chrono::milliseconds(100)) return;
            const int width = 30, filled = static_cast<int>(width * done / total);
            std::fprintf(stderr, "\r[%s%s] %3d%% %lld/%lld %s\033[K", std::string(filled, '#').c_str(),
                         std::string(width - filled, '.').c_str(), percent, static_cast<long long>(done),
                         static_cast<long long>(total), extra.c_str());
            m_open = done != total;
            if (!m_open) std::fputc('\n', stderr);
        } else {
            if (done != total && percent / 10 == m_lastPercent / 10 && now - m_last < std::chrono::seconds(5)) return;
            std::fprintf(stderr, "progress: %lld/%lld (%d%%) %s\n", static_cast<long long>(done),
                         static_cast<long long>(total), percent, extra.c_str());
            m_lastPercent = percent;
        }
        m_last = now;
    }
    /// Ends an unfinished bar's line (an interrupted run).
    void finish() {
        if (m_open) std::fputc('\n', stderr);
        m_open = false;
    }

private:
    bool m_quiet;
    bool m_tty;
    bool m_open = false;
    int m_lastPercent = 0;
    std::chrono::steady_clock::time_point m_last{};
};

} // namespace archscape::cli
