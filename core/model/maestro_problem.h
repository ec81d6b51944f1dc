#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace archscape::model {

/// One directive of a MAESTRO dataflow as MAESTRO's analysis takes it (sizes resolved).
struct MaestroStep {
    enum class Kind { Temporal, Spatial, Cluster } kind = Kind::Temporal;
    std::int64_t size = 1;   ///< mapping size (Cluster: sub-cluster count)
    std::int64_t offset = 1; ///< mapping offset (unused for Cluster)
    std::string dim;         ///< MAESTRO dimension name: N K C R S Y X Y' X' (CONV), M N K (GEMM)
};

/// A layer in MAESTRO's own terms (shared/reference/maestro.md §3): the layer type, its
/// input-centric dimensions (Y/X are unpadded input rows/columns), stride and dataflow.
struct MaestroProblem {
    /// Conv also stands for TRCONV, which MAESTRO analyses as a CONV; GroupedConv is NGCONV
    /// (ResNeXt's nested grouped convolution: G groups, and C indexes the output too).
    enum class Type { Conv, DepthwiseConv, GroupedConv, Gemm } type = Type::Conv;
    std::int64_t n = 0; ///< batch (N); 0 = not declared (MAESTRO then leaves N out of the tensors)
    std::int64_t k = 1, c = 1, r = 1, s = 1;
    std::int64_t g = 1;        ///< NGCONV groups
    std::int64_t y = 1, x = 1; ///< input rows and columns (CONV, DSCONV)
    std::int64_t m = 1;        ///< GEMM: (M x K) x (K x N); k is K, and n is N
    std::int64_t stride_y = 1, stride_x = 1;
    std::vector<MaestroStep> dataflow; ///< outermost first, Cluster directives included
};

/// The hardware parameters MAESTRO's analysis uses (shared/reference/maestro.md §1–2).
struct MaestroConfig {
    std::int64_t num_pes = 256;
    std::int64_t simd_lanes = 1;          ///< ALUs per PE (MAESTRO's --num_simd_lanes)
    std::int64_t noc_bw = 2147483647;     ///< elements/cycle at every cluster level (INT_MAX = unlimited)
    std::int64_t noc_latency = 1;         ///< cycles: NoC_NumHops with a hardware file, 0 without
    std::int64_t offchip_bw = 2147483647; ///< elements/cycle
    std::int64_t l1_size = 2147483647;    ///< elements per PE; only warned about
    std::int64_t l2_size = 2147483647;    ///< elements; only warned about
};

} // namespace archscape::model
