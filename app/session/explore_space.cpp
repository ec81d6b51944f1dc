#include "explore_space.h"

#include <filesystem>

#include "io/accelerator_json.h"
#include "io/design_space_json.h"
#include "io/json_file.h"
#include "io/preset_catalog.h"
#include "search/design_evaluation.h"

namespace archscape::app {

namespace {

template <class T>
search::Axis numericAxis(search::Param param, std::string name, int level, const std::vector<T>& values) {
    search::Axis a;
    a.param = param;
    a.name = std::move(name);
    a.level = level;
    for (T v : values) {
        a.values.push_back(double(v));
        a.labels.push_back(std::to_string(v));
    }
    return a;
}

} // namespace

search::DesignSpace designSpace(const ExploreSettings& settings, const hardware::Accelerator& base,
                                const search::EvaluationPolicy& mapper) {
    search::DesignSpace space;
    space.name = base.name + " sweep";
    space.base = base;
    space.mapper = search::mapperOptions(mapper);
    space.axes.push_back(numericAxis(search::Param::PeRows, "pe_rows", -1, settings.pe_rows));
    space.axes.push_back(numericAxis(search::Param::PeCols, "pe_cols", -1, settings.pe_cols));
    const int buffer = base.fanoutLevel() - 1; // innermost shared level
    if (buffer >= 1)
        space.axes.push_back(numericAxis(search::Param::LevelCapacity, base.levels[buffer].name + ".capacity_bytes",
                                         buffer, settings.buffer_bytes));
    search::Axis dataflows;
    dataflows.param = search::Param::Dataflow;
    dataflows.name = "dataflow";
    for (mapping::Dataflow d : settings.dataflows) {
        dataflows.dataflows.push_back(d);
        dataflows.labels.emplace_back(mapping::toString(d));
    }
    space.axes.push_back(std::move(dataflows));
    return space;
}

std::string designName(const hardware::Accelerator& base, const hardware::Accelerator& design,
                       mapping::Dataflow dataflow) {
    std::string name = base.name + " " + std::to_string(design.pe.rows) + "x" + std::to_string(design.pe.cols);
    const int buffer = design.fanoutLevel() - 1;
    if (buffer >= 1) name += " " + std::to_string(design.levels[buffer].capacity_bytes >> 10) + "KiB";
    return name + " " + std::string(mapping::toString(dataflow));
}

std::string pointName(const search::DesignSpace& space, const std::vector<std::uint16_t>& choice,
                      std::string* details) {
    std::string name = space.name;
    if (details) details->clear();
    for (std::size_t a = 0; a < space.axes.size() && a < choice.size(); ++a) {
        const std::string& label = space.axes[a].labels[choice[a]];
        name += " " + label;
        if (details) *details += (a ? ", " : "") + space.axes[a].name + "=" + label;
    }
    return name;
}

ParseResult<SpaceChoice> spaceChoiceFromDocument(const std::string& source, const nlohmann::json& document) {
    // A base given as a path is resolved next to the file the space came from.
    std::string baseDir = ".";
    if (const auto path = io::resolvePreset("spaces", source))
        baseDir = std::filesystem::path(*path).parent_path().string();
    auto space = io::parseDesignSpace(document, baseDir);
    if (!space.ok()) return ParseResult<SpaceChoice>::failure(std::move(space.errors));
    SpaceChoice c;
    c.source = source;
    c.document = document;
    c.document["base"] = io::toJson(space.value->base); // self-contained from now on
    c.space = std::make_shared<const search::DesignSpace>(std::move(*space.value));
    return ParseResult<SpaceChoice>::success(std::move(c));
}

ParseResult<SpaceChoice> loadSpaceChoice(const std::string& name_or_path) {
    auto j = io::readDesignSpaceDocument(name_or_path);
    if (!j.ok()) return ParseResult<SpaceChoice>::failure(std::move(j.errors));
    return spaceChoiceFromDocument(name_or_path, *j.value);
}

} // namespace archscape::app
