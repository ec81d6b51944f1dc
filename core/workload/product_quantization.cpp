#include "workload/product_quantization.h"

#include "workload/layer.h"

namespace archscape::workload {

PqCounts pqCounts(const Layer& l) {
    PqCounts c;
    const std::int64_t D = l.pq_sub_vectors, Kc = l.pq_codebook;
    if (l.type != LayerType::ProductQuantized || D <= 0 || Kc <= 0) return c;
    const std::int64_t C = l.bound(Dim::C), K = l.bound(Dim::K), G = l.bound(Dim::G);
    c.rows = l.bound(Dim::N) * G * l.bound(Dim::P);
    c.encode_macs = c.rows * Kc * C;
    c.compares = c.rows * D * (Kc - 1);
    c.lookups = c.rows * K * D;
    c.adds = c.rows * K * (D - 1);
    c.table_entries = G * D * Kc * K;
    c.centroids = G * Kc * C;
    return c;
}

} // namespace archscape::workload
