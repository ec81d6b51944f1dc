// archscape-cli search: the best mapping of every layer (or one layer) on one accelerator.
#include <chrono>
#include <cmath>
#include <cstdio>

#include <tbb/task_arena.h>
#include <nlohmann/json.hpp>

#include "args.h"
#include "command.h"
#include "inputs.h"
#include "io/mapping_json.h"
#include "search/mapper.h"
#include "search_cli.h"
#include "stop_signals.h"

namespace archscape::cli {

namespace {

constexpr const char* kUsage =
    "usage: archscape-cli search --workload W --accelerator A [options]\n"
    "\n"
    "Searches the mapping of every layer of W (each distinct shape once) on accelerator A and writes the\n"
    "best mappings with their costs as an archscape/search-result document.\n"
    "\n"
    "  --workload W       workload (file or preset name, e.g. resnet50)\n"
    "  --accelerator A    accelerator (file or preset name, e.g. eyeriss)\n"
    "  --layer NAME       search this layer only\n"
    "  --strategy NAME    exhaustive, random, decoupled (default), genetic, optimal (branch-and-bound:\n"
    "                     proves the optimum of the mapspace, or reports the gap to its bound)\n"
    "  --budget N         evaluations per layer shape (default 400; 0 = until exhausted: exhaustive, optimal)\n"
    "  --time-limit MS    wall-clock limit per layer shape in milliseconds (default: none)\n"
    "  --objective O      latency, energy, edp (default), mix:<a>,<b> (cycles^a x energy^b)\n"
    "  --dataflow D       constrain the mapspace to a template: ws, os, is, rs, kc-p, yx-p, or free (default)\n"
    "  --seed S           seed (default 1)\n"
    "  --threads N        worker threads (default: all cores)\n"
    "  --output FILE      write there (atomically) instead of stdout\n"
    "\n"
    "SIGTERM, SIGINT (Ctrl-C) or SIGHUP stops the search; layers not finished are reported unmapped (a\n"
    "second signal stops at once, leaving --output as it was). Exit codes: 0 ok, 1 some layer\n"
    "has no valid mapping or the search was interrupted, 2 bad input.\n";

int runSearch(const std::vector<std::string>& argv) {
    const Args a(argv,
                 {"workload", "accelerator", "layer", "strategy", "budget", "objective", "dataflow", "seed", "threads",
                  "output", "time-limit"},
                 {});
    if (!a.positional().empty()) throw CliError("unexpected argument '" + a.positional().front() + "'");
    checkOutputPath(a.get("output"));
    workload::Network net = loadWorkload(a.require("workload"));
    const hardware::Accelerator acc = loadAccelerator(a.require("accelerator"));
    if (auto name = a.get("layer")) {
        const int idx = net.find(*name);
        if (idx < 0) throw CliError("--layer: no layer named \"" + *name + "\" in workload \"" + net.name + "\"");
        net.layers = {net.layers[idx]};
        net.edges.clear();
    }
    search::MapperOptions o;
    applyMapperArgs(a, o);
    o.seed = static_cast<std::uint64_t>(a.getInt("seed", 1, 0, INT64_MAX));
    if (o.budget <= 0 && o.strategy != search::StrategyKind::Exhaustive && o.strategy != search::StrategyKind::Optimal)
        throw CliError("--budget: 0 (no limit) is only allowed with --strategy exhaustive or optimal");
    o.time_budget_ms = double(a.getInt("time-limit", 0, 0, INT64_MAX));
    const int threads = static_cast<int>(a.getInt("threads", 0, 0, 4096));

    StopSignals signals;
    const auto start = std::chrono::steady_clock::now();
    search::MappedNetwork r;
    tbb::task_arena(threads > 0 ? threads : tbb::task_arena::automatic).execute([&] {
        r = search::mapNetwork(net, acc, o, signals.token());
    });
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();

    nlohmann::json j;
    j["format"] = "archscape/search-result";
    j["version"] = 1;
    j["workload"] = net.name;
    j["accelerator"] = acc.name;
    j["mapper"] = {{"strategy", std::string(search::toString(o.strategy))},
                   {"budget", o.budget},
                   {"objective", search::toString(o.objective)},
                   {"dataflow", o.dataflow ? std::string(mapping::toString(*o.dataflow)) : "free"},
                   {"seed", o.seed}};
    const auto& c = r.cost;
    j["totals"] = {{"cycles", c.cycles},
                   {"latency_s", c.latencySeconds(acc.clock_mhz)},
                   {"energy_j", c.energy_pj * 1e-12},
                   {"edp_js", c.energy_pj * 1e-12 * c.latencySeconds(acc.clock_mhz)},
                   {"macs", c.macs},
                   {"area_mm2", c.area_um2 * 1e-6},
                   {"unmapped_layers", c.unmapped}};
    nlohmann::json layers = nlohmann::json::array();
    int proven = 0;
    for (const auto& lr : c.layers) {
        nlohmann::json l;
        l["name"] = net.layers[lr.layer].name;
        l["mapped"] = lr.mapped;
        if (lr.mapped) {
            l["cycles"] = lr.cost.cycles;
            l["energy_pj"] = lr.cost.energyPj();
            l["utilization"] = lr.cost.utilization;
            l["bound"] = std::string(model::toString(lr.cost.bound));
            // The objective in its own units (cycles^a x pJ^b) and the mapspace's bound on it.
            const auto& proof = r.proofs[lr.layer];
            l["objective"] = std::exp(proof.score);
            l["lower_bound"] = std::exp(proof.lower_bound);
            l["optimal"] = proof.optimal;
            proven += proof.optimal;
            if (lr.mapping.num_levels > 0) l["mapping"] = io::toJson(lr.mapping, acc);
        }
        layers.push_back(std::move(l));
    }
    j["layers"] = std::move(layers);
    writeOutput(a.get("output"), j.dump(1) + "\n");
    std::fprintf(stderr, "searched %zu layers (%lld evaluations) in %.1f ms; %d unmapped; %d proven optimal\n",
                 net.layers.size(), static_cast<long long>(r.evaluated), ms, c.unmapped, proven);
    if (r.cancelled)
        std::fprintf(stderr, "interrupted by %s: unfinished layers are reported unmapped\n",
                     StopSignals::name(signals.received()));
    return (r.cancelled || c.unmapped > 0) ? kExitFailure : kExitOk;
}

const CommandRegistration kRegistration({"search", "best mappings of a workload on one accelerator", kUsage,
                                         runSearch});

} // namespace

} // namespace archscape::cli
