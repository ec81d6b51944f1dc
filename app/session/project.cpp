#include "project.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "common/atomic_file.h"
#include "explore_space.h"
#include "io/accelerator_json.h"
#include "io/file_format.h"
#include "io/file_readers.h"
#include "io/json_file.h"
#include "io/workload_json.h"

namespace archscape::app {

namespace {

constexpr std::string_view kFormat = "archscape/project";

nlohmann::json mapperJson(const search::EvaluationPolicy& m) {
    nlohmann::json j = {{"mode", std::string(toString(m.mode))},
                        {"dataflow", std::string(mapping::toString(m.dataflow))},
                        {"budget", m.budget}};
    if (m.free_mapspace) j["free_mapspace"] = true;
    return j;
}

std::optional<search::EvaluationPolicy> parseMapper(const nlohmann::json& j, const std::string& pointer,
                                                    std::vector<Diagnostic>& errors) {
    io::ObjectReader r(j, pointer, errors);
    search::EvaluationPolicy m;
    const std::size_t before = errors.size();
    if (auto mode = r.enumeration("mode", false, search::parseEvaluationMode, "template, best-template, search"))
        m.mode = *mode;
    if (auto budget = r.integer("budget", false, {1, 1000000})) m.budget = int(*budget);
    if (auto df = r.enumeration("dataflow", false, mapping::parseDataflow, "ws, os, is, rs, kc-p, yx-p"))
        m.dataflow = *df;
    m.free_mapspace = r.boolean("free_mapspace").value_or(false);
    r.finish();
    if (errors.size() != before) return std::nullopt;
    return m;
}

/// Parses a nested document with a core reader, re-rooting its diagnostics under `pointer`.
template <class T, class Parse>
std::optional<T> parseNested(const nlohmann::json& j, const std::string& pointer, Parse parse,
                             std::vector<Diagnostic>& errors) {
    ParseResult<T> r = parse(j);
    for (Diagnostic& d : r.errors) errors.push_back({pointer + d.path, d.message});
    return r.ok() ? std::move(r.value) : std::nullopt;
}

template <class T>
std::optional<std::vector<T>> parseList(
    io::ObjectReader& r, std::string_view key,
    const std::function<std::optional<T>(const nlohmann::json&, const std::string&)>& item,
    std::vector<Diagnostic>& errors) {
    const nlohmann::json* list = r.field(key);
    if (!list) return std::nullopt;
    if (!list->is_array() || list->empty()) {
        r.error(r.at(key), "expected a non-empty array, got " + io::describeValue(*list));
        return std::nullopt;
    }
    std::vector<T> out;
    bool ok = true;
    for (std::size_t i = 0; i < list->size(); ++i) {
        auto v = item((*list)[i], io::childPointer(r.at(key), i));
        if (v) out.push_back(*v);
        else ok = false;
    }
    (void)errors;
    if (!ok) return std::nullopt;
    return out;
}

nlohmann::json exploreJson(const ExploreSettings& e) {
    nlohmann::json dataflows = nlohmann::json::array();
    for (auto d : e.dataflows) dataflows.push_back(std::string(mapping::toString(d)));
    nlohmann::json j = {
        {"pe_rows", e.pe_rows}, {"pe_cols", e.pe_cols}, {"buffer_bytes", e.buffer_bytes}, {"dataflows", dataflows}};
    if (e.space) j["space"] = {{"source", e.space->source}, {"document", e.space->document}};
    return j;
}

std::shared_ptr<const SpaceChoice> parseSpaceChoice(const nlohmann::json& j, const std::string& pointer,
                                                    std::vector<Diagnostic>& errors) {
    io::ObjectReader r(j, pointer, errors);
    const auto source = r.string("source", true);
    const nlohmann::json* document = r.field("document", true);
    r.finish();
    if (!source || !document) return nullptr;
    auto c = parseNested<SpaceChoice>(
        *document, r.at("document"), [&](const nlohmann::json& d) { return spaceChoiceFromDocument(*source, d); },
        errors);
    if (!c) return nullptr;
    return std::make_shared<const SpaceChoice>(std::move(*c));
}

std::optional<ExploreSettings> parseExplore(const nlohmann::json& j, const std::string& pointer,
                                            std::vector<Diagnostic>& errors) {
    io::ObjectReader r(j, pointer, errors);
    ExploreSettings e;
    const std::size_t before = errors.size();
    auto ints = [&errors](io::IntRange range) {
        return [&errors, range](const nlohmann::json& v, const std::string& p) {
            return io::checkInteger(v, p, range, errors);
        };
    };
    if (auto v = parseList<std::int64_t>(r, "pe_rows", ints({1, 4096}), errors)) e.pe_rows.assign(v->begin(), v->end());
    if (auto v = parseList<std::int64_t>(r, "pe_cols", ints({1, 4096}), errors)) e.pe_cols.assign(v->begin(), v->end());
    if (auto v = parseList<std::int64_t>(r, "buffer_bytes", ints({1, std::int64_t(1) << 40}), errors))
        e.buffer_bytes = *v;
    if (auto v = parseList<mapping::Dataflow>(
            r, "dataflows",
            [&errors](const nlohmann::json& v, const std::string& p) -> std::optional<mapping::Dataflow> {
                auto s = io::checkString(v, p, errors);
                if (!s) return std::nullopt;
                auto d = mapping::parseDataflow(*s);
                if (!d) errors.push_back({p, "expected one of ws, os, is, rs, kc-p, yx-p, got \"" + *s + "\""});
                return d;
            },
            errors))
        e.dataflows = *v;
    if (const auto* space = r.field("space")) e.space = parseSpaceChoice(*space, r.at("space"), errors);
    r.finish();
    if (errors.size() != before) return std::nullopt;
    return e;
}

/// `workload`: index into the project's design_workloads, -1 = the project's workload.
nlohmann::json designJson(const DesignPoint& d, int workload) {
    nlohmann::json j = {{"accelerator", io::toJson(d.accelerator)},
                        {"mapper", mapperJson(d.mapper)},
                        {"valid", d.valid},
                        {"cycles", d.cycles},
                        {"energy_pj", d.energy_pj},
                        {"area_um2", d.area_um2}};
    if (std::isfinite(d.accuracy_pct)) j["accuracy_pct"] = d.accuracy_pct;
    if (workload >= 0) j["workload"] = workload;
    return j;
}

std::optional<DesignPoint> parseDesign(const nlohmann::json& j, const std::string& pointer,
                                       const std::vector<std::shared_ptr<const workload::Network>>& workloads,
                                       std::vector<Diagnostic>& errors) {
    io::ObjectReader r(j, pointer, errors);
    DesignPoint d;
    const std::size_t before = errors.size();
    if (const auto* acc = r.field("accelerator", true))
        if (auto a = parseNested<hardware::Accelerator>(*acc, r.at("accelerator"), io::parseAccelerator, errors))
            d.accelerator = *a;
    if (const auto* m = r.field("mapper", true))
        if (auto ms = parseMapper(*m, r.at("mapper"), errors)) d.mapper = *ms;
    d.valid = r.boolean("valid").value_or(true);
    d.cycles = r.number("cycles", true).value_or(0);
    d.energy_pj = r.number("energy_pj", true).value_or(0);
    d.area_um2 = r.number("area_um2", true).value_or(0);
    if (const auto acc = r.number("accuracy_pct", false)) d.accuracy_pct = *acc;
    if (const auto w =
            r.integer("workload", false, {0, std::max<std::int64_t>(0, std::int64_t(workloads.size()) - 1)})) {
        if (workloads.empty())
            r.error(r.at("workload"), "expected no workload index: the project has no design_workloads");
        else d.network = workloads[std::size_t(*w)];
    }
    r.finish();
    if (errors.size() != before) return std::nullopt;
    return d;
}

} // namespace

nlohmann::json toJson(const Project& p) {
    // Quantized designs share a few workload copies (one per quantization value): each is stored once.
    nlohmann::json designs = nlohmann::json::array(), workloads = nlohmann::json::array();
    std::vector<const workload::Network*> stored;
    for (const DesignPoint& d : p.designs) {
        int index = -1;
        if (d.network) {
            const auto it = std::find(stored.begin(), stored.end(), d.network.get());
            index = int(it - stored.begin());
            if (it == stored.end()) {
                stored.push_back(d.network.get());
                workloads.push_back(io::toJson(*d.network));
            }
        }
        designs.push_back(designJson(d, index));
    }
    return {{"format", std::string(kFormat)},
            {"version", 1},
            {"name", p.name},
            {"workload", io::toJson(p.network)},
            {"accelerator", io::toJson(p.accelerator)},
            {"mapper", mapperJson(p.mapper)},
            {"explore", exploreJson(p.explore)},
            {"design_workloads", workloads},
            {"designs", designs},
            {"current_design", p.current_design},
            {"selected_layer", p.selected_layer}};
}

ParseResult<Project> parseProject(const nlohmann::json& j) {
    std::vector<Diagnostic> errors;
    io::ObjectReader r(j, "", errors);
    r.header(kFormat);
    Project p;
    p.name = r.string("name", false).value_or("");
    if (const auto* w = r.field("workload", true))
        if (auto net = parseNested<workload::Network>(*w, r.at("workload"), io::parseWorkload, errors))
            p.network = std::move(*net);
    if (const auto* a = r.field("accelerator", true))
        if (auto acc = parseNested<hardware::Accelerator>(*a, r.at("accelerator"), io::parseAccelerator, errors))
            p.accelerator = std::move(*acc);
    if (const auto* m = r.field("mapper"))
        if (auto ms = parseMapper(*m, r.at("mapper"), errors)) p.mapper = *ms;
    if (const auto* e = r.field("explore"))
        if (auto es = parseExplore(*e, r.at("explore"), errors)) p.explore = *es;
    std::vector<std::shared_ptr<const workload::Network>> workloads;
    if (const auto* ws = r.field("design_workloads")) {
        if (!ws->is_array()) {
            r.error(r.at("design_workloads"), "expected an array, got " + io::describeValue(*ws));
        } else {
            for (std::size_t i = 0; i < ws->size(); ++i)
                if (auto net = parseNested<workload::Network>((*ws)[i], io::childPointer(r.at("design_workloads"), i),
                                                              io::parseWorkload, errors))
                    workloads.push_back(std::make_shared<const workload::Network>(std::move(*net)));
        }
    }
    if (const auto* designs = r.field("designs")) {
        if (!designs->is_array()) {
            r.error(r.at("designs"), "expected an array, got " + io::describeValue(*designs));
        } else {
            for (std::size_t i = 0; i < designs->size(); ++i)
                if (auto d = parseDesign((*designs)[i], io::childPointer(r.at("designs"), i), workloads, errors))
                    p.designs.push_back(std::move(*d));
        }
    }
    const auto current = r.integer("current_design", false, {-1, 2147483647});
    const auto selected = r.integer("selected_layer", false, {-1, 2147483647});
    r.finish();
    if (current && *current >= std::int64_t(p.designs.size()))
        errors.push_back({"/current_design", "expected -1 or an index below the " + std::to_string(p.designs.size()) +
                                                 " designs, got " + std::to_string(*current)});
    if (selected && *selected >= std::int64_t(p.network.layers.size()))
        errors.push_back({"/selected_layer", "expected -1 or a layer index below " +
                                                 std::to_string(p.network.layers.size()) + ", got " +
                                                 std::to_string(*selected)});
    if (!errors.empty()) return ParseResult<Project>::failure(std::move(errors));
    p.current_design = int(current.value_or(-1));
    p.selected_layer = int(selected.value_or(-1));
    return ParseResult<Project>::success(std::move(p));
}

ParseResult<Project> readProjectFile(const std::string& path) {
    auto json = io::readJsonFile(path);
    if (!json.ok()) return ParseResult<Project>::failure(std::move(json.errors));
    return parseProject(*json.value);
}

bool writeProjectFile(const std::string& path, const Project& p, std::string* error) {
    return writeFileAtomically(path, toJson(p).dump(1) + "\n", error);
}

std::string projectTitle(const std::string& name, const std::string& path, const std::string& acceleratorName) {
    if (!name.empty()) return name;
    if (!path.empty()) return std::filesystem::path(path).stem().string();
    return acceleratorName;
}

ParseResult<OpenedFile> readAnyFile(const std::string& path) {
    // What the file holds comes from the format table (io/file_format.h): a project by its "format",
    // a workload or an accelerator in any format that holds one (ONNX, MAESTRO, Timeloop, SCALE-Sim...).
    const auto found = io::detect(path);
    if (!found.ok()) return ParseResult<OpenedFile>::failure(found.errors);
    const io::Detection& d = *found.value;
    OpenedFile f;
    if (d.formats.front() == io::FileFormatId::ArchscapeProject) {
        auto r = readProjectFile(path);
        if (!r.ok()) return ParseResult<OpenedFile>::failure(std::move(r.errors));
        f.kind = OpenedFile::Kind::Project;
        f.project = std::move(*r.value);
    } else if (d.formats.front() != io::FileFormatId::ArchscapeJson && d.holding(io::FileKind::Workload)) {
        auto r = io::readWorkloadAny(path);
        if (!r.ok()) return ParseResult<OpenedFile>::failure(std::move(r.errors));
        f.kind = OpenedFile::Kind::Workload;
        f.project.network = std::move(r.value->network);
    } else if (d.formats.front() != io::FileFormatId::ArchscapeJson && d.holding(io::FileKind::Accelerator)) {
        auto r = io::readAcceleratorAny(path);
        if (!r.ok()) return ParseResult<OpenedFile>::failure(std::move(r.errors));
        f.kind = OpenedFile::Kind::Accelerator;
        f.project.accelerator = std::move(r.value->accelerator);
    } else if (d.formats.front() != io::FileFormatId::ArchscapeJson) {
        return ParseResult<OpenedFile>::failure({io::wrongKind(d, "a project, a workload or an accelerator")});
    } else {
        // JSON that does not say what it is: its syntax errors first, then the missing "format".
        auto json = io::readJsonFile(path);
        if (!json.ok()) return ParseResult<OpenedFile>::failure(std::move(json.errors));
        const nlohmann::json& j = *json.value;
        const std::string format =
            j.is_object() && j.contains("format") && j["format"].is_string() ? j["format"].get<std::string>() : "";
        return ParseResult<OpenedFile>::failure(
            {{"/format", "expected \"archscape/project\", \"archscape/workload\" or \"archscape/accelerator\", got " +
                             (format.empty() ? std::string("none") : "\"" + format + "\"")}});
    }
    return ParseResult<OpenedFile>::success(std::move(f));
}

} // namespace archscape::app
