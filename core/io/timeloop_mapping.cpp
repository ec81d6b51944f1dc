#include "io/timeloop_mapping.h"

#include <algorithm>
#include <cctype>
#include <sstream>

#include "io/timeloop_yaml.h"
#include "mapping/validity.h"

namespace archscape::io {

using workload::Dim;
using workload::Operand;

namespace {

// Timeloop names dimensions by one letter in permutations and factors; the problem's names are
// matched longest first so that "Q" is not taken as a prefix of "QX".
std::optional<Dim> dimPrefix(const TimeloopProblem& p, const std::string& s, std::size_t at, std::size_t& len) {
    std::optional<Dim> best;
    len = 0;
    for (Dim d : workload::kAllDims) {
        const std::string& n = p.dim_names[d];
        if (!n.empty() && n.size() > len && s.compare(at, n.size(), n) == 0) {
            best = d;
            len = n.size();
        }
    }
    return best;
}

} // namespace

namespace {
ParseResult<mapping::Mapping> parseTimeloopMappingImpl(const YAML::Node& root, const TimeloopProblem& problem,
                                                       const TimeloopArch& arch) {
    std::vector<Diagnostic> errors;
    const YAML::Node list = (root.IsMap() && root["mapping"]) ? root["mapping"] : root;
    if (!list.IsSequence()) {
        errors.push_back({yamlLine(list), "mapping: expected a list of directives"});
        return ParseResult<mapping::Mapping>::failure(errors);
    }
    const hardware::Accelerator& acc = arch.acc;
    mapping::Mapping m;
    m.num_levels = acc.numLevels();
    std::vector<bool> ordered(acc.levels.size(), false);

    for (const auto& dir : list) {
        YamlMapReader r(dir, "mapping directive", errors);
        if (!r.ok()) continue;
        const auto target = r.string("target", true);
        const auto type = r.string("type", true);
        const YAML::Node factors = r.get("factors");
        const YAML::Node perm = r.get("permutation");
        const YAML::Node split = r.get("split");
        const YAML::Node keep = r.get("keep");
        const YAML::Node bypass = r.get("bypass");
        r.finish();
        if (!target || !type) continue;

        int level = -1;
        for (int i = 0; i < acc.numLevels(); ++i)
            if (acc.levels[i].name == *target) level = i;
        int fan = -1;
        for (std::size_t f = 0; f < arch.fanouts.size(); ++f)
            if (arch.fanouts[f].name == *target || "inter_" + arch.fanouts[f].name + "_spatial" == *target)
                fan = int(f);
        if (level < 0 && fan < 0) {
            errors.push_back({yamlLine(dir), "mapping: unknown target \"" + *target +
                                                 "\" (expected a storage level or a spatial container)"});
            continue;
        }

        // Factors.
        mapping::PerDim<std::int32_t> f = mapping::PerDim<std::int32_t>::filled(1);
        if (factors.IsDefined()) {
            std::string text;
            if (factors.IsScalar()) text = factors.Scalar();
            else if (factors.IsSequence())
                for (const auto& x : factors) text += (x.IsScalar() ? x.Scalar() : std::string("?")) + " ";
            std::istringstream in(text);
            std::string tok;
            while (in >> tok) {
                std::size_t len = 0;
                const auto d = dimPrefix(problem, tok, 0, len);
                std::size_t at = len;
                if (d && at < tok.size() && tok[at] == '=') ++at;
                const std::string num = d ? tok.substr(at) : std::string();
                const bool digits = !num.empty() && num.size() < 10 && std::all_of(num.begin(), num.end(), [](char c) {
                    return std::isdigit(static_cast<unsigned char>(c));
                });
                if (!d || !digits || std::stoll(num) < 1) {
                    errors.push_back({yamlLine(factors), "mapping for \"" + *target + "\": factor \"" + tok +
                                                             "\" is not <dimension>=<positive integer>"});
                    continue;
                }
                f[*d] = std::int32_t(std::stoll(num));
            }
        }
        // Permutation, innermost first.
        std::vector<Dim> inner_first;
        if (perm.IsDefined()) {
            std::string text;
            if (perm.IsScalar()) text = perm.Scalar();
            else if (perm.IsSequence())
                for (const auto& x : perm) text += x.IsScalar() ? x.Scalar() : std::string("?");
            for (std::size_t i = 0; i < text.size();) {
                if (std::isspace(static_cast<unsigned char>(text[i])) || text[i] == ',') {
                    ++i;
                    continue;
                }
                std::size_t len = 0;
                const auto d = dimPrefix(problem, text, i, len);
                if (!d || std::find(inner_first.begin(), inner_first.end(), *d) != inner_first.end()) {
                    errors.push_back({yamlLine(perm), "mapping for \"" + *target + "\": permutation \"" + text +
                                                          "\" is not a list of distinct dimensions of the problem"});
                    break;
                }
                inner_first.push_back(*d);
                i += len;
            }
        }

        if (*type == "temporal") {
            if (fan >= 0 && level < 0) {
                for (Dim d : workload::kAllDims)
                    if (f[d] != 1)
                        errors.push_back(
                            {yamlLine(dir), "mapping for \"" + *target +
                                                "\": temporal factors at a spatial container; Archscape has "
                                                "no temporal loops at the array fan-out"});
                continue;
            }
            m.levels[level].factors = f;
            // Archscape's order is outermost first: the listed dimensions reversed, after the others.
            std::array<Dim, workload::kNumDims> order{};
            int k = 0;
            for (Dim d : workload::kAllDims)
                if (std::find(inner_first.begin(), inner_first.end(), d) == inner_first.end()) order[k++] = d;
            for (auto it = inner_first.rbegin(); it != inner_first.rend(); ++it) order[k++] = *it;
            m.levels[level].order = order;
            ordered[level] = true;
        } else if (*type == "spatial") {
            if (fan < 0) {
                errors.push_back(
                    {yamlLine(dir), "mapping for \"" + *target + "\": spatial factors on a level without a fan-out"});
                continue;
            }
            // split: the first `split` dimensions of the permutation (innermost first) go to X.
            const TimeloopFanout& fo = arch.fanouts[fan];
            std::size_t nx = inner_first.size();
            if (split.IsDefined()) {
                const auto s = yamlInteger(split);
                if (!s || *s < 0) errors.push_back({yamlLine(split), "split: expected a non-negative integer"});
                else nx = std::size_t(*s);
            } else if (fo.mesh_x == 1 && fo.mesh_y > 1) {
                nx = 0; // a Y-only container: everything goes to Y
            }
            std::vector<Dim> full = inner_first;
            for (Dim d : workload::kAllDims)
                if (std::find(full.begin(), full.end(), d) == full.end()) full.push_back(d);
            for (std::size_t i = 0; i < full.size(); ++i) {
                const Dim d = full[i];
                if (f[d] == 1) continue;
                const bool x =
                    i < nx || (!perm.IsDefined() && !split.IsDefined() && !(fo.mesh_x == 1 && fo.mesh_y > 1));
                (x ? m.spatial_x : m.spatial_y)[d] *= f[d];
            }
        } else if (*type == "bypass" || *type == "dataspace" || *type == "datatype") {
            if (level < 0) continue; // Timeloop's generated dummy levels keep nothing: nothing to do
            for (const auto& [node, is_keep] : {std::pair{keep, true}, std::pair{bypass, false}}) {
                if (!node.IsDefined()) continue;
                if (!node.IsSequence()) {
                    errors.push_back(
                        {yamlLine(node), "mapping for \"" + *target + "\": expected a list of data spaces"});
                    continue;
                }
                for (const auto& ds : node) {
                    std::optional<Operand> o;
                    for (Operand op : workload::kAllOperands)
                        if (ds.IsScalar() && ds.Scalar() == problem.dataspace_names[op]) o = op;
                    if (!o) {
                        errors.push_back({yamlLine(ds), "mapping for \"" + *target + "\": unknown data space \"" +
                                                            (ds.IsScalar() ? ds.Scalar() : std::string("?")) + "\""});
                        continue;
                    }
                    m.levels[level].bypass[*o] = !is_keep;
                }
            }
        } else {
            errors.push_back({yamlLine(dir), "mapping directive: unknown type \"" + *type +
                                                 "\" (expected temporal, spatial, bypass, dataspace or datatype)"});
        }
    }
    if (!errors.empty()) return ParseResult<mapping::Mapping>::failure(errors);
    return ParseResult<mapping::Mapping>::success(m);
}
} // namespace

ParseResult<mapping::Mapping> parseTimeloopMapping(const YAML::Node& root, const TimeloopProblem& problem,
                                                   const TimeloopArch& arch) {
    // yaml-cpp throws on some malformed trees; no input may crash the caller.
    try {
        return parseTimeloopMappingImpl(root, problem, arch);
    } catch (const std::exception& e) {
        return ParseResult<mapping::Mapping>::failure(
            {{yamlLine(root), std::string("malformed mapping: ") + e.what()}});
    }
}

std::string writeTimeloopMapping(const mapping::Mapping& m, const hardware::Accelerator& acc,
                                 const workload::PerDim<std::string>& dim_names,
                                 const workload::PerOperand<std::string>& dataspace_names) {
    const auto name = [&](Dim d) { return dim_names[d].empty() ? std::string(workload::toString(d)) : dim_names[d]; };
    const auto factorText = [&](const mapping::PerDim<std::int32_t>& f, const std::vector<Dim>& dims) {
        std::string s;
        for (Dim d : dims) {
            if (!s.empty()) s += ' ';
            s += name(d);
            s += '=';
            s += std::to_string(f[d]);
        }
        return s;
    };
    std::vector<Dim> present; // G only for grouped layers: Timeloop's CNN_Layer has no G
    for (Dim d : workload::kAllDims)
        if (!dim_names[d].empty() && (d != Dim::G || m.paddedBound(d) > 1)) present.push_back(d);
    YAML::Emitter e;
    e << YAML::BeginMap << YAML::Key << "mapping" << YAML::Value << YAML::BeginSeq;
    for (int i = 0; i < m.num_levels; ++i) {
        const mapping::LevelLoops& l = m.levels[i];
        std::string perm; // innermost first
        for (auto it = l.order.rbegin(); it != l.order.rend(); ++it)
            if (std::find(present.begin(), present.end(), *it) != present.end()) perm += name(*it);
        e << YAML::BeginMap << YAML::Key << "target" << YAML::Value << acc.levels[i].name << YAML::Key << "type"
          << YAML::Value << "temporal" << YAML::Key << "factors" << YAML::Value << factorText(l.factors, present)
          << YAML::Key << "permutation" << YAML::Value << perm << YAML::EndMap;
    }
    if (m.spatialProduct() > 1) {
        // X dimensions first in the permutation (innermost first), split after them.
        mapping::PerDim<std::int32_t> f;
        std::string sperm;
        int split = 0;
        for (Dim d : present)
            if (m.spatial_x[d] > 1) {
                sperm += name(d);
                ++split;
            }
        for (Dim d : present)
            if (m.spatial_x[d] <= 1) sperm += name(d);
        for (Dim d : workload::kAllDims) f[d] = m.spatial_x[d] * m.spatial_y[d];
        e << YAML::BeginMap << YAML::Key << "target" << YAML::Value << "PE" << YAML::Key << "type" << YAML::Value
          << "spatial" << YAML::Key << "factors" << YAML::Value << factorText(f, present) << YAML::Key << "permutation"
          << YAML::Value << sperm << YAML::Key << "split" << YAML::Value << split << YAML::EndMap;
    }
    for (int i = 0; i < m.num_levels; ++i) {
        std::vector<std::string> keep, bypass;
        for (Operand o : workload::kAllOperands)
            (mapping::keeps(acc, m, i, o) ? keep : bypass).push_back(dataspace_names[o]);
        if (bypass.empty()) continue;
        e << YAML::BeginMap << YAML::Key << "target" << YAML::Value << acc.levels[i].name << YAML::Key << "type"
          << YAML::Value << "bypass" << YAML::Key << "keep" << YAML::Value << YAML::Flow << keep << YAML::Key
          << "bypass" << YAML::Value << YAML::Flow << bypass << YAML::EndMap;
    }
    e << YAML::EndSeq << YAML::EndMap;
    return std::string(e.c_str()) + "\n";
}

} // namespace archscape::io
