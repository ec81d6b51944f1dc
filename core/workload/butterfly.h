#pragma once
#include <cstdint>

namespace archscape::workload {

struct Layer;

/// log2 n when n is a power of two of at least 2, else 0 (not a butterfly size).
int butterflyStages(std::int64_t n);

/// The exact work of a butterfly layer (docs/templates.md, "Butterfly layers"): each of its G
/// matrices of size n = K (= C) is the product of log2 n factors, each n/2 independent 2×2 blocks
/// (the pairs i and i + 2^(s-1) of stage s, as in a radix-2 FFT), applied to N·P vectors.
struct ButterflyCounts {
    std::int64_t n = 0;       ///< matrix size
    int stages = 0;           ///< log2 n
    std::int64_t vectors = 0; ///< N·G·P (every matrix with its own vectors)
    std::int64_t blocks = 0;  ///< 2×2 block applications: vectors · stages · n/2
    std::int64_t macs = 0;    ///< 4 per block: vectors · n · log2 n · 2
    std::int64_t weights = 0; ///< G · stages · n/2 · 4 = G · 2n · log2 n
    /// Activation elements read (and, as many, written) over all stages when each stage reads the
    /// previous one's result: vectors · n · stages.
    std::int64_t stage_reads = 0;
};

/// The counts of a butterfly layer; all zero when the layer is not one or n is not a power of two.
ButterflyCounts butterflyCounts(const Layer& layer);

} // namespace archscape::workload
