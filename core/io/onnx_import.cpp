#include "io/onnx_import.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <numeric>
#include <optional>
#include <set>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include <onnx/defs/schema.h>
#include <onnx/onnx_pb.h>
#include <onnx/shape_inference/implementation.h>

#include "common/checked_arithmetic.h"
#include "io/input_file.h"

namespace archscape::io {

using workload::Dim;
using workload::LayerType;
using Shape = std::vector<std::int64_t>;

namespace {

const std::unordered_set<std::string> kElementwise = {"Add",
                                                      "Sub",
                                                      "Mul",
                                                      "Div",
                                                      "Pow",
                                                      "Max",
                                                      "Min",
                                                      "Sum",
                                                      "Mean",
                                                      "Relu",
                                                      "LeakyRelu",
                                                      "PRelu",
                                                      "Sigmoid",
                                                      "Tanh",
                                                      "Clip",
                                                      "Erf",
                                                      "Gelu",
                                                      "HardSigmoid",
                                                      "HardSwish",
                                                      "Exp",
                                                      "Log",
                                                      "Sqrt",
                                                      "Neg",
                                                      "Abs",
                                                      "Reciprocal",
                                                      "Elu",
                                                      "Selu",
                                                      "Softplus",
                                                      "Softsign",
                                                      "Where",
                                                      "Equal",
                                                      "Greater",
                                                      "Less",
                                                      "Not",
                                                      "And",
                                                      "Or",
                                                      "Floor",
                                                      "Ceil",
                                                      "Round",
                                                      "Sign",
                                                      "Mish",
                                                      "ThresholdedRelu",
                                                      "Celu",
                                                      "Sin",
                                                      "Cos",
                                                      "QuantizeLinear",
                                                      "DequantizeLinear"};
/// Point-wise activations an accelerator applies to a MAC layer's outputs as they leave the array.
const std::unordered_set<std::string> kFusableActivations = {
    "Relu", "LeakyRelu", "PRelu", "Clip", "ThresholdedRelu", "Sigmoid", "HardSigmoid", "HardSwish", "Tanh", "Gelu",
    "Elu",  "Selu",      "Celu",  "Mish", "Softplus"};
const std::unordered_set<std::string> kNorm = {"BatchNormalization",
                                               "LayerNormalization",
                                               "InstanceNormalization",
                                               "GroupNormalization",
                                               "LpNormalization",
                                               "MeanVarianceNormalization",
                                               "LRN"};
const std::unordered_set<std::string> kFolded = {"Reshape",         "Flatten", "Squeeze", "Unsqueeze",
                                                 "Identity",        "Dropout", "Shape",   "Constant",
                                                 "ConstantOfShape", "Cast",    "Size",    "CastLike"};

std::string dimsText(const Shape& s) {
    std::string t;
    for (auto d : s) {
        if (!t.empty()) t += 'x';
        t += d < 0 ? std::string("?") : std::to_string(d);
    }
    return t.empty() ? "scalar" : t;
}

/// Most elements of a tensor: the workload's sizes and counts are int64 products of its bounds.
constexpr std::int64_t kMaxElements = workload::kMaxLayerCount;

/// The product of s[from, to), or nullopt when it exceeds kMaxElements (or int64).
std::optional<std::int64_t> product(const Shape& s, std::size_t from, std::size_t to) {
    const auto p = checkedProduct(s.begin() + std::ptrdiff_t(std::min(from, s.size())),
                                  s.begin() + std::ptrdiff_t(std::min(to, s.size())));
    if (!p || *p > kMaxElements) return std::nullopt;
    return p;
}

bool known(const Shape& s) {
    return std::all_of(s.begin(), s.end(), [](std::int64_t d) { return d > 0; });
}

std::optional<Shape> shapeOfType(const onnx::TypeProto& t) {
    if (!t.has_tensor_type() || !t.tensor_type().has_shape()) return std::nullopt;
    Shape s;
    for (const auto& d : t.tensor_type().shape().dim()) s.push_back(d.has_dim_value() ? d.dim_value() : -1);
    return s;
}

std::int64_t intAttr(const onnx::NodeProto& n, const char* name, std::int64_t def) {
    for (const auto& a : n.attribute())
        if (a.name() == name && a.has_i()) return a.i();
    return def;
}

/// Largest stride, dilation, kernel size, padding or group count accepted (a layer bound is < 2^31).
constexpr std::int64_t kMaxAttribute = 1 << 30;

Shape intsAttr(const onnx::NodeProto& n, const char* name) {
    for (const auto& a : n.attribute())
        if (a.name() == name) return Shape(a.ints().begin(), a.ints().end());
    return {};
}

std::string stringAttr(const onnx::NodeProto& n, const char* name) {
    for (const auto& a : n.attribute())
        if (a.name() == name && a.has_s()) return a.s();
    return {};
}

struct Importer {
    const OnnxImportOptions& options;
    onnx::ModelProto model;
    std::unordered_map<std::string, Shape> shapes;
    std::unordered_set<std::string> constants;     // initializers and Constant outputs
    std::unordered_map<std::string, int> producer; // tensor -> layer index
    std::unordered_map<std::string, int> uses;     // tensor -> nodes (and graph outputs) that read it
    std::vector<Diagnostic> errors;
    OnnxImport out;
    std::set<std::string> names;

    explicit Importer(const OnnxImportOptions& o) : options(o) {}

    static std::string where(const onnx::NodeProto& n, int index) {
        return "node '" + (n.name().empty() ? n.op_type() + "_" + std::to_string(index) : n.name()) + "' (" +
               n.op_type() + ")";
    }

    std::optional<Shape> shape(const std::string& tensor) const {
        const auto it = shapes.find(tensor);
        if (it == shapes.end() || !known(it->second)) return std::nullopt;
        return it->second;
    }

    void count(std::vector<OnnxOpCount>& list, const std::string& op) {
        for (auto& c : list)
            if (c.op_type == op) {
                ++c.count;
                return;
            }
        list.push_back({op, 1});
    }

    std::string uniqueName(const onnx::NodeProto& n, int index) {
        std::string base = n.name().empty() ? n.op_type() + "_" + std::to_string(index) : n.name();
        std::string name = base;
        for (int k = 2; names.count(name); ++k) name = base + "_" + std::to_string(k);
        names.insert(name);
        return name;
    }

    void addLayer(workload::Layer layer, const onnx::NodeProto& n, int index, const std::vector<std::string>& inputs) {
        // Tensors that fit can still make a loop nest that does not (a 2e6 x 1e6 by 1e6 x 1e6 GEMM).
        if (const std::string e = workload::countsOverflow(layer); !e.empty()) {
            errors.push_back(
                {where(n, index), "output '" + (n.output_size() ? n.output(0) : std::string()) + "': expected " + e});
            return;
        }
        layer.name = uniqueName(n, index);
        const int id = int(out.network.layers.size());
        std::vector<int> from;
        for (const auto& t : inputs) {
            const auto it = producer.find(t);
            if (it != producer.end() && std::find(from.begin(), from.end(), it->second) == from.end())
                from.push_back(it->second);
        }
        for (int f : from) out.network.edges.push_back({f, id});
        out.network.layers.push_back(std::move(layer));
        for (const auto& o : n.output()) producer[o] = id;
    }

    std::vector<std::string> activations(const onnx::NodeProto& n) const {
        std::vector<std::string> a;
        for (const auto& t : n.input())
            if (!t.empty() && !constants.count(t)) a.push_back(t);
        return a;
    }

    /// A memory-only layer over a tensor [d0, d1, d2, d3...]: N = d0, G = d1, P = d2, Q = d3·d4·...
    static workload::Layer memoryLayer(LayerType type, const Shape& s) {
        workload::Layer l;
        l.type = type;
        if (s.size() >= 1) l.bounds[Dim::N] = s[0];
        if (s.size() >= 2) l.bounds[Dim::G] = s[1];
        if (s.size() >= 3) l.bounds[Dim::P] = s[2];
        if (s.size() >= 4) l.bounds[Dim::Q] = product(s, 3, s.size()).value_or(1); // s is sized()
        return l;
    }

    bool need(const std::optional<Shape>& s, const std::string& tensor, const std::string& at, std::size_t min_rank,
              std::size_t max_rank) {
        if (!s) {
            errors.push_back({at, "the shape of tensor '" + tensor +
                                      "' is unknown (shape inference could not derive it; give the graph input "
                                      "shapes with --input-shape)"});
            return false;
        }
        if (s->size() < min_rank || s->size() > max_rank) {
            errors.push_back({at, "tensor '" + tensor + "' has shape " + dimsText(*s) + "; expected rank " +
                                      std::to_string(min_rank) +
                                      (max_rank != min_rank ? " to " + std::to_string(max_rank) : std::string())});
            return false;
        }
        return sized(*s, tensor, at);
    }

    /// False (with an error naming the node and the tensor) when the tensor has more than
    /// kMaxElements elements: every sub-product of its dimensions then fits.
    bool sized(const Shape& s, const std::string& tensor, const std::string& at, const char* what = "tensor") {
        if (product(s, 0, s.size())) return true;
        const auto all = checkedProduct(s);
        errors.push_back({at, std::string(what) + " '" + tensor + "' has shape " + dimsText(s) + ": " +
                                  (all ? std::to_string(*all) : std::string("over 2^63")) +
                                  " elements, more than 1e18 (the workload's sizes and counts are 64-bit)"});
        return false;
    }

    void conv(const onnx::NodeProto& n, int index) {
        const std::string at = where(n, index);
        if (n.input_size() < 2 || n.output_size() < 1) {
            errors.push_back({at, "expected inputs X and W and an output"});
            return;
        }
        const auto x = shape(n.input(0));
        const auto w = shape(n.input(1));
        if (!need(x, n.input(0), at, 3, 4) || !need(w, n.input(1), at, x->size(), x->size())) return;
        const bool two_d = x->size() == 4;
        const std::int64_t group = intAttr(n, "group", 1);
        Shape strides = intsAttr(n, "strides"), dil = intsAttr(n, "dilations"), pads = intsAttr(n, "pads");
        const std::size_t sp = two_d ? 2 : 1;
        strides.resize(sp, 1), dil.resize(sp, 1);
        if (pads.empty()) pads.assign(2 * sp, 0);
        if (group < 1 || (*x)[1] % group != 0 || (*w)[0] % group != 0 || (*w)[1] != (*x)[1] / group) {
            errors.push_back({at, "group " + std::to_string(group) + " does not fit input " + dimsText(*x) +
                                      " and weights " + dimsText(*w)});
            return;
        }
        if (pads.size() != 2 * sp || std::any_of(strides.begin(), strides.end(), [](auto v) { return v < 1; }) ||
            std::any_of(dil.begin(), dil.end(), [](auto v) { return v < 1; }) ||
            std::any_of(pads.begin(), pads.end(), [](auto v) { return v < 0; })) {
            errors.push_back(
                {at, "strides, dilations or pads do not match a " + std::to_string(sp) + "-D convolution"});
            return;
        }
        // Output size: from shape inference, else the ONNX formula (auto_pad SAME_* keeps ceil(in/stride)).
        Shape y;
        if (auto s = shape(n.output(0)); s && s->size() == x->size()) y = *s;
        else {
            y = {(*x)[0], (*w)[0]};
            const std::string ap = stringAttr(n, "auto_pad");
            for (std::size_t i = 0; i < sp; ++i) {
                // x and w are sized() (at most 1e18), strides, dilations and pads at most 2^30: the
                // sums fit; the dilated kernel's extent is compared by division, as it may not.
                const std::int64_t in = (*x)[2 + i], k = (*w)[2 + i], padded = in + pads[i] + pads[i + sp];
                std::int64_t o = 0;
                if (ap == "SAME_UPPER" || ap == "SAME_LOWER") o = (in + strides[i] - 1) / strides[i];
                else if (k - 1 <= (padded - 1) / dil[i]) o = (padded - dil[i] * (k - 1) - 1) / strides[i] + 1;
                y.push_back(o);
            }
        }
        if (!known(y)) {
            errors.push_back({at, "the convolution's output size is not positive"});
            return;
        }
        if (!sized(y, n.output(0), at)) return;
        workload::Layer l;
        l.type = LayerType::Conv;
        l.bounds[Dim::N] = (*x)[0];
        l.bounds[Dim::G] = group;
        l.bounds[Dim::C] = (*x)[1] / group;
        l.bounds[Dim::K] = (*w)[0] / group;
        l.bounds[Dim::R] = (*w)[2];
        l.bounds[Dim::P] = y[2];
        l.stride_h = int(strides[0]);
        l.dilation_h = int(dil[0]);
        l.pad_h = int((pads[0] + pads[sp]) / 2);
        if (two_d) {
            l.bounds[Dim::S] = (*w)[3];
            l.bounds[Dim::Q] = y[3];
            l.stride_w = int(strides[1]);
            l.dilation_w = int(dil[1]);
            l.pad_w = int((pads[1] + pads[1 + sp]) / 2);
        }
        addLayer(l, n, index, activations(n));
    }

    void gemmLike(const onnx::NodeProto& n, int index) {
        const std::string at = where(n, index);
        if (n.input_size() < 2 || n.output_size() < 1) {
            errors.push_back({at, "expected two inputs and an output"});
            return;
        }
        auto a = shape(n.input(0));
        auto b = shape(n.input(1));
        if (!need(a, n.input(0), at, 1, 8) || !need(b, n.input(1), at, 1, 8)) return;
        const bool a_const = constants.count(n.input(0)) > 0;
        const bool b_const = constants.count(n.input(1)) > 0;
        if (n.op_type() == "Gemm") {
            if (a->size() != 2 || b->size() != 2) {
                errors.push_back({at, "Gemm needs 2-D inputs, got " + dimsText(*a) + " and " + dimsText(*b)});
                return;
            }
            if (intAttr(n, "transA", 0)) std::swap((*a)[0], (*a)[1]);
            if (intAttr(n, "transB", 0)) std::swap((*b)[0], (*b)[1]);
        }
        if (a->size() == 1) a->insert(a->begin(), 1);
        if (b->size() == 1) b->push_back(1);
        const std::int64_t m = (*a)[a->size() - 2], k = (*a)[a->size() - 1];
        const std::int64_t kb = (*b)[b->size() - 2], nn = (*b)[b->size() - 1];
        if (k != kb) {
            errors.push_back({at, "inner dimensions differ: " + dimsText(*a) + " times " + dimsText(*b)});
            return;
        }
        // a and b are sized(): their sub-products fit.
        const std::int64_t batch_a = *product(*a, 0, a->size() - 2), batch_b = *product(*b, 0, b->size() - 2);
        workload::Layer l;
        if (b_const || (!a_const && batch_b == 1 && b->size() == 2)) {
            // Activations times a weight matrix: the leading dimensions of A are rows of one GEMM.
            l.type = LayerType::Gemm;
            l.bounds[Dim::P] = batch_a * m;
            l.bounds[Dim::C] = k;
            l.bounds[Dim::K] = nn;
        } else if (a_const) {
            // W · X: transpose, (Xᵀ Wᵀ) has the activations' columns as rows.
            l.type = LayerType::Gemm;
            l.bounds[Dim::P] = batch_b * nn;
            l.bounds[Dim::C] = k;
            l.bounds[Dim::K] = m;
        } else {
            // Two activations (attention QKᵀ, AV): one matmul per broadcast batch element.
            Shape out;
            const std::size_t r = std::max(a->size(), b->size()) - 2;
            for (std::size_t i = 0; i < r; ++i) {
                const std::int64_t da = i + a->size() >= r + 2 ? (*a)[i + a->size() - r - 2] : 1;
                const std::int64_t db = i + b->size() >= r + 2 ? (*b)[i + b->size() - r - 2] : 1;
                if (da != db && da != 1 && db != 1) {
                    errors.push_back(
                        {at, "batch dimensions do not broadcast: " + dimsText(*a) + " and " + dimsText(*b)});
                    return;
                }
                out.push_back(std::max(da, db));
            }
            // Broadcasting multiplies the batches of both: their product may not fit where neither did.
            if (!sized(out, n.output(0), at, "the broadcast batch of output")) return;
            l.type = LayerType::BatchedMatmul;
            l.bounds[Dim::G] = *product(out, 0, out.size());
            l.bounds[Dim::P] = m;
            l.bounds[Dim::C] = k;
            l.bounds[Dim::K] = nn;
        }
        addLayer(l, n, index, activations(n));
    }

    void pool(const onnx::NodeProto& n, int index) {
        const std::string at = where(n, index);
        if (n.input_size() < 1 || n.output_size() < 1) {
            errors.push_back({at, "expected an input and an output"});
            return;
        }
        const auto x = shape(n.input(0));
        if (!need(x, n.input(0), at, 3, 4)) return;
        const std::size_t sp = x->size() - 2;
        const bool global = n.op_type().rfind("Global", 0) == 0;
        Shape k = global ? Shape(x->begin() + 2, x->end()) : intsAttr(n, "kernel_shape");
        Shape strides = intsAttr(n, "strides"), pads = intsAttr(n, "pads");
        strides.resize(sp, 1);
        if (pads.empty()) pads.assign(2 * sp, 0);
        if (k.size() != sp || pads.size() != 2 * sp) {
            errors.push_back({at, "kernel_shape or pads do not match the input " + dimsText(*x)});
            return;
        }
        Shape y;
        if (auto s = shape(n.output(0)); s && s->size() == x->size()) y = *s;
        else {
            y = {(*x)[0], (*x)[1]};
            for (std::size_t i = 0; i < sp; ++i)
                y.push_back(
                    global ? 1
                           : ((*x)[2 + i] + pads[i] + pads[i + sp] - k[i]) / std::max<std::int64_t>(1, strides[i]) + 1);
        }
        if (!known(y) || !known(k) || !known(strides)) {
            errors.push_back({at, "pooling window or output size is not positive"});
            return;
        }
        if (!sized(y, n.output(0), at)) return;
        workload::Layer l;
        l.type = LayerType::Pool;
        l.bounds[Dim::N] = (*x)[0];
        l.bounds[Dim::G] = (*x)[1];
        l.bounds[Dim::P] = y[2];
        l.bounds[Dim::R] = k[0];
        l.stride_h = int(strides[0]);
        l.pad_h = int((pads[0] + pads[sp]) / 2);
        if (sp == 2) {
            l.bounds[Dim::Q] = y[3];
            l.bounds[Dim::S] = k[1];
            l.stride_w = int(strides[1]);
            l.pad_w = int((pads[1] + pads[1 + sp]) / 2);
        }
        addLayer(l, n, index, activations(n));
    }

    void memoryOnly(const onnx::NodeProto& n, int index, LayerType type, bool supported) {
        if (!supported) count(out.unsupported, n.domain().empty() ? n.op_type() : n.domain() + "." + n.op_type());
        const std::optional<Shape> y = n.output_size() > 0 ? shape(n.output(0)) : std::nullopt;
        if (!y) {
            if (supported)
                errors.push_back({where(n, index),
                                  "the shape of its output is unknown (shape inference could not "
                                  "derive it; give the graph input shapes with --input-shape)"});
            return; // unsupported and shapeless: listed in `unsupported`, no layer
        }
        if (!sized(*y, n.output(0), where(n, index))) return;
        workload::Layer l = memoryLayer(type, *y);
        if (type == LayerType::Elementwise) {
            int same = 0;
            const auto elements = product(*y, 0, y->size());
            for (const auto& t : activations(n))
                if (const auto s = shape(t); s && product(*s, 0, s->size()) == elements) ++same;
            l.elementwise_inputs = std::max(1, same);
        }
        addLayer(l, n, index, activations(n));
    }

    /// Fuses an activation into the MAC layer that produces its one input, when nothing else reads
    /// that tensor (then the pre-activation values never leave the layer). False: not fusable.
    bool fuse(const onnx::NodeProto& n) {
        const auto in = activations(n);
        if (in.size() != 1) return false;
        const auto it = producer.find(in[0]);
        const auto reads = uses.find(in[0]);
        if (it == producer.end() || reads == uses.end() || reads->second != 1) return false;
        if (!workload::hasMacs(out.network.layers[it->second].type)) return false;
        count(out.fused, n.op_type());
        for (const auto& o : n.output()) producer[o] = it->second;
        return true;
    }

    void fold(const onnx::NodeProto& n) {
        count(out.folded, n.op_type());
        if (n.op_type() == "Constant" || n.op_type() == "ConstantOfShape" || n.op_type() == "Shape" ||
            n.op_type() == "Size") {
            for (const auto& o : n.output()) constants.insert(o);
            return;
        }
        if (n.input_size() == 0) return;
        if (constants.count(n.input(0)))
            for (const auto& o : n.output()) constants.insert(o);
        const auto it = producer.find(n.input(0));
        if (it != producer.end())
            for (const auto& o : n.output()) producer[o] = it->second;
    }

    void run(const std::string& bytes) {
        if (!model.ParseFromString(bytes)) {
            errors.push_back({"", "not an ONNX model: the protobuf does not parse (truncated file or another format)"});
            return;
        }
        if (!model.has_graph() || model.graph().node_size() == 0) {
            errors.push_back({"", "not an ONNX model: no graph or no nodes"});
            return;
        }
        for (const auto& op : model.opset_import())
            if (op.domain().empty() || op.domain() == "ai.onnx") out.opset = int(op.version());
        if (out.opset == 0) {
            errors.push_back({"", "the model declares no default-domain (ai.onnx) opset"});
            return;
        }
        if (out.opset > onnxMaxOpset() || out.opset < 1) {
            errors.push_back({"", "opset " + std::to_string(out.opset) +
                                      " is unknown to this build's ONNX library (it "
                                      "knows opsets 1 to " +
                                      std::to_string(onnxMaxOpset()) + ")"});
            return;
        }
        onnx::GraphProto& g = *model.mutable_graph();
        for (const auto& init : g.initializer()) {
            constants.insert(init.name());
            shapes[init.name()] = Shape(init.dims().begin(), init.dims().end());
        }
        // Graph inputs: every dimension needs a value, from the model or from the options.
        std::set<std::string> given;
        for (const auto& [name, dims] : options.input_shapes) given.insert(name);
        for (auto& in : *g.mutable_input()) {
            if (constants.count(in.name())) continue;
            given.erase(in.name());
            const auto opt = options.input_shapes.find(in.name());
            auto s = shapeOfType(in.type());
            if (opt != options.input_shapes.end()) {
                if (s && s->size() != opt->second.size()) {
                    errors.push_back({"input '" + in.name() + "'", "--input-shape gives rank " +
                                                                       std::to_string(opt->second.size()) +
                                                                       ", the model says " + dimsText(*s)});
                    continue;
                }
                s = opt->second;
                auto* shp = in.mutable_type()->mutable_tensor_type()->mutable_shape();
                shp->clear_dim();
                for (auto d : *s) shp->add_dim()->set_dim_value(d);
                if (!in.type().tensor_type().has_elem_type())
                    in.mutable_type()->mutable_tensor_type()->set_elem_type(onnx::TensorProto::FLOAT);
            }
            if (!s || !known(*s)) {
                std::string which;
                if (s)
                    for (std::size_t i = 0; i < s->size(); ++i)
                        if ((*s)[i] <= 0) {
                            const auto& d = in.type().tensor_type().shape().dim(int(i));
                            which = "dimension " + std::to_string(i) +
                                    (d.has_dim_param() ? " ('" + d.dim_param() + "')" : std::string()) +
                                    " has no value";
                            break;
                        }
                errors.push_back({"input '" + in.name() + "'", (s ? which : std::string("no shape")) +
                                                                   ": give its shape, e.g. --input-shape " + in.name() +
                                                                   "=1x3x224x224"});
                continue;
            }
            shapes[in.name()] = *s;
        }
        for (const auto& name : given)
            errors.push_back({"input '" + name + "'", "--input-shape names no graph input of the model"});
        if (!errors.empty()) return;
        // Before ONNX's shape inference, which divides by strides (a stride of 0 killed the process
        // with SIGFPE; issue 18) and trusts kernel sizes and groups; names must be UTF-8 for JSON.
        if (firstInvalidUtf8(g.name()) != std::string::npos)
            errors.push_back({"graph", "the graph's name is not valid UTF-8"});
        // ONNX nodes are in topological order: an input defined nowhere before has no type, which
        // ONNX's Conv/Pool shape inference dereferences (found by fuzz_onnx; issue 18).
        std::unordered_set<std::string> defined(constants);
        for (const auto& in : g.input()) defined.insert(in.name());
        for (int i = 0; i < g.node_size(); ++i) {
            const onnx::NodeProto& n = g.node(i);
            for (const auto& t : n.input())
                if (!t.empty() && !defined.count(t))
                    errors.push_back(
                        {where(n, i), "input '" + t + "' is no graph input, initializer or output of an earlier node"});
            for (const auto& o : n.output()) defined.insert(o);
            if (firstInvalidUtf8(n.name()) != std::string::npos || firstInvalidUtf8(n.op_type()) != std::string::npos) {
                errors.push_back({"node " + std::to_string(i), "name or operator type is not valid UTF-8"});
                continue;
            }
            for (const auto& a : n.attribute()) {
                const std::string& an = a.name();
                const std::int64_t least = an == "pads" ? 0 : 1;
                if (an != "strides" && an != "dilations" && an != "kernel_shape" && an != "pads" && an != "group")
                    continue;
                bool bad = a.has_i() && (a.i() < least || a.i() > kMaxAttribute);
                for (auto v : a.ints()) bad = bad || v < least || v > kMaxAttribute;
                if (bad)
                    errors.push_back({where(n, i), "attribute " + an + ": expected values from " +
                                                       std::to_string(least) + " to " + std::to_string(kMaxAttribute)});
            }
            // Without kernel_shape, ONNX takes the kernel from the weight's dims and indexes its
            // per-axis vectors (sized by the data's rank) with them: a weight whose rank differs
            // from the data's read out of bounds (found by fuzz_onnx; issue 18).
            const bool conv = n.op_type() == "Conv" || n.op_type() == "ConvTranspose" || n.op_type() == "ConvInteger";
            const bool kernel_attr = std::any_of(n.attribute().begin(), n.attribute().end(),
                                                 [](const auto& a) { return a.name() == "kernel_shape"; });
            if (conv && !kernel_attr && n.input_size() >= 2) {
                const auto x = shapes.find(n.input(0)), w = shapes.find(n.input(1));
                if (x != shapes.end() && w != shapes.end() && x->second.size() != w->second.size())
                    errors.push_back({where(n, i), "weight '" + n.input(1) + "' has rank " +
                                                       std::to_string(w->second.size()) + ", its input '" + n.input(0) +
                                                       "' rank " + std::to_string(x->second.size()) +
                                                       ": expected the same rank"});
            }
        }
        if (!errors.empty()) return;

        try {
            onnx::shape_inference::InferShapes(model, onnx::OpSchemaRegistry::Instance(),
                                               onnx::ShapeInferenceOptions(false, 0, true));
        } catch (const std::exception&) {
            // Partial results stay in value_info; nodes that still lack shapes are reported below.
        }
        for (const auto& vi : g.value_info())
            if (auto s = shapeOfType(vi.type())) shapes[vi.name()] = *s;
        for (const auto& vi : g.output())
            if (auto s = shapeOfType(vi.type())) shapes.emplace(vi.name(), *s);

        out.network.name = g.name().empty() ? "onnx" : g.name();
        for (const auto& n : g.node())
            for (const auto& t : n.input()) ++uses[t];
        for (const auto& o : g.output()) ++uses[o.name()];
        for (int i = 0; i < g.node_size(); ++i) {
            const onnx::NodeProto& n = g.node(i);
            const std::string& op = n.op_type();
            const bool std_domain = n.domain().empty() || n.domain() == "ai.onnx";
            const bool all_const =
                n.input_size() > 0 && std::all_of(n.input().begin(), n.input().end(), [&](const std::string& t) {
                    return t.empty() || constants.count(t) > 0;
                });
            if (all_const) {
                // A constant subgraph (e.g. a transposed weight): folded, as an exporter's optimiser would.
                count(out.folded, op);
                for (const auto& o : n.output()) constants.insert(o);
            } else if (!std_domain) memoryOnly(n, i, LayerType::Elementwise, false);
            else if (op == "Conv") conv(n, i);
            else if (op == "Gemm" || op == "MatMul") gemmLike(n, i);
            else if (op == "MaxPool" || op == "AveragePool" || op == "LpPool" || op == "GlobalAveragePool" ||
                     op == "GlobalMaxPool" || op == "GlobalLpPool")
                pool(n, i);
            else if (op == "Softmax" || op == "LogSoftmax") memoryOnly(n, i, LayerType::Softmax, true);
            else if (kNorm.count(op)) memoryOnly(n, i, LayerType::Norm, true);
            else if (kFusableActivations.count(op) && fuse(n)) continue;
            else if (kElementwise.count(op)) memoryOnly(n, i, LayerType::Elementwise, true);
            else if (kFolded.count(op)) fold(n);
            else memoryOnly(n, i, LayerType::Elementwise, false);
        }
        if (errors.empty() && out.network.layers.empty())
            errors.push_back({"", "the graph has no operator Archscape can model"});
        // Each layer is checked in addLayer; here their sum (totalMacs).
        if (errors.empty())
            if (const std::string e = workload::countsOverflow(out.network); !e.empty())
                errors.push_back({"graph", "expected " + e});
    }
};

} // namespace

int onnxMaxOpset() {
    const auto& m = onnx::OpSchemaRegistry::DomainToVersionRange::Instance().Map();
    const auto it = m.find(onnx::ONNX_DOMAIN);
    return it == m.end() ? 17 : it->second.second;
}

ParseResult<OnnxImport> parseOnnxModel(const std::string& bytes, const OnnxImportOptions& options) {
    Importer imp(options);
    try {
        imp.run(bytes);
    } catch (const std::exception& e) {
        imp.errors.push_back({"", std::string("malformed ONNX model: ") + e.what()});
    }
    if (!imp.errors.empty()) return ParseResult<OnnxImport>::failure(std::move(imp.errors));
    return ParseResult<OnnxImport>::success(std::move(imp.out));
}

ParseResult<OnnxImport> readOnnxFile(const std::string& path, const OnnxImportOptions& options) {
    const auto bytes = readInputFile(path);
    if (!bytes.ok()) return ParseResult<OnnxImport>::failure(bytes.errors);
    auto r = parseOnnxModel(*bytes.value, options);
    if (r.ok() && r.value->network.name == "onnx") {
        const auto slash = path.find_last_of('/');
        std::string stem = path.substr(slash == std::string::npos ? 0 : slash + 1);
        if (const auto dot = stem.rfind('.'); dot != std::string::npos && dot > 0) stem = stem.substr(0, dot);
        r.value->network.name = stem;
    }
    return r;
}

bool parseInputShape(const std::string& text, std::string& name, std::vector<std::int64_t>& dims) {
    const auto eq = text.rfind('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 >= text.size()) return false;
    name = text.substr(0, eq);
    dims.clear();
    std::stringstream ss(text.substr(eq + 1));
    std::string part;
    while (std::getline(ss, part, 'x')) {
        if (part.empty() || part.size() > 12 ||
            !std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; }))
            return false;
        const long long v = std::stoll(part);
        if (v < 1) return false;
        dims.push_back(v);
    }
    return !dims.empty() && text.back() != 'x';
}

} // namespace archscape::io
