#include "workload/layer.h"

#include <algorithm>
#include <initializer_list>

#include "common/checked_arithmetic.h"
#include "workload/butterfly.h"
#include "workload/product_quantization.h"

namespace archscape::workload {

namespace {
constexpr std::string_view kTypeNames[] = {"conv",    "gemm", "batched_matmul", "pool", "elementwise",
                                           "softmax", "norm", "butterfly",      "pq"};

/// The product of the factors, or kMaxLayerCount + 1 once it exceeds kMaxLayerCount.
std::int64_t cappedProduct(std::initializer_list<std::int64_t> factors) {
    const auto p = checkedProduct(factors);
    return p && *p <= kMaxLayerCount ? *p : kMaxLayerCount + 1;
}

/// An upper bound of inputRows()/inputCols() (the window before padding is taken off), capped.
std::int64_t cappedExtent(std::int64_t given, std::int64_t p, std::int64_t r, int stride, int dilation) {
    if (given > 0) return given;
    const auto a = checkedMul(p - 1, stride), b = checkedMul(r - 1, dilation);
    auto e = a && b ? checkedAdd(*a, *b) : std::nullopt;
    if (e) e = checkedAdd(*e, 1);
    return e && *e <= kMaxLayerCount ? *e : kMaxLayerCount + 1;
}
} // namespace

std::string_view toString(LayerType t) { return kTypeNames[static_cast<int>(t)]; }

std::optional<LayerType> parseLayerType(std::string_view s) {
    for (int i = 0; i < static_cast<int>(std::size(kTypeNames)); ++i)
        if (kTypeNames[i] == s) return static_cast<LayerType>(i);
    return std::nullopt;
}

std::int64_t Layer::macs() const {
    if (type == LayerType::Butterfly) return butterflyCounts(*this).macs;
    if (type == LayerType::ProductQuantized) return pqCounts(*this).encode_macs;
    if (!hasMacs(type)) return 0;
    std::int64_t m = 1;
    for (auto b : bounds) m *= b;
    return m;
}

std::int64_t Layer::inputRows() const {
    if (in_h > 0) return in_h;
    // 2·pad in int64: an ONNX padding of 2^30 a side overflowed int (issue 18).
    return std::max<std::int64_t>(
        1, windowExtent(bounds[Dim::P], bounds[Dim::R], stride_h, dilation_h) - 2 * std::int64_t(pad_h));
}

std::int64_t Layer::inputCols() const {
    if (in_w > 0) return in_w;
    return std::max<std::int64_t>(
        1, windowExtent(bounds[Dim::Q], bounds[Dim::S], stride_w, dilation_w) - 2 * std::int64_t(pad_w));
}

std::int64_t Layer::tensorSize(Operand o) const {
    const auto& b = bounds;
    switch (o) {
    case Operand::Weight:
        if (type == LayerType::Butterfly) return butterflyCounts(*this).weights;
        if (type == LayerType::ProductQuantized) return pqCounts(*this).table_entries;
        return hasMacs(type) ? b[Dim::G] * b[Dim::K] * b[Dim::C] * b[Dim::R] * b[Dim::S] : 0;
    case Operand::Input: {
        const std::int64_t one = b[Dim::N] * b[Dim::G] * b[Dim::C] * inputRows() * inputCols();
        return type == LayerType::Elementwise ? one * elementwise_inputs : one;
    }
    case Operand::Output: return b[Dim::N] * b[Dim::G] * b[Dim::K] * b[Dim::P] * b[Dim::Q];
    }
    return 0;
}

std::int64_t Layer::vectorOps() const {
    const std::int64_t out = tensorSize(Operand::Output);
    switch (type) {
    case LayerType::Pool: return out * bounds[Dim::R] * bounds[Dim::S];
    case LayerType::Elementwise: return out * std::max(1, elementwise_inputs - 1);
    case LayerType::Softmax: return out * 3; // max, exp-and-sum, divide
    case LayerType::Norm: return out * 4;    // mean, variance, scale, shift
    default: return 0;
    }
}

std::string countsOverflow(const Layer& l) {
    const auto& b = l.bounds;
    auto over = [](std::int64_t v) { return v > kMaxLayerCount; };
    // The loop nest bounds macs, the output and the weights of dense layers, and every butterfly
    // count (each at most 2·N·G·P·n·log2 n, and n² >= 2n·log2 n with K = C = n).
    const std::int64_t loop =
        cappedProduct({b[Dim::N], b[Dim::G], b[Dim::K], b[Dim::C], b[Dim::P], b[Dim::Q], b[Dim::R], b[Dim::S]});
    if (over(loop)) return "a layer with fewer than 1e18 loop iterations";
    const std::int64_t operands = std::max(1, l.elementwise_inputs);
    // The input window is wider than the loop's P and R when strides or dilations exceed 1.
    const std::int64_t rows = cappedExtent(l.in_h, b[Dim::P], b[Dim::R], l.stride_h, l.dilation_h);
    const std::int64_t cols = cappedExtent(l.in_w, b[Dim::Q], b[Dim::S], l.stride_w, l.dilation_w);
    if (over(cappedProduct({b[Dim::N], b[Dim::G], b[Dim::C], rows, cols, operands})))
        return "an input tensor of fewer than 1e18 elements (N x G x C x rows x columns x operands; rows and "
               "columns follow from the output size, stride and dilation)";
    // vectorOps of memory-only layers: the output (within the loop) times at most 4 operations, or
    // operands - 1 (pool's R·S are in the loop).
    if (!hasWeights(l.type) && over(cappedProduct({loop, std::max<std::int64_t>(4, operands)})))
        return "a layer with fewer than 1e18 vector operations";
    if (l.type == LayerType::ProductQuantized) {
        // pqCounts: each count's factors (D = sub-vectors, Kc = codebook size), D - 1 and Kc - 1 rounded up.
        const std::int64_t D = l.pq_sub_vectors, Kc = l.pq_codebook;
        const std::int64_t rows_pq = cappedProduct({b[Dim::N], b[Dim::G], b[Dim::P]});
        for (const std::int64_t c :
             {cappedProduct({rows_pq, Kc, b[Dim::C]}), cappedProduct({rows_pq, D, Kc}),
              cappedProduct({rows_pq, b[Dim::K], D}), cappedProduct({b[Dim::G], D, Kc, b[Dim::K]}),
              cappedProduct({b[Dim::G], Kc, b[Dim::C]})})
            if (over(c))
                return "a PQ layer with fewer than 1e18 encoding MACs, lookups and table entries (rows x codebook x K, "
                       "rows x N x sub_vectors, sub_vectors x codebook x N)";
    }
    return {};
}

bool Layer::sameShape(const Layer& o) const {
    return type == o.type && bounds == o.bounds && stride_h == o.stride_h && stride_w == o.stride_w &&
           dilation_h == o.dilation_h && dilation_w == o.dilation_w && pad_h == o.pad_h && pad_w == o.pad_w &&
           in_h == o.in_h && in_w == o.in_w && elementwise_inputs == o.elementwise_inputs &&
           pq_sub_vectors == o.pq_sub_vectors && pq_codebook == o.pq_codebook &&
           weight_precision == o.weight_precision && input_precision == o.input_precision;
}

} // namespace archscape::workload
