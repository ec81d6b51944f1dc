#include "io/timeloop_problem.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <sstream>

#include "io/timeloop_yaml.h"

namespace archscape::io {

using workload::Dim;
using workload::Operand;

namespace {

struct Term {
    int dim = -1;          // index into the shape's dimension list
    std::int64_t coef = 1; // value of the coefficient (1 when absent)
};
using Axis = std::vector<Term>;

struct DataSpace {
    std::string name;
    bool read_write = false;
    std::vector<Axis> axes;
    YAML::Node node;
};

std::string lower(std::string s) {
    for (auto& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// A term is [dim], [dim, coefficient] or [coefficient, dim]; either order is accepted because
// Timeloop's own examples write both.
std::optional<Term> parseTerm(const YAML::Node& t, const std::vector<std::string>& dims,
                              const std::map<std::string, std::int64_t>& coefs, std::vector<Diagnostic>& errors) {
    const auto dimIndex = [&](const std::string& s) {
        const auto it = std::find(dims.begin(), dims.end(), s);
        return it == dims.end() ? -1 : int(it - dims.begin());
    };
    if (t.IsScalar()) {
        const int d = dimIndex(t.Scalar());
        if (d >= 0) return Term{d, 1};
    }
    if (t.IsSequence() && (t.size() == 1 || t.size() == 2)) {
        bool good = true;
        for (const auto& x : t) good = good && x.IsScalar();
        if (good) {
            Term term;
            for (const auto& x : t) {
                const std::string s = x.Scalar();
                if (const int d = dimIndex(s); d >= 0 && term.dim < 0) {
                    term.dim = d;
                } else if (const auto c = coefs.find(s); c != coefs.end()) {
                    term.coef = c->second;
                } else if (const auto v = yamlInteger(x); v && *v >= 1) {
                    term.coef = *v;
                } else {
                    errors.push_back({yamlLine(x), "projection term: \"" + s +
                                                       "\" is neither a dimension nor a coefficient of the shape"});
                    return std::nullopt;
                }
            }
            if (term.dim >= 0) return term;
        }
    }
    errors.push_back({yamlLine(t), "projection term: expected [dimension] or [dimension, coefficient]"});
    return std::nullopt;
}

} // namespace

workload::PerDim<std::string> timeloopCnnDimNames() {
    workload::PerDim<std::string> n;
    for (Dim d : workload::kAllDims) n[d] = std::string(workload::toString(d));
    n[Dim::K] = "M";
    return n;
}

namespace {
ParseResult<TimeloopProblem> parseTimeloopProblemImpl(const YAML::Node& root) {
    std::vector<Diagnostic> errors;
    const YAML::Node p = (root.IsMap() && root["problem"]) ? root["problem"] : root;
    YamlMapReader pr(p, "problem", errors);
    if (!pr.ok()) return ParseResult<TimeloopProblem>::failure(errors);
    pr.allow({"version"});
    YamlMapReader shape(pr.get("shape", true), "problem.shape", errors);
    const YAML::Node inst_node = pr.get("instance", true);
    pr.finish();
    if (!shape.ok()) return ParseResult<TimeloopProblem>::failure(errors);
    shape.allow({"name"});

    // Dimensions.
    std::vector<std::string> dims;
    const YAML::Node dn = shape.get("dimensions", true);
    if (dn.IsDefined()) {
        if (!dn.IsSequence()) errors.push_back({yamlLine(dn), "problem.shape.dimensions: expected a list of names"});
        else
            for (const auto& d : dn) {
                if (!d.IsScalar() || d.Scalar().empty()) {
                    errors.push_back({yamlLine(d), "problem.shape.dimensions: expected a dimension name"});
                } else if (std::find(dims.begin(), dims.end(), d.Scalar()) != dims.end()) {
                    errors.push_back({yamlLine(d), "problem.shape.dimensions: \"" + d.Scalar() + "\" is listed twice"});
                } else {
                    dims.push_back(d.Scalar());
                }
            }
    }

    // Coefficients (defaults, then the instance's values).
    std::map<std::string, std::int64_t> coefs;
    if (const YAML::Node cn = shape.get("coefficients"); cn.IsDefined()) {
        if (!cn.IsSequence()) errors.push_back({yamlLine(cn), "problem.shape.coefficients: expected a list"});
        else
            for (const auto& c : cn) {
                YamlMapReader cr(c, "problem.shape.coefficients entry", errors);
                const auto name = cr.string("name", true);
                const auto def = cr.integer("default", false);
                cr.finish();
                if (name) coefs[*name] = def.value_or(1);
            }
    }

    // Instance.
    std::vector<std::int64_t> bounds(dims.size(), 1);
    {
        YamlMapReader ir(inst_node, "problem.instance", errors);
        if (ir.ok()) {
            for (std::size_t i = 0; i < dims.size(); ++i)
                if (const auto v = ir.integer(dims[i], false)) bounds[i] = *v;
            for (auto& [name, value] : coefs)
                if (const auto v = ir.integer(name, false)) value = *v;
            ir.finish();
        }
    }

    // Data spaces.
    std::vector<DataSpace> spaces;
    const YAML::Node dsn = shape.get("data_spaces", true);
    shape.finish();
    if (dsn.IsDefined()) {
        if (!dsn.IsSequence()) errors.push_back({yamlLine(dsn), "problem.shape.data_spaces: expected a list"});
        else
            for (const auto& ds : dsn) {
                YamlMapReader dr(ds, "problem.shape.data_spaces entry", errors);
                if (!dr.ok()) continue;
                DataSpace s;
                s.node = static_cast<const YAML::Node&>(ds);
                s.name = dr.string("name", true).value_or("");
                if (const YAML::Node rw = dr.get("read_write"); rw.IsDefined())
                    s.read_write = rw.IsScalar() && (lower(rw.Scalar()) == "true" || rw.Scalar() == "1");
                const YAML::Node proj = dr.get("projection", true);
                dr.finish();
                if (!proj.IsDefined()) continue;
                if (!proj.IsSequence()) {
                    errors.push_back(
                        {yamlLine(proj),
                         "data space \"" + s.name + "\": projection: expected a list of axes, each a list of terms"});
                    continue;
                }
                for (const auto& axis : proj) {
                    Axis a;
                    if (!axis.IsSequence() || axis.size() == 0) {
                        errors.push_back(
                            {yamlLine(axis), "data space \"" + s.name + "\": expected an axis as a list of terms"});
                        continue;
                    }
                    for (const auto& t : axis)
                        if (auto term = parseTerm(t, dims, coefs, errors)) a.push_back(*term);
                    s.axes.push_back(std::move(a));
                }
                spaces.push_back(std::move(s));
            }
    }
    if (!errors.empty()) return ParseResult<TimeloopProblem>::failure(errors);
    if (spaces.size() != 3) {
        errors.push_back({yamlLine(dsn),
                          "problem.shape.data_spaces: Archscape models three tensors (weights, inputs, "
                          "outputs), got " +
                              std::to_string(spaces.size())});
        return ParseResult<TimeloopProblem>::failure(errors);
    }

    // Which data space is which operand: names first, then the read-write one is the output and
    // the others keep Timeloop's CNN order (weights, inputs).
    std::array<int, 3> op{-1, -1, -1}; // Operand -> data space index
    for (int i = 0; i < 3; ++i) {
        const std::string n = lower(spaces[i].name);
        if (n == "weights" || n == "filter" || n == "filters") op[0] = i;
        else if (n == "inputs" || n == "ifmap" || n == "input") op[1] = i;
        else if (n == "outputs" || n == "ofmap" || n == "output") op[2] = i;
    }
    if (op[2] < 0)
        for (int i = 0; i < 3; ++i)
            if (spaces[i].read_write && i != op[0] && i != op[1]) op[2] = i;
    for (int o = 0; o < 3; ++o)
        if (op[o] < 0)
            for (int i = 0; i < 3; ++i)
                if (std::find(op.begin(), op.end(), i) == op.end()) {
                    op[o] = i;
                    break;
                }
    const DataSpace& W = spaces[op[0]];
    const DataSpace& I = spaces[op[1]];
    const DataSpace& O = spaces[op[2]];

    // Which tensors each dimension indexes.
    const std::size_t nd = dims.size();
    std::vector<std::array<bool, 3>> in(nd, {false, false, false});
    for (int o = 0; o < 3; ++o)
        for (const auto& a : spaces[op[o]].axes)
            for (const auto& t : a) in[t.dim][o] = true;
    for (int o : {0, 2})
        for (const auto& a : spaces[op[o]].axes)
            if (a.size() != 1)
                errors.push_back(
                    {yamlLine(spaces[op[o]].node), "data space \"" + spaces[op[o]].name +
                                                       "\": Archscape needs one dimension per axis of the " +
                                                       (o == 0 ? "weights" : "outputs")});

    TimeloopProblem result;
    workload::Layer& layer = result.layer;
    layer.name = shape.node()["name"] && shape.node()["name"].IsScalar() ? shape.node()["name"].Scalar() : "timeloop";
    std::vector<int> role(nd, -1); // Dim as int
    const auto assign = [&](int d, Dim target) {
        for (std::size_t j = 0; j < nd; ++j)
            if (role[j] == int(target)) {
                errors.push_back({yamlLine(I.node), "dimensions \"" + dims[j] + "\" and \"" + dims[d] +
                                                        "\" play the same role (" +
                                                        std::string(workload::toString(target)) +
                                                        "); Archscape's loop nest has one dimension per role"});
                return;
            }
        role[d] = int(target);
    };

    // Sliding windows: an input axis of two terms, one output dimension and one weight dimension.
    int windows = 0;
    for (const auto& a : I.axes) {
        if (a.size() == 1) continue;
        if (a.size() > 2 || windows == 2) {
            errors.push_back({yamlLine(I.node), "data space \"" + I.name +
                                                    "\": Archscape models at most two sliding windows of two terms "
                                                    "(output position x stride + filter tap x dilation)"});
            continue;
        }
        const Term* out = nullptr;
        const Term* filt = nullptr;
        for (const auto& t : a) {
            if (in[t.dim][2] && !in[t.dim][0]) out = &t;
            else if (in[t.dim][0] && !in[t.dim][2]) filt = &t;
        }
        if (!out || !filt) {
            errors.push_back({yamlLine(I.node), "data space \"" + I.name +
                                                    "\": a two-term input axis must combine an output dimension and a "
                                                    "weight dimension"});
            continue;
        }
        const bool rows = windows == 0;
        assign(out->dim, rows ? Dim::P : Dim::Q);
        assign(filt->dim, rows ? Dim::R : Dim::S);
        (rows ? layer.stride_h : layer.stride_w) = int(out->coef);
        (rows ? layer.dilation_h : layer.dilation_w) = int(filt->coef);
        ++windows;
    }
    // The remaining dimensions by the tensors they index.
    std::vector<Dim> free_io = {Dim::N, Dim::P, Dim::Q};
    for (std::size_t d = 0; d < nd; ++d) {
        if (role[d] >= 0) continue;
        const auto& t = in[d];
        if (t[0] && t[1] && t[2]) assign(int(d), Dim::G);
        else if (t[0] && t[2] && !t[1]) assign(int(d), Dim::K);
        else if (t[0] && t[1] && !t[2]) assign(int(d), Dim::C);
        else if (t[1] && t[2] && !t[0]) {
            // A batch-like dimension: keep its own letter when it names one, else the first free of N, P, Q.
            Dim pick = Dim::N;
            const auto named = workload::parseDim(dims[d]);
            bool found = false;
            if (named && std::find(free_io.begin(), free_io.end(), *named) != free_io.end()) {
                pick = *named;
                found = true;
            }
            for (Dim c : free_io)
                if (!found && std::none_of(role.begin(), role.end(), [&](int r) { return r == int(c); })) {
                    pick = c;
                    found = true;
                }
            assign(int(d), pick);
        } else {
            errors.push_back({yamlLine(dn), "dimension \"" + dims[d] +
                                                "\" indexes fewer than two tensors; Archscape models convolution-like "
                                                "problems where every dimension indexes at least two tensors"});
        }
    }
    // Every axis of the weights and outputs, and every one-term input axis, must be a plain dimension.
    for (std::size_t d = 0; d < nd; ++d) {
        if (role[d] < 0) continue;
        const Dim rd = static_cast<Dim>(role[d]);
        for (Operand o : workload::kAllOperands) {
            const bool model = workload::isRelevant(o, rd);
            const bool file = in[d][int(o)];
            if (model != file)
                errors.push_back({yamlLine(spaces[op[int(o)]].node),
                                  "dimension \"" + dims[d] + "\" (" + std::string(workload::toString(rd)) + ") " +
                                      (file ? "indexes" : "does not index") + " data space \"" +
                                      spaces[op[int(o)]].name +
                                      "\", which Archscape's convolution nest cannot express"});
        }
    }
    if (!errors.empty()) return ParseResult<TimeloopProblem>::failure(errors);

    for (std::size_t d = 0; d < nd; ++d) {
        const Dim rd = static_cast<Dim>(role[d]);
        layer.bounds[rd] = bounds[d];
        result.dim_names[rd] = dims[d];
    }
    layer.type = workload::LayerType::Conv;
    // Instance sizes of up to 2^31 - 1 each multiply past the int64 counts (issue 18).
    if (const std::string e = workload::countsOverflow(layer); !e.empty())
        return ParseResult<TimeloopProblem>::failure({{yamlLine(inst_node), "problem.instance: expected " + e}});
    result.dataspace_names[Operand::Weight] = W.name;
    result.dataspace_names[Operand::Input] = I.name;
    result.dataspace_names[Operand::Output] = O.name;
    return ParseResult<TimeloopProblem>::success(std::move(result));
}
} // namespace

ParseResult<TimeloopProblem> parseTimeloopProblem(const YAML::Node& root) {
    // yaml-cpp throws on some malformed trees; no input may crash the caller.
    try {
        return parseTimeloopProblemImpl(root);
    } catch (const std::exception& e) {
        return ParseResult<TimeloopProblem>::failure({{yamlLine(root), std::string("malformed problem: ") + e.what()}});
    }
}

std::optional<std::string> loopNestRefusal(const workload::Layer& layer, std::string_view tool) {
    const std::string head = "layer " + layer.name + " (" + std::string(workload::toString(layer.type)) +
                             ") is not exported: " + std::string(tool) + " describes one dense loop nest per layer";
    if (layer.type == workload::LayerType::Butterfly)
        return head + ", and a butterfly matrix is log2 n stages of 2x2 blocks with a permutation between stages";
    if (layer.type == workload::LayerType::ProductQuantized)
        return head +
               ", and a PQ layer replaces its MACs with table lookups (export its dense twin: the same gemm "
               "without sub_vectors)";
    return std::nullopt;
}

std::string writeTimeloopProblem(const workload::Layer& layer) {
    const bool grouped = layer.bound(Dim::G) > 1;
    YAML::Emitter e;
    e << YAML::BeginMap << YAML::Key << "problem" << YAML::Value << YAML::BeginMap;
    e << YAML::Key << "version" << YAML::Value << "0.4";
    e << YAML::Key << "shape" << YAML::Value << YAML::BeginMap;
    e << YAML::Key << "name" << YAML::Value << (grouped ? "Grouped_CNN_Layer" : "CNN_Layer");
    e << YAML::Key << "dimensions" << YAML::Value << YAML::Flow << YAML::BeginSeq;
    if (grouped) e << "G";
    e << "C"
      << "M"
      << "R"
      << "S"
      << "N"
      << "P"
      << "Q" << YAML::EndSeq;
    e << YAML::Key << "coefficients" << YAML::Value << YAML::BeginSeq;
    for (const char* c : {"Wstride", "Hstride", "Wdilation", "Hdilation"})
        e << YAML::Flow << YAML::BeginMap << YAML::Key << "name" << YAML::Value << c << YAML::Key << "default"
          << YAML::Value << 1 << YAML::EndMap;
    e << YAML::EndSeq;
    const auto axis = [&](std::initializer_list<const char*> terms) {
        e << YAML::Flow << YAML::BeginSeq;
        for (const char* t : terms) {
            e << YAML::Flow << YAML::BeginSeq;
            std::string s(t);
            const auto sp = s.find(' ');
            if (sp == std::string::npos) e << s;
            else e << s.substr(0, sp) << s.substr(sp + 1);
            e << YAML::EndSeq;
        }
        e << YAML::EndSeq;
    };
    e << YAML::Key << "data_spaces" << YAML::Value << YAML::BeginSeq;
    e << YAML::BeginMap << YAML::Key << "name" << YAML::Value << "Weights" << YAML::Key << "projection" << YAML::Value
      << YAML::BeginSeq;
    if (grouped) axis({"G"});
    axis({"C"}), axis({"M"}), axis({"R"}), axis({"S"});
    e << YAML::EndSeq << YAML::EndMap;
    e << YAML::BeginMap << YAML::Key << "name" << YAML::Value << "Inputs" << YAML::Key << "projection" << YAML::Value
      << YAML::BeginSeq;
    axis({"N"});
    if (grouped) axis({"G"});
    axis({"C"}), axis({"R Wdilation", "P Wstride"}), axis({"S Hdilation", "Q Hstride"});
    e << YAML::EndSeq << YAML::EndMap;
    e << YAML::BeginMap << YAML::Key << "name" << YAML::Value << "Outputs" << YAML::Key << "projection" << YAML::Value
      << YAML::BeginSeq;
    axis({"N"});
    if (grouped) axis({"G"});
    axis({"M"}), axis({"Q"}), axis({"P"});
    e << YAML::EndSeq << YAML::Key << "read_write" << YAML::Value << true << YAML::EndMap;
    e << YAML::EndSeq << YAML::EndMap; // data_spaces, shape
    e << YAML::Key << "instance" << YAML::Value << YAML::BeginMap;
    const auto names = timeloopCnnDimNames();
    for (Dim d : workload::kAllDims)
        if (d != Dim::G || grouped) e << YAML::Key << names[d] << YAML::Value << layer.bound(d);
    e << YAML::Key << "Wstride" << YAML::Value << layer.stride_h << YAML::Key << "Hstride" << YAML::Value
      << layer.stride_w << YAML::Key << "Wdilation" << YAML::Value << layer.dilation_h << YAML::Key << "Hdilation"
      << YAML::Value << layer.dilation_w;
    e << YAML::EndMap << YAML::EndMap << YAML::EndMap;
    return std::string(e.c_str()) + "\n";
}

} // namespace archscape::io
