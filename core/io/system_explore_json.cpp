#include "io/system_explore_json.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "io/explore_checkpoint.h"
#include "io/json_file.h"
#include "search/rng.h"
#include "search/shard.h"

namespace archscape::io {

namespace {

constexpr const char* kFormat = "archscape/system-explore-result";

std::string hex(std::uint64_t v) {
    char buf[20];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
    return buf;
}

/// A hex field written by hex(); a diagnostic unless it is 1 to 16 hex digits.
std::uint64_t readHex(ObjectReader& r, std::string_view key) {
    const auto s = r.string(key, true);
    if (!s) return 0;
    if (s->empty() || s->size() > 16 || s->find_first_not_of("0123456789abcdefABCDEF") != std::string::npos) {
        r.error(r.at(key), "expected 1 to 16 hexadecimal digits, got \"" + *s + "\"");
        return 0;
    }
    return std::strtoull(s->c_str(), nullptr, 16);
}

std::vector<search::PointResult> plainPoints(const std::vector<search::SystemPointResult>& points) {
    std::vector<search::PointResult> out;
    out.reserve(points.size());
    for (const auto& p : points) out.push_back(p.point);
    return out;
}

nlohmann::json unitsJson(const search::SystemDesign& d) {
    nlohmann::json units = nlohmann::json::array();
    for (const auto& u : d.system.units) {
        const auto& acc = u.accelerator;
        units.push_back(
            {{"name", u.name},
             {"pes", acc.pe.count()},
             {"pe_rows", acc.pe.rows},
             {"pe_cols", acc.pe.cols},
             {"buffer_bytes", search::bufferBytes(acc)},
             {"dram_port_bytes_per_cycle",
              acc.levels.empty() ? 0.0 : acc.levels[0].bandwidth_words_per_cycle * acc.levels[0].word_bits / 8.0}});
    }
    return units;
}

nlohmann::json objectivesJson(const std::vector<search::Metric>& objectives) {
    nlohmann::json o = nlohmann::json::array();
    for (auto m : objectives) o.push_back(search::toString(m));
    return o;
}

} // namespace

std::uint64_t mixHash(const workload::WorkloadMix& mix) {
    std::uint64_t h = search::mixSeed(0x6d6978, mix.entries.size());
    for (const auto& e : mix.entries) {
        h = search::mixSeed(h, networkHash(e.network));
        h = search::mixSeed(h, std::uint64_t(e.instances));
        h = search::mixSeed(h, e.deadline_cycles ? std::bit_cast<std::uint64_t>(*e.deadline_cycles) : ~0ull);
        h = search::mixSeed(h, std::uint64_t(std::int64_t(e.priority)));
        h = search::mixSeed(h, e.after.size());
        for (int a : e.after) h = search::mixSeed(h, std::uint64_t(a));
    }
    return h;
}

nlohmann::json systemHeaderJson(const search::SystemExploreRequest& req) {
    return {{"format", kFormat},
            {"version", 1},
            {"space", req.space.name},
            {"space_fingerprint", hex(req.space.fingerprint())},
            {"space_size", req.space.size()},
            {"workload", req.mix.name},
            {"workload_hash", hex(mixHash(req.mix))},
            {"scheduler", search::toString(req.scheduler)},
            {"objectives", objectivesJson(req.objectives)},
            {"seed", req.seed},
            {"shard", {{"index", req.shard_index}, {"count", req.shard_count}}}};
}

nlohmann::json systemPointJson(const search::SystemExploreRequest& req, const search::SystemPointResult& sp) {
    const auto& p = sp.point;
    const search::SystemDesign d = req.space.designAt(p.index);
    return {{"index", p.index},
            {"label", req.space.labelOf(p.index)},
            {"units", unitsJson(d)},
            {"dram_bandwidth_bytes_per_cycle", d.system.dram_bandwidth_bytes_per_cycle},
            {"feasible", p.feasible()},
            {"reason", search::toString(p.reason)},
            {"makespan_cycles", sp.makespan_cycles},
            {"lower_bound_cycles", sp.lower_bound_cycles},
            {"latency_s", p.latency_s},
            {"energy_j", p.energy_j},
            {"edp_js", p.metric(search::Metric::Edp)},
            {"area_mm2", p.area_mm2},
            {"power_w", p.power_w},
            {"deadline_misses", sp.deadline_misses},
            {"accuracy_top1", p.hasAccuracy() ? nlohmann::json(p.accuracy_top1) : nlohmann::json()},
            {"unmapped", p.unmapped}};
}

nlohmann::json infeasibleJson(const std::array<std::int64_t, search::kNumInfeasibilities>& counts) {
    nlohmann::json inf = nlohmann::json::object();
    for (int i = 1; i < search::kNumInfeasibilities; ++i)
        inf[std::string(search::toString(search::Infeasibility(i)))] = counts[i];
    return inf;
}

nlohmann::json toJson(const search::SystemExploreRequest& req, const search::SystemExploreResult& r) {
    nlohmann::json j = systemHeaderJson(req);
    nlohmann::json points = nlohmann::json::array();
    for (const auto& sp : r.points) points.push_back(systemPointJson(req, sp));
    j["total"] = r.total;
    j["finished"] = r.finished;
    j["complete"] = !r.cancelled;
    j["front"] = r.front;
    j["infeasible"] = infeasibleJson(r.infeasible);
    j["points"] = std::move(points);
    return j;
}

nlohmann::json toJson(const SystemExploreFile& f) {
    std::array<std::int64_t, search::kNumInfeasibilities> counts{};
    for (const auto& p : f.points) ++counts[int(p.point.reason)];
    const search::Shard shard = search::Shard::of(f.shard_index, f.shard_count);
    nlohmann::json j = {{"format", kFormat},
                        {"version", 1},
                        {"space", f.space_name},
                        {"space_fingerprint", hex(f.space_fingerprint)},
                        {"space_size", f.space_size},
                        {"workload", f.workload},
                        {"workload_hash", hex(f.workload_hash)},
                        {"scheduler", f.scheduler},
                        {"objectives", objectivesJson(f.objectives)},
                        {"seed", f.seed},
                        {"shard", {{"index", f.shard_index}, {"count", f.shard_count}}},
                        {"total", shard.size(f.space_size)},
                        {"finished", f.points.size()},
                        {"complete", f.complete},
                        {"front", f.front},
                        {"infeasible", infeasibleJson(counts)}};
    j["points"] = f.point_json;
    return j;
}

search::SystemPointResult parseSystemPointJson(const nlohmann::json& j, const std::string& pointer,
                                               std::vector<Diagnostic>& errors) {
    ObjectReader r(j, pointer, errors);
    search::SystemPointResult sp;
    if (!r.isObject()) return sp;
    search::PointResult& p = sp.point;
    p.index = r.integer("index", true, {0, INT64_MAX}).value_or(0);
    // Derived from the index and the metrics; written for readers, not read back.
    r.allow({"label", "units", "dram_bandwidth_bytes_per_cycle", "feasible", "edp_js"});
    if (auto reason = r.enumeration("reason", true, search::parseInfeasibility,
                                    "none, area, unmapped_layer, latency, energy, power"))
        p.reason = *reason;
    sp.makespan_cycles = r.number("makespan_cycles", true).value_or(0);
    sp.lower_bound_cycles = r.number("lower_bound_cycles", true).value_or(0);
    p.latency_s = r.number("latency_s", true).value_or(0);
    p.energy_j = r.number("energy_j", true).value_or(0);
    p.area_mm2 = r.number("area_mm2", true).value_or(0);
    p.power_w = r.number("power_w", true).value_or(0);
    sp.deadline_misses = int(r.integer("deadline_misses", true, {0, INT32_MAX}).value_or(0));
    p.unmapped = int(r.integer("unmapped", true, {0, INT32_MAX}).value_or(0));
    if (const auto* a = r.field("accuracy_top1", false); a && !a->is_null())
        p.accuracy_top1 = r.number("accuracy_top1", true, 0).value_or(NAN);
    r.finish();
    return sp;
}

ParseResult<SystemExploreFile> parseSystemExploreFile(const nlohmann::json& j) {
    std::vector<Diagnostic> errors;
    SystemExploreFile f;
    ObjectReader top(j, "", errors);
    top.header(kFormat);
    if (!top.isObject()) return ParseResult<SystemExploreFile>::failure(std::move(errors));
    f.space_name = top.string("space", true).value_or("");
    f.space_fingerprint = readHex(top, "space_fingerprint");
    f.space_size = top.integer("space_size", true, {0, INT64_MAX}).value_or(0);
    f.workload = top.string("workload", true).value_or("");
    f.workload_hash = readHex(top, "workload_hash");
    if (auto s = top.enumeration("scheduler", true, search::parseSystemScheduler, "herald, baseline"))
        f.scheduler = std::string(search::toString(*s));
    if (const auto* o = top.field("objectives", true)) {
        if (!o->is_array() || o->empty()) top.error("/objectives", "expected a non-empty list of objectives");
        else
            for (std::size_t i = 0; i < o->size(); ++i) {
                const auto m = (*o)[i].is_string() ? search::parseMetric((*o)[i].get<std::string>()) : std::nullopt;
                if (m) f.objectives.push_back(*m);
                else
                    top.error(childPointer("/objectives", i), "expected latency, energy, edp, area, power or accuracy");
            }
    }
    f.seed = std::uint64_t(top.integer("seed", true, {0, INT64_MAX}).value_or(0));
    if (const auto* s = top.field("shard", true)) {
        ObjectReader r(*s, "/shard", errors);
        f.shard_count = int(r.integer("count", true, {1, 1 << 20}).value_or(1));
        f.shard_index = int(r.integer("index", true, {0, 1 << 20}).value_or(0));
        if (r.isObject() && f.shard_index >= f.shard_count)
            r.error("/shard/index", "expected an index below the shard count " + std::to_string(f.shard_count));
        r.finish();
    }
    f.complete = top.boolean("complete").value_or(false);
    // Counts and reasons follow from the points; the front is recomputed when merged.
    top.allow({"total", "finished", "infeasible"});
    if (const auto* fr = top.field("front", true)) {
        if (!fr->is_array()) top.error("/front", "expected a list of design indices");
        else
            for (std::size_t i = 0; i < fr->size(); ++i) {
                if ((*fr)[i].is_number_integer()) f.front.push_back((*fr)[i].get<std::int64_t>());
                else top.error(childPointer("/front", i), "expected a design index");
            }
    }
    if (const auto* pts = top.field("points", true)) {
        if (!pts->is_array()) top.error("/points", "expected a list of designs");
        else {
            const search::Shard shard = search::Shard::of(f.shard_index, f.shard_count);
            std::set<std::int64_t> seen;
            for (std::size_t i = 0; i < pts->size(); ++i) {
                const std::string at = childPointer("/points", i);
                const std::size_t before = errors.size();
                auto p = parseSystemPointJson((*pts)[i], at, errors);
                if (errors.size() > before) continue;
                const std::int64_t index = p.point.index;
                if (index >= f.space_size || !shard.holds(index))
                    errors.push_back({childPointer(at, "index"), "design " + std::to_string(index) +
                                                                     " is not a design of shard " +
                                                                     std::to_string(f.shard_index) + "/" +
                                                                     std::to_string(f.shard_count) + " of the space"});
                else if (!seen.insert(index).second)
                    errors.push_back({childPointer(at, "index"), "design " + std::to_string(index) + " appears twice"});
                else {
                    f.points.push_back(std::move(p));
                    f.point_json.push_back((*pts)[i]);
                }
                if (errors.size() > 20) break;
            }
        }
    }
    top.finish();
    if (!errors.empty()) return ParseResult<SystemExploreFile>::failure(std::move(errors));
    // Ascending, the JSON kept beside its point.
    std::vector<std::size_t> order(f.points.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return f.points[a].point.index < f.points[b].point.index; });
    SystemExploreFile sorted = f;
    for (std::size_t i = 0; i < order.size(); ++i) {
        sorted.points[i] = std::move(f.points[order[i]]);
        sorted.point_json[i] = std::move(f.point_json[order[i]]);
    }
    return ParseResult<SystemExploreFile>::success(std::move(sorted));
}

std::optional<std::string> systemFileMismatch(const SystemExploreFile& f, const search::SystemExploreRequest& req,
                                              bool same_shard) {
    if (f.space_fingerprint != req.space.fingerprint() || f.space_size != req.space.size())
        return "it belongs to another system space (fingerprint " + hex(f.space_fingerprint) + ", the run's " +
               hex(req.space.fingerprint()) + ")";
    if (f.workload_hash != mixHash(req.mix))
        return "it belongs to another workload (mix \"" + f.workload + "\", the run's \"" + req.mix.name + "\")";
    if (f.scheduler != search::toString(req.scheduler))
        return "its scheduler " + f.scheduler + " differs from the run's " +
               std::string(search::toString(req.scheduler));
    if (f.objectives != req.objectives) return "its objectives differ from the run's";
    if (f.seed != req.seed)
        return "its seed " + std::to_string(f.seed) + " differs from the run's " + std::to_string(req.seed);
    if (same_shard && (f.shard_index != req.shard_index || f.shard_count != req.shard_count))
        return "it is shard " + std::to_string(f.shard_index) + "/" + std::to_string(f.shard_count) +
               ", the run is shard " + std::to_string(req.shard_index) + "/" + std::to_string(req.shard_count);
    if (!same_shard && f.shard_count != 1) return "it is one shard, not a merge (merge the shards first)";
    return std::nullopt;
}

ParseResult<SystemExploreFile> mergeSystemExploreFiles(const std::vector<SystemExploreFile>& shards) {
    using R = ParseResult<SystemExploreFile>;
    if (shards.empty()) return R::failure({{"", "expected at least one result file"}});
    std::vector<Diagnostic> errors;
    const SystemExploreFile& first = shards.front();
    SystemExploreFile out = first;
    out.points.clear();
    out.point_json.clear();
    out.shard_index = 0;
    out.shard_count = 1;
    out.complete = true;
    std::set<int> seen;
    std::map<std::int64_t, std::pair<const search::SystemPointResult*, const nlohmann::json*>> all;
    for (std::size_t i = 0; i < shards.size(); ++i) {
        const SystemExploreFile& s = shards[i];
        const std::string at = std::to_string(i + 1) + ":";
        if (s.space_fingerprint != first.space_fingerprint || s.space_size != first.space_size)
            errors.push_back({at + "/space_fingerprint", "a different system space than the first input's"});
        if (s.workload_hash != first.workload_hash)
            errors.push_back({at + "/workload", "workload \"" + s.workload + "\" differs from the first input's \"" +
                                                    first.workload + "\""});
        if (s.scheduler != first.scheduler)
            errors.push_back({at + "/scheduler", "scheduler " + s.scheduler + " differs from the first input's"});
        if (s.objectives != first.objectives)
            errors.push_back({at + "/objectives", "objectives differ from the first input's"});
        if (s.seed != first.seed) errors.push_back({at + "/seed", "seed differs from the first input's"});
        if (s.shard_count != first.shard_count)
            errors.push_back({at + "/shard/count", "shard count differs from the first input's"});
        if (!seen.insert(s.shard_index).second)
            errors.push_back({at + "/shard/index", "shard " + std::to_string(s.shard_index) + " appears twice"});
        for (std::size_t k = 0; k < s.points.size(); ++k)
            if (!all.emplace(s.points[k].point.index, std::make_pair(&s.points[k], &s.point_json[k])).second) {
                errors.push_back(
                    {at + "/points", "design " + std::to_string(s.points[k].point.index) + " appears in two inputs"});
                break;
            }
        out.complete = out.complete && s.complete;
    }
    if (!errors.empty()) return R::failure(std::move(errors));
    out.complete = out.complete && int(seen.size()) == first.shard_count;
    for (const auto& [index, p] : all) {
        out.points.push_back(*p.first);
        out.point_json.push_back(*p.second);
    }
    out.front = search::paretoFrontOf(plainPoints(out.points), out.objectives);
    return R::success(std::move(out));
}

} // namespace archscape::io
