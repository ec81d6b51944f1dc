#pragma once
#include <cstdint>

namespace archscape::workload {

struct Layer;

/// The exact work of a product-quantized linear layer (docs/templates.md, "PQ layers", after
/// arXiv 2305.18334): each of the rows = N·G·P input rows of length C is split into D =
/// pq_sub_vectors sub-vectors of C/D elements; each sub-vector is encoded as the nearest of its
/// codebook's Kc = pq_codebook centroids; every output is then the sum of D table entries,
/// table[d][code_d][k], pre-computed dot products of the centroids with the weights.
struct PqCounts {
    std::int64_t rows = 0;          ///< N·G·P
    std::int64_t encode_macs = 0;   ///< distance to every centroid: rows · Kc · C (one MAC an element)
    std::int64_t compares = 0;      ///< nearest centroid: rows · D · (Kc − 1)
    std::int64_t lookups = 0;       ///< table reads: D per output, rows · K · D
    std::int64_t adds = 0;          ///< rows · K · (D − 1)
    std::int64_t table_entries = 0; ///< G · D · Kc · K (at the layer's weight precision)
    std::int64_t centroids = 0;     ///< centroid elements: G · Kc · C (at the input precision)
};

/// The counts of a PQ layer; all zero when the layer is not one or its parameters are not set.
PqCounts pqCounts(const Layer& layer);

} // namespace archscape::workload
