#include "io/explore_result_json.h"

#include <algorithm>
#include <cstdio>
#include <set>

#include "io/json_file.h"
#include "io/mapping_json.h"
#include "search/front_hypervolume.h"

namespace archscape::io {

// This reader builds search's value types.
using namespace search;

namespace {

std::string hex(std::uint64_t v) {
    char buf[20];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
    return buf;
}

nlohmann::json pointOf(const PointResult& p, const std::vector<std::string>& axes,
                       const std::vector<std::vector<std::string>>& labels) {
    nlohmann::json j;
    j["index"] = p.index;
    nlohmann::json design = nlohmann::json::object();
    for (std::size_t a = 0; a < axes.size() && a < p.choice.size(); ++a)
        design[axes[a]] = a < labels.size() && p.choice[a] < labels[a].size() ? nlohmann::json(labels[a][p.choice[a]])
                                                                              : nlohmann::json(p.choice[a]);
    j["design"] = design;
    j["choice"] = p.choice;
    j["feasible"] = p.feasible();
    if (!p.feasible()) j["reason"] = std::string(toString(p.reason));
    j["latency_s"] = p.latency_s;
    j["energy_j"] = p.energy_j;
    j["edp_js"] = p.energy_j * p.latency_s;
    j["area_mm2"] = p.area_mm2;
    j["power_w"] = p.power_w;
    j["unmapped_layers"] = p.unmapped;
    if (p.hasAccuracy()) {
        j["accuracy_top1"] = p.accuracy_top1;
        j["accuracy_uncertainty"] = p.accuracy_uncertainty;
        j["accuracy_extrapolating"] = p.accuracy_extrapolating;
    }
    if (p.hasFpgaUse()) {
        nlohmann::json use = nlohmann::json::object();
        for (hardware::FpgaResource x : hardware::kAllFpgaResources)
            use[std::string(hardware::keyOf(x))] = p.fpga_use_percent[static_cast<std::size_t>(x)];
        j["fpga_use_percent"] = use;
        j["cib_area_percent"] =
            std::isnan(p.cib_area_percent) ? nlohmann::json(nullptr) : nlohmann::json(p.cib_area_percent);
    }
    return j;
}

nlohmann::json headerOf(const ExploreFile& f) {
    nlohmann::json j;
    j["format"] = "archscape/explore-result";
    j["version"] = 1;
    nlohmann::json axes = nlohmann::json::array();
    for (std::size_t a = 0; a < f.axes.size(); ++a)
        axes.push_back({{"name", f.axes[a]},
                        {"values", a < f.axis_values.size() ? f.axis_values[a] : std::vector<std::string>{}}});
    j["space"] = {
        {"name", f.space_name}, {"fingerprint", hex(f.space_fingerprint)}, {"size", f.space_size}, {"axes", axes}};
    j["workload"] = f.workload;
    if (!f.accuracy_model.empty()) j["accuracy_model"] = f.accuracy_model;
    nlohmann::json obj = nlohmann::json::array();
    for (Metric m : f.objectives) obj.push_back(std::string(toString(m)));
    j["objectives"] = obj;
    j["seed"] = f.seed;
    j["shard"] = {{"index", f.shard_index}, {"count", f.shard_count}};
    // Grid sweeps keep the document as before; a strategy says which and how many points it chose.
    if (f.search.kind != DesignSearchKind::Grid) {
        j["search"] = {{"strategy", std::string(toString(f.search.kind))}, {"budget", f.search.budget}};
        if (f.search.population > 0) j["search"]["population"] = f.search.population;
        if (f.search.islands > 1) j["search"]["islands"] = f.search.islands;
        if (f.search.migration_interval > 0) j["search"]["migration_interval"] = f.search.migration_interval;
        if (f.search.seed != 0) j["search"]["seed"] = f.search.seed;
    }
    j["complete"] = f.complete;
    return j;
}

void finishJson(nlohmann::json& j, const ExploreResult& r, const ExploreFile& f) {
    const auto& axes = f.axes;
    const auto& labels = f.axis_values;
    j["evaluated_points"] = r.points.size();
    nlohmann::json pts = nlohmann::json::array();
    for (const auto& p : r.points) pts.push_back(pointOf(p, axes, labels));
    j["points"] = std::move(pts);
    j["front"] = r.front;
    nlohmann::json inf = nlohmann::json::object();
    for (int i = 1; i < kNumInfeasibilities; ++i)
        if (r.infeasible[i] > 0) inf[std::string(toString(static_cast<Infeasibility>(i)))] = r.infeasible[i];
    j["infeasible"] = inf;
    if (!r.front.empty()) j["hypervolume"] = hypervolumeJson(r, f.objectives, f.hypervolume_reference);
}

} // namespace

nlohmann::json hypervolumeJson(const ExploreResult& r, const std::vector<Metric>& objectives,
                               const std::vector<double>& given) {
    const FrontHypervolume hv =
        given.size() == objectives.size() ? frontHypervolume(r, objectives, given) : frontHypervolume(r, objectives);
    nlohmann::json ref = nlohmann::json::object();
    for (std::size_t k = 0; k < objectives.size() && k < hv.reference.size(); ++k)
        ref[std::string(toString(objectives[k]))] = hv.reference[k];
    return {{"value", hv.value}, {"reference", ref}, {"reference_given", given.size() == objectives.size()}};
}

ExploreFile describeRequest(const ExploreRequest& req) {
    ExploreFile f;
    f.space_name = req.space.name;
    f.space_fingerprint = req.space.fingerprint();
    f.space_size = req.space.size();
    for (const auto& a : req.space.axes) {
        f.axes.push_back(a.name);
        f.axis_values.push_back(a.labels);
    }
    f.workload = req.network.name;
    f.accuracy_model = req.space.accuracy_spec;
    f.objectives = req.objectives;
    f.seed = req.seed;
    f.shard_index = req.shard_index;
    f.shard_count = req.shard_count;
    f.search = req.search;
    f.hypervolume_reference = req.hypervolume_reference;
    return f;
}

nlohmann::json headerJson(const ExploreFile& meta) { return headerOf(meta); }

nlohmann::json pointJson(const PointResult& point, const ExploreFile& meta) {
    return pointOf(point, meta.axes, meta.axis_values);
}

nlohmann::json frontDetailsJson(const ExploreRequest& req, const ExploreResult& r) {
    // Front points: per layer, its distinct-shape cost and chosen mapping.
    nlohmann::json details = nlohmann::json::object();
    std::vector<int> shapeOf;
    for (const auto& [index, mappings] : r.front_mappings) {
        const PointResult* p = r.find(index);
        if (!p) continue;
        const auto shapes = shapesOf(req, index);
        // With an attention-reuse axis the shapes cover the network over S steps; its first layers are
        // step 0's, the network's own in order (step 0 computes every layer).
        std::size_t layerCount = 0;
        for (const auto& s : shapes) layerCount += s.members.size();
        shapeOf.assign(std::max(layerCount, req.network.layers.size()), 0);
        for (std::size_t s = 0; s < shapes.size(); ++s)
            for (int m : shapes[s].members) shapeOf[m] = static_cast<int>(s);
        const auto acc = req.space.pointAt(index).accelerator;
        nlohmann::json layers = nlohmann::json::array();
        for (std::size_t l = 0; l < req.network.layers.size(); ++l) {
            nlohmann::json lj;
            lj["name"] = req.network.layers[l].name;
            const ShapeCost& c = p->shapes[shapeOf[l]];
            lj["cycles"] = c.cycles;
            lj["energy_pj"] = c.energy_pj;
            if (l < mappings.size() && mappings[l].num_levels > 0) lj["mapping"] = io::toJson(mappings[l], acc);
            layers.push_back(std::move(lj));
        }
        details[std::to_string(index)] = {{"layers", std::move(layers)}};
    }
    return details;
}

nlohmann::json toJson(const ExploreRequest& req, const ExploreResult& r) {
    ExploreFile f = describeRequest(req);
    f.complete = !r.cancelled;
    nlohmann::json j = headerOf(f);
    finishJson(j, r, f);
    j["front_details"] = frontDetailsJson(req, r);
    return j;
}

nlohmann::json toJson(const ExploreFile& f) {
    nlohmann::json j = headerOf(f);
    finishJson(j, f.result, f);
    nlohmann::json details = nlohmann::json::object();
    for (const auto& [index, d] : f.details) details[std::to_string(index)] = d;
    j["front_details"] = std::move(details);
    return j;
}

PointResult parsePointJson(const nlohmann::json& j, const std::string& pointer, std::vector<Diagnostic>& errors) {
    io::ObjectReader r(j, pointer, errors);
    PointResult p;
    p.index = r.integer("index", true, {0, INT64_MAX}).value_or(0);
    r.allow({"design", "edp_js", "feasible"});
    if (const auto* c = r.field("choice", true); c && c->is_array())
        for (std::size_t i = 0; i < c->size(); ++i) {
            const auto& x = (*c)[i];
            // Value indices are 16-bit: check before converting (70000 would wrap to 4464).
            if (x.is_number_unsigned() && x.get<std::uint64_t>() <= 65535) p.choice.push_back(x.get<std::uint16_t>());
            else r.error(io::childPointer(r.at("choice"), i), "expected a value index from 0 to 65535");
        }
    if (auto reason =
            r.enumeration("reason", false, parseInfeasibility, "pe_count, area, unmapped_layer, latency, power"))
        p.reason = *reason;
    p.latency_s = r.number("latency_s", true).value_or(0);
    p.energy_j = r.number("energy_j", true).value_or(0);
    p.area_mm2 = r.number("area_mm2", true).value_or(0);
    p.power_w = r.number("power_w", true).value_or(0);
    p.unmapped = static_cast<int>(r.integer("unmapped_layers", false, {0, INT32_MAX}).value_or(0));
    if (auto a = r.number("accuracy_top1", false, 0)) {
        p.accuracy_top1 = *a;
        p.accuracy_uncertainty = static_cast<float>(r.number("accuracy_uncertainty", false, 0).value_or(0));
        p.accuracy_extrapolating = r.boolean("accuracy_extrapolating").value_or(false);
    } else {
        r.allow({"accuracy_uncertainty", "accuracy_extrapolating"});
    }
    // A design's utilisation is re-derived from the space when a file is merged or resumed.
    r.allow({"fpga_use_percent", "cib_area_percent"});
    r.finish();
    return p;
}

ParseResult<ExploreFile> parseExploreFile(const nlohmann::json& j) {
    std::vector<Diagnostic> errors;
    ExploreFile f;
    io::ObjectReader top(j, "", errors);
    top.header("archscape/explore-result");
    if (const auto* s = top.field("space", true)) {
        io::ObjectReader r(*s, "/space", errors);
        f.space_name = r.string("name", true).value_or("");
        const auto fp = r.string("fingerprint", true).value_or("0");
        f.space_fingerprint = std::strtoull(fp.c_str(), nullptr, 16);
        f.space_size = r.integer("size", true, {0, INT64_MAX}).value_or(0);
        if (const auto* a = r.field("axes", true); a && a->is_array())
            for (std::size_t i = 0; i < a->size(); ++i) {
                io::ObjectReader ar((*a)[i], io::childPointer("/space/axes", i), errors);
                f.axes.push_back(ar.string("name", true).value_or(""));
                std::vector<std::string> values;
                if (const auto* v = ar.field("values", true); v && v->is_array())
                    for (const auto& x : *v) values.push_back(x.is_string() ? x.get<std::string>() : "");
                f.axis_values.push_back(std::move(values));
                ar.finish();
            }
        r.finish();
    }
    f.workload = top.string("workload", true).value_or("");
    f.accuracy_model = top.string("accuracy_model", false).value_or("");
    if (const auto* o = top.field("objectives", true); o && o->is_array()) {
        for (std::size_t i = 0; i < o->size(); ++i) {
            const auto m = (*o)[i].is_string() ? parseMetric((*o)[i].get<std::string>()) : std::nullopt;
            if (m) f.objectives.push_back(*m);
            else
                top.error(io::childPointer("/objectives", i),
                          "expected latency, energy, edp, area, power, accuracy, dsp, bram or alm");
        }
    }
    f.seed = static_cast<std::uint64_t>(top.integer("seed", true, {0, INT64_MAX}).value_or(0));
    if (const auto* s = top.field("shard", true)) {
        io::ObjectReader r(*s, "/shard", errors);
        f.shard_count = static_cast<int>(r.integer("count", true, {1, 1 << 20}).value_or(1));
        f.shard_index = static_cast<int>(r.integer("index", true, {0, 1 << 20}).value_or(0));
        r.finish();
    }
    if (const auto* s = top.field("search", false)) {
        io::ObjectReader r(*s, "/search", errors);
        if (auto k = r.enumeration("strategy", true, parseDesignSearchKind, "grid, random, nsga2, genesys"))
            f.search.kind = *k;
        f.search.budget = r.integer("budget", true, {0, INT64_MAX}).value_or(0);
        f.search.population = static_cast<int>(r.integer("population", false, {1, 1 << 20}).value_or(0));
        f.search.islands = static_cast<int>(r.integer("islands", false, {1, 1024}).value_or(1));
        f.search.migration_interval =
            static_cast<int>(r.integer("migration_interval", false, {1, 1 << 20}).value_or(0));
        f.search.seed = static_cast<std::uint64_t>(r.integer("seed", false, {0, INT64_MAX}).value_or(0));
        r.finish();
    }
    // The hypervolume is recomputed from the front; only a given reference point is read back.
    if (const auto* h = top.field("hypervolume", false)) {
        io::ObjectReader r(*h, "/hypervolume", errors);
        r.allow({"value"});
        const bool given = r.boolean("reference_given").value_or(false);
        if (const auto* ref = r.field("reference", true); ref && ref->is_object() && given)
            for (Metric m : f.objectives) {
                const auto it = ref->find(std::string(toString(m)));
                if (it == ref->end() || !it->is_number())
                    r.error(io::childPointer("/hypervolume/reference", std::string(toString(m))),
                            "expected the reference value of every objective");
                else f.hypervolume_reference.push_back(it->get<double>());
            }
        r.finish();
    }
    f.complete = top.boolean("complete").value_or(false);
    top.allow({"evaluated_points"});
    if (const auto* pts = top.field("points", true); pts) {
        if (!pts->is_array()) top.error("/points", "expected a list of points");
        else
            for (std::size_t i = 0; i < pts->size(); ++i) {
                PointResult p = parsePointJson((*pts)[i], io::childPointer("/points", i), errors);
                f.result.points.push_back(std::move(p));
            }
    }
    if (const auto* fr = top.field("front", true); fr && fr->is_array())
        for (const auto& x : *fr) f.result.front.push_back(x.is_number_integer() ? x.get<std::int64_t>() : -1);
    if (const auto* inf = top.field("infeasible", false); inf && inf->is_object())
        for (auto it = inf->begin(); it != inf->end(); ++it) {
            const auto r = parseInfeasibility(it.key());
            if (!r || !it->is_number_integer())
                top.error(io::childPointer("/infeasible", it.key()), "expected a known reason with a count");
            else f.result.infeasible[static_cast<int>(*r)] = it->get<std::int64_t>();
        }
    if (const auto* d = top.field("front_details", false); d && d->is_object())
        for (auto it = d->begin(); it != d->end(); ++it) f.details[std::stoll(it.key())] = *it;
    top.finish();
    f.result.total = static_cast<std::int64_t>(f.result.points.size());
    if (!errors.empty()) return ParseResult<ExploreFile>::failure(std::move(errors));
    return ParseResult<ExploreFile>::success(std::move(f));
}

ParseResult<ExploreFile> mergeExploreFiles(const std::vector<ExploreFile>& shards) {
    std::vector<Diagnostic> errors;
    if (shards.empty()) return ParseResult<ExploreFile>::failure({{"", "expected at least one result file"}});
    const ExploreFile& first = shards.front();
    ExploreFile out;
    out.space_name = first.space_name;
    out.space_fingerprint = first.space_fingerprint;
    out.space_size = first.space_size;
    out.axes = first.axes;
    out.axis_values = first.axis_values;
    out.workload = first.workload;
    out.accuracy_model = first.accuracy_model;
    out.objectives = first.objectives;
    out.seed = first.seed;
    out.search = first.search;
    out.hypervolume_reference = first.hypervolume_reference;
    out.shard_index = 0;
    out.shard_count = 1;
    std::set<int> seen;
    std::set<std::int64_t> indices;
    for (std::size_t i = 0; i < shards.size(); ++i) {
        const ExploreFile& s = shards[i];
        const std::string at = std::to_string(i + 1) + ":";
        if (s.space_fingerprint != first.space_fingerprint || s.space_size != first.space_size)
            errors.push_back({at + "/space", "a different design space (or mapper settings) than the first input"});
        if (s.accuracy_model != first.accuracy_model)
            errors.push_back({at + "/accuracy_model", "accuracy model \"" + s.accuracy_model + "\" differs from \"" +
                                                          first.accuracy_model + "\""});
        if (s.workload != first.workload)
            errors.push_back(
                {at + "/workload", "workload \"" + s.workload + "\" differs from \"" + first.workload + "\""});
        if (s.objectives != first.objectives)
            errors.push_back({at + "/objectives", "objectives differ from the first input"});
        if (s.seed != first.seed) errors.push_back({at + "/seed", "seed differs from the first input"});
        if (s.search.kind != first.search.kind || s.search.budget != first.search.budget ||
            s.search.seed != first.search.seed || s.search.islands != first.search.islands ||
            s.search.migration_interval != first.search.migration_interval)
            errors.push_back(
                {at + "/search", "design search (strategy, budget, seed or islands) differs from the first input"});
        if (s.shard_count != first.shard_count)
            errors.push_back({at + "/shard/count", "shard count differs from the first input"});
        if (!seen.insert(s.shard_index).second)
            errors.push_back({at + "/shard/index", "shard " + std::to_string(s.shard_index) + " appears twice"});
        for (const auto& p : s.result.points) {
            if (!indices.insert(p.index).second) {
                errors.push_back({at + "/points", "point " + std::to_string(p.index) + " appears in two inputs"});
                break;
            }
            out.result.points.push_back(p);
        }
        for (int r = 0; r < kNumInfeasibilities; ++r) out.result.infeasible[r] += s.result.infeasible[r];
        out.complete = out.complete && s.complete;
    }
    if (!errors.empty()) return ParseResult<ExploreFile>::failure(std::move(errors));
    out.complete = out.complete && static_cast<int>(seen.size()) == first.shard_count;
    std::sort(out.result.points.begin(), out.result.points.end(),
              [](const PointResult& a, const PointResult& b) { return a.index < b.index; });
    out.result.front = paretoFrontOf(out.result.points, out.objectives);
    for (const auto& s : shards)
        for (const auto& [index, d] : s.details)
            if (std::binary_search(out.result.front.begin(), out.result.front.end(), index)) out.details[index] = d;
    out.result.total = static_cast<std::int64_t>(out.result.points.size());
    return ParseResult<ExploreFile>::success(std::move(out));
}

} // namespace archscape::io
