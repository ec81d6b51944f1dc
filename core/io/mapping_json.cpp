#include "io/mapping_json.h"

#include "io/json_file.h"

namespace archscape::io {

namespace {

using mapping::Mapping;
using nlohmann::json;
using workload::Dim;
using workload::Operand;
using workload::PerDim;

constexpr std::string_view kDimChoices = "N, G, K, C, P, Q, R, S";

// {"K": 16, "P": 4}: factors of the named dimensions; the others stay 1.
void readFactors(ObjectReader& parent, std::string_view key, PerDim<std::int32_t>& out) {
    const json* j = parent.field(key);
    if (!j) return;
    const std::string ptr = parent.at(key);
    if (!j->is_object()) {
        parent.error(ptr, "expected an object of dimension factors such as {\"K\": 4}, got " + describeValue(*j));
        return;
    }
    for (auto it = j->begin(); it != j->end(); ++it) {
        const std::string fptr = childPointer(ptr, it.key());
        const auto d = workload::parseDim(it.key());
        if (!d) {
            parent.error(fptr, "expected a dimension (" + std::string(kDimChoices) + "), got \"" + it.key() + "\"");
            continue;
        }
        if (const auto f = checkInteger(it.value(), fptr, {}, parent.errors())) out[*d] = std::int32_t(*f);
    }
}

json writeFactors(const PerDim<std::int32_t>& f) {
    json o = json::object();
    for (Dim d : workload::kAllDims)
        if (f[d] != 1) o[std::string(toString(d))] = f[d];
    return o;
}

// "KCP": dimensions outermost first; the ones left out follow in N,G,K,C,P,Q,R,S order.
void readOrder(ObjectReader& r, mapping::LevelLoops& loops) {
    const auto s = r.string("order", false);
    if (!s) return;
    PerDim<bool> used = PerDim<bool>::filled(false);
    std::string problem;
    std::array<Dim, workload::kNumDims> order{};
    int n = 0;
    for (char c : *s) {
        const auto d = workload::parseDim(std::string_view(&c, 1));
        if (!d) {
            problem = std::string("'") + c + "' is not a dimension";
            break;
        }
        if (used[*d]) {
            problem = std::string("'") + c + "' appears twice";
            break;
        }
        used[*d] = true;
        order[n++] = *d;
    }
    if (!problem.empty()) {
        r.error(r.at("order"), "expected distinct dimension letters from NGKCPQRS, outermost first, got \"" + *s +
                                   "\" (" + problem + ")");
        return;
    }
    for (Dim d : workload::kAllDims)
        if (!used[d]) order[n++] = d;
    loops.order = order;
}

void readBypass(ObjectReader& r, mapping::LevelLoops& loops) {
    const json* j = r.field("bypass");
    if (!j) return;
    const std::string ptr = r.at("bypass");
    if (!j->is_array()) {
        r.error(ptr, "expected an array of operand names (weight, input, output), got " + describeValue(*j));
        return;
    }
    for (std::size_t k = 0; k < j->size(); ++k) {
        const std::string eptr = childPointer(ptr, k);
        const auto s = checkString((*j)[k], eptr, r.errors());
        if (!s) continue;
        if (const auto o = workload::parseOperand(*s)) loops.bypass[*o] = true;
        else r.error(eptr, "expected one of weight, input, output, got \"" + *s + "\"");
    }
}

// One mapping at `ptr`; `top` documents may carry the format header.
Mapping readMapping(const json& j, const hardware::Accelerator& acc, const std::string& ptr, bool top,
                    std::vector<Diagnostic>& errors) {
    Mapping m;
    ObjectReader r(j, ptr, errors);
    if (top) r.header("archscape/mapping");
    if (const json* levels = r.field("levels", true)) {
        const std::string lptr = r.at("levels");
        if (!levels->is_array()) {
            r.error(lptr, "expected an array with one entry per accelerator level, got " + describeValue(*levels));
        } else {
            if (levels->size() != std::size_t(acc.numLevels())) {
                std::string names;
                for (const auto& l : acc.levels) names += (names.empty() ? "" : ", ") + l.name;
                r.error(lptr, "expected " + std::to_string(acc.numLevels()) + " levels (one per accelerator level: " +
                                  names + "), got " + std::to_string(levels->size()));
            }
            const std::size_t n = std::min({levels->size(), acc.levels.size(), std::size_t(mapping::kMaxLevels)});
            m.num_levels = int(n);
            for (std::size_t i = 0; i < n; ++i) {
                ObjectReader lr((*levels)[i], childPointer(lptr, i), errors);
                if (const auto name = lr.string("name", false); name && *name != acc.levels[i].name)
                    lr.error(lr.at("name"), "expected \"" + acc.levels[i].name + "\" (accelerator level " +
                                                std::to_string(i) + "), got \"" + *name + "\"");
                readFactors(lr, "factors", m.levels[i].factors);
                readOrder(lr, m.levels[i]);
                readBypass(lr, m.levels[i]);
                if (i == 0 && m.levels[0].bypass != workload::PerOperand<bool>::filled(false))
                    lr.error(lr.at("bypass"), "expected no bypass at the outermost level: it holds every tensor");
                lr.finish();
            }
        }
    }
    if (const json* s = r.field("spatial")) {
        ObjectReader sr(*s, r.at("spatial"), errors);
        readFactors(sr, "x", m.spatial_x);
        readFactors(sr, "y", m.spatial_y);
        // The array size is known here, unlike the layer: say which axis overflows and by how much.
        if (sr.isObject() && m.spatialX() > acc.pe.cols)
            sr.error(sr.at("x"), "expected factors multiplying to at most " + std::to_string(acc.pe.cols) +
                                     " (PE columns), got " + std::to_string(m.spatialX()));
        if (sr.isObject() && m.spatialY() > acc.pe.rows)
            sr.error(sr.at("y"), "expected factors multiplying to at most " + std::to_string(acc.pe.rows) +
                                     " (PE rows), got " + std::to_string(m.spatialY()));
        sr.finish();
    }
    r.finish();
    return m;
}

} // namespace

ParseResult<Mapping> parseMapping(const json& j, const hardware::Accelerator& acc) {
    std::vector<Diagnostic> errors;
    Mapping m = readMapping(j, acc, "", true, errors);
    if (!errors.empty()) return ParseResult<Mapping>::failure(std::move(errors));
    return ParseResult<Mapping>::success(m);
}

json toJson(const Mapping& m, const hardware::Accelerator& acc) {
    json levels = json::array();
    for (int i = 0; i < m.num_levels; ++i) {
        const auto& l = m.levels[i];
        json o = json::object();
        if (i < acc.numLevels()) o["name"] = acc.levels[i].name;
        if (auto f = writeFactors(l.factors); !f.empty()) o["factors"] = std::move(f);
        std::string order;
        for (Dim d : l.order) order += toString(d);
        o["order"] = order;
        json bypass = json::array();
        for (Operand op : workload::kAllOperands)
            if (l.bypass[op]) bypass.push_back(std::string(toString(op)));
        if (!bypass.empty()) o["bypass"] = std::move(bypass);
        levels.push_back(std::move(o));
    }
    json j = {{"format", "archscape/mapping"}, {"version", 1}, {"levels", std::move(levels)}};
    json spatial = json::object();
    if (auto x = writeFactors(m.spatial_x); !x.empty()) spatial["x"] = std::move(x);
    if (auto y = writeFactors(m.spatial_y); !y.empty()) spatial["y"] = std::move(y);
    if (!spatial.empty()) j["spatial"] = std::move(spatial);
    return j;
}

ParseResult<std::vector<std::pair<std::string, Mapping>>> parseNetworkMappings(const json& j,
                                                                               const hardware::Accelerator& acc) {
    using Result = ParseResult<std::vector<std::pair<std::string, Mapping>>>;
    std::vector<Diagnostic> errors;
    std::vector<std::pair<std::string, Mapping>> out;
    if (!j.is_object() || !j.contains("layers")) {
        Mapping m = readMapping(j, acc, "", true, errors);
        if (!errors.empty()) return Result::failure(std::move(errors));
        out.emplace_back("", m);
        return Result::success(std::move(out));
    }
    ObjectReader r(j, "", errors);
    r.header("archscape/mapping");
    const json* layers = r.field("layers", true);
    r.finish();
    if (!layers->is_object()) {
        r.error("/layers", "expected an object {\"<layer name>\": <mapping>}, got " + describeValue(*layers));
    } else {
        if (layers->empty()) r.error("/layers", "expected at least one layer's mapping, got an empty object");
        for (auto it = layers->begin(); it != layers->end(); ++it)
            out.emplace_back(it.key(), readMapping(it.value(), acc, childPointer("/layers", it.key()), false, errors));
    }
    if (!errors.empty()) return Result::failure(std::move(errors));
    return Result::success(std::move(out));
}

ParseResult<std::vector<std::pair<std::string, Mapping>>> readMappingFile(const std::string& path,
                                                                          const hardware::Accelerator& acc) {
    auto file = readJsonFile(path);
    if (!file.ok()) return {std::nullopt, std::move(file.errors)};
    return parseNetworkMappings(*file.value, acc);
}

} // namespace archscape::io
