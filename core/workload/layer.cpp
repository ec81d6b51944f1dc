#include "workload/layer.h"

#include <algorithm>

#include "workload/butterfly.h"
#include "workload/product_quantization.h"

namespace archscape::workload {

namespace {
constexpr std::string_view kTypeNames[] = {"conv",    "gemm", "batched_matmul", "pool", "elementwise",
                                           "softmax", "norm", "butterfly",      "pq"};
}

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
    return std::max<std::int64_t>(1, windowExtent(bounds[Dim::P], bounds[Dim::R], stride_h, dilation_h) - 2 * pad_h);
}

std::int64_t Layer::inputCols() const {
    if (in_w > 0) return in_w;
    return std::max<std::int64_t>(1, windowExtent(bounds[Dim::Q], bounds[Dim::S], stride_w, dilation_w) - 2 * pad_w);
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

bool Layer::sameShape(const Layer& o) const {
    return type == o.type && bounds == o.bounds && stride_h == o.stride_h && stride_w == o.stride_w &&
           dilation_h == o.dilation_h && dilation_w == o.dilation_w && pad_h == o.pad_h && pad_w == o.pad_w &&
           in_h == o.in_h && in_w == o.in_w && elementwise_inputs == o.elementwise_inputs &&
           pq_sub_vectors == o.pq_sub_vectors && pq_codebook == o.pq_codebook &&
           weight_precision == o.weight_precision && input_precision == o.input_precision;
}

} // namespace archscape::workload
