#include "presets.h"

#include "common/presets_directory.h"
#include "io/accelerator_json.h"
#include "io/preset_catalog.h"
#include "io/workload_json.h"

namespace archscape::app {

std::string presetPath(const std::string& kind, const std::string& name) {
    return io::resolvePreset(kind, name).value_or(presetsDirectory() + "/" + kind + "/" + name + ".json");
}

ParseResult<Project> loadPreset(const std::string& workload, const std::string& accelerator) {
    const std::string wpath = presetPath("workloads", workload);
    const std::string apath = presetPath("accelerators", accelerator);
    auto net = io::readWorkloadFile(wpath);
    auto acc = io::readAcceleratorFile(apath);
    std::vector<Diagnostic> errors;
    for (auto& d : net.errors) errors.push_back({wpath + (d.path.empty() ? "" : ": " + d.path), d.message});
    for (auto& d : acc.errors) errors.push_back({apath + (d.path.empty() ? "" : ": " + d.path), d.message});
    if (!errors.empty()) return ParseResult<Project>::failure(std::move(errors));
    Project p;
    p.network = std::move(*net.value);
    p.accelerator = std::move(*acc.value);
    p.selected_layer = p.network.layers.empty() ? -1 : 0;
    return ParseResult<Project>::success(std::move(p));
}

ParseResult<Project> loadDefaultPreset() { return loadPreset("resnet50", "eyeriss"); }

} // namespace archscape::app
