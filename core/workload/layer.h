#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/precision.h"
#include "workload/dim.h"

namespace archscape::workload {

/// What a layer computes. The first three do MACs over their loop nest; Pool to Norm only move data;
/// Butterfly is a structured operator (docs/templates.md, "Butterfly layers"): a butterfly-factorised
/// n×n matrix, log2 n stages of n/2 2×2 blocks, applied to vectors. Its MACs are not the product of
/// its loop bounds, so only engines that know it run it (model::Engine::runs).
/// ProductQuantized: a linear layer whose MACs are replaced by lookups into tables of pre-computed
/// dot products (docs/templates.md, "PQ layers").
enum class LayerType : std::uint8_t {
    Conv,
    Gemm,
    BatchedMatmul,
    Pool,
    Elementwise,
    Softmax,
    Norm,
    Butterfly,
    ProductQuantized
};

std::string_view toString(LayerType t);
std::optional<LayerType> parseLayerType(std::string_view s);

/// True for operators whose MACs are their dense loop nest (convolution, GEMM, batched matmul).
constexpr bool hasMacs(LayerType t) {
    return t == LayerType::Conv || t == LayerType::Gemm || t == LayerType::BatchedMatmul;
}

/// True for structured operators (butterfly): they have weights and MACs, but not those of a dense
/// loop nest, so no mapping or dense engine applies to them.
constexpr bool isStructured(LayerType t) { return t == LayerType::Butterfly || t == LayerType::ProductQuantized; }

/// True for operators with weights (dense MAC layers and structured ones).
constexpr bool hasWeights(LayerType t) { return hasMacs(t) || isStructured(t); }

/// One operation over the loop nest N,G,K,C,P,Q,R,S.
///
/// Convolution: K and C are per group (depthwise: G = channels, K = C = 1).
/// GEMM (M×Kr · Kr×Nc): P = M, C = Kr, K = Nc. Batched matmul adds G = batch.
/// Memory-only operators use N, G (channels), P, Q and, for pooling, R and S (window);
/// their tensors are the input and the output (no weights).
/// Butterfly: G independent n×n matrices (K = C = n, a power of two) each applied to N·P vectors.
/// ProductQuantized: as GEMM (P = rows, C = input length, K = outputs), with pq_sub_vectors and
/// pq_codebook; its weights are the lookup tables (at the layer's weight precision).
struct Layer {
    std::string name;
    LayerType type = LayerType::Conv;
    PerDim<std::int64_t> bounds = PerDim<std::int64_t>::filled(1); ///< loop bounds, all >= 1
    int stride_h = 1, stride_w = 1;
    int dilation_h = 1, dilation_w = 1;
    int pad_h = 0, pad_w = 0; ///< zero padding on each side
    /// Input rows/cols when known (0 = derive as (P-1)*stride + (R-1)*dil + 1 - 2*pad). Floor rounding of
    /// the output size can leave bottom padding unused, so the derived value may be one short.
    std::int64_t in_h = 0, in_w = 0;
    int elementwise_inputs = 1; ///< memory-only: how many input tensors of the output's shape (2 for an add)
    int pq_sub_vectors = 0;     ///< ProductQuantized: sub-vectors each input row is split into (divides C)
    int pq_codebook = 0;        ///< ProductQuantized: centroids per sub-vector codebook
    /// Per-layer number formats (quantization): the weights' and the inputs' (activations feeding the
    /// layer). Unset = the accelerator's (hardware::Accelerator::precision; resolve with
    /// Accelerator::precisionOf). Outputs and partial sums always stay at the accelerator's accumulator
    /// precision: the cost model does not separate partial-sum traffic from the final write, and the
    /// partial sums of a low-bit layer still need the wide accumulator (docs/model.md, "Precision").
    /// Every consumer (cost models, capacity checks, mapspace, shape keys) reads these.
    std::optional<Precision> weight_precision;
    std::optional<Precision> input_precision;

    std::int64_t bound(Dim d) const { return bounds[d]; }

    /// Multiply-accumulates (0 for memory-only operators).
    std::int64_t macs() const;
    /// Input rows/cols actually present in memory (in_h/in_w, or derived from the window).
    std::int64_t inputRows() const;
    std::int64_t inputCols() const;
    /// Elements of each tensor (weights 0 for memory-only operators).
    std::int64_t tensorSize(Operand o) const;
    /// Vector operations of a memory-only operator (compares, adds, exps; 0 for MAC layers).
    std::int64_t vectorOps() const;
    /// True when the layer sets its own weight or input precision.
    bool hasPrecision() const { return weight_precision.has_value() || input_precision.has_value(); }

    /// Same computation at the same precisions, ignoring the name (used to deduplicate layer shapes:
    /// two layers at different precisions cost differently).
    bool sameShape(const Layer& o) const;
};

/// Most loop iterations, tensor elements and operation counts a layer may have: its counts (macs,
/// tensorSize, vectorOps, butterflyCounts, pqCounts) are int64 products of its bounds, some times
/// small factors, so readers refuse layers beyond this (issue 18: dimension products overflowed).
inline constexpr std::int64_t kMaxLayerCount = 1'000'000'000'000'000'000;

/// Empty when every count of `layer` is at most kMaxLayerCount (none can overflow); else what was
/// expected, for a reader's diagnostic ("a layer with fewer than 1e18 loop iterations"). Its
/// strides, dilations and paddings must be positive (non-negative for padding).
std::string countsOverflow(const Layer& layer);

/// Input footprint along one spatial axis for `p` output positions and `r` filter taps.
constexpr std::int64_t windowExtent(std::int64_t p, std::int64_t r, int stride, int dilation) {
    return (p - 1) * stride + (r - 1) * dilation + 1;
}

} // namespace archscape::workload
