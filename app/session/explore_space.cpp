#include "explore_space.h"

#include <cmath>
#include <filesystem>

#include "common/format_number.h"
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

/// 131072 -> "128 KiB", 1572864 -> "1.5 MiB", 1000 -> "1000 B".
std::string bytesLabel(double bytes) {
    const char* const units[] = {"MiB", "KiB"};
    for (int u = 0; u < 2; ++u) {
        const double unit = u == 0 ? 1048576.0 : 1024.0;
        if (bytes >= unit && std::fmod(bytes * 10, unit) == 0) return formatNumber(bytes / unit, "%g") + " " + units[u];
    }
    return formatNumber(bytes, "%.0f") + " B";
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
    // Each value with what it is ("16×24 PEs", "GlobalBuffer 128 KiB", "NoC 16 words/cycle"): the
    // bare labels ("edge 16 24 65536 128 8 400") left the reader to count axes (issue 15).
    std::vector<std::string> parts;
    std::string rows, cols;
    if (details) details->clear();
    auto levelName = [&](int level) {
        return level >= 0 && level < space.base.numLevels() ? space.base.levels[level].name : std::string("level");
    };
    for (std::size_t a = 0; a < space.axes.size() && a < choice.size(); ++a) {
        const search::Axis& axis = space.axes[a];
        const std::string& label = axis.labels[choice[a]];
        if (details) *details += (a ? ", " : "") + axis.name + "=" + label;
        const double v = choice[a] < axis.values.size() ? axis.values[choice[a]] : 0;
        switch (axis.param) {
        case search::Param::PeRows: rows = label; break;
        case search::Param::PeCols: cols = label; break;
        case search::Param::MacsPerPe: parts.push_back(label + " MACs/PE"); break;
        case search::Param::LevelCapacity: parts.push_back(levelName(axis.level) + " " + bytesLabel(v)); break;
        case search::Param::LevelBandwidth:
            parts.push_back(levelName(axis.level) + " " + label + " words/cycle");
            break;
        case search::Param::NocBandwidth: parts.push_back("NoC " + label + " words/cycle"); break;
        case search::Param::ClockMhz: parts.push_back(label + " MHz"); break;
        case search::Param::TechnologyNm: parts.push_back(label + " nm"); break;
        default: parts.push_back(label); break; // dataflow, precision, quantization, PE mode: named values
        }
    }
    if (!rows.empty() || !cols.empty())
        parts.insert(parts.begin(), (rows.empty() ? "base" : rows) + "×" + (cols.empty() ? "base" : cols) + " PEs");
    std::string name = space.name;
    for (std::size_t i = 0; i < parts.size(); ++i) name += (i ? ", " : " ") + parts[i];
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
