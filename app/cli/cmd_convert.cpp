// archscape-cli convert: ONNX, MAESTRO and Timeloop descriptions into Archscape JSON, and Archscape
// designs out to MAESTRO .m, Timeloop YAML and SCALE-Sim .cfg + topology CSV (docs/maestro.md,
// docs/timeloop.md, docs/systolic.md).
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <vector>

#include <nlohmann/json.hpp>

#include "args.h"
#include "command.h"
#include "common/atomic_file.h"
#include "common/parse_result.h"
#include "inputs.h"
#include "io/accelerator_json.h"
#include "io/maestro_dataflow.h"
#include "io/maestro_hardware.h"
#include "io/maestro_layer_problem.h"
#include "io/maestro_mapping.h"
#include "io/maestro_report.h"
#include "io/mapping_json.h"
#include "io/onnx_import.h"
#include "io/scalesim_config.h"
#include "io/scalesim_topology.h"
#include "io/timeloop_arch.h"
#include "io/timeloop_mapping.h"
#include "io/timeloop_problem.h"
#include "io/timeloop_spec.h"
#include "io/workload_json.h"
#include "mapping/dataflow.h"
#include "mapping/validity.h"
#include "model/maestro_analysis.h"

namespace archscape::cli {

namespace {

constexpr std::string_view kUsage =
    "usage: archscape-cli convert --from onnx MODEL.onnx [--input-shape NAME=1x3x224x224[,NAME2=...]]\n"
    "       archscape-cli convert --from maestro MAPPING.m [--hw HW.m] [--reports]\n"
    "       archscape-cli convert --from timeloop FILE.yaml... [--to json|timeloop]\n"
    "       archscape-cli convert --from json --workload W.json --accelerator A.json [--mapping M.json]\n"
    "                             [--dataflow kc-p|ws|os|is|rs|yx-p] --to maestro|timeloop|scalesim\n"
    "       common: [--output-dir D] (default: the current directory)\n\n"
    "Reads another tool's description and writes Archscape's, or the reverse; every file written is\n"
    "printed on stdout, notes on what could not be carried over on stderr.\n"
    "  onnx      → <graph>.workload.json (unsupported operators are listed with their counts)\n"
    "  maestro   → <network>.workload.json, <network>.accelerator.json (from --hw, else one PE per\n"
    "              layer tile), <network>.mapping.json (one mapping per layer); --reports also runs\n"
    "              the MAESTRO-faithful analysis and writes <MAPPING>.csv with the header and columns\n"
    "              of MAESTRO's --print_res_csv_file report (docs/maestro.md)\n"
    "  timeloop  → <problem>.workload.json, timeloop.accelerator.json (ERT energies applied when an\n"
    "              ERT/ERT_summary file is given), <problem>.mapping.json; --to timeloop rewrites the\n"
    "              inputs as one normalised YAML file\n"
    "  json      → --to maestro: <network>.m and <network>.hw.m; --to timeloop: <layer>.timeloop.yaml\n"
    "              per layer (problem, architecture, mapping). Without --mapping, layers take the\n"
    "              --dataflow template mapping (default kc-p). --to scalesim: <network>.csv (SCALE-Sim\n"
    "              conv topology) and <accelerator>.cfg (array, dataflow, SRAM sizes, CALC or USER\n"
    "              bandwidth); the accelerator must be systolic (docs/systolic.md)\n"
    "Exit codes: 0 ok, 1 a file could not be written or a layer has no mapping, 2 bad arguments or input.\n";

std::string readText(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw CliError(path + ": cannot open");
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

/// The files of one conversion, written all or none: each is written out completely beside its
/// target first, and only when every one is on disk are they renamed into place (a full disk used
/// to leave 2 of 3 files; issue 18). Destroyed without commit(), the temporary files go.
struct Output {
    std::filesystem::path dir;
    std::vector<std::unique_ptr<AtomicFileWriter>> files;
    std::vector<std::string> paths;
    void write(const std::string& name, const std::string& content) {
        const auto path = dir / name;
        auto file = std::make_unique<AtomicFileWriter>(path.string());
        if (!file->append(content) || !file->prepare())
            throw CliError("cannot write " + path.string() + ": " + file->error() + " (no file written)", kExitFailure);
        files.push_back(std::move(file));
        paths.push_back(path.string());
    }
    void commit() {
        for (std::size_t i = 0; i < files.size(); ++i) {
            if (!files[i]->commit())
                throw CliError("cannot write " + paths[i] + ": " + files[i]->error(), kExitFailure);
            std::cout << paths[i] << "\n";
        }
        files.clear();
    }
};

nlohmann::json networkMappings(const std::vector<std::pair<std::string, mapping::Mapping>>& maps,
                               const hardware::Accelerator& acc) {
    nlohmann::json layers = nlohmann::json::object();
    for (const auto& [name, m] : maps) {
        nlohmann::json one = io::toJson(m, acc);
        one.erase("format");
        one.erase("version");
        layers[name] = std::move(one);
    }
    return {{"format", "archscape/mapping"}, {"version", 1}, {"layers", std::move(layers)}};
}

int fromOnnx(const Args& args, Output& out) {
    if (args.positional().size() != 1) throw CliError("--from onnx takes one model file");
    const std::string path = args.positional()[0];
    io::OnnxImportOptions options;
    if (const auto shapes = args.get("input-shape")) {
        std::stringstream ss(*shapes);
        std::string item;
        while (std::getline(ss, item, ',')) {
            std::string name;
            std::vector<std::int64_t> dims;
            if (!io::parseInputShape(item, name, dims))
                throw CliError("--input-shape: expected NAME=1x3x224x224, got '" + item + "'");
            options.input_shapes[name] = dims;
        }
    }
    const auto r = io::readOnnxFile(path, options);
    if (!r.ok()) throw CliError(diagnosticsMessage(path, r.errors), kExitBadInput);
    for (const auto& u : r.value->unsupported)
        std::cerr << path << ": note: " << u.count << " x " << u.op_type
                  << " has no Archscape model; kept as memory-only layers where its shape is known\n";
    for (const auto& f : r.value->folded)
        std::cerr << path << ": note: " << f.count << " x " << f.op_type << " folded (moves no data)\n";
    for (const auto& f : r.value->fused)
        std::cerr << path << ": note: " << f.count << " x " << f.op_type << " fused into the layer it follows\n";
    out.write(r.value->network.name + ".workload.json", io::toJson(r.value->network).dump(2) + "\n");
    return kExitOk;
}

/// `--reports`: MAESTRO's own analysis of every layer (model::analyzeMaestro) as MAESTRO's CSV,
/// <MAPPING>.csv. Without a hardware file, MAESTRO's command-line defaults apply (NoC latency 0,
/// off-chip bandwidth 70000) with 256 PEs, as `maestro --num_pes=256` computes. Returns the number
/// of layers left out (reported on stderr); buffer and bandwidth excesses are warnings, as in MAESTRO.
int maestroReports(const std::string& path, const io::MaestroNetwork& net, const io::MaestroHardware& hw, bool have_hw,
                   Output& out) {
    model::MaestroConfig config = io::maestroConfig(hw);
    if (!have_hw) {
        config.noc_latency = 0;
        config.offchip_bw = 70000;
    }
    std::vector<io::MaestroReportRow> rows;
    int failed = 0;
    std::int64_t l1_need = 0, l2_need = 0, noc_need = 0, offchip_need = 0;
    for (const auto& ml : net.layers) {
        const auto problem = io::maestroProblem(ml);
        if (!problem.ok()) {
            ++failed;
            std::cerr << diagnosticsMessage(path, problem.errors) << " (left out of the report)\n";
            continue;
        }
        io::MaestroReportRow row;
        row.network = net.maestro_name;
        row.layer = ml.maestro_name;
        row.result = model::analyzeMaestro(*problem.value, config);
        int clusters = 0;
        for (const auto& d : ml.dataflow) clusters += d.kind == io::MaestroDirective::Kind::Cluster;
        row.levels = clusters + 1;
        if (!row.result.ok) {
            ++failed;
            std::cerr << path << ": line " << ml.line << ": layer " << ml.name << ": " << row.result.error
                      << " (left out of the report)\n";
            continue;
        }
        l1_need = std::max(l1_need, row.result.l1SizeTotal());
        l2_need = std::max(l2_need, row.result.l2SizeTotal());
        noc_need = std::max(noc_need, row.result.peak_noc_bw);
        offchip_need = std::max(offchip_need, row.result.offchip_bw);
        rows.push_back(std::move(row));
    }
    // MAESTRO's warnings: they change nothing in the figures.
    if (l1_need > config.l1_size)
        std::cerr << path << ": warning: per-layer L1 size requirement " << l1_need << " exceeds l1_size_cstr "
                  << config.l1_size << "\n";
    if (l2_need > config.l2_size)
        std::cerr << path << ": warning: per-layer L2 size requirement " << l2_need << " exceeds l2_size_cstr "
                  << config.l2_size << "\n";
    if (noc_need > config.noc_bw)
        std::cerr << path << ": warning: per-layer NoC bandwidth requirement " << noc_need << " exceeds noc_bw_cstr "
                  << config.noc_bw << "\n";
    if (offchip_need > config.offchip_bw)
        std::cerr << path << ": warning: per-layer off-chip bandwidth requirement " << offchip_need
                  << " exceeds offchip_bw_cstr " << config.offchip_bw << "\n";
    out.write(std::filesystem::path(path).stem().string() + ".csv", io::maestroCsv(rows, config));
    return failed;
}

int fromMaestro(const Args& args, Output& out) {
    if (args.positional().size() != 1) throw CliError("--from maestro takes one mapping (.m) file");
    const std::string path = args.positional()[0];
    const auto net = io::parseMaestroMapping(readText(path));
    if (!net.ok()) throw CliError(diagnosticsMessage(path, net.errors), kExitBadInput);
    for (const auto& n : net.value->notes) std::cerr << path << ": " << n.path << ": note: " << n.message << "\n";
    io::MaestroHardware hw;
    const auto hw_path = args.get("hw");
    if (hw_path) {
        const auto h = io::parseMaestroHardware(readText(*hw_path));
        if (!h.ok()) throw CliError(diagnosticsMessage(*hw_path, h.errors), kExitBadInput);
        hw = *h.value;
    } else {
        std::cerr << path << ": note: no --hw file; using 256 PEs and unbounded buffers\n";
        hw.num_pes = 256;
    }
    // One accelerator for the network, shaped by the cluster size of the first layer that has one;
    // layers with other cluster structures are placed on it (io::maestroMapping).
    std::int64_t cluster = 0;
    for (const auto& l : net.value->layers)
        if (const auto u = io::maestroClusterSize(l.dataflow); u > 0 && cluster == 0) cluster = u;
    hardware::Accelerator acc = io::maestroAccelerator(hw, cluster);
    acc.name = net.value->name.empty() ? "maestro" : net.value->name;
    workload::Network network;
    network.name = acc.name;
    std::vector<std::pair<std::string, mapping::Mapping>> maps;
    // A layer that does not convert is reported and left out; the others are written (exit 1).
    int failed = 0;
    const auto report = [&](const std::vector<Diagnostic>& errors) {
        ++failed;
        std::cerr << diagnosticsMessage(path, errors) << "\n";
    };
    for (const auto& ml : net.value->layers) {
        const auto layer = io::maestroLayer(ml);
        if (!layer.ok()) {
            report(layer.errors);
            continue;
        }
        const auto m = io::maestroMapping(ml, *layer.value, acc);
        if (!m.ok()) {
            report(m.errors);
            continue;
        }
        if (const auto v = mapping::check(*layer.value, acc, *m.value))
            std::cerr << path << ": note: layer " << ml.name << ": " << mapping::describe(v)
                      << " (MAESTRO only warns about buffer sizes)\n";
        network.layers.push_back(*layer.value);
        if (network.layers.size() > 1)
            network.edges.push_back({int(network.layers.size()) - 2, int(network.layers.size()) - 1});
        maps.emplace_back(ml.name, *m.value);
    }
    if (args.has("reports")) failed += maestroReports(path, *net.value, hw, hw_path.has_value(), out);
    if (network.layers.empty()) throw CliError(path + ": no layer converts", kExitBadInput);
    out.write(network.name + ".workload.json", io::toJson(network).dump(2) + "\n");
    out.write(network.name + ".accelerator.json", io::toJson(acc).dump(2) + "\n");
    out.write(network.name + ".mapping.json", networkMappings(maps, acc).dump(2) + "\n");
    if (failed)
        std::cerr << path << ": " << failed << " of " << net.value->layers.size()
                  << " layers could not be converted (above); the others were written\n";
    return failed ? kExitFailure : kExitOk;
}

int fromTimeloop(const Args& args, Output& out) {
    if (args.positional().empty())
        throw CliError("--from timeloop takes the YAML files (problem, architecture, mapping, ERT)");
    const auto r = io::readTimeloopFiles(args.positional());
    if (!r.ok()) {
        std::string s;
        for (const auto& d : r.errors) s += (s.empty() ? "" : "\n") + d.path + ": " + d.message;
        throw CliError(s, kExitBadInput);
    }
    const io::TimeloopSpec& spec = *r.value;
    if (spec.arch)
        for (const auto& n : spec.arch->notes) std::cerr << "note: " << n << "\n";
    if (args.get("to").value_or("json") == "timeloop") {
        std::string text;
        if (spec.problem) text += io::writeTimeloopProblem(spec.problem->layer);
        if (spec.arch) text += io::writeTimeloopArch(spec.arch->acc);
        if (spec.mapping && spec.arch && spec.problem)
            text += io::writeTimeloopMapping(*spec.mapping, spec.arch->acc, io::timeloopCnnDimNames(),
                                             spec.problem->dataspace_names);
        out.write("timeloop.yaml", text);
        return kExitOk;
    }
    std::string name = "timeloop";
    if (spec.problem) {
        workload::Network net;
        net.name = name = spec.problem->layer.name;
        net.layers.push_back(spec.problem->layer);
        out.write(name + ".workload.json", io::toJson(net).dump(2) + "\n");
    }
    if (spec.arch) out.write("timeloop.accelerator.json", io::toJson(spec.arch->acc).dump(2) + "\n");
    if (spec.mapping) out.write(name + ".mapping.json", io::toJson(*spec.mapping, spec.arch->acc).dump(2) + "\n");
    return kExitOk;
}

/// SCALE-Sim's two inputs for a systolic accelerator and a workload (reading them back with
/// `import scalesim` gives the same GEMMs, docs/systolic.md §7).
int toScaleSim(const workload::Network& net, const hardware::Accelerator& acc, Output& out) {
    if (acc.kind != hardware::AcceleratorKind::Systolic)
        throw CliError(
            "--to scalesim: accelerator " + acc.name + " is not systolic (kind \"systolic\" with a dataflow)",
            kExitBadInput);
    std::vector<std::string> notes;
    const std::string csv = io::toScaleSimTopologyCsv(net, &notes);
    for (const auto& n : notes) std::cerr << "note: " << n << "\n";
    out.write(net.name + ".csv", csv);
    out.write((acc.name.empty() ? std::string("archscape") : acc.name) + ".cfg", io::toScaleSimConfig(acc));
    return kExitOk;
}

int fromJson(const Args& args, Output& out) {
    const std::string to = args.require("to");
    if (to != "maestro" && to != "timeloop" && to != "scalesim")
        throw CliError("--from json: --to must be maestro, timeloop or scalesim");
    const std::string wpath = args.require("workload"), apath = args.require("accelerator");
    const auto net = readWorkloadInput(wpath);
    const auto acc = readAcceleratorInput(apath);
    std::string problems;
    if (!net.ok()) problems += diagnosticsMessage(wpath, net.errors);
    if (!acc.ok()) problems += (problems.empty() ? "" : "\n") + diagnosticsMessage(apath, acc.errors);
    if (!problems.empty()) throw CliError(problems, kExitBadInput);
    if (to == "scalesim") return toScaleSim(*net.value, *acc.value, out);
    std::vector<std::pair<std::string, mapping::Mapping>> given;
    if (const auto mpath = args.get("mapping")) {
        const auto m = io::readMappingFile(*mpath, *acc.value);
        if (!m.ok()) throw CliError(diagnosticsMessage(*mpath, m.errors), kExitBadInput);
        given = *m.value;
    }
    const auto df = mapping::parseDataflow(args.get("dataflow").value_or("kc-p"));
    if (!df) throw CliError("--dataflow: expected ws, os, is, rs, kc-p or yx-p");
    std::string maestro_text =
        "// written by archscape-cli convert from " + wpath + "\nNetwork " + net.value->name + " {\n";
    std::vector<Diagnostic> errors;
    bool unmapped = false;
    for (const auto& layer : net.value->layers) {
        if (const auto why = io::loopNestRefusal(layer, to == "maestro" ? "MAESTRO" : "Timeloop")) {
            std::cerr << "note: " << *why << "\n";
            continue;
        }
        if (!workload::hasMacs(layer.type)) {
            std::cerr << "note: layer " << layer.name << " (" << workload::toString(layer.type)
                      << ") moves data only; MAESTRO and Timeloop model MAC layers, so it is left out\n";
            continue;
        }
        std::optional<mapping::Mapping> m;
        for (const auto& [name, g] : given)
            if (name.empty() || name == layer.name) m = g;
        if (!m) m = mapping::templateMapping(layer, *acc.value, *df);
        if (!m) {
            std::cerr << "layer " << layer.name << ": no valid mapping on " << acc.value->name << "\n";
            unmapped = true;
            continue;
        }
        if (to == "maestro") {
            const auto text = io::writeMaestroLayer(layer, *m, *acc.value);
            if (!text.ok()) errors.insert(errors.end(), text.errors.begin(), text.errors.end());
            else maestro_text += *text.value;
        } else {
            const std::string text =
                io::writeTimeloopProblem(layer) + io::writeTimeloopArch(*acc.value) +
                io::writeTimeloopMapping(*m, *acc.value, io::timeloopCnnDimNames(), {"Weights", "Inputs", "Outputs"});
            out.write(layer.name + ".timeloop.yaml", text);
        }
    }
    if (!errors.empty()) throw CliError(diagnosticsMessage(wpath, errors), kExitBadInput);
    if (to == "maestro") {
        out.write(net.value->name + ".m", maestro_text + "}\n");
        out.write(net.value->name + ".hw.m", io::writeMaestroHardware(*acc.value));
    }
    return unmapped ? kExitFailure : kExitOk;
}

int run(const std::vector<std::string>& argv) {
    const Args args(argv,
                    {"from", "to", "input-shape", "hw", "workload", "accelerator", "mapping", "dataflow", "output-dir"},
                    {"reports"});
    const std::string from = args.require("from");
    Output out{std::filesystem::path(args.get("output-dir").value_or("."))};
    std::error_code ec;
    std::filesystem::create_directories(out.dir, ec);
    if (ec) throw CliError("cannot create " + out.dir.string() + ": " + ec.message(), kExitFailure);
    const std::string to = args.get("to").value_or(from == "json" ? "" : "json");
    const auto converted = [&](int code) {
        out.commit();
        return code;
    };
    if (from == "onnx" && to == "json") return converted(fromOnnx(args, out));
    if (from == "maestro" && to == "json") return converted(fromMaestro(args, out));
    if (from == "timeloop" && (to == "json" || to == "timeloop")) return converted(fromTimeloop(args, out));
    if (from == "json") return converted(fromJson(args, out));
    throw CliError("cannot convert from '" + from + "' to '" + to +
                   "' (from onnx|maestro|timeloop to json, timeloop to timeloop, json to maestro|timeloop|scalesim)");
}

const CommandRegistration kConvert{
    {"convert", "convert ONNX, MAESTRO and Timeloop descriptions to and from Archscape", kUsage, &run}};

} // namespace

} // namespace archscape::cli
