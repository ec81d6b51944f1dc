#include "io/system_json.h"

#include <filesystem>
#include <set>

#include "io/accelerator_json.h"
#include "io/json_file.h"
#include "io/preset_catalog.h"
#include "mapping/dataflow.h"

namespace archscape::io {

namespace {

using nlohmann::json;

search::EvaluationPolicy defaultPolicy() {
    search::EvaluationPolicy p;
    p.mode = search::EvaluationPolicy::Mode::BestTemplate;
    return p;
}

std::optional<hardware::Accelerator> unitAccelerator(const json& a, const std::string& pointer,
                                                     const std::string& base_dir, std::vector<Diagnostic>& errors) {
    if (a.is_object()) {
        auto r = parseAccelerator(a);
        if (!r.ok()) {
            for (Diagnostic& d : r.errors) errors.push_back({pointer + d.path, d.message});
            return std::nullopt;
        }
        return std::move(*r.value);
    }
    if (!a.is_string()) {
        errors.push_back({pointer, "expected an accelerator object, a preset name or a path, got " + describeValue(a)});
        return std::nullopt;
    }
    std::string name = a.get<std::string>();
    std::optional<std::string> path;
    if (!base_dir.empty() && !std::filesystem::path(name).is_absolute()) {
        const std::string rel = (std::filesystem::path(base_dir) / name).string();
        path = resolvePreset("accelerators", rel);
    }
    if (!path) path = resolvePreset("accelerators", name);
    if (!path) {
        errors.push_back({pointer, "expected an accelerator preset or file, got \"" + name + "\" (not found)"});
        return std::nullopt;
    }
    auto r = readAcceleratorFile(*path);
    if (!r.ok()) {
        for (Diagnostic& d : r.errors) errors.push_back({pointer, *path + ": " + d.path + ": " + d.message});
        return std::nullopt;
    }
    return std::move(*r.value);
}

search::EvaluationPolicy unitPolicy(const json& e, const std::string& pointer, std::vector<Diagnostic>& errors) {
    search::EvaluationPolicy p = defaultPolicy();
    ObjectReader r(e, pointer, errors);
    if (!r.isObject()) return p;
    if (auto m = r.enumeration("mode", false, search::parseEvaluationMode, "template, best-template, search"))
        p.mode = *m;
    if (auto d = r.enumeration("dataflow", false, mapping::parseDataflow, "ws, os, is, rs, kc-p, yx-p"))
        p.dataflow = *d;
    else if (p.mode == search::EvaluationPolicy::Mode::Template && !r.has("dataflow"))
        r.error(r.at("dataflow"), "missing: the template mode needs a dataflow");
    if (auto b = r.integer("budget", false, {1, 1000000})) p.budget = *b;
    if (p.mode == search::EvaluationPolicy::Mode::Search && !r.has("dataflow")) p.free_mapspace = true;
    r.finish();
    return p;
}

} // namespace

ParseResult<search::SystemDesign> parseSystem(const json& j, const std::string& base_dir) {
    std::vector<Diagnostic> errors;
    if (j.is_object() && j.contains("format") && j["format"] == "archscape/accelerator") {
        auto r = parseAccelerator(j);
        if (!r.ok()) return ParseResult<search::SystemDesign>::failure(std::move(r.errors));
        return ParseResult<search::SystemDesign>::success(search::designOfOne(*r.value, defaultPolicy()));
    }
    search::SystemDesign d;
    ObjectReader top(j, "", errors);
    top.header("archscape/system");
    if (!top.isObject()) return ParseResult<search::SystemDesign>::failure(std::move(errors));
    d.system.name = top.string("name", true).value_or("");
    d.system.description = top.string("description", false).value_or("");
    d.system.dram_bandwidth_bytes_per_cycle = top.number("dram_bandwidth_bytes_per_cycle", false).value_or(0);
    d.system.pe_budget = top.integer("pe_budget", false, {0, std::int64_t(1) << 40}).value_or(0);
    d.system.shared_area_um2 = top.number("shared_area_um2", false).value_or(0);
    top.allow({"sources"});
    const json* units = top.field("units", true);
    if (units && (!units->is_array() || units->empty()))
        top.error(top.at("units"), "expected a non-empty array of units, got " + describeValue(*units));
    else if (units) {
        std::set<std::string> names;
        for (std::size_t i = 0; i < units->size(); ++i) {
            const std::string p = childPointer("/units", i);
            ObjectReader u((*units)[i], p, errors);
            if (!u.isObject()) continue;
            const auto name = u.string("name", true);
            if (name && name->empty()) u.error(u.at("name"), "expected a non-empty unit name");
            else if (name && !names.insert(*name).second)
                u.error(u.at("name"), "expected a unique unit name, got \"" + *name + "\" again");
            std::optional<hardware::Accelerator> acc;
            if (const json* a = u.field("accelerator", true))
                acc = unitAccelerator(*a, u.at("accelerator"), base_dir, errors);
            search::EvaluationPolicy policy = defaultPolicy();
            if (const json* e = u.field("evaluation")) policy = unitPolicy(*e, u.at("evaluation"), errors);
            u.finish();
            if (acc && name) {
                if (!d.system.units.empty() && acc->clock_mhz != d.system.units[0].accelerator.clock_mhz)
                    errors.push_back({u.at("accelerator"), "expected the clock of the first unit (" +
                                                               std::to_string(d.system.units[0].accelerator.clock_mhz) +
                                                               " MHz): units share one clock"});
                d.system.units.push_back({*name, std::move(*acc)});
                d.policies.push_back(policy);
            }
        }
    }
    top.finish();
    if (errors.empty() && d.system.pe_budget > 0 && d.system.totalPes() > d.system.pe_budget)
        errors.push_back({"/pe_budget", "expected the units' PEs (" + std::to_string(d.system.totalPes()) +
                                            ") within the budget of " + std::to_string(d.system.pe_budget)});
    if (!errors.empty()) return ParseResult<search::SystemDesign>::failure(std::move(errors));
    return ParseResult<search::SystemDesign>::success(std::move(d));
}

ParseResult<search::SystemDesign> readSystemFile(const std::string& path) {
    auto file = readJsonFile(path);
    if (!file.ok()) return ParseResult<search::SystemDesign>::failure(std::move(file.errors));
    return parseSystem(*file.value, std::filesystem::path(path).parent_path().string());
}

} // namespace archscape::io
