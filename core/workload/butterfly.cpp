#include "workload/butterfly.h"

#include <bit>

#include "workload/layer.h"

namespace archscape::workload {

int butterflyStages(std::int64_t n) {
    if (n < 2 || !std::has_single_bit(static_cast<std::uint64_t>(n))) return 0;
    return std::countr_zero(static_cast<std::uint64_t>(n));
}

ButterflyCounts butterflyCounts(const Layer& l) {
    ButterflyCounts c;
    if (l.type != LayerType::Butterfly) return c;
    const std::int64_t n = l.bound(Dim::K);
    const int s = butterflyStages(n);
    if (s == 0) return c;
    c.n = n;
    c.stages = s;
    c.vectors = l.bound(Dim::N) * l.bound(Dim::G) * l.bound(Dim::P);
    c.blocks = c.vectors * s * (n / 2);
    c.macs = 4 * c.blocks;
    c.weights = l.bound(Dim::G) * s * (n / 2) * 4;
    c.stage_reads = c.vectors * n * s;
    return c;
}

} // namespace archscape::workload
