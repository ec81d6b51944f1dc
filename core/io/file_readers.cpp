#include "io/file_readers.h"

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "io/accelerator_json.h"
#include "io/maestro_dataflow.h"
#include "io/maestro_hardware.h"
#include "io/maestro_mapping.h"
#include "io/scalesim_config.h"
#include "io/timeloop_arch.h"
#include "io/timeloop_problem.h"
#include "io/timeloop_yaml.h"
#include "io/workload_json.h"

namespace archscape::io {

namespace {

template <class T, class U>
ParseResult<T> failed(ParseResult<U>&& r) {
    return ParseResult<T>::failure(std::move(r.errors));
}

std::string fileStem(const std::string& path) { return std::filesystem::path(path).stem().string(); }

ParseResult<std::string> readText(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return ParseResult<std::string>::failure({{"", "cannot open the file"}});
    std::ostringstream s;
    s << in.rdbuf();
    if (in.bad()) return ParseResult<std::string>::failure({{"", "cannot read the file"}});
    return ParseResult<std::string>::success(s.str());
}

/// yaml-cpp throws on some malformed trees even after the readers checked node kinds; no input may
/// crash the caller (as in readTimeloopFiles).
template <class T, class Read>
ParseResult<T> guardedYaml(Read read) {
    try {
        return read();
    } catch (const std::exception& e) {
        return ParseResult<T>::failure({{"", std::string("malformed Timeloop input: ") + e.what()}});
    }
}

ParseResult<WorkloadFile> readOnnxWorkload(const std::string& path, const ReadOptions& options) {
    auto r = readOnnxFile(path, options.onnx);
    if (!r.ok()) return failed<WorkloadFile>(std::move(r));
    WorkloadFile f{std::move(r.value->network), FileFormatId::Onnx, {}};
    for (const auto& u : r.value->unsupported)
        f.notes.push_back(std::to_string(u.count) + " x " + u.op_type +
                          " has no Archscape model; kept as memory-only layers where its shape is known");
    for (const auto& u : r.value->folded)
        f.notes.push_back(std::to_string(u.count) + " x " + u.op_type + " folded (moves no data)");
    for (const auto& u : r.value->fused)
        f.notes.push_back(std::to_string(u.count) + " x " + u.op_type + " fused into the layer it follows");
    return ParseResult<WorkloadFile>::success(std::move(f));
}

ParseResult<WorkloadFile> readMaestroWorkload(const std::string& path) {
    auto text = readText(path);
    if (!text.ok()) return failed<WorkloadFile>(std::move(text));
    auto net = parseMaestroMapping(*text.value);
    if (!net.ok()) return failed<WorkloadFile>(std::move(net));
    WorkloadFile f;
    f.format = FileFormatId::MaestroMapping;
    f.network.name = net.value->name.empty() ? fileStem(path) : net.value->name;
    std::vector<Diagnostic> errors;
    std::set<std::string> names;
    for (const auto& ml : net.value->layers) {
        auto layer = maestroLayer(ml);
        if (!layer.ok()) {
            errors.insert(errors.end(), layer.errors.begin(), layer.errors.end());
            continue;
        }
        // MAESTRO runs layers one after another and names need not be unique; Archscape's must be.
        workload::Layer l = std::move(*layer.value);
        if (l.name.empty()) l.name = "layer" + std::to_string(f.network.layers.size());
        if (!names.insert(l.name).second) {
            std::string unique;
            for (int i = 2; !names.insert(unique = l.name + "_" + std::to_string(i)).second; ++i) {}
            f.notes.push_back("line " + std::to_string(ml.line) + ": layer " + l.name + " renamed " + unique +
                              " (names must be unique)");
            l.name = unique;
        }
        f.network.layers.push_back(std::move(l));
        if (f.network.layers.size() > 1)
            f.network.edges.push_back({int(f.network.layers.size()) - 2, int(f.network.layers.size()) - 1});
    }
    if (!errors.empty()) return ParseResult<WorkloadFile>::failure(std::move(errors));
    if (f.network.layers.empty()) return ParseResult<WorkloadFile>::failure({{"", "the network has no layers"}});
    f.notes.push_back(
        "the Dataflow blocks are not used here (convert --from maestro turns them into an "
        "archscape/mapping file)");
    return ParseResult<WorkloadFile>::success(std::move(f));
}

ParseResult<WorkloadFile> readTimeloopWorkload(const std::string& path) {
    auto doc = readYamlFile(path);
    if (!doc.ok()) return failed<WorkloadFile>(std::move(doc));
    return guardedYaml<WorkloadFile>([&] {
        auto p = parseTimeloopProblem(*doc.value);
        if (!p.ok()) return failed<WorkloadFile>(std::move(p));
        WorkloadFile f;
        f.format = FileFormatId::TimeloopProblem;
        f.network.name = p.value->layer.name.empty() ? fileStem(path) : p.value->layer.name;
        if (p.value->layer.name.empty()) p.value->layer.name = f.network.name;
        f.network.layers.push_back(std::move(p.value->layer));
        return ParseResult<WorkloadFile>::success(std::move(f));
    });
}

ParseResult<AcceleratorFile> readMaestroAccelerator(const std::string& path) {
    auto text = readText(path);
    if (!text.ok()) return failed<AcceleratorFile>(std::move(text));
    auto hw = parseMaestroHardware(*text.value);
    if (!hw.ok()) return failed<AcceleratorFile>(std::move(hw));
    AcceleratorFile f{maestroAccelerator(*hw.value), FileFormatId::MaestroHardware, {}};
    f.accelerator.name = fileStem(path);
    f.notes.push_back("the " + std::to_string(hw.value->num_pes) +
                      " PEs form one row (a dataflow's Cluster size is not known from the hardware file alone)");
    return ParseResult<AcceleratorFile>::success(std::move(f));
}

ParseResult<AcceleratorFile> readTimeloopAccelerator(const std::string& path) {
    auto doc = readYamlFile(path);
    if (!doc.ok()) return failed<AcceleratorFile>(std::move(doc));
    return guardedYaml<AcceleratorFile>([&] {
        const YAML::Node& root = *doc.value;
        auto a = parseTimeloopArch(root);
        if (!a.ok()) return failed<AcceleratorFile>(std::move(a));
        AcceleratorFile f{std::move(a.value->acc), FileFormatId::TimeloopArchitecture, std::move(a.value->notes)};
        if (root.IsMap() && (root["ERT"] || root["ERT_summary"])) {
            auto errors = applyTimeloopErt(root, f.accelerator);
            if (!errors.empty()) return ParseResult<AcceleratorFile>::failure(std::move(errors));
        }
        return ParseResult<AcceleratorFile>::success(std::move(f));
    });
}

/// What the file is, or the diagnostic that says why it cannot be read as `kind`.
ParseResult<FileFormatId> formatFor(const std::string& path, FileKind kind) {
    auto d = detect(path);
    if (!d.ok()) return failed<FileFormatId>(std::move(d));
    if (const auto id = d.value->holding(kind)) return ParseResult<FileFormatId>::success(*id);
    return ParseResult<FileFormatId>::failure({wrongKind(*d.value, describeKind(kind))});
}

ParseResult<WorkloadFile> readWorkloadAs(const std::string& path, const ReadOptions& options) {
    const auto format = formatFor(path, FileKind::Workload);
    if (!format.ok()) return ParseResult<WorkloadFile>::failure(format.errors);
    switch (*format.value) {
    case FileFormatId::Onnx: return readOnnxWorkload(path, options);
    case FileFormatId::MaestroMapping: return readMaestroWorkload(path);
    case FileFormatId::TimeloopProblem: return readTimeloopWorkload(path);
    case FileFormatId::ScaleSimTopology: {
        auto r = readScaleSimTopology(path, options.topology);
        if (!r.ok()) return failed<WorkloadFile>(std::move(r));
        return ParseResult<WorkloadFile>::success({std::move(*r.value), FileFormatId::ScaleSimTopology, {}});
    }
    default: { // Archscape JSON: the workload reader checks the header
        auto r = readWorkloadFile(path);
        if (!r.ok()) return failed<WorkloadFile>(std::move(r));
        return ParseResult<WorkloadFile>::success({std::move(*r.value), *format.value, {}});
    }
    }
}

} // namespace

ParseResult<WorkloadFile> readWorkloadAny(const std::string& path, const ReadOptions& options) {
    auto r = readWorkloadAs(path, options);
    // Every format's layers are checked by its reader; their sum is checked here (issue 18).
    if (r.ok())
        if (const std::string e = workload::countsOverflow(r.value->network); !e.empty())
            return ParseResult<WorkloadFile>::failure({{"", "expected " + e}});
    return r;
}

ParseResult<AcceleratorFile> readAcceleratorAny(const std::string& path, const ReadOptions&) {
    const auto format = formatFor(path, FileKind::Accelerator);
    if (!format.ok()) return ParseResult<AcceleratorFile>::failure(format.errors);
    switch (*format.value) {
    case FileFormatId::MaestroHardware: return readMaestroAccelerator(path);
    case FileFormatId::TimeloopArchitecture: return readTimeloopAccelerator(path);
    case FileFormatId::ScaleSimConfig: {
        auto r = readScaleSimConfig(path);
        if (!r.ok()) return failed<AcceleratorFile>(std::move(r));
        return ParseResult<AcceleratorFile>::success({std::move(*r.value), FileFormatId::ScaleSimConfig, {}});
    }
    default: {
        auto r = readAcceleratorFile(path);
        if (!r.ok()) return failed<AcceleratorFile>(std::move(r));
        return ParseResult<AcceleratorFile>::success({std::move(*r.value), *format.value, {}});
    }
    }
}

} // namespace archscape::io
