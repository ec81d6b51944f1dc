// archscape-cli schedule: a workload mix on a (heterogeneous) system: which unit runs each layer, when.
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "args.h"
#include "command.h"
#include "common/format_number.h"
#include "inputs.h"
#include "schedule/lower_bound.h"
#include "search/system_costs.h"
#include "system_inputs.h"

namespace archscape::cli {

namespace {

constexpr std::string_view kUsage =
    R"(usage: archscape-cli schedule --system S --workload MIX [options]

  --system S           system preset (hda_kcp_yxp, hda_kcp_yxp_rs, mono_kcp, mono_yxp), an accelerator
                       preset (a system of one unit), or a file: archscape/system or archscape/accelerator
  --workload MIX       mix preset (arvr, mlperf_edge), a workload preset (a mix of one network), or a
                       file: archscape/workload-mix or archscape/workload
  --scheduler NAME     baseline (list scheduling, earliest finish), herald (default: dataflow affinity,
                       dependency-aware reordering, load balancing) or exact (branch and bound; small
                       mixes only, at most 14 layers in all)
  --format F           table (default) or json
  --output FILE        write there (atomically) instead of stdout

Each unit's layers are costed with its own evaluation policy (the system file's "evaluation"). The
shared DRAM bandwidth is split in proportion to demand, re-timed at every start and end
(docs/schedule.md). Exit codes: 0 ok, 1 some layer runs on no unit, 2 bad input.
)";

std::string fmt(double x, const char* f = "%.6g") { return formatNumber(x, f); }

std::string table(const search::SystemDesign& d, const workload::WorkloadMix& mix, const schedule::ScheduleProblem& p,
                  const schedule::SystemSchedule& s, const std::string& scheduler) {
    std::ostringstream o;
    o << mix.name << " on " << d.system.name << " (" << d.system.units.size() << " units, " << d.system.totalPes()
      << " PEs), scheduler " << scheduler << "\n\n";
    for (int u = 0; u < p.units; ++u) {
        o << "unit " << p.unit_names[u] << " (" << d.system.units[u].accelerator.pe.rows << "x"
          << d.system.units[u].accelerator.pe.cols << " PEs, busy " << fmt(s.busy_cycles[u], "%.4g") << " cycles)\n";
        std::vector<const schedule::ScheduledLayer*> rows;
        for (const auto& l : s.layers)
            if (l.unit == u) rows.push_back(&l);
        std::stable_sort(rows.begin(), rows.end(), [](auto* a, auto* b) { return a->start_cycle < b->start_cycle; });
        for (const auto* l : rows) {
            const auto& t = p.tasks[l->task];
            std::string net = p.network_names[t.entry];
            if (p.instances[t.entry] > 1) net += "#" + std::to_string(t.instance);
            o << "  " << net << "  " << p.layer_names[t.entry][t.layer] << "  " << fmt(l->start_cycle, "%.0f") << " .. "
              << fmt(l->end_cycle, "%.0f") << "\n";
        }
    }
    o << "\nmakespan: " << fmt(s.makespan_cycles, "%.6g") << " cycles\n";
    o << "energy: " << fmt(s.energy_pj * 1e-6, "%.6g") << " uJ (layers " << fmt(s.layer_energy_pj * 1e-6, "%.6g")
      << ", idle leakage " << fmt(s.idle_leakage_pj * 1e-6, "%.4g") << ")\n";
    o << "EDP: " << fmt(s.edp(), "%.6g") << " pJ*cycles\n";
    o << "lower bound: " << fmt(s.lower_bound_cycles, "%.6g") << " cycles (gap "
      << fmt(s.lower_bound_cycles > 0 ? 100.0 * (s.makespan_cycles / s.lower_bound_cycles - 1.0) : 0.0, "%.2f")
      << " %)\n";
    if (s.deadline_misses) o << "deadline misses: " << s.deadline_misses << "\n";
    if (s.unmapped) o << "unmapped layers: " << s.unmapped << "\n";
    return o.str();
}

nlohmann::json toJson(const search::SystemDesign& d, const workload::WorkloadMix& mix,
                      const schedule::ScheduleProblem& p, const schedule::SystemSchedule& s,
                      const std::string& scheduler, const schedule::LowerBound& lb) {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& l : s.layers) {
        if (l.unit < 0) continue;
        const auto& t = p.tasks[l.task];
        rows.push_back({{"network", p.network_names[t.entry]},
                        {"instance", t.instance},
                        {"layer", p.layer_names[t.entry][t.layer]},
                        {"unit", p.unit_names[l.unit]},
                        {"start_cycle", l.start_cycle},
                        {"end_cycle", l.end_cycle}});
    }
    nlohmann::json units = nlohmann::json::array();
    for (int u = 0; u < p.units; ++u) units.push_back({{"name", p.unit_names[u]}, {"busy_cycles", s.busy_cycles[u]}});
    return {{"format", "archscape/schedule"},
            {"version", 1},
            {"system", d.system.name},
            {"workload", mix.name},
            {"scheduler", scheduler},
            {"makespan_cycles", s.makespan_cycles},
            {"energy_pj", s.energy_pj},
            {"layer_energy_pj", s.layer_energy_pj},
            {"idle_leakage_pj", s.idle_leakage_pj},
            {"edp", s.edp()},
            {"lower_bound_cycles", s.lower_bound_cycles},
            {"lower_bound",
             {{"critical_path_cycles", lb.critical_path_cycles},
              {"work_cycles", lb.work_cycles},
              {"bandwidth_cycles", lb.bandwidth_cycles}}},
            {"gap_to_bound", s.lower_bound_cycles > 0 ? s.makespan_cycles / s.lower_bound_cycles - 1.0 : 0.0},
            {"deadline_misses", s.deadline_misses},
            {"unmapped", s.unmapped},
            {"area_um2", hardware::areaUm2(d.system)},
            {"units", units},
            {"schedule", rows}};
}

int run(const std::vector<std::string>& argv) {
    const Args a(argv, {"system", "workload", "scheduler", "format", "output"}, {});
    if (!a.positional().empty()) throw CliError("unexpected argument '" + a.positional()[0] + "'");
    const std::string format = a.get("format").value_or("table");
    if (format != "table" && format != "json") throw CliError("--format: expected table or json, got '" + format + "'");
    const std::string scheduler = a.get("scheduler").value_or("herald");
    checkSchedulerName(scheduler);
    const auto design = loadSystemDesign(a.require("system"));
    const auto mix = loadWorkloadMix(a.require("workload"), design.system.units[0].accelerator.clock_mhz);
    const schedule::ScheduleProblem problem = schedule::buildProblem(mix, search::systemCosts(design, mix));
    const schedule::SystemSchedule s = runScheduler(problem, scheduler, "schedule");
    std::string out = format == "json"
                          ? toJson(design, mix, problem, s, scheduler, schedule::lowerBound(problem)).dump(2) + "\n"
                          : table(design, mix, problem, s, scheduler);
    writeOutput(a.get("output"), out);
    if (s.unmapped) std::cerr << "archscape-cli schedule: " << s.unmapped << " layers run on no unit\n";
    return s.unmapped ? kExitFailure : kExitOk;
}

const CommandRegistration kRegistration{
    {"schedule", "schedule a workload mix on a heterogeneous system (per-unit Gantt rows, bound)", kUsage, &run}};

} // namespace

} // namespace archscape::cli
