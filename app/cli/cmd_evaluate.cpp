// archscape-cli evaluate: per-layer costs and network totals of a workload on an accelerator.
#include <cmath>
#include <cstdio>
#include <functional>
#include <iostream>
#include <map>
#include <sstream>

#include "args.h"
#include "attention_reuse_option.h"
#include "command.h"
#include "common/format_number.h"
#include "evaluate_system.h"
#include "hardware/fpga_resources.h"
#include "hardware/technology.h"
#include "inputs.h"
#include "io/cost_json.h"
#include "io/maestro_dataflow.h"
#include "io/maestro_layer_problem.h"
#include "io/maestro_mapping.h"
#include "io/maestro_report.h"
#include "io/mapping_json.h"
#include "io/scalesim_report.h"
#include "mapping/dataflow.h"
#include "mapping/validity.h"
#include "model/cost_model.h"
#include "model/maestro_analysis.h"
#include "model/network_cost.h"
#include "search/design_evaluation.h"
#include "search/mapper.h"
#include "system_inputs.h"
#include "workload/shape_text.h"

namespace archscape::cli {

namespace {

const std::string kUsage =
    R"(usage: archscape-cli evaluate --accelerator A --workload W [options]
       archscape-cli evaluate (--system S | --accelerator A) (--mix M | --workload W) [--scheduler NAME]

  --accelerator A      preset name (eyeriss, nvdla, shidiannao, tpu) or a file: archscape/accelerator
                       JSON, MAESTRO hardware .m, Timeloop architecture YAML or SCALE-Sim .cfg
  --workload W         preset name (alexnet, vgg16, resnet18, resnet50, mobilenetv2, bert_base_encoder)
                       or a file: archscape/workload JSON, ONNX, MAESTRO .m, Timeloop problem YAML or
                       SCALE-Sim topology .csv (told apart by content, docs/formats.md)
  --input-shape N=1x3x224x224[,...]  shapes for an ONNX workload's symbolic inputs
  --dataflow NAME      map every layer with this dataflow template: ws, os, is, rs, kc-p, yx-p
  --mapping M.json     archscape/mapping file: one mapping for all layers, or {"layers": {name: mapping}}
  --search             search each layer's mapping (decoupled mapper; --dataflow constrains it)
  --scalesim-exact     systolic accelerators: replay SCALE-Sim's memory system address by address
                       (CALC: exact DRAM traffic; USER bandwidth: exact stalls; O(accesses)) instead
                       of the closed form; the default for a SCALE-Sim .cfg in USER mode
  --fast-memory        with a USER-mode .cfg: the O(folds) memory estimate instead of the replay
  --model M            archscape (default: Archscape's own cost model) or maestro: MAESTRO's analysis
                       (commit 4eb08d1) of each layer's mapping written as MAESTRO directives; buffer
                       sizes then only warn, as in MAESTRO; --format csv gives MAESTRO's CSV report
  --format F           table (default), json or csv
  --output FILE        write there (atomically) instead of stdout
)" + std::string(kAttentionReuseUsage) +
    R"(
Without --dataflow, --mapping or --search, each layer takes the best dataflow template by
energy-delay product. Systolic accelerators need no mapping (their dataflow is in the file).

Systems and workload mixes (docs/schedule.md): with --system or --mix, the mix (a workload is a mix
of one network) is scheduled on the system (an accelerator is a system of one unit) and the totals
are the schedule's: cycles = makespan, energy = layers + idle leakage, per unit and per network.
  --system S           system preset (hda_kcp_yxp, hda_kcp_yxp_rs, mono_kcp, mono_yxp) or a file
                       (archscape/system); each unit maps with its own "evaluation"
  --mix M              mix preset (arvr, mlperf_edge) or an archscape/workload-mix file
  --scheduler NAME     baseline, herald (default) or exact (at most 14 layers in all)
--format table or json; an --accelerator keeps --dataflow / --search as its policy.
Exit codes: 0 ok, 1 some layer could not be mapped (runs on no unit), 2 bad input.
)";

std::string fmt(double x, const char* f = "%.3g") { return formatNumber(x, f); }

std::string pad(const std::string& s, std::size_t w, bool right = false) {
    if (s.size() >= w) return s;
    return right ? std::string(w - s.size(), ' ') + s : s + std::string(w - s.size(), ' ');
}

std::string layerError(const workload::Network& net, const model::LayerResult& r, const hardware::Accelerator& acc) {
    const int lv = r.cost.violation.level;
    return net.layers[r.layer].name + ": " +
           (r.cost.violation
                ? mapping::describe(r.cost.violation, lv >= 0 && lv < acc.numLevels() ? acc.levels[lv].name : "")
                : "no valid mapping found");
}

std::string table(const workload::Network& net, const hardware::Accelerator& acc, const model::NetworkCost& cost) {
    std::ostringstream o;
    o << net.name << " on " << acc.name << " (" << acc.pe.rows << "x" << acc.pe.cols << " PEs, " << acc.clock_mhz
      << " MHz)\n";
    if (acc.kind == hardware::AcceleratorKind::Fpga) {
        const hardware::FpgaResources res = hardware::fpgaResources(acc);
        o << acc.fpga.device.name << ", compute in BRAM: " << hardware::toString(acc.fpga.bram_compute) << ":";
        for (hardware::FpgaResource r : hardware::kAllFpgaResources)
            o << " " << hardware::toString(r) << " " << res.usedOf(r) << "/" << res.availableOf(r) << " ("
              << fmt(100 * res.utilization(r), "%.1f%%") << ")";
        if (acc.fpga.bram_compute != hardware::BramCompute::None)
            o << "; the computing blocks add "
              << (std::isnan(res.cib_area_percent) ? std::string("an unknown share")
                                                   : fmt(res.cib_area_percent, "%.2f%%"))
              << " to the core area";
        o << "\n";
    }
    o << "\n";
    const std::size_t wn = 24, ws = 24;
    o << pad("layer", wn) << pad("type", 15) << pad("shape", ws) << pad("MMACs", 9, true) << pad("cycles", 12, true)
      << pad("bound", 9, true) << pad("util", 7, true) << pad("energy uJ", 11, true) << "\n";
    for (const auto& r : cost.layers) {
        const auto& l = net.layers[r.layer];
        o << pad(l.name, wn) << pad(std::string(workload::toString(l.type)), 15) << pad(workload::shapeText(l), ws);
        if (!r.mapped) {
            o << "  unmapped: " << layerError(net, r, acc) << "\n";
            continue;
        }
        std::string bound(model::toString(r.cost.bound));
        if (r.cost.bound == model::Bound::Memory && r.cost.bound_level >= 0)
            bound = acc.levels[r.cost.bound_level].name;
        o << pad(fmt(r.cost.macs / 1e6, "%.4g"), 9, true) << pad(fmt(r.cost.cycles, "%.0f"), 12, true)
          << pad(bound.substr(0, 8), 9, true) << pad(fmt(100 * r.cost.utilization, "%.0f%%"), 7, true)
          << pad(fmt(r.cost.energyPj() * 1e-6, "%.4g"), 11, true) << "\n";
    }
    const double s = cost.latencySeconds(acc.clock_mhz);
    o << "\ntotal: " << fmt(cost.macs / 1e9, "%.4g") << " GMACs, " << fmt(cost.cycles, "%.0f")
      << " cycles = " << fmt(s * 1e3, "%.4g") << " ms, " << fmt(cost.energy_pj * 1e-6, "%.4g") << " uJ, area "
      << fmt(cost.area_um2 * 1e-6, "%.2f") << " mm2";
    if (cost.unmapped) o << ", " << cost.unmapped << " layers unmapped";
    o << "\n";
    return o.str();
}

std::string csv(const workload::Network& net, const hardware::Accelerator& acc, const model::NetworkCost& cost) {
    std::ostringstream o;
    o << "layer,type,shape,macs,cycles,bound,utilization,energy_pj,mac_pj,noc_pj,leakage_pj";
    for (const auto& lv : acc.levels) o << "," << lv.name << "_pj";
    o << "\n";
    for (const auto& r : cost.layers) {
        const auto& l = net.layers[r.layer];
        o << l.name << "," << workload::toString(l.type) << ",\"" << workload::shapeText(l) << "\",";
        if (!r.mapped) {
            o << ",,unmapped,,,,,\n";
            continue;
        }
        const auto& c = r.cost;
        o << fmt(c.macs, "%.0f") << "," << fmt(c.cycles, "%.0f") << "," << model::toString(c.bound) << ","
          << fmt(c.utilization, "%.6g") << "," << fmt(c.energyPj(), "%.6g") << "," << fmt(c.energy.mac_pj, "%.6g")
          << "," << fmt(c.energy.noc_pj, "%.6g") << "," << fmt(c.energy.leakage_pj, "%.6g");
        for (int i = 0; i < acc.numLevels(); ++i) o << "," << fmt(c.energy.level_pj[i], "%.6g");
        o << "\n";
    }
    return o.str();
}

/// `--model maestro`: each MAC layer's mapping is written as a MAESTRO layer (io::writeMaestroLayer,
/// the same text `convert --to maestro` writes), read back and analysed as MAESTRO does. A layer
/// that has no mapping or no MAESTRO form is reported and left out (exit 1).
int maestroModel(const workload::Network& net, const hardware::Accelerator& acc,
                 const std::function<std::optional<mapping::Mapping>(const workload::Layer&)>& mappingOf,
                 const std::string& format, const std::optional<std::string>& output) {
    const model::MaestroConfig config = io::maestroConfig(acc);
    std::vector<io::MaestroReportRow> rows;
    std::vector<std::string> failures;
    for (const auto& l : net.layers) {
        if (!workload::hasMacs(l.type)) continue;
        const auto m = mappingOf(l);
        if (!m) {
            failures.push_back(l.name + ": no mapping");
            continue;
        }
        const auto text = io::writeMaestroLayer(l, *m, acc);
        if (!text.ok()) {
            failures.push_back(l.name + ": no MAESTRO form: " + text.errors[0].message);
            continue;
        }
        const auto parsed = io::parseMaestroMapping("Network " + net.name + " {\n" + *text.value + "}\n");
        const auto problem = parsed.ok() ? io::maestroProblem(parsed.value->layers[0])
                                         : ParseResult<model::MaestroProblem>::failure(parsed.errors);
        if (!problem.ok()) {
            failures.push_back(l.name + ": " + problem.errors[0].message);
            continue;
        }
        io::MaestroReportRow row;
        row.network = parsed.value->maestro_name;
        row.layer = l.name;
        row.result = model::analyzeMaestro(*problem.value, config);
        row.levels = 1;
        for (const auto& d : parsed.value->layers[0].dataflow)
            row.levels += d.kind == io::MaestroDirective::Kind::Cluster;
        if (!row.result.ok) {
            failures.push_back(l.name + ": " + row.result.error);
            continue;
        }
        rows.push_back(std::move(row));
    }
    std::string out;
    if (format == "csv") {
        out = io::maestroCsv(rows, config);
    } else {
        std::ostringstream o;
        o << net.name << " on " << acc.name << " (" << config.num_pes << " PEs), MAESTRO's analysis\n\n";
        o << pad("layer", 24) << pad("MMACs", 9, true) << pad("cycles", 12, true) << pad("energy MAC", 13, true)
          << pad("L1 req", 9, true) << pad("L2 req", 10, true) << pad("NoC peak", 10, true) << pad("util PEs", 10, true)
          << "\n";
        double cycles = 0, energy = 0, macs = 0;
        for (const auto& r : rows) {
            const auto& x = r.result;
            o << pad(r.layer, 24) << pad(fmt(double(x.num_macs) / 1e6, "%.4g"), 9, true)
              << pad(std::to_string(x.runtime), 12, true) << pad(fmt(x.energyMacUnits(), "%.6g"), 13, true)
              << pad(std::to_string(x.l1SizeTotal()), 9, true) << pad(std::to_string(x.l2SizeTotal()), 10, true)
              << pad(std::to_string(x.peak_noc_bw), 10, true) << pad(fmt(x.avg_utilized_pes, "%.4g"), 10, true) << "\n";
            cycles += double(x.runtime);
            energy += x.energyMacUnits();
            macs += double(x.num_macs);
        }
        o << "\ntotal: " << fmt(macs / 1e9, "%.4g") << " GMACs, " << fmt(cycles, "%.0f") << " cycles, energy "
          << fmt(energy, "%.6g") << " MAC units (" << fmt(energy * model::kMaestroMacEnergyNj, "%.6g") << " nJ)";
        if (!failures.empty()) o << ", " << failures.size() << " layers not analysed";
        o << "\n";
        out = o.str();
    }
    writeOutput(output, out);
    for (const auto& r : rows) {
        if (r.result.l1SizeTotal() > config.l1_size)
            std::cerr << "archscape-cli evaluate: warning: " << r.layer << ": L1 requirement " << r.result.l1SizeTotal()
                      << " exceeds " << config.l1_size << " (MAESTRO only warns)\n";
        if (r.result.l2SizeTotal() > config.l2_size)
            std::cerr << "archscape-cli evaluate: warning: " << r.layer << ": L2 requirement " << r.result.l2SizeTotal()
                      << " exceeds " << config.l2_size << " (MAESTRO only warns)\n";
    }
    for (const auto& f : failures) std::cerr << "archscape-cli evaluate: " << f << "\n";
    return failures.empty() ? kExitOk : kExitFailure;
}

/// Throws CliError (exit 2) when the options of a system or mix evaluation do not go together.
void checkSystemOptions(const Args& a, const std::string& format) {
    if (a.has("system") && a.has("accelerator"))
        throw CliError("--system and --accelerator exclude each other (an accelerator is a system of one unit)");
    if (a.has("mix") && a.has("workload"))
        throw CliError("--mix and --workload exclude each other (a workload is a mix of one network)");
    if (format == "csv") throw CliError("--format csv: a system or mix evaluation writes a table or json");
    for (const char* o : {"mapping", "model", "scalesim-exact", "fast-memory"})
        if (a.has(o))
            throw CliError(std::string("--") + o + ": not available with --system or --mix (each layer is costed " +
                           "on its unit with the unit's evaluation policy)");
    if (a.has("system") && (a.has("dataflow") || a.has("search")))
        throw CliError(std::string("--") + (a.has("dataflow") ? "dataflow" : "search") +
                       ": each unit of a --system maps with its own \"evaluation\" (the system file's); "
                       "--dataflow and --search apply to an --accelerator");
}

int run(const std::vector<std::string>& argv) {
    const Args a(argv,
                 {"accelerator", "system", "workload", "mix", "scheduler", "dataflow", "mapping", "format", "output",
                  "input-shape", "model", "steps", "reuse", "reuse-maps"},
                 {"search", "scalesim-exact", "fast-memory"});
    if (!a.positional().empty()) throw CliError("unexpected argument '" + a.positional()[0] + "'");
    const std::string format = a.get("format").value_or("table");
    if (format != "table" && format != "json" && format != "csv")
        throw CliError("--format: expected table, json or csv, got '" + format + "'");
    if (a.has("mapping") && (a.has("dataflow") || a.has("search")))
        throw CliError("--mapping cannot be combined with --dataflow or --search");
    // A system, a mix or both: the mix scheduled on the system (evaluate_system.h).
    const bool over_system = a.has("system") || a.has("mix");
    if (over_system) checkSystemOptions(a, format);
    if (over_system && (a.has("steps") || a.has("reuse") || a.has("reuse-maps")))
        throw CliError("--steps/--reuse: only with --accelerator and --workload (not with --system or --mix)");
    const std::string scheduler = a.get("scheduler").value_or("herald");
    if (a.has("scheduler") && !over_system)
        throw CliError("--scheduler: only with --system or --mix (a workload mix scheduled on a system)");
    checkSchedulerName(scheduler);

    const std::string cost_model = a.get("model").value_or("archscape");
    if (cost_model != "archscape" && cost_model != "maestro")
        throw CliError("--model: expected archscape or maestro, got '" + cost_model + "'");
    if (cost_model == "maestro" && (a.has("search") || format == "json"))
        throw CliError("--model maestro takes given or template mappings (no --search) and writes a table or csv");
    if (a.has("scalesim-exact") && a.has("fast-memory"))
        throw CliError("--scalesim-exact and --fast-memory exclude each other");
    if (!a.has("accelerator") && !a.has("system"))
        throw CliError("missing required option --accelerator (or --system)");
    if (!a.has("workload") && !a.has("mix")) throw CliError("missing required option --workload (or --mix)");
    io::ReadOptions read_options;
    if (const auto shapes = a.get("input-shape")) read_options.onnx = parseInputShapes(*shapes);
    if (const auto s = a.get("system")) {
        const search::SystemDesign design = loadSystemDesign(*s);
        const double clock_mhz = design.system.units.front().accelerator.clock_mhz;
        const workload::WorkloadMix mix =
            a.has("mix") ? loadWorkloadMix(*a.get("mix"), clock_mhz)
                         : workload::mixOfOne(loadWorkloadFile(a.require("workload"), read_options).network);
        return runSystemEvaluate(design, mix, scheduler, format, a.get("output"));
    }
    const std::string acc_arg = a.require("accelerator");
    const io::AcceleratorFile acc_file = loadAcceleratorFile(acc_arg);
    const hardware::Accelerator& acc = acc_file.accelerator;
    // A SCALE-Sim .cfg is compared with SCALE-Sim's reports: its USER mode is replayed exactly by default.
    const bool scalesim_cfg = acc_file.format == io::FileFormatId::ScaleSimConfig;
    const model::SystolicOptions systolic_options =
        scalesim_cfg ? io::scaleSimWorkflowOptions(acc, a.has("scalesim-exact"), a.has("fast-memory"))
                     : model::SystolicOptions{.exact_memory = a.has("scalesim-exact")};

    // The one evaluation policy (search::EvaluationPolicy): best template by EDP unless told otherwise.
    search::EvaluationPolicy policy;
    policy.mode = search::EvaluationPolicy::Mode::BestTemplate;
    policy.systolic = systolic_options;
    if (auto d = a.get("dataflow")) {
        const auto df = mapping::parseDataflow(*d);
        if (!df) throw CliError("--dataflow: expected ws, os, is, rs, kc-p or yx-p, got '" + *d + "'");
        policy.mode = search::EvaluationPolicy::Mode::Template;
        policy.dataflow = *df;
    }
    if (a.has("search")) {
        // The mapper's defaults (search::MapperOptions); --dataflow constrains its spatial unrolling.
        policy.free_mapspace = policy.mode != search::EvaluationPolicy::Mode::Template;
        policy.mode = search::EvaluationPolicy::Mode::Search;
        policy.budget = search::MapperOptions{}.budget;
    }
    if (const auto m = a.get("mix"))
        return runSystemEvaluate(search::designOfOne(acc, policy), loadWorkloadMix(*m, acc.clock_mhz), scheduler,
                                 format, a.get("output"));
    const workload::Network net =
        withAttentionReuseOptions(a, loadWorkloadFile(a.require("workload"), read_options).network);
    if (auto path = a.get("mapping")) {
        auto r = io::readMappingFile(*path, acc);
        if (!r.ok()) throw CliError(formatDiagnostics(*path, r.errors));
        policy.mode = search::EvaluationPolicy::Mode::MappingFile;
        for (auto& [name, m] : *r.value) {
            if (!name.empty() && net.find(name) < 0)
                throw CliError(*path + ": /layers/" + name + ": no such layer in " + net.name);
            policy.mappings[name] = m;
        }
        // A given mapping that does not fit its layer's shape or the array is bad input; one whose tiles
        // exceed a buffer is a runtime failure of that layer only (reported, exit 1, the others evaluated).
        for (const auto& l : net.layers) {
            if (!workload::hasMacs(l.type)) continue;
            auto it = policy.mappings.count(l.name) ? policy.mappings.find(l.name) : policy.mappings.find("");
            if (it == policy.mappings.end()) throw CliError(*path + ": no mapping for layer " + l.name);
            if (auto v = mapping::checkStructure(l, acc, it->second)) {
                const int lv = v.level;
                throw CliError(*path + ": layer " + l.name + ": " +
                               mapping::describe(v, lv >= 0 && lv < acc.numLevels() ? acc.levels[lv].name : ""));
            }
        }
    }
    if (cost_model == "maestro")
        return maestroModel(net, acc, search::mappingChooser(acc, policy), format, a.get("output"));
    const model::NetworkCost cost = search::evaluateDesign(net, acc, policy);

    std::string out;
    if (format == "json") out = io::evaluationJson(net, acc, cost).dump(2) + "\n";
    else if (format == "csv") out = csv(net, acc, cost);
    else out = table(net, acc, cost);
    writeOutput(a.get("output"), out);
    for (const auto& r : cost.layers)
        if (!r.mapped) std::cerr << "archscape-cli evaluate: " << layerError(net, r, acc) << "\n";
    return cost.unmapped ? kExitFailure : kExitOk;
}

const CommandRegistration kRegistration{
    {"evaluate", "cost of a workload on an accelerator, per layer and in total", kUsage, &run}};

} // namespace

} // namespace archscape::cli
