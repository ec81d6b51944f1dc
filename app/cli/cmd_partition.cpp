// archscape-cli partition: splits a network over devices (DiviML-style MILP, branch and bound, modularity
// heuristic, greedy).
#include <cmath>
#include <cstdio>
#include <sstream>

#include <nlohmann/json.hpp>

#include "args.h"
#include "command.h"
#include "common/format_number.h"
#include "inputs.h"
#include "io/devices_json.h"
#include "io/preset_catalog.h"
#include "schedule/partition_solver.h"
#include "search_cli.h"
#include "stop_signals.h"

namespace archscape::cli {

namespace {

using namespace archscape::schedule;

constexpr const char* kUsage =
    "usage: archscape-cli partition --devices D --workload W [options]\n"
    "\n"
    "Assigns every layer of the workload W to one of the devices D (an archscape/devices file or a preset of\n"
    "presets/devices: cpu_2gpu_node, two_accelerator_board, four_servers_ethernet) and reports the\n"
    "assignment, per-device load, communication, the objective, a lower bound and the gap (docs/partition.md).\n"
    "\n"
    "  --devices D           device set (file or preset name)\n"
    "  --workload W          workload (file or preset name, e.g. resnet50, llama2_7b)\n"
    "  --objective O         latency (one input, default) or throughput (pipelined stream: the period)\n"
    "  --solver S            heuristic (default), branch-and-bound (exact, fastest up to a few dozen layers),\n"
    "                        milp (exact, GLPK), greedy, brute-force (tiny graphs)\n"
    "  --time-limit S        MILP / branch-and-bound wall-time limit in seconds (default 60); the best found\n"
    "                        and its bound are kept\n"
    "  --gap G               MILP / branch-and-bound relative gap at which it stops (default 1e-6)\n"
    "  --blocks M            MILP over repeated blocks: auto (default: above 64 nodes), on, off\n"
    "  --split S             none (default), batch (data parallel) or channels (model parallel): a layer may\n"
    "                        also run split over the devices, in parts sized to their speed (the heuristic's\n"
    "                        split pass and branch-and-bound decide; milp keeps layers whole, then that pass)\n"
    "  --max-period-ms X     with --objective latency: the pipeline period may not exceed X ms\n"
    "  --max-latency-ms X    with --objective throughput: the latency may not exceed X ms\n"
    "  --format F            table (default) or json\n"
    "  --output FILE         write there (atomically) instead of stdout\n"
    "\n"
    "Ctrl-C or SIGTERM stops the MILP or the branch and bound and writes the best assignment found (\"complete\": "
    "false,\n"
    "\"optimal\": false). Exit codes: 0 ok, 1 interrupted, 2 bad input or no feasible partition (the reason\n"
    "is printed).\n";

std::string ms(double s) { return formatNumber(s * 1e3, "%.4g"); }

std::string pad(const std::string& s, std::size_t w) { return s.size() >= w ? s : s + std::string(w - s.size(), ' '); }

// The device of layer l, or its split's devices joined by '+' ("a100+l4").
std::string placement(const PartitionProblem& p, const Partition& part, int l) {
    if (part.device_of[l] != p.splitValue()) return p.device_names[part.device_of[l]];
    std::string s;
    for (int d = 0; d < p.numDevices(); ++d)
        if (p.split_share[l][d] > 0) s += (s.empty() ? "" : "+") + p.device_names[d];
    return s;
}

struct Report {
    const PartitionProblem& p;
    const PartitionResult& r;
    const DeviceSet& devices;
    std::vector<Partition> single; // every node on device d
};

nlohmann::json toJson(const Report& rep) {
    const auto& p = rep.p;
    const auto& r = rep.r;
    const auto& part = r.partition;
    nlohmann::json j;
    j["format"] = "archscape/partition-result";
    j["version"] = 1;
    j["objective"] = std::string(toString(p.objective));
    j["value"] = part.value(p.objective);
    j["unit"] = "s";
    j["lower_bound"] = r.lower_bound_s;
    j["gap"] = r.gap(p.objective);
    j["solver"] = std::string(toString(r.solver));
    j["optimal"] = r.optimal;
    j["complete"] = r.complete;
    j["status"] = r.status;
    j["solve_s"] = r.solve_s;
    j["latency_s"] = part.latency_s;
    j["period_s"] = part.period_s;
    j["bound"] = {{"critical_path_s", r.bound.critical_path_s},
                  {"load_s", r.bound.load_s},
                  {"largest_node_s", r.bound.largest_node_s},
                  {"milp_s", r.milp_bound_s ? nlohmann::json(*r.milp_bound_s) : nlohmann::json(nullptr)}};
    j["solved_nodes"] = r.solved_nodes;
    j["communities"] = r.communities;
    if (r.solver == PartitionSolver::BranchAndBound) j["search_nodes"] = r.search_nodes;
    nlohmann::json assignment = nlohmann::json::object();
    nlohmann::json splits = nlohmann::json::object();
    for (int l = 0; l < p.numNodes(); ++l) {
        assignment[p.node_names[l]] = placement(p, part, l);
        if (part.device_of[l] != p.splitValue()) continue;
        nlohmann::json shares = nlohmann::json::object();
        for (int d = 0; d < p.numDevices(); ++d)
            if (p.split_share[l][d] > 0) shares[p.device_names[d]] = p.split_share[l][d];
        splits[p.node_names[l]] = shares;
    }
    j["assignment"] = assignment;
    j["split"] = std::string(toString(p.split));
    if (p.split != SplitMode::None) j["splits"] = splits;
    nlohmann::json devs = nlohmann::json::array();
    for (int d = 0; d < p.numDevices(); ++d) {
        const Partition& s = rep.single[d];
        devs.push_back({{"name", p.device_names[d]},
                        {"nodes", part.device_nodes[d]},
                        {"busy_s", part.device_busy_s[d]},
                        {"memory_bytes", part.device_memory_bytes[d]},
                        {"capacity_bytes", p.memory_bytes[d]},
                        {"alone", s.feasible ? nlohmann::json(s.value(p.objective)) : nlohmann::json(nullptr)},
                        {"alone_reason", s.feasible ? "" : s.reason}});
    }
    j["devices"] = devs;
    nlohmann::json links = nlohmann::json::array();
    for (int d = 0; d < p.numDevices(); ++d)
        for (int f = 0; f < p.numDevices(); ++f)
            if (d != f && part.link_busy_s[d][f] > 0)
                links.push_back(
                    {{"from", p.device_names[d]}, {"to", p.device_names[f]}, {"busy_s", part.link_busy_s[d][f]}});
    j["links"] = links;
    j["communication"] = {{"cut_edges", part.cut_edges}, {"cut_bytes", part.cut_bytes}};
    int best = -1;
    for (int d = 0; d < p.numDevices(); ++d)
        if (rep.single[d].feasible &&
            (best < 0 || rep.single[d].value(p.objective) < rep.single[best].value(p.objective)))
            best = d;
    if (best >= 0) {
        j["best_single_device"] = p.device_names[best];
        j["gain_over_best_single_device"] = rep.single[best].value(p.objective) / part.value(p.objective);
    }
    return j;
}

std::string table(const Report& rep, const std::string& workload) {
    const auto& p = rep.p;
    const auto& r = rep.r;
    const auto& part = r.partition;
    std::ostringstream o;
    o << workload << " over " << rep.devices.name << " (" << p.numDevices() << " devices), objective "
      << toString(p.objective) << ", solver " << toString(r.solver) << "\n\n";
    o << pad("device", 18) << pad("layers", 8) << pad("busy ms", 12) << pad("memory GB", 12) << pad("of GB", 9)
      << "alone ms\n";
    for (int d = 0; d < p.numDevices(); ++d) {
        const Partition& s = rep.single[d];
        o << pad(p.device_names[d], 18) << pad(std::to_string(part.device_nodes[d]), 8)
          << pad(ms(part.device_busy_s[d]), 12) << pad(formatNumber(part.device_memory_bytes[d] / 1e9, "%.4g"), 12)
          << pad(formatNumber(p.memory_bytes[d] / 1e9, "%.4g"), 9)
          << (s.feasible ? ms(s.value(p.objective)) : "infeasible: " + s.reason) << "\n";
    }
    o << "\ncommunication: " << part.cut_edges << " edges cut, " << formatNumber(part.cut_bytes / 1e6, "%.4g")
      << " MB\n";
    for (int d = 0; d < p.numDevices(); ++d)
        for (int f = 0; f < p.numDevices(); ++f)
            if (d != f && part.link_busy_s[d][f] > 0)
                o << "  " << p.device_names[d] << " -> " << p.device_names[f] << ": " << ms(part.link_busy_s[d][f])
                  << " ms\n";
    o << "\nlatency " << ms(part.latency_s) << " ms, period " << ms(part.period_s) << " ms (throughput "
      << formatNumber(1 / part.period_s, "%.4g") << " /s)\n";
    o << toString(p.objective) << ": " << ms(part.value(p.objective)) << " ms, lower bound " << ms(r.lower_bound_s)
      << " ms, gap " << formatNumber(100 * r.gap(p.objective), "%.2f") << " %, " << r.status
      << (r.optimal ? "" : " (not proven optimal)") << ", solved in " << formatNumber(r.solve_s, "%.3g") << " s\n";
    o << "\nassignment:\n";
    for (int l = 0; l < p.numNodes(); ++l) o << "  " << pad(p.node_names[l], 28) << placement(p, part, l) << "\n";
    return o.str();
}

int runPartition(const std::vector<std::string>& argv) {
    const Args a(argv,
                 {"devices", "workload", "objective", "solver", "time-limit", "gap", "blocks", "split", "max-period-ms",
                  "max-latency-ms", "format", "output"},
                 {});
    if (!a.positional().empty()) throw CliError("unexpected argument '" + a.positional().front() + "'");
    const std::string format = a.get("format").value_or("table");
    if (format != "table" && format != "json") throw CliError("--format: expected table or json, got '" + format + "'");
    PartitionProblemOptions po;
    if (auto s = a.get("objective")) {
        const auto obj = parsePartitionObjective(*s);
        if (!obj) throw CliError("--objective: expected latency or throughput, got '" + *s + "'");
        po.objective = *obj;
    }
    if (a.has("max-period-ms")) {
        if (po.objective != PartitionObjective::Latency)
            throw CliError("--max-period-ms constrains the latency objective; with throughput use --max-latency-ms");
        po.max_period_s = a.getDouble("max-period-ms", 0, 1e-9, 1e12) * 1e-3;
    }
    if (a.has("max-latency-ms")) {
        if (po.objective != PartitionObjective::Throughput)
            throw CliError("--max-latency-ms constrains the throughput objective; with latency use --max-period-ms");
        po.max_latency_s = a.getDouble("max-latency-ms", 0, 1e-9, 1e12) * 1e-3;
    }
    if (auto s = a.get("split")) {
        const auto m = parseSplitMode(*s);
        if (!m) throw CliError("--split: expected none, batch or channels, got '" + *s + "'");
        po.split = *m;
    }
    PartitionSolveOptions so;
    if (auto s = a.get("solver")) {
        const auto k = parsePartitionSolver(*s);
        if (!k)
            throw CliError("--solver: expected milp, branch-and-bound, heuristic, greedy or brute-force, got '" + *s +
                           "'");
        so.solver = *k;
    }
    so.time_limit_s = a.getDouble("time-limit", 60, 0.001, 1e7);
    so.relative_gap = a.getDouble("gap", 1e-6, 0, 1);
    if (auto s = a.get("blocks")) {
        if (*s == "auto") so.blocks = BlockMode::Auto;
        else if (*s == "on") so.blocks = BlockMode::On;
        else if (*s == "off") so.blocks = BlockMode::Off;
        else throw CliError("--blocks: expected auto, on or off, got '" + *s + "'");
    }

    const std::string dev_arg = a.require("devices");
    const auto dev_path = io::resolvePreset("devices", dev_arg);
    if (!dev_path) {
        std::string known;
        for (const auto& n : io::listPresets("devices")) known += (known.empty() ? "" : ", ") + n;
        throw CliError(dev_arg + ": no such file or devices preset (presets: " + known + ")");
    }
    auto devices = io::readDevicesFile(*dev_path);
    if (!devices.ok()) throw CliError(diagnosticsMessage(*dev_path, devices.errors));
    const workload::Network net = loadWorkload(a.require("workload"));
    auto built = buildPartitionProblem(net, *devices.value, po);
    if (!built.problem) throw CliError(net.name + " on " + *dev_path + ": " + built.error);
    const PartitionProblem& p = *built.problem;
    const int choices = p.numDevices() + (p.split != SplitMode::None ? 1 : 0);
    if (so.solver == PartitionSolver::BruteForce && std::pow(double(choices), p.numNodes()) > double(1 << 24))
        throw CliError("--solver brute-force: " + std::to_string(choices) + "^" + std::to_string(p.numNodes()) +
                       " assignments are too many to enumerate (at most 2^24)");

    StopSignals interrupt;
    const PartitionResult r = solvePartition(p, so, interrupt.token());
    Report rep{p, r, *devices.value, {}};
    for (int d = 0; d < p.numDevices(); ++d) rep.single.push_back(singleDevicePartition(p, d));
    if (!r.partition.feasible) {
        std::fprintf(stderr, "%s on %s: no feasible partition found: %s\n", net.name.c_str(), dev_path->c_str(),
                     r.partition.reason.c_str());
        return (interrupt.received() != 0) ? kExitFailure : kExitBadInput;
    }
    writeOutput(a.get("output"), format == "json" ? toJson(rep).dump(1) + "\n" : table(rep, net.name));
    if ((interrupt.received() != 0)) {
        std::fprintf(stderr, "interrupted: the result holds the best assignment found so far\n");
        return kExitFailure;
    }
    return kExitOk;
}

const CommandRegistration kRegistration({"partition",
                                         "split a network over devices (MILP, branch and bound, heuristic, greedy)",
                                         kUsage, runPartition});

} // namespace

} // namespace archscape::cli
