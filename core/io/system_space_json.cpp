#include "io/system_space_json.h"

#include <filesystem>

#include "accuracy/network_accuracy.h"
#include "io/json_file.h"
#include "io/preset_catalog.h"
#include "io/system_json.h"
#include "io/workload_json.h"

namespace archscape::io {

namespace {

using nlohmann::json;

/// A non-empty array at `ptr`; records a diagnostic otherwise.
const json* arrayField(ObjectReader& r, std::string_view key, bool required) {
    const json* a = r.field(key, required);
    if (!a) return nullptr;
    if (!a->is_array() || a->empty()) {
        r.error(r.at(key), "expected a non-empty array, got " + describeValue(*a));
        return nullptr;
    }
    return a;
}

void readPositiveNumbers(ObjectReader& r, std::string_view key, std::vector<double>& out) {
    const json* a = arrayField(r, key, false);
    if (!a) return;
    out.clear();
    for (std::size_t i = 0; i < a->size(); ++i)
        if (auto v = checkNumber((*a)[i], childPointer(r.at(key), i), 0, true, r.errors())) out.push_back(*v);
}

template <class T, class Parse>
void readNames(ObjectReader& r, std::string_view key, Parse parse, std::string_view choices, std::vector<T>& out) {
    const json* a = arrayField(r, key, false);
    if (!a) return;
    out.clear();
    for (std::size_t i = 0; i < a->size(); ++i) {
        const std::string p = childPointer(r.at(key), i);
        const auto s = checkString((*a)[i], p, r.errors());
        if (!s) continue;
        if (auto v = parse(*s)) out.push_back(*v);
        else r.error(p, "expected one of " + std::string(choices) + ", got \"" + *s + "\"");
    }
}

std::optional<search::SystemDesign> readTemplates(const json& t, const std::string& ptr, const std::string& base_dir,
                                                  std::vector<Diagnostic>& errors) {
    ParseResult<search::SystemDesign> r = ParseResult<search::SystemDesign>::failure({});
    std::string where;
    if (t.is_object()) {
        r = parseSystem(t, base_dir);
    } else if (t.is_string()) {
        const std::string name = t.get<std::string>();
        std::optional<std::string> path;
        if (!std::filesystem::path(name).is_absolute())
            path = resolvePreset("systems", (std::filesystem::path(base_dir) / name).string());
        if (!path) path = resolvePreset("systems", name);
        if (!path) {
            errors.push_back({ptr, "expected a system preset or file, got \"" + name + "\" (not found)"});
            return std::nullopt;
        }
        r = readSystemFile(*path);
        where = *path + ": ";
    } else {
        errors.push_back(
            {ptr, "expected an archscape/system object, a system preset or a path, got " + describeValue(t)});
        return std::nullopt;
    }
    if (!r.ok()) {
        for (Diagnostic& d : r.errors)
            errors.push_back(where.empty() ? Diagnostic{ptr + d.path, d.message}
                                           : Diagnostic{ptr, where + d.path + ": " + d.message});
        return std::nullopt;
    }
    return std::move(*r.value);
}

/// The precision every template runs layers at (weights, activations), for the accuracy module's
/// predictions; nullopt when the templates differ (a candidate's accuracy then needs a "top1").
std::optional<accuracy::LayerPrecision> templatesPrecision(const search::SystemSpace& s) {
    std::optional<accuracy::LayerPrecision> p;
    for (const auto& t : s.templates) {
        const accuracy::LayerPrecision q{t.accelerator.precision[workload::Operand::Weight],
                                         t.accelerator.precision[workload::Operand::Input]};
        if (p && !(*p == q)) return std::nullopt;
        p = q;
    }
    return p;
}

/// "networks": {"entry": [{"workload": "resnet18", "top1": 69.758, "source": "..."}, ...], ...}; a
/// candidate without "top1" takes the accuracy module's prediction ("accuracy_model", else the
/// module's model of that network) at the templates' precision.
void readNetworkChoices(const json& n, const std::string& ptr, const std::string& base_dir, search::SystemSpace& s,
                        std::vector<Diagnostic>& errors) {
    if (!n.is_object() || n.empty()) {
        errors.push_back(
            {ptr, "expected an object of mix entry names to lists of candidate networks, got " + describeValue(n)});
        return;
    }
    for (const auto& [entry, list] : n.items()) {
        const std::string lp = childPointer(ptr, entry);
        if (!list.is_array() || list.empty()) {
            errors.push_back({lp, "expected a non-empty array of candidates, got " + describeValue(list)});
            continue;
        }
        search::NetworkChoice choice;
        choice.entry = entry;
        for (std::size_t i = 0; i < list.size(); ++i) {
            ObjectReader c(list[i], childPointer(lp, i), errors);
            if (!c.isObject()) continue;
            search::NetworkCandidate cand;
            const auto workload = c.string("workload", true);
            const auto top1 = c.number("top1", false, 0);
            const auto model = c.string("accuracy_model", false);
            if (top1 && model)
                c.error(c.at("accuracy_model"),
                        "expected either \"top1\" (a published figure) or \"accuracy_model\" "
                        "(the accuracy module's prediction), not both");
            // A figure typed into the file needs its source; the module's prediction names its own.
            cand.source = c.string("source", top1.has_value()).value_or("");
            if (top1 && *top1 > 100) c.error(c.at("top1"), "expected a top-1 accuracy in % (0..100)");
            if (top1) cand.top1 = *top1;
            if (workload) {
                std::optional<std::string> path;
                if (!std::filesystem::path(*workload).is_absolute())
                    path = resolvePreset("workloads", (std::filesystem::path(base_dir) / *workload).string());
                if (!path) path = resolvePreset("workloads", *workload);
                if (!path) c.error(c.at("workload"), "expected a workload preset or file, got \"" + *workload + "\"");
                else if (auto w = readWorkloadFile(*path); !w.ok())
                    for (const Diagnostic& d : w.errors)
                        c.error(c.at("workload"), *path + ": " + d.path + ": " + d.message);
                else {
                    cand.network = std::move(*w.value);
                    cand.name = cand.network.name;
                }
            }
            if (!top1 && !cand.network.layers.empty() && !s.templates.empty()) {
                const auto precision = templatesPrecision(s);
                const auto predicted = precision
                                           ? accuracy::networkAccuracy(cand.network, *precision, model.value_or(""))
                                           : ParseResult<accuracy::NetworkAccuracy>::failure(
                                                 {{"", "the templates run at different precisions"}});
                if (predicted.ok()) {
                    cand.top1 = predicted.value->top1;
                    if (cand.source.empty()) cand.source = predicted.value->source;
                } else {
                    for (const Diagnostic& d : predicted.errors)
                        c.error(c.at(model ? "accuracy_model" : "top1"),
                                (model ? "" : "missing, and ") + (d.path.empty() ? "" : d.path + ": ") + d.message +
                                    (model ? "" : ": give the figure (with its \"source\")"));
                }
            }
            c.finish();
            choice.candidates.push_back(std::move(cand));
        }
        s.network_choices.push_back(std::move(choice));
    }
}

} // namespace

ParseResult<search::SystemSpace> parseSystemSpace(const json& j, const std::string& base_dir) {
    std::vector<Diagnostic> errors;
    search::SystemSpace s;
    ObjectReader top(j, "", errors);
    top.header("archscape/system-space");
    if (!top.isObject()) return ParseResult<search::SystemSpace>::failure(std::move(errors));
    s.name = top.string("name", true).value_or("");
    s.description = top.string("description", false).value_or("");
    top.allow({"sources"});
    std::optional<search::SystemDesign> templates;
    if (const json* t = top.field("templates", true))
        templates = readTemplates(*t, top.at("templates"), base_dir, errors);
    if (templates) {
        for (std::size_t i = 0; i < templates->system.units.size(); ++i)
            s.templates.push_back(
                {templates->system.units[i].name, templates->system.units[i].accelerator, templates->policies[i]});
        if (templates->system.dram_bandwidth_bytes_per_cycle > 0)
            s.dram_bandwidths_bytes_per_cycle = {templates->system.dram_bandwidth_bytes_per_cycle};
        else s.dram_bandwidths_bytes_per_cycle.clear();
    }
    const auto budget = top.integer("pe_budget", true, {1, std::int64_t(1) << 30});
    const auto step = top.integer("pe_step", true, {1, std::int64_t(1) << 30});
    if (budget) s.pe_budget = *budget;
    if (step) s.pe_step = *step;
    if (budget && step) {
        if (*budget % *step != 0)
            top.error(top.at("pe_step"), "expected a divisor of pe_budget (" + std::to_string(*budget) + "), got " +
                                             std::to_string(*step));
        else if (*budget / *step > 1024)
            top.error(top.at("pe_step"), "expected at most 1024 steps in pe_budget, got " +
                                             std::to_string(*budget / *step) + ": take a larger step");
    }
    if (const json* params = top.field("parameters", true)) {
        ObjectReader p(*params, top.at("parameters"), errors);
        if (p.isObject()) {
            if (const json* sets = arrayField(p, "units", true)) {
                for (std::size_t i = 0; i < sets->size(); ++i) {
                    const std::string sp = childPointer(p.at("units"), i);
                    const json& set = (*sets)[i];
                    if (!set.is_array() || set.empty()) {
                        p.error(sp, "expected a non-empty array of template names, got " + describeValue(set));
                        continue;
                    }
                    std::vector<int> ids;
                    for (std::size_t k = 0; k < set.size(); ++k) {
                        const std::string up = childPointer(sp, k);
                        const auto name = checkString(set[k], up, errors);
                        if (!name || !templates) continue;
                        int id = -1;
                        for (std::size_t t = 0; t < s.templates.size(); ++t)
                            if (s.templates[t].name == *name) id = int(t);
                        if (id < 0) {
                            std::string known;
                            for (const auto& t : s.templates) known += (known.empty() ? "" : ", ") + t.name;
                            p.error(up, "expected a unit of the templates (" + known + "), got \"" + *name + "\"");
                        } else ids.push_back(id);
                    }
                    if (budget && step && *step > 0 && std::int64_t(set.size()) > *budget / *step)
                        p.error(sp, "expected at most pe_budget / pe_step = " + std::to_string(*budget / *step) +
                                        " units (each gets at least one step), got " + std::to_string(set.size()));
                    if (ids.size() == set.size()) s.unit_sets.push_back(std::move(ids));
                }
            }
            readPositiveNumbers(p, "buffer_scale", s.buffer_scales);
            readNames(p, "buffer_split", search::parseBufferSplit, "pe, equal", s.buffer_splits);
            readPositiveNumbers(p, "dram_bandwidth_bytes_per_cycle", s.dram_bandwidths_bytes_per_cycle);
            readNames(p, "dram_sharing", search::parseDramSharing, "demand, static", s.dram_sharings);
            if (templates && s.dram_bandwidths_bytes_per_cycle.empty() && !p.has("dram_bandwidth_bytes_per_cycle"))
                p.error(p.at("dram_bandwidth_bytes_per_cycle"),
                        "missing: the templates system has no shared DRAM bandwidth to default to");
            p.finish();
        }
    }
    if (const json* n = top.field("networks")) readNetworkChoices(*n, top.at("networks"), base_dir, s, errors);
    if (const json* c = top.field("constraints")) {
        ObjectReader k(*c, top.at("constraints"), errors);
        if (k.isObject()) {
            s.constraints.max_area_mm2 = k.number("max_area_mm2", false, 0, true);
            s.constraints.max_latency_ms = k.number("max_latency_ms", false, 0, true);
            s.constraints.max_power_w = k.number("max_power_w", false, 0, true);
            s.constraints.max_energy_mj = k.number("max_energy_mj", false, 0, true);
            k.finish();
        }
    }
    top.finish();
    if (!errors.empty()) return ParseResult<search::SystemSpace>::failure(std::move(errors));
    return ParseResult<search::SystemSpace>::success(std::move(s));
}

ParseResult<search::SystemSpace> readSystemSpaceFile(const std::string& name_or_path) {
    auto path = resolvePreset("system-spaces", name_or_path);
    if (!path)
        return ParseResult<search::SystemSpace>::failure(
            {{"", "no such file or system-space preset: " + name_or_path}});
    auto j = readJsonFile(*path);
    if (!j.ok()) return ParseResult<search::SystemSpace>::failure(std::move(j.errors));
    return parseSystemSpace(*j.value, std::filesystem::path(*path).parent_path().string());
}

bool isSystemSpaceSource(const std::string& name_or_path) {
    const auto path = resolvePreset("system-spaces", name_or_path);
    if (!path) return false;
    if (*path != name_or_path) return !resolvePreset("spaces", name_or_path); // a preset name
    auto j = readJsonFile(*path);
    return j.ok() && j.value->is_object() && j.value->contains("format") &&
           (*j.value)["format"] == "archscape/system-space";
}

} // namespace archscape::io
