#include "io/devices_json.h"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "io/accelerator_json.h"
#include "io/json_file.h"
#include "io/preset_catalog.h"

namespace archscape::io {

namespace {

using nlohmann::json;
using schedule::Device;
using schedule::DeviceKind;
using schedule::Link;

std::string resolvePath(const std::string& base_dir, const std::string& p) {
    const std::filesystem::path path(p);
    return path.is_absolute() || base_dir.empty() ? p : (std::filesystem::path(base_dir) / path).string();
}

// Diagnostics of another document, moved under this document's pointer with the file named.
void forward(std::vector<Diagnostic>& errors, const std::string& pointer, const std::string& file,
             const std::vector<Diagnostic>& inner) {
    for (const auto& d : inner)
        errors.push_back({pointer, file + (d.path.empty() ? "" : ": " + d.path) + ": " + d.message});
}

std::vector<std::string> splitCsv(const std::string& line) {
    std::vector<std::string> cells;
    std::string cell;
    std::istringstream in(line);
    while (std::getline(in, cell, ',')) {
        while (!cell.empty() && (cell.back() == ' ' || cell.back() == '\r')) cell.pop_back();
        while (!cell.empty() && cell.front() == ' ') cell.erase(cell.begin());
        cells.push_back(cell);
    }
    return cells;
}

void readRoofline(ObjectReader& r, Device& d) {
    if (const json* peak = r.field("peak_tmacs_per_s", true)) {
        ObjectReader pr(*peak, r.at("peak_tmacs_per_s"), r.errors());
        if (pr.isObject())
            for (auto it = peak->begin(); it != peak->end(); ++it) {
                const std::string ptr = pr.at(it.key());
                if (!parsePrecision(it.key())) {
                    pr.error(ptr, "expected a precision (int8, fp16, bf16, fp32, ...), got \"" + it.key() + "\"");
                    pr.field(it.key());
                    continue;
                }
                if (auto v = pr.number(it.key(), true, 0, true)) d.roofline.peak_macs_per_s[it.key()] = *v * 1e12;
            }
        pr.finish();
        const std::string prec = archscape::toString(d.precision);
        if (pr.isObject() && !peak->contains(prec))
            r.error(r.at("peak_tmacs_per_s"), "expected a figure for the device's precision " + prec);
    }
    d.roofline.memory_bandwidth_bytes_per_s = r.number("memory_bandwidth_gb_per_s", true, 0, true).value_or(1) * 1e9;
    d.roofline.launch_overhead_s = r.number("launch_overhead_us", false).value_or(0) * 1e-6;
    if (const json* eff = r.field("efficiency")) {
        ObjectReader er(*eff, r.at("efficiency"), r.errors());
        if (er.isObject())
            for (auto it = eff->begin(); it != eff->end(); ++it) {
                const auto type = workload::parseLayerType(it.key());
                if (!type) {
                    er.error(er.at(it.key()),
                             "expected an operator type (conv, gemm, batched_matmul, pool, "
                             "elementwise, softmax, norm), got \"" +
                                 it.key() + "\"");
                    er.field(it.key());
                    continue;
                }
                const auto v = er.number(it.key(), true, 0, true);
                if (v && *v > 1)
                    er.error(er.at(it.key()), "expected a fraction in (0, 1], got " + describeValue(it.value()));
                else if (v) d.roofline.efficiency[*type] = *v;
            }
        er.finish();
    }
}

void readAcceleratorDevice(ObjectReader& r, Device& d, const std::string& base_dir) {
    const json* a = r.field("accelerator", true);
    if (!a) return;
    const std::string ptr = r.at("accelerator");
    if (a->is_object()) {
        auto parsed = parseAccelerator(*a);
        for (auto& e : parsed.errors) r.error(ptr + e.path, e.message);
        if (parsed.ok()) d.accelerator = std::move(*parsed.value);
        return;
    }
    if (!a->is_string()) {
        r.error(ptr, "expected an accelerator preset name, a file path or an archscape/accelerator object, got " +
                         describeValue(*a));
        return;
    }
    const std::string name = a->get<std::string>();
    std::optional<std::string> file = resolvePreset("accelerators", name);
    if (!file || !std::filesystem::exists(*file)) {
        const std::string rel = resolvePath(base_dir, name);
        if (std::filesystem::exists(rel)) file = rel;
    }
    if (!file) {
        r.error(ptr, "expected an accelerator preset or file, got \"" + name + "\" (no such preset or file)");
        return;
    }
    auto parsed = readAcceleratorFile(*file);
    if (!parsed.ok()) forward(r.errors(), ptr, *file, parsed.errors);
    else d.accelerator = std::move(*parsed.value);
}

void readMeasuredDevice(ObjectReader& r, Device& d, const std::string& base_dir) {
    const bool has_csv = r.has("latencies_csv"), has_inline = r.has("latencies_us");
    if (has_csv == has_inline) {
        r.error(r.pointer(), "expected one of \"latencies_csv\" (a file) or \"latencies_us\" (layer → µs)");
        r.field("latencies_csv");
        r.field("latencies_us");
        return;
    }
    if (has_csv) {
        const auto file = r.string("latencies_csv", true);
        if (!file) return;
        const std::string path = resolvePath(base_dir, *file);
        auto table = readMeasuredLatencies(path);
        if (!table.ok()) forward(r.errors(), r.at("latencies_csv"), path, table.errors);
        else d.measured_s = std::move(*table.value);
        return;
    }
    const json* lat = r.field("latencies_us");
    ObjectReader lr(*lat, r.at("latencies_us"), r.errors());
    if (!lr.isObject()) return;
    for (auto it = lat->begin(); it != lat->end(); ++it)
        if (auto v = lr.number(it.key(), true, 0, true)) d.measured_s[it.key()] = *v * 1e-6;
    lr.finish();
}

std::optional<Device> readDevice(const json& j, const std::string& ptr, std::vector<Diagnostic>& errors,
                                 const std::string& base_dir) {
    ObjectReader r(j, ptr, errors);
    if (!r.isObject()) return std::nullopt;
    Device d;
    const std::size_t before = errors.size();
    d.name = r.string("name", true).value_or("");
    const auto kind = r.enumeration("kind", true, schedule::parseDeviceKind, "accelerator, roofline, measured");
    d.memory_bytes = r.number("memory_gb", true, 0, true).value_or(1) * 1e9;
    if (auto p = r.enumeration("precision", false, parsePrecision, "int2..int16, fp8_e4m3, fp8_e5m2, fp16, bf16, fp32"))
        d.precision = *p;
    d.source = r.string("source", false).value_or("");
    if (kind) {
        d.kind = *kind;
        switch (*kind) {
        case DeviceKind::Roofline: readRoofline(r, d); break;
        case DeviceKind::Accelerator: readAcceleratorDevice(r, d, base_dir); break;
        case DeviceKind::Measured: readMeasuredDevice(r, d, base_dir); break;
        }
    }
    r.finish();
    if (errors.size() != before) return std::nullopt;
    return d;
}

} // namespace

ParseResult<std::map<std::string, double>> readMeasuredLatencies(const std::string& path) {
    std::ifstream in(path);
    if (!in) return ParseResult<std::map<std::string, double>>::failure({{"", "cannot open the file"}});
    std::vector<Diagnostic> errors;
    std::map<std::string, double> out;
    std::string line;
    int line_no = 0, layer_col = -1, value_col = -1;
    double scale = 1;
    std::size_t columns = 0;
    while (std::getline(in, line)) {
        ++line_no;
        if (line.find_first_not_of(" \r\t") == std::string::npos) continue;
        const auto cells = splitCsv(line);
        const std::string where = "line " + std::to_string(line_no);
        if (layer_col < 0) {
            columns = cells.size();
            for (std::size_t i = 0; i < cells.size(); ++i) {
                if (cells[i] == "layer") layer_col = static_cast<int>(i);
                for (auto [name, s] : {std::pair{"latency_s", 1.0}, {"latency_ms", 1e-3}, {"latency_us", 1e-6}})
                    if (cells[i] == name) {
                        value_col = static_cast<int>(i);
                        scale = s;
                    }
            }
            if (layer_col < 0 || value_col < 0) {
                errors.push_back({where,
                                  "expected a header with columns \"layer\" and one of \"latency_s\", "
                                  "\"latency_ms\", \"latency_us\""});
                return ParseResult<std::map<std::string, double>>::failure(errors);
            }
            continue;
        }
        if (cells.size() < columns) {
            errors.push_back(
                {where, "expected " + std::to_string(columns) + " columns, got " + std::to_string(cells.size())});
            continue;
        }
        const std::string& name = cells[layer_col];
        const std::string& text = cells[value_col];
        char* end = nullptr;
        const double v = std::strtod(text.c_str(), &end);
        if (text.empty() || *end != '\0' || !std::isfinite(v) || v <= 0) {
            errors.push_back({where, "expected a positive latency, got \"" + text + "\""});
            continue;
        }
        if (!out.emplace(name, v * scale).second) errors.push_back({where, "layer \"" + name + "\" listed twice"});
    }
    if (layer_col < 0) errors.push_back({"line 1", "expected a header with columns \"layer\" and a latency"});
    if (!errors.empty()) return ParseResult<std::map<std::string, double>>::failure(errors);
    return ParseResult<std::map<std::string, double>>::success(std::move(out));
}

ParseResult<schedule::DeviceSet> parseDevices(const json& j, const std::string& base_dir) {
    std::vector<Diagnostic> errors;
    ObjectReader r(j, "", errors);
    schedule::DeviceSet set;
    if (r.isObject()) {
        r.header("archscape/devices");
        set.name = r.string("name", false).value_or("devices");
        r.allow({"source", "description"});
        if (const json* devs = r.field("devices", true)) {
            const std::string ptr = r.at("devices");
            if (!devs->is_array() || devs->empty())
                r.error(ptr, "expected a non-empty array of devices, got " + describeValue(*devs));
            else
                for (std::size_t i = 0; i < devs->size(); ++i) {
                    auto d = readDevice((*devs)[i], childPointer(ptr, i), errors, base_dir);
                    if (!d) continue;
                    if (set.find(d->name) >= 0)
                        r.error(childPointer(childPointer(ptr, i), "name"),
                                "duplicate device name \"" + d->name + "\"");
                    else set.devices.push_back(std::move(*d));
                }
        }
        if (const json* links = r.field("links", false)) {
            const std::string ptr = r.at("links");
            if (!links->is_array()) r.error(ptr, "expected an array of links, got " + describeValue(*links));
            else
                for (std::size_t i = 0; i < links->size(); ++i) {
                    const std::string lp = childPointer(ptr, i);
                    ObjectReader lr((*links)[i], lp, errors);
                    if (!lr.isObject()) continue;
                    Link l;
                    const json* between = lr.field("between", true);
                    bool ok = false;
                    if (between) {
                        if (!between->is_array() || between->size() != 2 || !(*between)[0].is_string() ||
                            !(*between)[1].is_string())
                            lr.error(lr.at("between"), "expected two device names, got " + describeValue(*between));
                        else {
                            l.a = (*between)[0].get<std::string>();
                            l.b = (*between)[1].get<std::string>();
                            ok = true;
                            for (const auto& [k, name] : {std::pair{0, l.a}, {1, l.b}})
                                if (set.find(name) < 0) {
                                    lr.error(childPointer(lr.at("between"), k), "no device named \"" + name + "\"");
                                    ok = false;
                                }
                            if (ok && l.a == l.b) {
                                lr.error(lr.at("between"), "expected two different devices, got \"" + l.a + "\" twice");
                                ok = false;
                            }
                        }
                    }
                    l.bandwidth_bytes_per_s = lr.number("bandwidth_gb_per_s", true, 0, true).value_or(1) * 1e9;
                    l.latency_s = lr.number("latency_us", false).value_or(0) * 1e-6;
                    l.source = lr.string("source", false).value_or("");
                    lr.finish();
                    if (!ok) continue;
                    const int ia = set.find(l.a), ib = set.find(l.b);
                    if (set.linkBetween(ia, ib)) {
                        lr.error(lr.at("between"), "a second link between \"" + l.a + "\" and \"" + l.b + "\"");
                        continue;
                    }
                    set.links.push_back(std::move(l));
                }
        }
        r.finish();
        if (errors.empty())
            for (std::size_t i = 0; i < set.devices.size(); ++i)
                for (std::size_t k = i + 1; k < set.devices.size(); ++k)
                    if (!set.linkBetween(static_cast<int>(i), static_cast<int>(k)))
                        errors.push_back({"/links", "no link between \"" + set.devices[i].name + "\" and \"" +
                                                        set.devices[k].name + "\" (every pair of devices needs one)"});
    }
    if (!errors.empty()) return ParseResult<schedule::DeviceSet>::failure(errors);
    return ParseResult<schedule::DeviceSet>::success(std::move(set));
}

ParseResult<schedule::DeviceSet> readDevicesFile(const std::string& path) {
    auto j = readJsonFile(path);
    if (!j.ok()) return ParseResult<schedule::DeviceSet>::failure(j.errors);
    return parseDevices(*j.value, std::filesystem::path(path).parent_path().string());
}

} // namespace archscape::io
