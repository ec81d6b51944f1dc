#include "mapping/dataflow.h"

#include <vector>

#include "mapping/validity.h"

namespace archscape::mapping {

namespace {

struct Template {
    std::string_view name;
    std::string_view long_name;
    Operand stationary;
    std::array<Dim, 3> rows;      ///< dimensions unrolled over PE rows, in priority order
    std::array<Dim, 3> cols;      ///< dimensions unrolled over PE columns
    std::array<Dim, kNumDims> pe; ///< growth order of per-PE tiles
};

// Unused slots repeat an earlier dimension; a dimension is unrolled at most once. Later entries are
// fallbacks for layers whose first choice is 1 (e.g. yx-p puts K on the columns of a GEMM, where Q = 1).
constexpr Template kTemplates[] = {
    {"ws",
     "weight-stationary",
     Operand::Weight,
     {Dim::C, Dim::G, Dim::C},
     {Dim::K, Dim::G, Dim::K},
     {Dim::R, Dim::S, Dim::C, Dim::K, Dim::G, Dim::Q, Dim::P, Dim::N}},
    {"os",
     "output-stationary",
     Operand::Output,
     {Dim::K, Dim::G, Dim::K},
     {Dim::Q, Dim::P, Dim::N},
     {Dim::Q, Dim::P, Dim::K, Dim::N, Dim::G, Dim::S, Dim::R, Dim::C}},
    {"is",
     "input-stationary",
     Operand::Input,
     {Dim::C, Dim::G, Dim::C},
     {Dim::Q, Dim::P, Dim::N},
     {Dim::S, Dim::R, Dim::Q, Dim::P, Dim::C, Dim::G, Dim::N, Dim::K}},
    {"rs",
     "row-stationary",
     Operand::Weight,
     {Dim::R, Dim::C, Dim::G},
     {Dim::P, Dim::Q, Dim::N},
     {Dim::S, Dim::C, Dim::K, Dim::G, Dim::Q, Dim::R, Dim::P, Dim::N}},
    {"kc-p",
     "kc-partitioned",
     Operand::Weight,
     {Dim::C, Dim::G, Dim::C},
     {Dim::K, Dim::G, Dim::K},
     {Dim::R, Dim::S, Dim::K, Dim::C, Dim::G, Dim::Q, Dim::P, Dim::N}},
    {"yx-p",
     "yx-partitioned",
     Operand::Output,
     {Dim::P, Dim::K, Dim::P},
     {Dim::Q, Dim::K, Dim::G},
     {Dim::K, Dim::Q, Dim::P, Dim::N, Dim::G, Dim::S, Dim::R, Dim::C}},
};
// Shared levels grow the reduction and filter dimensions first: they keep the outer levels'
// tiles small while giving inputs and weights reuse.
constexpr std::array<Dim, kNumDims> kSharedGrowth = {Dim::R, Dim::S, Dim::C, Dim::K, Dim::G, Dim::Q, Dim::P, Dim::N};

const Template& info(Dataflow d) { return kTemplates[static_cast<int>(d)]; }

/// Smallest factor that reaches the fewest iterations of `bound` within `cap` lanes.
std::int32_t spatialFactor(std::int64_t bound, std::int64_t cap) {
    if (cap <= 1 || bound <= 1) return 1;
    if (bound <= cap) return static_cast<std::int32_t>(bound);
    const std::int64_t iters = (bound + cap - 1) / cap;
    return static_cast<std::int32_t>((bound + iters - 1) / iters);
}

/// Loop order, outermost first: dimensions that index the stationary operand outside, the
/// others inside, so the operand's tile below stays in place while they iterate.
std::array<Dim, kNumDims> stationaryOrder(Operand o) {
    std::array<Dim, kNumDims> order{};
    int k = 0;
    for (Dim d : workload::kAllDims)
        if (workload::isRelevant(o, d)) order[k++] = d;
    for (Dim d : workload::kAllDims)
        if (!workload::isRelevant(o, d)) order[k++] = d;
    return order;
}

/// The divisors of n >= 2 that are >= 2, largest first, by trial division up to sqrt(n): work in
/// O(sqrt(n)), not O(n) (a descending scan took over a minute for a bound of 2^31 - 1; issue 18).
std::vector<std::int64_t> divisorsDescending(std::int64_t n) {
    std::vector<std::int64_t> small, large; // small ascending; large (= n / small) descending
    for (std::int64_t f = 2; f * f <= n; ++f)
        if (n % f == 0) {
            small.push_back(f);
            if (f * f != n) large.push_back(n / f);
        }
    std::vector<std::int64_t> out{n};
    out.insert(out.end(), large.begin(), large.end());
    out.insert(out.end(), small.rbegin(), small.rend());
    return out;
}

} // namespace

std::string_view toString(Dataflow d) { return info(d).name; }

std::optional<Dataflow> parseDataflow(std::string_view s) {
    for (int i = 0; i < static_cast<int>(std::size(kTemplates)); ++i)
        if (kTemplates[i].name == s || kTemplates[i].long_name == s) return static_cast<Dataflow>(i);
    if (s == "nvdla") return Dataflow::KCP;
    if (s == "shidiannao") return Dataflow::YXP;
    if (s == "eyeriss") return Dataflow::RowStationary;
    return std::nullopt;
}

Operand stationaryOperand(Dataflow d) { return info(d).stationary; }

SpatialDims spatialDims(Dataflow d) {
    const Template& t = info(d);
    SpatialDims s{PerDim<bool>::filled(false), PerDim<bool>::filled(false)};
    // templateMapping's unroll order: the rows first, then the columns skip what the rows took.
    for (Dim dim : t.rows) s.rows[dim] = true;
    for (Dim dim : t.cols) s.cols[dim] = !s.rows[dim];
    return s;
}

std::optional<Mapping> templateMapping(const workload::Layer& layer, const hardware::Accelerator& acc, Dataflow d) {
    const Template& t = info(d);
    const int L = acc.numLevels();
    if (L < 1 || L > kMaxLevels) return std::nullopt;
    Mapping m;
    m.num_levels = L;
    const auto order = stationaryOrder(t.stationary);
    for (int i = 0; i < L; ++i) m.levels[i].order = order;
    // DRAM iterates the reduction innermost, so partial sums never travel off-chip and back.
    m.levels[0].order = stationaryOrder(Operand::Output);

    PerDim<std::int64_t> rem;
    for (Dim dim : workload::kAllDims) rem[dim] = layer.bound(dim);
    if (workload::hasMacs(layer.type)) {
        auto unroll = [&](const std::array<Dim, 3>& dims, std::int64_t cap, PerDim<std::int32_t>& out) {
            for (Dim dim : dims) {
                if (out[dim] > 1 || m.spatial_x[dim] > 1 || m.spatial_y[dim] > 1) continue;
                const std::int32_t f = spatialFactor(rem[dim], cap);
                out[dim] = f;
                cap /= f;
                rem[dim] = (rem[dim] + f - 1) / f;
            }
        };
        unroll(t.rows, acc.pe.rows, m.spatial_y);
        unroll(t.cols, acc.pe.cols, m.spatial_x);
    }

    // DRAM takes whatever the inner levels leave, so every candidate covers the bounds.
    auto setDram = [&] {
        for (Dim dim : workload::kAllDims) m.levels[0].factors[dim] = static_cast<std::int32_t>(rem[dim]);
    };
    setDram();
    if (!workload::hasMacs(layer.type)) return m;
    const int fanout = acc.fanoutLevel();
    for (int i = L - 1; i >= 1; --i) {
        const auto& growth = acc.levels[i].per_pe ? t.pe : kSharedGrowth;
        for (Dim dim : growth) {
            if (rem[dim] <= 1) continue;
            // Largest divisor of what remains that still fits every level.
            std::int64_t best = 1;
            for (const std::int64_t f : divisorsDescending(rem[dim])) {
                m.levels[i].factors[dim] = static_cast<std::int32_t>(f);
                const std::int64_t saved = rem[dim];
                rem[dim] /= f;
                setDram();
                const bool fits = !checkCapacity(layer, acc, m, buildLoopNest(m, fanout));
                rem[dim] = saved;
                if (fits) {
                    best = f;
                    break;
                }
            }
            m.levels[i].factors[dim] = static_cast<std::int32_t>(best);
            rem[dim] /= best;
            setDram();
        }
    }
    if (check(layer, acc, m)) return std::nullopt;
    return m;
}

} // namespace archscape::mapping
