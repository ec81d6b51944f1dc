#pragma once
// A saved session: `archscape/project` JSON (docs/formats.md, section "archscape/project").
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/parse_result.h"
#include "design_point.h"
#include "explore_settings.h"
#include "hardware/accelerator.h"
#include "search/design_evaluation.h"
#include "workload/network.h"

namespace archscape::app {

/// Everything a project file holds.
struct Project {
    std::string name; ///< the design's name, shown in the title and the report
    workload::Network network;
    hardware::Accelerator accelerator;
    search::EvaluationPolicy mapper;
    ExploreSettings explore;
    std::vector<DesignPoint> designs; ///< explored designs with their totals
    int current_design = -1;          ///< index into designs, -1 = the accelerator was edited
    int selected_layer = -1;

    /// The workload the current design runs: a quantized design's own copy, else `network`.
    const workload::Network& currentNetwork() const {
        if (current_design >= 0 && current_design < int(designs.size()) && designs[current_design].network)
            return *designs[current_design].network;
        return network;
    }
};

/// The one title rule of a project, shared by the window title, File > Export Report and
/// `archscape-cli report`: its name; a project without one is called after its file ("proj1" for
/// proj1.json); a design never saved after its accelerator.
std::string projectTitle(const std::string& name, const std::string& path, const std::string& acceleratorName);

nlohmann::json toJson(const Project& p);
/// Validates every field (collecting all problems) before building the project.
ParseResult<Project> parseProject(const nlohmann::json& j);
ParseResult<Project> readProjectFile(const std::string& path);
/// Writes atomically (temporary file + rename); false with `error` set on failure.
bool writeProjectFile(const std::string& path, const Project& p, std::string* error);

/// What a file given on the command line or dropped on the window contains.
struct OpenedFile {
    enum class Kind { Project, Workload, Accelerator } kind = Kind::Project;
    Project project; ///< for a workload or accelerator file only that part is set
};
/// Reads a project, workload or accelerator file, told apart by its "format" field.
ParseResult<OpenedFile> readAnyFile(const std::string& path);

} // namespace archscape::app
