// archscape-cli import scalesim: SCALE-Sim .cfg + topology CSV → Archscape workload and accelerator JSON
// (and, on request, SCALE-Sim's own report CSVs computed by the systolic engine).
#include <filesystem>
#include <iostream>

#include "args.h"
#include "command.h"
#include "common/atomic_file.h"
#include "common/parse_result.h"
#include "inputs.h"
#include "io/accelerator_json.h"
#include "io/file_format.h"
#include "io/scalesim_config.h"
#include "io/scalesim_report.h"
#include "io/scalesim_topology.h"
#include "io/workload_json.h"
#include "stop_signals.h"

namespace archscape::cli {

namespace {

constexpr std::string_view kUsage =
    "usage: archscape-cli import scalesim --config C.cfg --topology T.csv [--output-dir D]\n"
    "                                     [--topology-format auto|conv|gemm] [--reports]\n"
    "                                     [--scalesim-exact | --fast-memory]\n"
    "       archscape-cli import onnx|maestro|timeloop ARGS   (same as convert --from FORMAT ARGS)\n"
    "       archscape-cli import FILE [ARGS]   (the format told by FILE's content, docs/formats.md)\n\n"
    "Converts SCALE-Sim v2 inputs into Archscape files in D (default: the current directory):\n"
    "  <topology name>.workload.json      archscape/workload, one layer per topology row\n"
    "  <run_name>.accelerator.json        archscape/accelerator, kind systolic\n"
    "--reports also writes SCALE-Sim's COMPUTE_REPORT.csv, BANDWIDTH_REPORT.csv and\n"
    "DETAILED_ACCESS_REPORT.csv for the pair, from Archscape's systolic engine (docs/systolic.md);\n"
    "With InterfaceBandwidth USER they replay SCALE-Sim's prefetch/write-buffer simulation address by\n"
    "address (exact stalls; seconds for a whole ResNet-50) unless --fast-memory asks for the O(folds)\n"
    "estimate; in CALC mode --scalesim-exact replays SCALE-Sim's DRAM accounting instead of the closed form.\n"
    "Exit codes: 0 ok, 1 a file could not be written, 2 bad arguments or invalid input files.\n";

void write(const std::filesystem::path& path, const std::string& content) {
    std::string error;
    if (!writeFileAtomically(path.string(), content, &error))
        throw CliError("cannot write " + path.string() + ": " + error, kExitFailure);
    std::cout << path.string() << "\n";
}

/// `import onnx|maestro|timeloop ARGS` is `convert --from FORMAT ARGS` (one converter per format).
int delegateToConvert(const std::vector<std::string>& argv) {
    for (const auto& c : commands())
        if (c.name == "convert") {
            std::vector<std::string> args{"--from", argv[0]};
            args.insert(args.end(), argv.begin() + 1, argv.end());
            return c.run(args);
        }
    throw CliError("the convert command is missing from this build", kExitFailure);
}

/// `import FILE...` without a format name: the format table (io/file_format.h) names the converter.
std::vector<std::string> withFormatName(const std::vector<std::string>& argv) {
    const auto d = io::detect(argv[0]);
    if (!d.ok()) throw CliError(diagnosticsMessage(argv[0], d.errors));
    const io::FileFormat& format = io::fileFormat(d.value->formats.front());
    const char* name = format.id == io::FileFormatId::Onnx             ? "onnx"
                       : format.id == io::FileFormatId::MaestroMapping ? "maestro"
                       : format.family == "Timeloop"                   ? "timeloop"
                                                                       : nullptr;
    if (!name)
        throw CliError(argv[0] + ": " + io::wrongKind(*d.value, "ONNX, a MAESTRO mapping or Timeloop YAML").message +
                       "; SCALE-Sim files: import scalesim --config C.cfg --topology T.csv");
    std::vector<std::string> out{name};
    out.insert(out.end(), argv.begin(), argv.end());
    return out;
}

int run(const std::vector<std::string>& argv) {
    if (!argv.empty() && (argv[0] == "onnx" || argv[0] == "maestro" || argv[0] == "timeloop"))
        return delegateToConvert(argv);
    if (!argv.empty() && argv[0] != "scalesim" && std::filesystem::exists(argv[0]))
        return delegateToConvert(withFormatName(argv));
    const Args args(argv, {"config", "topology", "output-dir", "topology-format"},
                    {"reports", "scalesim-exact", "fast-memory"});
    if (args.positional().size() != 1 || args.positional()[0] != "scalesim")
        throw CliError(
            "expected the source format scalesim, onnx, maestro or timeloop "
            "(archscape-cli import scalesim --config C.cfg --topology T.csv)");
    const std::string config_path = args.require("config");
    const std::string topology_path = args.require("topology");
    expectFormat(config_path, io::FileFormatId::ScaleSimConfig);
    expectFormat(topology_path, io::FileFormatId::ScaleSimTopology);
    const std::string fmt = args.get("topology-format").value_or("auto");
    io::ScaleSimTopologyFormat format = io::ScaleSimTopologyFormat::Auto;
    if (fmt == "conv") format = io::ScaleSimTopologyFormat::Conv;
    else if (fmt == "gemm") format = io::ScaleSimTopologyFormat::Gemm;
    else if (fmt != "auto") throw CliError("--topology-format: expected auto, conv or gemm, got '" + fmt + "'");

    const auto acc = io::readScaleSimConfig(config_path);
    const auto topo = io::readScaleSimTopologyFile(topology_path, format);
    std::string problems;
    if (!acc.ok()) problems += diagnosticsMessage(config_path, acc.errors);
    if (!topo.ok()) problems += (problems.empty() ? "" : "\n") + diagnosticsMessage(topology_path, topo.errors);
    if (!problems.empty()) throw CliError(problems, kExitBadInput);

    const std::filesystem::path dir(args.get("output-dir").value_or("."));
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) throw CliError("cannot create " + dir.string() + ": " + ec.message(), kExitFailure);

    const workload::Network net = topo.value->network();
    write(dir / (net.name + ".workload.json"), io::toJson(net).dump(2) + "\n");
    write(dir / (acc.value->name + ".accelerator.json"), io::toJson(*acc.value).dump(2) + "\n");
    if (args.has("scalesim-exact") && args.has("fast-memory"))
        throw CliError("--scalesim-exact and --fast-memory exclude each other");
    if (args.has("reports")) {
        // The report computation has no cancellation points: a signal ends the command at once,
        // exit 1, leaving the report files as they were.
        const StopSignals signals(StopSignals::Mode::ExitAtOnce);
        const model::SystolicOptions options =
            io::scaleSimWorkflowOptions(*acc.value, args.has("scalesim-exact"), args.has("fast-memory"));
        std::string error;
        if (!io::writeScaleSimReports(dir.string(), io::scaleSimReports(*topo.value, *acc.value, options), &error))
            throw CliError(error, kExitFailure);
        std::cout << (dir / "COMPUTE_REPORT.csv").string() << "\n"
                  << (dir / "BANDWIDTH_REPORT.csv").string() << "\n"
                  << (dir / "DETAILED_ACCESS_REPORT.csv").string() << "\n";
    }
    return kExitOk;
}

const CommandRegistration kImport{
    {"import", "SCALE-Sim, ONNX, MAESTRO or Timeloop files into Archscape JSON", kUsage, &run}};

} // namespace

} // namespace archscape::cli
