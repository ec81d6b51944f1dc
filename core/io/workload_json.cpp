#include "io/workload_json.h"

#include <algorithm>
#include <map>

#include "io/json_file.h"
#include "io/precision_json.h"
#include "workload/butterfly.h"

namespace archscape::io {

namespace {

using nlohmann::json;
using workload::Dim;
using workload::Layer;
using workload::LayerType;

constexpr std::string_view kLayerTypes = "conv, gemm, batched_matmul, pool, elementwise, softmax, norm, butterfly, pq";

/// A per-axis parameter: rows (h) and columns (w).
struct Pair {
    std::int64_t h = 0;
    std::int64_t w = 0;
};

// stride / padding / dilation: one integer for both axes, or [h, w].
Pair readPair(ObjectReader& r, std::string_view key, IntRange range, Pair fallback) {
    const json* j = r.field(key);
    if (!j) return fallback;
    const std::string ptr = r.at(key);
    if (!j->is_array()) {
        const auto v = checkInteger(*j, ptr, range, r.errors());
        return v ? Pair{*v, *v} : fallback;
    }
    if (j->size() != 2) {
        r.error(ptr, "expected an integer or [h, w], got an array of " + std::to_string(j->size()) + " elements");
        return fallback;
    }
    const auto h = checkInteger((*j)[0], childPointer(ptr, 0), range, r.errors());
    const auto w = checkInteger((*j)[1], childPointer(ptr, 1), range, r.errors());
    return {h.value_or(fallback.h), w.value_or(fallback.w)};
}

json writePair(std::int64_t h, std::int64_t w) { return h == w ? json(h) : json::array({h, w}); }

struct Axis {
    const char* in;     // "H" or "W"
    const char* out;    // "P" or "Q"
    const char* filter; // "R" or "S"
    const char* noun;   // "row" or "column"
};
constexpr Axis kRows{"H", "P", "R", "row"};
constexpr Axis kCols{"W", "Q", "S", "column"};

// P = floor((H + 2*pad - dil*(R-1) - 1) / stride) + 1; 0 when the window does not fit the padded input.
std::int64_t outputFromInput(std::int64_t in, std::int64_t filter, std::int64_t stride, std::int64_t pad,
                             std::int64_t dil) {
    const std::int64_t padded = in + 2 * pad;
    const std::int64_t window = dil * (filter - 1) + 1;
    return window > padded ? 0 : (padded - window) / stride + 1;
}

// One spatial axis of a convolution or pooling layer: the output size, from the given input size
// (kept in `input`, since floor rounding can leave the last rows unused) or given directly.
// Checks that the window fits the padded input, and that the padding leaves at least one real
// input row.
std::optional<std::int64_t> outputSize(ObjectReader& r, const Axis& a, bool output_form,
                                       std::optional<std::int64_t> filter, std::int64_t stride, std::int64_t pad,
                                       std::int64_t dil, std::int64_t& input) {
    const auto in = r.integer(a.in, !output_form);
    const auto out = r.integer(a.out, output_form);
    if (!filter) return std::nullopt;
    const std::int64_t window = dil * (*filter - 1) + 1;
    if (!output_form) {
        if (!in) return std::nullopt;
        const std::int64_t p = outputFromInput(*in, *filter, stride, pad, dil);
        if (p == 0) {
            r.error(r.at(a.filter), "expected a window no larger than the padded input: dilation*(" +
                                        std::string(a.filter) + "-1)+1 = " + std::to_string(window) + " > " + a.in +
                                        " + 2*padding = " + std::to_string(*in + 2 * pad));
            return std::nullopt;
        }
        input = *in;
        return p;
    }
    if (!out) return std::nullopt;
    const std::int64_t rows = (*out - 1) * stride + window - 2 * pad;
    if (rows < 1) {
        r.error(r.at("padding"), "expected padding that leaves at least one input " + std::string(a.noun) + ", got " +
                                     std::to_string(pad) + " (input " + a.noun + "s = (" + a.out +
                                     "-1)*stride + dilation*(" + a.filter +
                                     "-1) + 1 - 2*padding = " + std::to_string(rows) + ")");
        return std::nullopt;
    }
    return out;
}

// The window fields shared by convolution and pooling: R, S, stride, padding, dilation, and the
// input size H, W or output size P, Q (exactly one of the two forms).
void readWindow(ObjectReader& r, Layer& l, bool allow_dilation) {
    const auto R = r.integer("R", true);
    const auto S = r.integer("S", true);
    const Pair stride = readPair(r, "stride", {1, 1 << 20}, {1, 1});
    const Pair pad = readPair(r, "padding", {0, 1 << 20}, {0, 0});
    const Pair dil = allow_dilation ? readPair(r, "dilation", {1, 1 << 20}, {1, 1}) : Pair{1, 1};
    const bool has_in = r.has("H") || r.has("W");
    const bool has_out = r.has("P") || r.has("Q");
    if (has_in && has_out)
        r.error(r.pointer(), "expected either the input size (H, W) or the output size (P, Q), not both");
    const bool output_form = has_out && !has_in;
    const auto P = outputSize(r, kRows, output_form, R, stride.h, pad.h, dil.h, l.in_h);
    const auto Q = outputSize(r, kCols, output_form, S, stride.w, pad.w, dil.w, l.in_w);
    l.bounds[Dim::R] = R.value_or(1);
    l.bounds[Dim::S] = S.value_or(1);
    l.bounds[Dim::P] = P.value_or(1);
    l.bounds[Dim::Q] = Q.value_or(1);
    l.stride_h = int(stride.h);
    l.stride_w = int(stride.w);
    l.pad_h = int(pad.h);
    l.pad_w = int(pad.w);
    l.dilation_h = int(dil.h);
    l.dilation_w = int(dil.w);
}

// Fills the type-specific fields of a layer.
void readShape(ObjectReader& r, Layer& l) {
    auto& b = l.bounds;
    switch (l.type) {
    case LayerType::Conv: {
        b[Dim::N] = r.integer("N", false).value_or(1);
        const auto C = r.integer("C", true);
        const auto K = r.integer("K", true);
        const auto groups = r.integer("groups", false);
        const std::int64_t g = groups.value_or(1);
        if (C && K && (*C % g != 0 || *K % g != 0))
            r.error(r.at("groups"), "expected a divisor of C (" + std::to_string(*C) + ") and K (" +
                                        std::to_string(*K) + "), got " + std::to_string(g));
        else if (C && K) {
            b[Dim::G] = g;
            b[Dim::C] = *C / g;
            b[Dim::K] = *K / g;
        }
        readWindow(r, l, true);
        break;
    }
    case LayerType::Gemm:
    case LayerType::BatchedMatmul:
        if (l.type == LayerType::BatchedMatmul) b[Dim::G] = r.integer("batch", true).value_or(1);
        b[Dim::P] = r.integer("M", true).value_or(1);
        b[Dim::K] = r.integer("N", true).value_or(1);
        b[Dim::C] = r.integer("K", true).value_or(1);
        break;
    case LayerType::Pool:
        b[Dim::N] = r.integer("N", false).value_or(1);
        b[Dim::G] = r.integer("C", true).value_or(1);
        readWindow(r, l, false);
        break;
    case LayerType::Elementwise:
    case LayerType::Softmax:
    case LayerType::Norm:
        b[Dim::N] = r.integer("N", false).value_or(1);
        b[Dim::G] = r.integer("C", true).value_or(1);
        b[Dim::P] = r.integer("H", false).value_or(1);
        b[Dim::Q] = r.integer("W", false).value_or(1);
        if (l.type == LayerType::Elementwise)
            l.elementwise_inputs = int(r.integer("operands", false, {1, 64}).value_or(2));
        break;
    case LayerType::ProductQuantized: {
        // A GEMM's shape (M×K · K×N) with its product quantization.
        b[Dim::N] = r.integer("batch", false).value_or(1);
        b[Dim::P] = r.integer("M", true).value_or(1);
        b[Dim::K] = r.integer("N", true).value_or(1);
        const auto C = r.integer("K", true);
        b[Dim::C] = C.value_or(1);
        const auto D = r.integer("sub_vectors", true, {1, 1 << 20});
        l.pq_codebook = int(r.integer("codebook", true, {2, 1 << 20}).value_or(2));
        if (D && C && *C % *D != 0)
            r.error(r.at("sub_vectors"), "expected a divisor of K (" + std::to_string(*C) +
                                             ", the length each input row is split into sub-vectors of), got " +
                                             std::to_string(*D));
        else if (D) l.pq_sub_vectors = int(*D);
        break;
    }
    case LayerType::Butterfly: {
        // n×n butterfly matrices (K = C = n), "batch" of them, each applied to N·M vectors.
        b[Dim::N] = r.integer("N", false).value_or(1);
        b[Dim::G] = r.integer("batch", false).value_or(1);
        b[Dim::P] = r.integer("M", true).value_or(1);
        const auto n = r.integer("n", true, {2, std::int64_t(1) << 40});
        if (n && workload::butterflyStages(*n) == 0)
            r.error(r.at("n"), "expected a power of two (a butterfly matrix has log2 n stages of 2x2 blocks), got " +
                                   std::to_string(*n));
        else if (n) b[Dim::K] = b[Dim::C] = *n;
        break;
    }
    }
    // Tensor sizes and operation counts are int64 products of the bounds; refuse shapes that overflow them.
    if (const std::string e = workload::countsOverflow(l); !e.empty()) r.error(r.pointer(), "expected " + e);
}

// The operands a layer's "precision" may set: weights and inputs of MAC layers, inputs of the
// others (no weights); outputs keep the accelerator's accumulator precision (workload::Layer).
std::span<const workload::Operand> precisionOperands(LayerType t) {
    static constexpr workload::Operand kMac[] = {workload::Operand::Weight, workload::Operand::Input};
    static constexpr workload::Operand kMemory[] = {workload::Operand::Input};
    if (workload::hasWeights(t)) return kMac;
    return kMemory;
}

// "precision": one name (weights and inputs) or {"weight": ..., "input": ...}, both optional.
void readLayerPrecision(ObjectReader& r, Layer& l) {
    workload::PerOperand<std::optional<Precision>> p;
    if (!readOperandPrecisions(r, "precision", precisionOperands(l.type), false, p)) return;
    l.weight_precision = p[workload::Operand::Weight];
    l.input_precision = p[workload::Operand::Input];
}

// The input form (H, W) is written when the layer knows both input sizes and they give back its
// output size; otherwise the output form, which is always exact.
bool knowsInputSize(const Layer& l) {
    return l.in_h > 0 && l.in_w > 0 &&
           outputFromInput(l.in_h, l.bounds[Dim::R], l.stride_h, l.pad_h, l.dilation_h) == l.bounds[Dim::P] &&
           outputFromInput(l.in_w, l.bounds[Dim::S], l.stride_w, l.pad_w, l.dilation_w) == l.bounds[Dim::Q];
}

// `inputs` of layer i → edges; the default is the previous layer.
void readInputs(const json* inputs, const std::string& ptr, int i, const std::map<std::string, int>& first_index,
                workload::Network& net, std::vector<Diagnostic>& errors) {
    if (!inputs) {
        if (i > 0) net.edges.push_back({i - 1, i});
        return;
    }
    if (!inputs->is_array()) {
        errors.push_back({ptr, "expected an array of layer names, got " + describeValue(*inputs)});
        return;
    }
    std::vector<int> seen;
    for (std::size_t k = 0; k < inputs->size(); ++k) {
        const std::string eptr = childPointer(ptr, k);
        const auto name = checkString((*inputs)[k], eptr, errors);
        if (!name) continue;
        const auto it = first_index.find(*name);
        if (it == first_index.end()) {
            errors.push_back({eptr, "expected the name of an earlier layer, got \"" + *name + "\" (no such layer)"});
        } else if (it->second >= i) {
            errors.push_back({eptr, "expected the name of an earlier layer, got \"" + *name + "\" (layer " +
                                        std::to_string(it->second) +
                                        (it->second == i ? ", itself)" : ", a later one)")});
        } else if (std::find(seen.begin(), seen.end(), it->second) != seen.end()) {
            errors.push_back({eptr, "expected each input once, got \"" + *name + "\" twice"});
        } else {
            seen.push_back(it->second);
            net.edges.push_back({it->second, i});
        }
    }
}

} // namespace

ParseResult<workload::Network> parseWorkload(const json& j) {
    std::vector<Diagnostic> errors;
    workload::Network net;
    ObjectReader top(j, "", errors);
    top.header("archscape/workload");
    net.name = top.string("name", false).value_or("");
    top.string("source", false);
    top.string("description", false);
    const json* layers = top.field("layers", true);
    top.finish();
    if (layers && !layers->is_array())
        errors.push_back({"/layers", "expected an array of layers, got " + describeValue(*layers)});
    else if (layers && layers->empty())
        errors.push_back({"/layers", "expected at least one layer, got an empty array"});
    if (!layers || !layers->is_array()) return ParseResult<workload::Network>::failure(std::move(errors));

    // `inputs` are resolved once every name is known: naming a later layer then gets a clearer
    // message than "no such layer".
    std::map<std::string, int> first_index;
    std::vector<const json*> input_fields(layers->size(), nullptr);
    for (std::size_t i = 0; i < layers->size(); ++i) {
        const std::string ptr = childPointer("/layers", i);
        ObjectReader r((*layers)[i], ptr, errors);
        Layer l;
        if (const auto name = r.string("name", true)) {
            if (name->empty()) r.error(r.at("name"), "expected a non-empty name");
            const auto [it, inserted] = first_index.emplace(*name, int(i));
            if (!inserted)
                r.error(r.at("name"), "expected a unique name, got \"" + *name + "\" (also /layers/" +
                                          std::to_string(it->second) + ")");
            l.name = *name;
        }
        input_fields[i] = r.field("inputs");
        const auto type = r.enumeration("type", true, workload::parseLayerType, kLayerTypes);
        if (!type) continue; // the allowed fields depend on the type: nothing more can be checked
        l.type = *type;
        readShape(r, l);
        readLayerPrecision(r, l);
        r.finish();
        net.layers.push_back(std::move(l));
    }
    for (std::size_t i = 0; i < layers->size(); ++i)
        readInputs(input_fields[i], childPointer(childPointer("/layers", i), "inputs"), int(i), first_index, net,
                   errors);
    // Each layer's counts are checked above (readShape); here their sum.
    if (errors.empty())
        if (const std::string e = workload::countsOverflow(net); !e.empty())
            errors.push_back({"/layers", "expected " + e});
    if (!errors.empty()) return ParseResult<workload::Network>::failure(std::move(errors));
    return ParseResult<workload::Network>::success(std::move(net));
}

ParseResult<workload::Network> readWorkloadFile(const std::string& path) {
    auto file = readJsonFile(path);
    if (!file.ok()) return ParseResult<workload::Network>::failure(std::move(file.errors));
    return parseWorkload(*file.value);
}

json toJson(const workload::Network& net) {
    json layers = json::array();
    for (int i = 0; i < int(net.layers.size()); ++i) {
        const Layer& l = net.layers[i];
        const auto& b = l.bounds;
        json o = {{"name", l.name}, {"type", std::string(toString(l.type))}};
        if (b[Dim::N] != 1 && l.type != LayerType::Gemm && l.type != LayerType::BatchedMatmul &&
            l.type != LayerType::ProductQuantized)
            o["N"] = b[Dim::N];
        switch (l.type) {
        case LayerType::Conv:
            o["C"] = b[Dim::C] * b[Dim::G];
            o["K"] = b[Dim::K] * b[Dim::G];
            if (b[Dim::G] != 1) o["groups"] = b[Dim::G];
            [[fallthrough]];
        case LayerType::Pool:
            if (l.type == LayerType::Pool) o["C"] = b[Dim::G];
            if (knowsInputSize(l)) {
                o["H"] = l.in_h;
                o["W"] = l.in_w;
            } else {
                o["P"] = b[Dim::P];
                o["Q"] = b[Dim::Q];
            }
            o["R"] = b[Dim::R];
            o["S"] = b[Dim::S];
            if (l.stride_h != 1 || l.stride_w != 1) o["stride"] = writePair(l.stride_h, l.stride_w);
            if (l.pad_h != 0 || l.pad_w != 0) o["padding"] = writePair(l.pad_h, l.pad_w);
            if (l.type == LayerType::Conv && (l.dilation_h != 1 || l.dilation_w != 1))
                o["dilation"] = writePair(l.dilation_h, l.dilation_w);
            break;
        case LayerType::BatchedMatmul: o["batch"] = b[Dim::G]; [[fallthrough]];
        case LayerType::Gemm:
            o["M"] = b[Dim::P];
            o["N"] = b[Dim::K];
            o["K"] = b[Dim::C];
            break;
        case LayerType::Elementwise:
        case LayerType::Softmax:
        case LayerType::Norm:
            o["C"] = b[Dim::G];
            if (b[Dim::P] != 1) o["H"] = b[Dim::P];
            if (b[Dim::Q] != 1) o["W"] = b[Dim::Q];
            if (l.type == LayerType::Elementwise) o["operands"] = l.elementwise_inputs;
            break;
        case LayerType::ProductQuantized:
            if (b[Dim::N] != 1) o["batch"] = b[Dim::N];
            o["M"] = b[Dim::P];
            o["N"] = b[Dim::K];
            o["K"] = b[Dim::C];
            o["sub_vectors"] = l.pq_sub_vectors;
            o["codebook"] = l.pq_codebook;
            break;
        case LayerType::Butterfly:
            if (b[Dim::G] != 1) o["batch"] = b[Dim::G];
            o["M"] = b[Dim::P];
            o["n"] = b[Dim::K];
            break;
        }
        if (l.hasPrecision()) {
            workload::PerOperand<std::optional<Precision>> p;
            p[workload::Operand::Weight] = l.weight_precision;
            p[workload::Operand::Input] = l.input_precision;
            o["precision"] = operandPrecisionsJson(precisionOperands(l.type), p);
        }
        // `inputs` only where the edges differ from the default (the previous layer).
        std::vector<int> from;
        for (const auto& e : net.edges)
            if (e.to == i) from.push_back(e.from);
        const std::vector<int> fallback = i > 0 ? std::vector<int>{i - 1} : std::vector<int>{};
        if (from != fallback) {
            json names = json::array();
            for (int f : from) names.push_back(net.layers[f].name);
            o["inputs"] = std::move(names);
        }
        layers.push_back(std::move(o));
    }
    return {{"format", "archscape/workload"}, {"version", 1}, {"name", net.name}, {"layers", std::move(layers)}};
}

} // namespace archscape::io
