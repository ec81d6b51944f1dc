#include "io/workload_mix_json.h"

#include <filesystem>
#include <map>

#include "io/json_file.h"
#include "io/preset_catalog.h"
#include "io/workload_json.h"

namespace archscape::io {

namespace {

using nlohmann::json;

std::optional<workload::Network> entryNetwork(const json& w, const std::string& pointer, const std::string& base_dir,
                                              std::vector<Diagnostic>& errors) {
    if (w.is_object()) {
        auto r = parseWorkload(w);
        if (!r.ok()) {
            for (Diagnostic& d : r.errors) errors.push_back({pointer + d.path, d.message});
            return std::nullopt;
        }
        return std::move(*r.value);
    }
    if (!w.is_string()) {
        errors.push_back({pointer, "expected a workload preset name, a path or an object, got " + describeValue(w)});
        return std::nullopt;
    }
    const std::string name = w.get<std::string>();
    std::optional<std::string> path;
    if (!base_dir.empty() && !std::filesystem::path(name).is_absolute())
        path = resolvePreset("workloads", (std::filesystem::path(base_dir) / name).string());
    if (!path) path = resolvePreset("workloads", name);
    if (!path) {
        errors.push_back({pointer, "expected a workload preset or file, got \"" + name + "\" (not found)"});
        return std::nullopt;
    }
    auto r = readWorkloadFile(*path);
    if (!r.ok()) {
        for (Diagnostic& d : r.errors) errors.push_back({pointer, *path + ": " + d.path + ": " + d.message});
        return std::nullopt;
    }
    return std::move(*r.value);
}

} // namespace

ParseResult<workload::WorkloadMix> parseWorkloadMix(const json& j, const std::string& base_dir, double clock_mhz) {
    if (j.is_object() && j.contains("format") && j["format"] == "archscape/workload") {
        auto r = parseWorkload(j);
        if (!r.ok()) return ParseResult<workload::WorkloadMix>::failure(std::move(r.errors));
        return ParseResult<workload::WorkloadMix>::success(workload::mixOfOne(std::move(*r.value)));
    }
    std::vector<Diagnostic> errors;
    workload::WorkloadMix mix;
    ObjectReader top(j, "", errors);
    top.header("archscape/workload-mix");
    if (!top.isObject()) return ParseResult<workload::WorkloadMix>::failure(std::move(errors));
    mix.name = top.string("name", true).value_or("");
    mix.description = top.string("description", false).value_or("");
    top.allow({"sources"});
    std::map<std::string, int> index; // entry name -> position
    const json* nets = top.field("networks", true);
    if (nets && (!nets->is_array() || nets->empty()))
        top.error(top.at("networks"), "expected a non-empty array of networks, got " + describeValue(*nets));
    else if (nets) {
        for (std::size_t i = 0; i < nets->size(); ++i) {
            const std::string p = childPointer("/networks", i);
            ObjectReader r((*nets)[i], p, errors);
            if (!r.isObject()) continue;
            workload::MixEntry e;
            std::optional<workload::Network> net;
            if (const json* w = r.field("workload", true)) {
                if (w->is_string()) e.source = w->get<std::string>();
                net = entryNetwork(*w, r.at("workload"), base_dir, errors);
            }
            const auto name = r.string("name", false);
            e.instances = int(r.integer("instances", false, {1, 4096}).value_or(1));
            e.priority = int(r.integer("priority", false, {-1000000, 1000000}).value_or(0));
            const auto deadline = r.number("deadline_cycles", false, 0, true);
            const auto fps = r.number("frame_rate_hz", false, 0, true);
            if (deadline && fps)
                r.error(r.at("frame_rate_hz"), "expected either deadline_cycles or frame_rate_hz, not both");
            else if (deadline) e.deadline_cycles = *deadline;
            else if (fps) {
                if (clock_mhz > 0) e.deadline_cycles = clock_mhz * 1e6 / *fps;
                else r.error(r.at("frame_rate_hz"), "expected a system clock to turn the frame rate into cycles");
            }
            if (const json* after = r.field("after")) {
                if (!after->is_array()) r.error(r.at("after"), "expected an array of earlier network names");
                else
                    for (std::size_t k = 0; k < after->size(); ++k) {
                        const std::string ap = childPointer(r.at("after"), k);
                        const auto s = checkString((*after)[k], ap, errors);
                        if (!s) continue;
                        auto it = index.find(*s);
                        if (it == index.end())
                            errors.push_back({ap, "expected the name of an earlier network, got \"" + *s + "\""});
                        else e.after.push_back(it->second);
                    }
            }
            r.finish();
            if (!net) continue;
            e.network = std::move(*net);
            if (name) e.network.name = *name;
            if (!index.emplace(e.network.name, int(mix.entries.size())).second) {
                errors.push_back({name ? r.at("name") : r.at("workload"), "expected a unique network name, got \"" +
                                                                              e.network.name +
                                                                              "\" again (give the entry a \"name\")"});
                continue;
            }
            mix.entries.push_back(std::move(e));
        }
    }
    top.finish();
    if (!errors.empty()) return ParseResult<workload::WorkloadMix>::failure(std::move(errors));
    return ParseResult<workload::WorkloadMix>::success(std::move(mix));
}

ParseResult<workload::WorkloadMix> readWorkloadMixFile(const std::string& path, double clock_mhz) {
    auto file = readJsonFile(path);
    if (!file.ok()) return ParseResult<workload::WorkloadMix>::failure(std::move(file.errors));
    return parseWorkloadMix(*file.value, std::filesystem::path(path).parent_path().string(), clock_mhz);
}

} // namespace archscape::io
