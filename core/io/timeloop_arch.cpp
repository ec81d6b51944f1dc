#include "io/timeloop_arch.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <optional>
#include <sstream>

#include "io/timeloop_yaml.h"
#include "mapping/mapping.h"

namespace archscape::io {

using workload::Operand;

namespace {

std::string lower(std::string s) {
    for (auto& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::optional<Operand> dataspaceOperand(const std::string& name) {
    const std::string n = lower(name);
    if (n == "weights" || n == "filter" || n == "filters") return Operand::Weight;
    if (n == "inputs" || n == "ifmap" || n == "input") return Operand::Input;
    if (n == "outputs" || n == "ofmap" || n == "output") return Operand::Output;
    return std::nullopt;
}

struct Storage {
    std::string name;
    std::string cls;
    hardware::MemoryKind kind = hardware::MemoryKind::Sram;
    std::int64_t words = 0; // 0 = unbounded
    int datawidth = 0;
    int block = 1;
    bool per_pe = false;
    workload::PerOperand<bool> keeps = workload::PerOperand<bool>::filled(true);
    YAML::Node node;
};

struct Walker {
    Walker(std::vector<Diagnostic>& e, std::vector<std::string>& n) : errors(e), notes(n) {}
    std::vector<Diagnostic>& errors;
    std::vector<std::string>& notes;
    std::vector<Storage> storage;
    std::vector<TimeloopFanout> fanouts;
    bool fanout_closed = false; // a per-PE storage level follows the fan-outs
    bool have_compute = false;
    std::string compute_name;
    std::optional<int> tech_nm;
    std::optional<double> cycle_seconds;

    void containerAttributes(const YAML::Node& attrs) {
        if (!attrs.IsDefined()) return;
        if (!attrs.IsMap()) {
            errors.push_back({yamlLine(attrs), "attributes: expected a mapping"});
            return;
        }
        if (const YAML::Node t = attrs["technology"]; t && t.IsScalar() && !tech_nm) {
            // "40nm", "45", "45 nm"
            const std::string s = t.Scalar();
            std::size_t i = 0;
            while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
            if (i > 0) tech_nm = std::stoi(s.substr(0, std::min<std::size_t>(i, 6)));
            else errors.push_back({yamlLine(t), "technology: expected a node such as \"40nm\", got \"" + s + "\""});
        }
        if (const YAML::Node c = attrs["global_cycle_seconds"]; c && !cycle_seconds) {
            const auto v = yamlNumber(c);
            if (!v || *v <= 0) errors.push_back({yamlLine(c), "global_cycle_seconds: expected a positive number"});
            else cycle_seconds = *v;
        }
    }

    void spatial(const YAML::Node& n, const std::string& name) {
        if (!n.IsDefined()) return;
        std::vector<Diagnostic> local;
        YamlMapReader sr(n, name + ".spatial", errors);
        const auto x = sr.integer("meshX", false);
        const auto y = sr.integer("meshY", false);
        sr.finish();
        if (x.value_or(1) * y.value_or(1) <= 1) return;
        if (fanout_closed) {
            errors.push_back({yamlLine(n), name + ": a second spatial fan-out below a per-PE storage level; Archscape "
                                                  "models one PE array (its fan-outs must be adjacent)"});
            return;
        }
        fanouts.push_back({name, int(x.value_or(1)), int(y.value_or(1))});
    }

    void constraints(const YAML::Node& c, const std::string& name, Storage* s) {
        if (!c.IsDefined()) return;
        if (!c.IsMap()) {
            errors.push_back({yamlLine(c), name + ".constraints: expected a mapping"});
            return;
        }
        for (const auto& kv : c) {
            const std::string key = kv.first.Scalar();
            if ((key == "dataspace" || key == "datatype") && s) {
                YamlMapReader dr(kv.second, name + ".constraints." + key, errors);
                for (const char* list : {"keep", "bypass"}) {
                    const YAML::Node l = dr.get(list);
                    if (!l.IsDefined()) continue;
                    if (!l.IsSequence()) {
                        dr.error(l, name + ".constraints." + key + "." + list + ": expected a list of data spaces");
                        continue;
                    }
                    if (std::string(list) == "keep" && l.size() > 0)
                        s->keeps = workload::PerOperand<bool>::filled(false);
                    for (const auto& ds : l) {
                        const auto o = ds.IsScalar() ? dataspaceOperand(ds.Scalar()) : std::nullopt;
                        if (!o) {
                            dr.error(ds, name + ": unknown data space (expected Weights, Inputs or Outputs)");
                            continue;
                        }
                        s->keeps[*o] = std::string(list) == "keep";
                    }
                }
                dr.finish();
            } else {
                notes.push_back(name + ": mapspace constraint \"" + key +
                                "\" not imported (Archscape's mapper searches without it)");
            }
        }
    }

    void component(const YAML::Node& n) {
        YamlMapReader cr(n, "component", errors);
        if (!cr.ok()) return;
        const std::string name = cr.string("name", true).value_or("?");
        const std::string cls = cr.string("class", true).value_or("");
        cr.allow({"required_actions", "area_share", "enabled", "actions"});
        const YAML::Node attrs = cr.get("attributes");
        const YAML::Node sp = cr.get("spatial");
        const YAML::Node cons = cr.get("constraints");
        cr.finish();
        if (attrs.IsDefined() && !attrs.IsMap()) {
            errors.push_back({yamlLine(attrs), name + ".attributes: expected a mapping"});
            return;
        }
        const std::string lc = lower(cls);
        const auto attr = [&](std::initializer_list<const char*> keys) -> YAML::Node {
            for (const char* k : keys)
                if (attrs.IsDefined() && attrs[k]) return attrs[k];
            return YAML::Node(YAML::NodeType::Undefined);
        };
        const bool is_dram = lc.find("dram") != std::string::npos;
        const bool has_depth = attr({"depth", "entries", "size"}).IsDefined();
        const bool is_compute = !is_dram && !has_depth &&
                                (lc.find("mac") != std::string::npos || lc.find("compute") != std::string::npos ||
                                 lc.find("multiplier") != std::string::npos);
        spatial(sp, name);
        if (is_compute) {
            if (have_compute)
                errors.push_back(
                    {yamlLine(n), name + ": a second compute component; Archscape models one MAC per PE lane"});
            have_compute = true;
            compute_name = name;
            if (cons.IsDefined()) notes.push_back(name + ": constraints on the compute level not imported");
            return;
        }
        if (!is_dram && !has_depth) {
            errors.push_back({yamlLine(n), name + ": class \"" + cls +
                                               "\" is neither storage (DRAM, or a component with depth) nor compute "
                                               "(a class naming a MAC)"});
            return;
        }
        if (have_compute) {
            errors.push_back({yamlLine(n), name + ": storage below the compute component"});
            return;
        }
        Storage s;
        s.name = name;
        s.cls = cls;
        s.node = n;
        s.kind =
            is_dram ? hardware::MemoryKind::Dram
            : (lc.find("regfile") != std::string::npos || lc.find("_rf") != std::string::npos || lc.find("reg") == 0)
                ? hardware::MemoryKind::RegFile
                : hardware::MemoryKind::Sram;
        const auto intAttr = [&](std::initializer_list<const char*> keys,
                                 std::int64_t min) -> std::optional<std::int64_t> {
            const YAML::Node v = attr(keys);
            if (!v.IsDefined()) return std::nullopt;
            const auto i = yamlInteger(v);
            if (!i || *i < min) {
                errors.push_back(
                    {yamlLine(v), name + "." + *keys.begin() + ": expected an integer >= " + std::to_string(min)});
                return std::nullopt;
            }
            return i;
        };
        const auto width = intAttr({"width", "memory_width"}, 1);
        auto datawidth = intAttr({"datawidth", "word_bits", "word-bits"}, 1);
        const auto block = intAttr({"block_size", "block-size"}, 1);
        const auto depth = intAttr({"depth", "entries", "memory_depth"}, 0);
        const auto size = intAttr({"size"}, 0);
        if (!datawidth) datawidth = (width && block) ? *width / *block : width.value_or(16);
        s.datawidth = int(*datawidth);
        s.block = int(block ? *block : std::max<std::int64_t>(1, width.value_or(*datawidth) / *datawidth));
        if (size) s.words = *size;
        else if (depth) s.words = *depth * s.block;
        if (s.words == 0 && !is_dram) {
            errors.push_back({yamlLine(n), name + ": storage of zero words"});
            return;
        }
        for (const char* bw : {"read_bandwidth", "write_bandwidth"})
            if (attr({bw}).IsDefined())
                notes.push_back(name + ": " + bw +
                                " not imported (Timeloop overlaps every transfer with compute; Archscape's levels are "
                                "unlimited unless a bandwidth is set, and then overlap only when double-buffered)");
        if (const YAML::Node mb = attr({"multiple_buffering"}); mb.IsDefined())
            notes.push_back(name + ": multiple_buffering not imported");
        constraints(cons, name, &s);
        if (!fanouts.empty()) {
            s.per_pe = true;
            fanout_closed = true;
        }
        storage.push_back(s);
    }

    void nodes(const YAML::Node& list) {
        if (!list.IsSequence()) {
            errors.push_back({yamlLine(list), "nodes: expected a list"});
            return;
        }
        for (const auto& n : list) {
            const std::string tag = n.Tag();
            if (tag == "!Container") {
                YamlMapReader cr(n, "container", errors);
                const std::string name = cr.string("name", true).value_or("?");
                containerAttributes(cr.get("attributes"));
                spatial(cr.get("spatial"), name);
                const YAML::Node cons = cr.get("constraints");
                cr.allow({"max_utilization"});
                cr.finish();
                if (cons.IsDefined()) constraints(cons, name, nullptr);
            } else if (tag == "!Component") {
                component(n);
            } else if (tag == "!Parallel" || tag == "!Hierarchical") {
                YamlMapReader pr(n, tag, errors);
                const YAML::Node inner = pr.get("nodes", true);
                pr.finish();
                if (inner.IsDefined()) nodes(inner);
            } else {
                errors.push_back({yamlLine(n),
                                  "architecture node: expected a !Container, !Component, !Parallel or "
                                  "!Hierarchical tag, got \"" +
                                      tag + "\""});
            }
        }
    }
};

Precision precisionOfBits(int bits) {
    if (bits > 16) return Precision::floating(32, 23);
    return Precision::integer(std::max(2, bits));
}

} // namespace

namespace {
ParseResult<TimeloopArch> parseTimeloopArchImpl(const YAML::Node& root) {
    std::vector<Diagnostic> errors;
    TimeloopArch out;
    const YAML::Node a = (root.IsMap() && root["architecture"]) ? root["architecture"] : root;
    YamlMapReader ar(a, "architecture", errors);
    if (!ar.ok()) return ParseResult<TimeloopArch>::failure(errors);
    ar.allow({"version"});
    if (a["subtree"]) {
        errors.push_back({yamlLine(a),
                          "architecture: the v0.3 subtree/local form is not supported; use the v0.4 "
                          "`nodes` list"});
        return ParseResult<TimeloopArch>::failure(errors);
    }
    const YAML::Node nodes = ar.get("nodes", true);
    ar.finish();
    Walker w(errors, out.notes);
    if (nodes.IsDefined()) w.nodes(nodes);
    if (errors.empty()) {
        if (w.storage.empty()) errors.push_back({yamlLine(a), "architecture: no storage level"});
        else if (int(w.storage.size()) > mapping::kMaxLevels)
            errors.push_back({yamlLine(a), "architecture: " + std::to_string(w.storage.size()) +
                                               " storage levels; Archscape handles at most " +
                                               std::to_string(mapping::kMaxLevels)});
        if (!w.have_compute) errors.push_back({yamlLine(a), "architecture: no compute component (e.g. class intmac)"});
    }
    if (!errors.empty()) return ParseResult<TimeloopArch>::failure(errors);

    hardware::Accelerator& acc = out.acc;
    acc.name = "timeloop";
    acc.description = "imported from a Timeloop architecture";
    acc.tech_node_nm = w.tech_nm.value_or(45);
    if (w.cycle_seconds) acc.clock_mhz = 1e-6 / *w.cycle_seconds;
    const int bits = w.storage.front().datawidth;
    acc.precision = workload::PerOperand<Precision>::filled(precisionOfBits(bits));
    for (const TimeloopFanout& f : w.fanouts) {
        acc.pe.cols *= f.mesh_x;
        acc.pe.rows *= f.mesh_y;
    }
    out.fanouts = w.fanouts;
    for (const Storage& s : w.storage) {
        hardware::MemoryLevel ml;
        ml.name = s.name;
        ml.kind = s.kind;
        ml.word_bits = bits;
        ml.block_words = s.block;
        // Capacity in words of the tensors' precision, so that a level holds as many words as in Timeloop.
        ml.capacity_bytes = (s.words * bits + 7) / 8;
        ml.per_pe = s.per_pe;
        ml.keeps = s.keeps;
        if (s.datawidth != bits)
            out.notes.push_back(s.name + ": datawidth " + std::to_string(s.datawidth) +
                                " bits differs from the tensors' " + std::to_string(bits) +
                                " bits; Archscape keeps its capacity in words (" + std::to_string(s.words) + ")");
        acc.levels.push_back(ml);
    }
    if (acc.levels.front().kind != hardware::MemoryKind::Dram)
        out.notes.push_back(acc.levels.front().name + ": the outermost level is not DRAM");
    return ParseResult<TimeloopArch>::success(std::move(out));
}
} // namespace

ParseResult<TimeloopArch> parseTimeloopArch(const YAML::Node& root) {
    // yaml-cpp throws on some malformed trees; no input may crash the caller.
    try {
        return parseTimeloopArchImpl(root);
    } catch (const std::exception& e) {
        return ParseResult<TimeloopArch>::failure(
            {{yamlLine(root), std::string("malformed architecture: ") + e.what()}});
    }
}

namespace {
std::vector<Diagnostic> applyTimeloopErtImpl(const YAML::Node& root, hardware::Accelerator& acc) {
    std::vector<Diagnostic> errors;
    YAML::Node table;
    if (root.IsMap() && root["ERT_summary"]) table = root["ERT_summary"]["table_summary"];
    else if (root.IsMap() && root["ERT"]) table = root["ERT"]["tables"];
    if (!table || !table.IsSequence()) {
        errors.push_back(
            {yamlLine(root), "expected an Accelergy ERT: `ERT_summary: table_summary:` or `ERT: tables:`"});
        return errors;
    }
    std::vector<bool> seen(acc.levels.size(), false);
    bool mac_seen = false;
    for (const auto& entry : table) {
        if (!entry.IsMap() || !entry["name"] || !entry["name"].IsScalar() || !entry["actions"] ||
            !entry["actions"].IsSequence()) {
            errors.push_back({yamlLine(entry), "ERT entry: expected `name` and a list of `actions`"});
            continue;
        }
        std::string name = entry["name"].Scalar();
        // "System_top_level.GlobalBuffer[1..16]" -> "GlobalBuffer" (the range holds dots too).
        if (const auto br = name.find('['); br != std::string::npos) name = name.substr(0, br);
        if (const auto dot = name.rfind('.'); dot != std::string::npos) name = name.substr(dot + 1);
        std::map<std::string, double> energy;
        for (const auto& act : entry["actions"]) {
            if (!act.IsMap() || !act["name"] || !act["name"].IsScalar()) continue;
            YAML::Node e = act["energy"] ? act["energy"] : act["average_energy"];
            const auto v = e ? yamlNumber(e) : std::nullopt;
            if (!v) {
                errors.push_back({yamlLine(act), "ERT action \"" + act["name"].Scalar() + "\": expected an energy"});
                continue;
            }
            // The full ERT lists one entry per argument set; keep the first (the summary's value).
            energy.emplace(act["name"].Scalar(), *v);
        }
        int level = -1;
        for (int i = 0; i < acc.numLevels(); ++i)
            if (acc.levels[i].name == name) level = i;
        if (level >= 0) {
            hardware::MemoryLevel& ml = acc.levels[level];
            if (energy.count("read")) ml.read_energy_pj = energy["read"];
            if (energy.count("write")) ml.write_energy_pj = energy["write"];
            else if (energy.count("update")) ml.write_energy_pj = energy["update"];
            if (energy.count("leak")) ml.leak_pj_per_cycle = energy["leak"];
            if (!ml.read_energy_pj || !ml.write_energy_pj)
                errors.push_back({yamlLine(entry), "ERT entry \"" + name + "\": needs read and write energies"});
            seen[level] = true;
        } else if (energy.count("compute") || energy.count("mac_random")) {
            acc.mac_energy_pj = energy.count("compute") ? energy["compute"] : energy["mac_random"];
            mac_seen = true;
        }
    }
    for (int i = 0; i < acc.numLevels(); ++i)
        if (!seen[i]) errors.push_back({"", "ERT: no entry for level \"" + acc.levels[i].name + "\""});
    if (!mac_seen) errors.push_back({"", "ERT: no compute energy (an entry with a `compute` action)"});
    acc.noc.hop_energy_pj = 0.0;
    return errors;
}
} // namespace

std::vector<Diagnostic> applyTimeloopErt(const YAML::Node& root, hardware::Accelerator& acc) {
    // yaml-cpp throws on some malformed trees; no input may crash the caller.
    try {
        return applyTimeloopErtImpl(root, acc);
    } catch (const std::exception& e) {
        return std::vector<Diagnostic>{{yamlLine(root), std::string("malformed energy table: ") + e.what()}};
    }
}

std::string writeTimeloopArch(const hardware::Accelerator& acc) {
    YAML::Emitter e;
    e << YAML::BeginMap << YAML::Key << "architecture" << YAML::Value << YAML::BeginMap;
    e << YAML::Key << "version" << YAML::Value << "0.4";
    e << YAML::Key << "nodes" << YAML::Value << YAML::BeginSeq;
    e << YAML::LocalTag("Container") << YAML::BeginMap << YAML::Key << "name" << YAML::Value
      << (acc.name.empty() ? std::string("system") : acc.name) << YAML::Key << "attributes" << YAML::Value
      << YAML::BeginMap << YAML::Key << "technology" << YAML::Value << std::to_string(acc.tech_node_nm) + "nm"
      << YAML::Key << "global_cycle_seconds" << YAML::Value << 1e-6 / acc.clock_mhz << YAML::EndMap << YAML::EndMap;
    const int fan = acc.fanoutLevel();
    for (int i = 0; i < acc.numLevels(); ++i) {
        const hardware::MemoryLevel& ml = acc.levels[i];
        if (i == fan && acc.pe.count() > 1) {
            e << YAML::LocalTag("Container") << YAML::BeginMap << YAML::Key << "name" << YAML::Value << "PE"
              << YAML::Key << "spatial" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key << "meshX"
              << YAML::Value << acc.pe.cols << YAML::Key << "meshY" << YAML::Value << acc.pe.rows << YAML::EndMap
              << YAML::EndMap;
        }
        e << YAML::LocalTag("Component") << YAML::BeginMap << YAML::Key << "name" << YAML::Value << ml.name;
        e << YAML::Key << "class" << YAML::Value
          << (ml.kind == hardware::MemoryKind::Dram      ? "DRAM"
              : ml.kind == hardware::MemoryKind::RegFile ? "regfile"
                                                         : "SRAM");
        e << YAML::Key << "attributes" << YAML::Value << YAML::BeginMap;
        const std::int64_t width = std::int64_t(ml.word_bits) * ml.block_words;
        if (ml.kind != hardware::MemoryKind::Dram || ml.capacity_bytes > 0) {
            const std::int64_t words = ml.capacity_bytes * 8 / ml.word_bits;
            e << YAML::Key << "depth" << YAML::Value << std::max<std::int64_t>(1, words / ml.block_words);
        }
        e << YAML::Key << "width" << YAML::Value << width << YAML::Key << "datawidth" << YAML::Value << ml.word_bits;
        e << YAML::EndMap;
        if (!(ml.keeps[Operand::Weight] && ml.keeps[Operand::Input] && ml.keeps[Operand::Output])) {
            e << YAML::Key << "constraints" << YAML::Value << YAML::BeginMap << YAML::Key << "dataspace" << YAML::Value
              << YAML::BeginMap;
            for (bool keep : {true, false}) {
                e << YAML::Key << (keep ? "keep" : "bypass") << YAML::Value << YAML::Flow << YAML::BeginSeq;
                for (Operand o : workload::kAllOperands)
                    if (ml.keeps[o] == keep)
                        e << (o == Operand::Weight ? "Weights" : o == Operand::Input ? "Inputs" : "Outputs");
                e << YAML::EndSeq;
            }
            e << YAML::EndMap << YAML::EndMap;
        }
        e << YAML::EndMap;
    }
    if (fan >= acc.numLevels() && acc.pe.count() > 1)
        e << YAML::LocalTag("Container") << YAML::BeginMap << YAML::Key << "name" << YAML::Value << "PE" << YAML::Key
          << "spatial" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key << "meshX" << YAML::Value
          << acc.pe.cols << YAML::Key << "meshY" << YAML::Value << acc.pe.rows << YAML::EndMap << YAML::EndMap;
    e << YAML::LocalTag("Component") << YAML::BeginMap << YAML::Key << "name" << YAML::Value << "MACC" << YAML::Key
      << "class" << YAML::Value << "intmac" << YAML::Key << "attributes" << YAML::Value << YAML::BeginMap << YAML::Key
      << "width" << YAML::Value << acc.precision[Operand::Weight].bits << YAML::EndMap << YAML::EndMap;
    e << YAML::EndSeq << YAML::EndMap << YAML::EndMap;
    return std::string(e.c_str()) + "\n";
}

} // namespace archscape::io
