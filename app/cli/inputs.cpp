#include "inputs.h"

#include <cstdio>

#include "args.h"
#include "common/atomic_file.h"
#include "common/parse_result.h"
#include "io/accelerator_json.h"
#include "io/preset_catalog.h"
#include "io/scalesim_config.h"
#include "io/scalesim_topology.h"
#include "io/workload_json.h"

namespace archscape::cli {

namespace {

bool endsWith(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

template <class Read>
auto load(const std::string& kind, const std::string& name_or_path, Read read) {
    const auto path = io::resolvePreset(kind, name_or_path);
    if (!path) {
        std::string known;
        for (const auto& p : io::listPresets(kind)) known += (known.empty() ? "" : ", ") + p;
        throw CliError(name_or_path + ": no such file or " + kind + " preset (presets: " + known + ")");
    }
    auto r = read(*path);
    if (!r.ok()) throw CliError(diagnosticsMessage(*path, r.errors));
    return std::move(*r.value);
}

} // namespace

std::string diagnosticsMessage(const std::string& file, const std::vector<Diagnostic>& errors) {
    std::string s = formatDiagnostics(file, errors);
    if (!s.empty() && s.back() == '\n') s.pop_back();
    return s;
}

workload::Network loadWorkload(const std::string& name_or_path) {
    // SCALE-Sim topology CSVs are read directly, so users can evaluate their existing files.
    if (endsWith(name_or_path, ".csv"))
        return load("workloads", name_or_path, [](const std::string& p) { return io::readScaleSimTopology(p); });
    return load("workloads", name_or_path, io::readWorkloadFile);
}

hardware::Accelerator loadAccelerator(const std::string& name_or_path) {
    if (endsWith(name_or_path, ".cfg")) return load("accelerators", name_or_path, io::readScaleSimConfig);
    return load("accelerators", name_or_path, io::readAcceleratorFile);
}

void writeOutput(const std::optional<std::string>& path, const std::string& content) {
    if (!path) {
        std::fwrite(content.data(), 1, content.size(), stdout);
        std::fflush(stdout);
        return;
    }
    std::string error;
    if (!writeFileAtomically(*path, content, &error)) throw CliError(*path + ": " + error, 1);
}

} // namespace archscape::cli
