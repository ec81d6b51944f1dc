#include "io/design_space_json.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "accuracy/model_catalog.h"
#include "accuracy/omega_model.h"
#include "common/format_number.h"
#include "hardware/technology.h"
#include "io/accelerator_json.h"
#include "io/json_file.h"
#include "io/preset_catalog.h"
#include "workload/attention_reuse.h"

namespace archscape::io {

// This reader builds search's value types.
using namespace search;

namespace {

using io::ObjectReader;
constexpr std::size_t kMaxValues = 65535; // value indices are 16-bit
constexpr std::int64_t kStaticCheckLimit = 200000;

std::string fmt(double v) { return formatNumber(v, "%g"); }

/// A numeric axis: a non-empty list, or {"min", "max", "step"} / {"min", "max", "factor"}.
bool readNumbers(const nlohmann::json& j, const std::string& ptr, bool integer, double min, Axis& axis,
                 std::vector<Diagnostic>& errors) {
    const std::size_t before = errors.size();
    auto check = [&](const nlohmann::json& v, const std::string& p) -> std::optional<double> {
        if (integer) {
            const auto i = io::checkInteger(v, p, {static_cast<std::int64_t>(min), (std::int64_t(1) << 40)}, errors);
            return i ? std::optional<double>(double(*i)) : std::nullopt;
        }
        return io::checkNumber(v, p, min, min == 0, errors);
    };
    if (j.is_array()) {
        if (j.empty()) errors.push_back({ptr, "expected at least one value, got an empty list"});
        for (std::size_t i = 0; i < j.size(); ++i)
            if (auto v = check(j[i], io::childPointer(ptr, i))) axis.values.push_back(*v);
    } else if (j.is_object()) {
        ObjectReader r(j, ptr, errors);
        const auto* jmin = r.field("min", true);
        const auto* jmax = r.field("max", true);
        // NaN = missing or wrong (already reported); plain doubles keep GCC's flow analysis quiet.
        const double lo = jmin ? check(*jmin, r.at("min")).value_or(NAN) : NAN;
        const double hi = jmax ? check(*jmax, r.at("max")).value_or(NAN) : NAN;
        const auto step = r.number("step", false, 0, true);
        const auto factor = r.number("factor", false, 1, true);
        r.finish();
        if (step && factor) r.error(ptr, "expected either \"step\" or \"factor\", not both");
        else if (!step && !factor) r.error(ptr, "expected \"step\" (arithmetic range) or \"factor\" (geometric range)");
        if (lo > hi) r.error(r.at("min"), "empty range: min " + fmt(lo) + " is greater than max " + fmt(hi));
        if (errors.size() == before && !std::isnan(lo) && !std::isnan(hi)) {
            const double first = lo, last = hi;
            const double inc = step.value_or(0), mul = factor.value_or(2);
            // Tolerance so that 0.1-steps reach max despite rounding.
            const double eps = 1e-9 * std::max(1.0, std::abs(last));
            for (double v = first; v <= last + eps && axis.values.size() <= kMaxValues;
                 v = step ? first + inc * double(axis.values.size()) : v * mul) {
                const double x = integer ? std::round(v) : v;
                if (axis.values.empty() || x != axis.values.back()) axis.values.push_back(x);
            }
        }
    } else {
        errors.push_back({ptr, "expected a list of values or a range {\"min\", \"max\", \"step\"|\"factor\"}, got " +
                                   io::describeValue(j)});
    }
    if (axis.values.size() > kMaxValues)
        errors.push_back({ptr, "expected at most " + std::to_string(kMaxValues) + " values"});
    for (double v : axis.values) axis.labels.push_back(fmt(v));
    return errors.size() == before;
}

/// A list of names parsed by `parse` (dataflow, precision).
template <class Parse, class Out>
void readNames(const nlohmann::json& j, const std::string& ptr, Parse parse, std::string_view choices, Out& out,
               Axis& axis, std::vector<Diagnostic>& errors) {
    if (!j.is_array() || j.empty()) {
        errors.push_back(
            {ptr, "expected a non-empty list of names (" + std::string(choices) + "), got " + io::describeValue(j)});
        return;
    }
    for (std::size_t i = 0; i < j.size(); ++i) {
        const auto p = io::childPointer(ptr, i);
        const auto s = io::checkString(j[i], p, errors);
        if (!s) continue;
        if (auto v = parse(*s)) {
            out.push_back(*v);
            axis.labels.push_back(*s);
        } else {
            errors.push_back({p, "expected one of " + std::string(choices) + ", got \"" + *s + "\""});
        }
    }
}

/// An axis of names under /parameters (dataflow, precision, pe_mode, fpga_bram_compute): the names
/// parsed into values of type T and the axis's labels; `finish(values, axis)` stores the values in
/// the axis and may add errors. The axis joins `axes` only when reading it added none.
template <class T, class Parse, class Finish>
void readNameAxis(const nlohmann::json& j, const std::string& ptr, Param param, const char* name, Parse parse,
                  std::string_view choices, Finish finish, std::vector<Axis>& axes, std::vector<Diagnostic>& errors) {
    Axis a;
    a.param = param;
    a.name = name;
    const std::size_t before = errors.size();
    std::vector<T> values;
    readNames(j, ptr, parse, choices, values, a, errors);
    finish(values, a);
    if (errors.size() == before) axes.push_back(std::move(a));
}

ParseResult<hardware::Accelerator> readBase(const nlohmann::json& j, const std::string& base_dir,
                                            std::vector<Diagnostic>& errors) {
    if (j.is_object()) {
        auto r = io::parseAccelerator(j);
        for (auto& e : r.errors) errors.push_back({"/base" + e.path, e.message});
        return r;
    }
    if (!j.is_string()) {
        errors.push_back(
            {"/base", "expected an accelerator object, a file path or a preset name, got " + io::describeValue(j)});
        return {};
    }
    const std::string name = j.get<std::string>();
    std::optional<std::string> path;
    if (std::filesystem::path(name).is_relative() && std::filesystem::exists(std::filesystem::path(base_dir) / name))
        path = (std::filesystem::path(base_dir) / name).string();
    if (!path) path = io::resolvePreset("accelerators", name);
    if (!path) {
        std::string known;
        for (const auto& p : io::listPresets("accelerators")) known += (known.empty() ? "" : ", ") + p;
        errors.push_back({"/base", "no accelerator file or preset named \"" + name + "\" (presets: " + known + ")"});
        return {};
    }
    auto r = io::readAcceleratorFile(*path);
    for (auto& e : r.errors) errors.push_back({"/base", *path + ": " + e.path + ": " + e.message});
    return r;
}

/// One value of the quantization axis ("uniform:P", "hawq:CONFIG" or a per-model-layer list);
/// nullopt after recording why not.
std::optional<Quantization> parseQuantization(const std::string& s, const std::string& ptr,
                                              const accuracy::AccuracyModel* model, std::vector<Diagnostic>& errors) {
    Quantization q;
    if (s.rfind("uniform:", 0) == 0) {
        auto p = accuracy::parseAssignment(s.substr(8));
        if (!p.ok() || p.value->layers.size() != 1) {
            errors.push_back({ptr,
                              "expected uniform:P with one precision P (int2..int16, fp8_e4m3, fp8_e5m2, fp16, "
                              "bf16, fp32, or weight/activation such as int4/int8), got \"" +
                                  s + "\""});
            return std::nullopt;
        }
        q.uniform = p.value->layers.front();
        return q;
    }
    if (!model) {
        errors.push_back({ptr, "\"" + s +
                                   "\" gives precisions per layer of an accuracy model: add \"accuracy\": "
                                   "{\"model\": ...} to the space, or use uniform:P"});
        return std::nullopt;
    }
    const std::size_t n = model->layers().layers.size();
    if (s.rfind("hawq:", 0) == 0) {
        const auto* omega = dynamic_cast<const accuracy::OmegaModel*>(model);
        std::string known;
        if (omega)
            for (const auto& c : omega->configs()) {
                const std::string prefix = "bit_config_" + c.network + "_";
                const std::string shortKey = c.key.rfind(prefix, 0) == 0 ? c.key.substr(prefix.size()) : c.key;
                if (s.substr(5) == shortKey || s.substr(5) == c.key) {
                    q.per_model_layer = accuracy::PrecisionAssignment::fromBits(c.bits);
                    return q;
                }
                known += (known.empty() ? "" : ", ") + shortKey;
            }
        errors.push_back({ptr, omega
                                   ? "no published HAWQ-V3 configuration \"" + s.substr(5) + "\" (known: " + known + ")"
                                   : "hawq:CONFIG needs a hawq: accuracy model, the space's is " + model->name()});
        return std::nullopt;
    }
    auto p = accuracy::parseAssignment(s);
    if (!p.ok()) {
        for (const auto& e : p.errors) errors.push_back({ptr, e.path + ": " + e.message});
        return std::nullopt;
    }
    if (p.value->layers.size() != n) {
        errors.push_back({ptr, "expected " + std::to_string(n) + " comma-separated precisions (one per layer of " +
                                   model->name() + "), got " + std::to_string(p.value->layers.size())});
        return std::nullopt;
    }
    q.per_model_layer = std::move(*p.value);
    return q;
}

/// The attention-reuse axis: {"steps": S, "maps": "self"|"cross"|"both", "values": [...]}, each value a
/// number of reused steps n (the last n: late reuse) or a policy string (workload::parseAttentionReusePolicy).
void readAttentionReuse(const nlohmann::json& j, const std::string& ptr, DesignSpace& space,
                        std::vector<Diagnostic>& errors) {
    Axis a;
    a.param = Param::AttentionReuse;
    a.name = "attention_reuse";
    const std::size_t before = errors.size();
    ObjectReader r(j, ptr, errors);
    const auto steps = r.integer("steps", true, {1, workload::kMaxSamplingSteps});
    const auto maps = r.enumeration("maps", false, workload::parseAttentionMaps, "self, cross, both")
                          .value_or(workload::AttentionMaps::Both);
    const auto* values = r.field("values", true);
    r.finish();
    if (values && (!values->is_array() || values->empty()))
        errors.push_back({r.at("values"),
                          "expected a non-empty list of reused-step counts (0 <= n < steps) or policies (none, "
                          "every:K, late:N, steps:I,J,...), got " +
                              io::describeValue(*values)});
    else if (values && steps)
        for (std::size_t i = 0; i < values->size(); ++i) {
            const auto vptr = io::childPointer(r.at("values"), i);
            const auto& v = (*values)[i];
            std::string text, error;
            if (v.is_number_integer()) text = "late:" + std::to_string(v.get<std::int64_t>());
            else if (v.is_string()) text = v.get<std::string>();
            else {
                errors.push_back(
                    {vptr, "expected a reused-step count or a policy string, got " + io::describeValue(v)});
                continue;
            }
            auto p = workload::parseAttentionReusePolicy(text, static_cast<int>(*steps), maps, &error);
            if (!p) {
                errors.push_back({vptr, error});
                continue;
            }
            a.reuse_policies.push_back(std::move(*p));
            a.labels.push_back(v.is_string() ? text : std::to_string(v.get<std::int64_t>()));
        }
    if (errors.size() == before) space.axes.push_back(std::move(a));
}

MapperOptions readMapper(const nlohmann::json& j, std::vector<Diagnostic>& errors) {
    MapperOptions m;
    ObjectReader r(j, "/mapper", errors);
    if (auto s = r.enumeration("strategy", false, parseStrategyKind, "exhaustive, random, decoupled, genetic"))
        m.strategy = *s;
    if (auto b = r.integer("budget", false, {1, 100000000})) m.budget = *b;
    if (auto o = r.enumeration("objective", false, parseObjective, "latency, energy, edp, mix:<a>,<b>"))
        m.objective = *o;
    if (auto p = r.integer("population", false, {2, 10000})) m.population = static_cast<int>(*p);
    r.finish();
    return m;
}

} // namespace

ParseResult<DesignSpace> parseDesignSpace(const nlohmann::json& j, const std::string& base_dir) {
    std::vector<Diagnostic> errors;
    DesignSpace space;
    ObjectReader top(j, "", errors);
    top.header("archscape/design-space");
    space.name = top.string("name", true).value_or("");
    space.description = top.string("description", false).value_or("");
    bool haveBase = false;
    if (const auto* b = top.field("base", true)) {
        auto r = readBase(*b, base_dir, errors);
        if (r.ok()) {
            space.base = *r.value;
            haveBase = true;
        }
    }
    if (const auto* m = top.field("mapper", false)) space.mapper = readMapper(*m, errors);
    if (const auto* acc = top.field("accuracy", false)) {
        ObjectReader ar(*acc, "/accuracy", errors);
        if (auto spec = ar.string("model", true)) {
            auto loaded = accuracy::loadAccuracyModel(*spec, base_dir);
            if (loaded.ok()) {
                space.accuracy_spec = *spec;
                space.accuracy_model = loaded.value->model;
            } else {
                for (const auto& e : loaded.errors) ar.error(ar.at("model"), e.path + ": " + e.message);
            }
        }
        ar.finish();
    }

    if (const auto* params = top.field("parameters", true)) {
        ObjectReader pr(*params, "/parameters", errors);
        struct Numeric {
            std::string_view key;
            Param param;
            bool integer;
            double min;
        };
        constexpr Numeric kNumeric[] = {
            {"pe_rows", Param::PeRows, true, 1},
            {"pe_cols", Param::PeCols, true, 1},
            {"macs_per_pe", Param::MacsPerPe, true, 1},
            {"noc_bandwidth_words_per_cycle", Param::NocBandwidth, false, 0},
            {"clock_mhz", Param::ClockMhz, false, 0},
            {"technology_nm", Param::TechnologyNm, true, 1},
            {"fpga_qvec", Param::FpgaQvec, true, 1},
            {"fpga_cvec", Param::FpgaCvec, true, 1},
            {"fpga_kvec", Param::FpgaKvec, true, 1},
            {"fpga_filter_cache_bytes", Param::FpgaFilterCache, true, 1},
        };
        const bool fpga = space.base.kind == hardware::AcceleratorKind::Fpga;
        for (const auto& n : kNumeric) {
            if (const auto* v = pr.field(n.key)) {
                if (haveBase && !fpga && n.key.starts_with("fpga_"))
                    errors.push_back({pr.at(n.key), "expected a base accelerator of kind \"fpga\" for this axis"});
                Axis a;
                a.param = n.param;
                a.name = std::string(n.key);
                if (readNumbers(*v, pr.at(n.key), n.integer, n.min, a, errors)) space.axes.push_back(std::move(a));
            }
        }
        // Enumerations stored as their codes in Axis::values.
        const auto asCodes = [](const auto& modes, Axis& a) {
            for (auto m : modes) a.values.push_back(static_cast<double>(m));
        };
        if (const auto* v = pr.field("dataflow")) {
            // -1 stands for "free" (no template constraint).
            auto parse = [](std::string_view s) -> std::optional<int> {
                if (s == "free") return -1;
                if (auto d = mapping::parseDataflow(s)) return static_cast<int>(*d);
                return std::nullopt;
            };
            readNameAxis<int>(
                *v, pr.at("dataflow"), Param::Dataflow, "dataflow", parse, "free, ws, os, is, rs, kc-p, yx-p",
                [](const std::vector<int>& codes, Axis& a) {
                    for (int c : codes)
                        a.dataflows.push_back(c < 0 ? std::nullopt : std::optional(static_cast<mapping::Dataflow>(c)));
                },
                space.axes, errors);
        }
        if (const auto* v = pr.field("precision"))
            readNameAxis<Precision>(
                *v, pr.at("precision"), Param::Precision, "precision", parsePrecision,
                "int2..int16, fp8_e4m3, fp8_e5m2, fp16, bf16, fp32",
                [](const std::vector<Precision>& p, Axis& a) { a.precisions = p; }, space.axes, errors);
        if (const auto* v = pr.field("pe_mode"))
            readNameAxis<hardware::PeMode>(
                *v, pr.at("pe_mode"), Param::PeMode, "pe_mode", hardware::parsePeMode,
                "fixed, precision_scalable, bit_serial",
                [&](const std::vector<hardware::PeMode>& modes, Axis& a) {
                    asCodes(modes, a);
                    // Bit Fusion's bricks split a power-of-two base width (core/hardware/technology.cpp).
                    const int b = space.base.pe.base_bits;
                    if (haveBase && (b & (b - 1)) != 0 &&
                        std::find(modes.begin(), modes.end(), hardware::PeMode::PrecisionScalable) != modes.end())
                        errors.push_back({pr.at("pe_mode"),
                                          "precision_scalable needs the base accelerator's pe_array.base_bits "
                                          "to be a power of two, got " +
                                              std::to_string(b)});
                },
                space.axes, errors);
        if (const auto* v = pr.field("fpga_bram_compute")) {
            // Reported first, as before; any error keeps the whole file from being used.
            if (haveBase && !fpga)
                errors.push_back(
                    {pr.at("fpga_bram_compute"), "expected a base accelerator of kind \"fpga\" for this axis"});
            readNameAxis<hardware::BramCompute>(*v, pr.at("fpga_bram_compute"), Param::FpgaBramCompute,
                                                "fpga_bram_compute", hardware::parseBramCompute,
                                                "none, bramac_2sa, bramac_1da, m4bram", asCodes, space.axes, errors);
        }
        if (const auto* v = pr.field("quantization")) {
            Axis a;
            a.param = Param::Quantization;
            a.name = "quantization";
            const std::size_t before = errors.size();
            if (!v->is_array() || v->empty())
                errors.push_back({pr.at("quantization"),
                                  "expected a non-empty list of precision assignments "
                                  "(uniform:P, hawq:CONFIG, or \"8,4,...\" per model layer), got " +
                                      io::describeValue(*v)});
            else
                for (std::size_t i = 0; i < v->size(); ++i) {
                    const auto ptr = io::childPointer(pr.at("quantization"), i);
                    if (const auto s = io::checkString((*v)[i], ptr, errors))
                        if (auto q = parseQuantization(*s, ptr, space.accuracy_model.get(), errors)) {
                            a.quantizations.push_back(std::move(*q));
                            a.labels.push_back(*s);
                        }
                }
            if (errors.size() == before) space.axes.push_back(std::move(a));
        }
        if (const auto* v = pr.field("attention_reuse"))
            readAttentionReuse(*v, pr.at("attention_reuse"), space, errors);
        if (const auto* lv = pr.field("levels")) {
            ObjectReader lr(*lv, pr.at("levels"), errors);
            if (lv->is_object()) {
                for (auto it = lv->begin(); it != lv->end(); ++it) {
                    const std::string lptr = lr.at(it.key());
                    lr.allow({it.key()});
                    int level = -1;
                    if (haveBase)
                        for (int i = 0; i < space.base.numLevels(); ++i)
                            if (space.base.levels[i].name == it.key()) level = i;
                    if (haveBase && level < 0) {
                        std::string names;
                        for (const auto& l : space.base.levels) names += (names.empty() ? "" : ", ") + l.name;
                        lr.error(lptr,
                                 "no level named \"" + it.key() + "\" in the base accelerator (levels: " + names + ")");
                        continue;
                    }
                    ObjectReader one(it.value(), lptr, errors);
                    for (auto [key, param, isInt, min] :
                         {std::tuple{"capacity_bytes", Param::LevelCapacity, true, 1.0},
                          std::tuple{"bandwidth_words_per_cycle", Param::LevelBandwidth, false, 0.0}}) {
                        if (const auto* v = one.field(key)) {
                            Axis a;
                            a.param = param;
                            a.level = level;
                            a.name = it.key() + "." + key;
                            if (param == Param::LevelCapacity && level == 0)
                                one.error(one.at(key), "DRAM capacity is unbounded; vary an on-chip level");
                            else if (readNumbers(*v, one.at(key), isInt, min, a, errors))
                                space.axes.push_back(std::move(a));
                        }
                    }
                    one.finish();
                }
            }
        }
        pr.finish();
        if (params->is_object() && space.axes.empty() && errors.empty())
            pr.error("/parameters", "expected at least one parameter to vary");
    }

    if (const auto* c = top.field("constraints", false)) {
        ObjectReader cr(*c, "/constraints", errors);
        auto& k = space.constraints;
        k.max_area_mm2 = cr.number("max_area_mm2", false, 0, true);
        k.max_power_w = cr.number("max_power_w", false, 0, true);
        k.max_latency_ms = cr.number("max_latency_ms", false, 0, true);
        k.min_pe_count = cr.integer("min_pe_count", false, {1, std::int64_t(1) << 40});
        k.max_pe_count = cr.integer("max_pe_count", false, {1, std::int64_t(1) << 40});
        for (hardware::FpgaResource res : hardware::kAllFpgaResources) {
            const std::string key = "max_" + std::string(hardware::keyOf(res)) + "_percent";
            auto& limit = k.max_fpga_percent[static_cast<std::size_t>(res)];
            limit = cr.number(key, false, 0, true);
            if (limit && haveBase && space.base.kind != hardware::AcceleratorKind::Fpga)
                cr.error(cr.at(key), "expected a base accelerator of kind \"fpga\" for this constraint");
        }
        cr.finish();
        if (k.min_pe_count && k.max_pe_count && *k.min_pe_count > *k.max_pe_count)
            cr.error(cr.at("min_pe_count"), "contradictory constraints: min_pe_count " +
                                                std::to_string(*k.min_pe_count) + " is greater than max_pe_count " +
                                                std::to_string(*k.max_pe_count));
    }
    top.finish();

    if (errors.empty() && space.size() > 0 && space.size() <= kStaticCheckLimit) {
        // Constraints known before any mapping: say so now rather than after a long run.
        const auto& k = space.constraints;
        bool anyPe = false, anyArea = false;
        double minArea = INFINITY;
        for (std::int64_t i = 0; i < space.size() && !(anyPe && anyArea); ++i) {
            const auto p = space.pointAt(i);
            const std::int64_t pes = p.accelerator.pe.count();
            const bool peOk =
                (!k.min_pe_count || pes >= *k.min_pe_count) && (!k.max_pe_count || pes <= *k.max_pe_count);
            anyPe = anyPe || peOk;
            if (peOk) {
                const double area = hardware::areaUm2(p.accelerator) * 1e-6;
                minArea = std::min(minArea, area);
                anyArea = anyArea || !k.max_area_mm2 || area <= *k.max_area_mm2;
            }
        }
        if (!anyPe)
            errors.push_back({k.min_pe_count ? "/constraints/min_pe_count" : "/constraints/max_pe_count",
                              "no design point satisfies the PE-count constraints"});
        else if (!anyArea)
            errors.push_back({"/constraints/max_area_mm2", "no design point fits max_area_mm2 " + fmt(*k.max_area_mm2) +
                                                               ": the smallest area in the space is " + fmt(minArea) +
                                                               " mm2"});
    }
    if (!errors.empty()) return ParseResult<DesignSpace>::failure(std::move(errors));
    return ParseResult<DesignSpace>::success(std::move(space));
}

ParseResult<nlohmann::json> readDesignSpaceDocument(const std::string& name_or_path) {
    const auto path = io::resolvePreset("spaces", name_or_path);
    if (!path)
        return ParseResult<nlohmann::json>::failure({{"", "no such file or design-space preset: " + name_or_path}});
    return io::readJsonFile(*path);
}

ParseResult<DesignSpace> readDesignSpaceFile(const std::string& name_or_path) {
    auto j = readDesignSpaceDocument(name_or_path);
    if (!j.ok()) return ParseResult<DesignSpace>::failure(std::move(j.errors));
    // A base given as a path is resolved next to the space file.
    return parseDesignSpace(*j.value,
                            std::filesystem::path(*io::resolvePreset("spaces", name_or_path)).parent_path().string());
}

} // namespace archscape::io
