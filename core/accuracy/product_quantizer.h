#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "common/parse_result.h"
#include "common/precision.h"

namespace archscape::accuracy {

struct Dataset;
struct SmallNet;

/// One product-quantized layer (arXiv 2305.18334, after Jégou et al.): each input row (a dense
/// layer's input, or a convolution's 3×3 im2col patch in [channel][r][s] order) is split into
/// sub_vectors contiguous sub-vectors of sub_length elements; sub-vector d is encoded as the
/// nearest of its codebook's centroids (squared distance, the lower index on ties), and output k is
/// Σ_d tables[d][code_d][k]. Centroids stay FP32; tables are rounded to the table precision.
struct PqLayer {
    int sub_vectors = 0;          ///< D
    int codebook = 0;             ///< Kc, centroids per sub-space
    int sub_length = 0;           ///< elements per sub-vector (row length / D)
    int outputs = 0;              ///< K
    std::vector<float> centroids; ///< [D][Kc][sub_length]
    std::vector<float> tables;    ///< [D][Kc][outputs]: centroid · weight slice

    int rowLength() const { return sub_vectors * sub_length; }
    /// Index of the centroid of sub-space d nearest to `sub` (sub_length elements).
    int encode(int d, const float* sub) const;
    /// out[k] = Σ_d tables[d][code_d][k] for one row (no bias); allocation-free.
    void apply(const float* row, float* out) const;
};

/// Builds a layer's tables from its centroids ([D][Kc][sub_length]) and its weights
/// ([outputs][row length]): tables[d][c][k] = centroid(d, c) · weights[k][d·L, (d+1)·L), then
/// quantize-dequantized per tensor, symmetric, at `table` precision (FP32 leaves them unrounded).
PqLayer makePqLayer(std::vector<float> centroids, int sub_vectors, int codebook, std::span<const float> weights,
                    int outputs, const Precision& table);

/// k-means of `points` (rows of `dim` floats) into at most k centroids ([k][dim]): k-means++
/// seeding from `seed`, then Lloyd iterations until no assignment changes or `iterations` run out.
/// Seeding stops early when every point already coincides with a centroid; the unused centroids
/// repeat the first, so with k ≥ the number of distinct points every point is its own centroid.
/// An empty cluster keeps its centroid.
std::vector<float> kMeans(std::span<const float> points, int dim, int k, std::uint32_t seed, int iterations);

/// How one layer of a SmallNet is product-quantized; sub_vectors 0 keeps it dense.
struct PqLayerChoice {
    int sub_vectors = 0;
    int codebook = 16;
};

/// Product quantization of a trained SmallNet.
struct PqOptions {
    std::vector<PqLayerChoice> layers;       ///< one per network layer; missing entries stay dense
    Precision table = Precision::integer(8); ///< table entry precision
    int calibration_images = 1000;           ///< first training images whose activations train the codebooks
    int max_kmeans_rows = 20000;             ///< rows per layer fed to k-means (an even stride over all)
    int kmeans_iterations = 25;
    std::uint32_t seed = 1;
};

/// Each layer's choice for sub-vectors of about `conv_sub_length` (convs) or `dense_sub_length`
/// (dense) elements: the largest divisor of the row length not above the target gives D.
std::vector<PqLayerChoice> pqChoices(const SmallNet& net, int conv_sub_length, int dense_sub_length, int codebook);

/// The PQ layers of a network (index = layer; nullopt = dense).
struct PqNet {
    std::vector<std::optional<PqLayer>> layers;
};

/// Learns the codebooks layer by layer on calibration activations (layer l's rows come from the
/// network whose layers before l are already product-quantized, so the codebooks see the errors
/// that reach them) and builds the tables. Deterministic for a given seed. Choices that do not fit
/// a layer (sub-vectors not dividing its row length, codebook < 1) are errors naming the layer.
ParseResult<PqNet> productQuantize(const SmallNet& net, const Dataset& data, const PqOptions& opt);

/// Fraction of the test set classified correctly with the PQ layers in place of the dense ones
/// (biases added after the lookups, in FP32). An empty PqNet runs the dense network through the
/// same im2col path. Parallel with oneTBB.
double pqTestAccuracy(const SmallNet& net, const PqNet& pq, const Dataset& data);

} // namespace archscape::accuracy
