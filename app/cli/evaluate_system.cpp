#include "evaluate_system.h"

#include <algorithm>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "command.h"
#include "common/format_number.h"
#include "hardware/technology.h"
#include "inputs.h"
#include "search/system_costs.h"
#include "system_inputs.h"

namespace archscape::cli {

namespace {

/// What one unit did in the schedule.
struct UnitTotals {
    int layers = 0;
    double busy_cycles = 0;
    double energy_pj = 0; ///< its layers' energies + its idle leakage over the makespan
};

/// What one entry of the mix did: its layers' energies (idle leakage belongs to the units).
struct NetworkTotals {
    int layers = 0;
    double macs = 0;
    double layer_energy_pj = 0;
    double end_cycle = 0; ///< when its last instance's last layer ends
    int deadline_misses = 0;
};

struct Totals {
    std::vector<UnitTotals> units;
    std::vector<NetworkTotals> networks;
    double macs = 0;
};

Totals totalsOf(const workload::WorkloadMix& mix, const schedule::ScheduleProblem& p,
                const schedule::SystemSchedule& s) {
    Totals t;
    t.units.resize(std::size_t(p.units));
    t.networks.resize(mix.entries.size());
    // [entry][instance]: when the instance's last layer ends (for its deadline).
    std::vector<std::vector<double>> instance_end(mix.entries.size());
    for (std::size_t e = 0; e < mix.entries.size(); ++e) instance_end[e].assign(std::size_t(p.instances[e]), 0.0);
    for (const auto& l : s.layers) {
        if (l.unit < 0) continue;
        const auto& task = p.tasks[l.task];
        const auto& c = task.costs[l.unit];
        UnitTotals& u = t.units[l.unit];
        ++u.layers;
        u.energy_pj += c.energy_pj;
        NetworkTotals& n = t.networks[task.entry];
        ++n.layers;
        n.layer_energy_pj += c.energy_pj;
        n.macs += double(mix.entries[task.entry].network.layers[task.layer].macs());
        n.end_cycle = std::max(n.end_cycle, l.end_cycle);
        double& end = instance_end[task.entry][task.instance];
        end = std::max(end, l.end_cycle);
    }
    for (int u = 0; u < p.units; ++u) {
        t.units[u].busy_cycles = s.busy_cycles[u];
        t.units[u].energy_pj += p.idle_leak_pj_per_cycle[u] * (s.makespan_cycles - s.busy_cycles[u]);
    }
    for (std::size_t e = 0; e < mix.entries.size(); ++e) {
        t.macs += t.networks[e].macs;
        if (p.deadline_cycles[e] >= 0)
            for (double end : instance_end[e]) t.networks[e].deadline_misses += end > p.deadline_cycles[e];
    }
    return t;
}

std::string fmt(double x, const char* f) { return formatNumber(x, f); }

std::string pad(const std::string& s, std::size_t w, bool right = false) {
    if (s.size() >= w) return s;
    return right ? std::string(w - s.size(), ' ') + s : s + std::string(w - s.size(), ' ');
}

double gapToBound(const schedule::SystemSchedule& s) {
    return s.lower_bound_cycles > 0 ? s.makespan_cycles / s.lower_bound_cycles - 1.0 : 0.0;
}

std::string table(const search::SystemDesign& d, const workload::WorkloadMix& mix, const schedule::ScheduleProblem& p,
                  const schedule::SystemSchedule& s, const Totals& t, const std::string& scheduler) {
    const double clock_mhz = d.system.units.front().accelerator.clock_mhz;
    std::ostringstream o;
    o << mix.name << " on " << d.system.name << " (" << d.system.units.size() << " unit"
      << (d.system.units.size() == 1 ? "" : "s") << ", " << d.system.totalPes() << " PEs, " << clock_mhz
      << " MHz), scheduler " << scheduler << "\n\n";
    o << pad("unit", 16) << pad("PEs", 10, true) << pad("layers", 8, true) << pad("busy cycles", 14, true)
      << pad("busy", 7, true) << pad("energy uJ", 12, true) << "\n";
    for (int u = 0; u < p.units; ++u) {
        const auto& acc = d.system.units[u].accelerator;
        const auto& ut = t.units[u];
        o << pad(p.unit_names[u], 16) << pad(std::to_string(acc.pe.rows) + "x" + std::to_string(acc.pe.cols), 10, true)
          << pad(std::to_string(ut.layers), 8, true) << pad(fmt(ut.busy_cycles, "%.0f"), 14, true)
          << pad(fmt(s.makespan_cycles > 0 ? 100 * ut.busy_cycles / s.makespan_cycles : 0.0, "%.0f%%"), 7, true)
          << pad(fmt(ut.energy_pj * 1e-6, "%.4g"), 12, true) << "\n";
    }
    o << "\n"
      << pad("network", 24) << pad("instances", 10, true) << pad("layers", 8, true) << pad("GMACs", 9, true)
      << pad("ends at cycle", 15, true) << pad("layer energy uJ", 17, true) << pad("deadline", 14, true) << "\n";
    for (std::size_t e = 0; e < mix.entries.size(); ++e) {
        const auto& nt = t.networks[e];
        std::string deadline = "-";
        if (p.deadline_cycles[e] >= 0)
            deadline = fmt(p.deadline_cycles[e], "%.0f") + (nt.deadline_misses ? " missed " : " met") +
                       (nt.deadline_misses ? std::to_string(nt.deadline_misses) + "x" : "");
        o << pad(p.network_names[e], 24) << pad(std::to_string(p.instances[e]), 10, true)
          << pad(std::to_string(nt.layers), 8, true) << pad(fmt(nt.macs / 1e9, "%.4g"), 9, true)
          << pad(fmt(nt.end_cycle, "%.0f"), 15, true) << pad(fmt(nt.layer_energy_pj * 1e-6, "%.4g"), 17, true)
          << pad(deadline, 14, true) << "\n";
    }
    const double seconds = s.makespan_cycles / (clock_mhz * 1e6);
    o << "\ntotal: " << fmt(t.macs / 1e9, "%.4g") << " GMACs, makespan " << fmt(s.makespan_cycles, "%.0f")
      << " cycles = " << fmt(seconds * 1e3, "%.4g") << " ms, " << fmt(s.energy_pj * 1e-6, "%.4g") << " uJ (layers "
      << fmt(s.layer_energy_pj * 1e-6, "%.4g") << ", idle leakage " << fmt(s.idle_leakage_pj * 1e-6, "%.4g")
      << "), area " << fmt(hardware::areaUm2(d.system) * 1e-6, "%.2f") << " mm2\n";
    o << "lower bound: " << fmt(s.lower_bound_cycles, "%.0f") << " cycles (gap " << fmt(100 * gapToBound(s), "%.2f")
      << " %)";
    if (s.deadline_misses) o << ", " << s.deadline_misses << " deadline misses";
    if (s.unmapped) o << ", " << s.unmapped << " layers run on no unit";
    o << "\n";
    return o.str();
}

nlohmann::json toJson(const search::SystemDesign& d, const workload::WorkloadMix& mix,
                      const schedule::ScheduleProblem& p, const schedule::SystemSchedule& s, const Totals& t,
                      const std::string& scheduler) {
    const double clock_mhz = d.system.units.front().accelerator.clock_mhz;
    nlohmann::json units = nlohmann::json::array();
    for (int u = 0; u < p.units; ++u) {
        const auto& acc = d.system.units[u].accelerator;
        units.push_back({{"name", p.unit_names[u]},
                         {"accelerator", acc.name},
                         {"pe_rows", acc.pe.rows},
                         {"pe_cols", acc.pe.cols},
                         {"layers", t.units[u].layers},
                         {"busy_cycles", t.units[u].busy_cycles},
                         {"energy_uj", t.units[u].energy_pj * 1e-6},
                         {"area_mm2", hardware::areaUm2(acc) * 1e-6}});
    }
    nlohmann::json networks = nlohmann::json::array();
    for (std::size_t e = 0; e < mix.entries.size(); ++e) {
        const auto& nt = t.networks[e];
        networks.push_back(
            {{"name", p.network_names[e]},
             {"instances", p.instances[e]},
             {"layers", nt.layers},
             {"macs", nt.macs},
             {"end_cycle", nt.end_cycle},
             {"layer_energy_uj", nt.layer_energy_pj * 1e-6},
             {"deadline_cycles", p.deadline_cycles[e] >= 0 ? nlohmann::json(p.deadline_cycles[e]) : nlohmann::json()},
             {"deadline_misses", nt.deadline_misses}});
    }
    const double seconds = s.makespan_cycles / (clock_mhz * 1e6);
    return {{"format", "archscape/system-evaluation"},
            {"version", 1},
            {"system", d.system.name},
            {"workload", mix.name},
            {"scheduler", scheduler},
            {"units", units},
            {"networks", networks},
            {"totals",
             {{"macs", t.macs},
              {"cycles", s.makespan_cycles},
              {"latency_ms", seconds * 1e3},
              {"energy_uj", s.energy_pj * 1e-6},
              {"layer_energy_uj", s.layer_energy_pj * 1e-6},
              {"idle_leakage_uj", s.idle_leakage_pj * 1e-6},
              {"edp_uj_ms", s.energy_pj * 1e-6 * seconds * 1e3},
              {"area_mm2", hardware::areaUm2(d.system) * 1e-6},
              {"power_w", seconds > 0 ? s.energy_pj * 1e-12 / seconds : 0.0},
              {"lower_bound_cycles", s.lower_bound_cycles},
              {"gap_to_bound", gapToBound(s)},
              {"deadline_misses", s.deadline_misses},
              {"unmapped_layers", s.unmapped}}}};
}

} // namespace

int runSystemEvaluate(const search::SystemDesign& design, const workload::WorkloadMix& mix,
                      const std::string& scheduler, const std::string& format,
                      const std::optional<std::string>& output) {
    const schedule::ScheduleProblem problem = schedule::buildProblem(mix, search::systemCosts(design, mix));
    const schedule::SystemSchedule s = runScheduler(problem, scheduler, "evaluate");
    const Totals t = totalsOf(mix, problem, s);
    writeOutput(output, format == "json" ? toJson(design, mix, problem, s, t, scheduler).dump(2) + "\n"
                                         : table(design, mix, problem, s, t, scheduler));
    if (s.unmapped) std::cerr << "archscape-cli evaluate: " << s.unmapped << " layers run on no unit\n";
    return s.unmapped ? kExitFailure : kExitOk;
}

} // namespace archscape::cli
