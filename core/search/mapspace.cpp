#include "search/mapspace.h"

#include <algorithm>
#include <unordered_map>

#include "mapping/loop_nest.h"
#include "mapping/validity.h"

namespace archscape::search {

using workload::Operand;

namespace {

std::int64_t ceilDiv(std::int64_t a, std::int64_t b) { return (a + b - 1) / b; }

/// The per-dimension half of mapping::checkStructure's padding rule: the outermost non-unit loop
/// (the two spatial axes count as one) runs exactly ceil(bound / inner) times.
bool paddingOk(std::int64_t bound, const Mapspace& ms, const Mapspace::Tiling& t) {
    std::int64_t padded = 1;
    for (int s = 0; s < ms.numSlots(); ++s) padded *= t.factor[s];
    if (padded < bound) return false;
    if (padded == bound) return true;
    for (int s = 0; s < ms.numSlots(); ++s) {
        std::int64_t outer = t.factor[s];
        if (ms.slot(s).kind == Slot::Kind::SpatialX) outer *= t.factor[s + 1];
        if (outer == 1) {
            if (ms.slot(s).kind == Slot::Kind::SpatialX) ++s;
            continue;
        }
        return outer == ceilDiv(bound, padded / outer);
    }
    return false;
}

/// What an enumeration depends on (see Mapspace::Enumeration).
struct EnumerationKey {
    workload::PerDim<std::int64_t> bounds{};
    std::int32_t levels = 0, fanout = 0, rows = 0, cols = 0;
    std::uint32_t allow = 0; ///< bit d: X allowed for dimension d; bit 8 + d: Y allowed
    bool all_factors = false;
    friend bool operator==(const EnumerationKey&, const EnumerationKey&) = default;
};

struct EnumerationKeyHash {
    std::size_t operator()(const EnumerationKey& k) const {
        std::uint64_t h = 0x9e3779b97f4a7c15ULL;
        auto mix = [&h](std::uint64_t v) { h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2); };
        for (auto b : k.bounds) mix(static_cast<std::uint64_t>(b));
        mix(static_cast<std::uint64_t>(k.levels) << 32 | static_cast<std::uint32_t>(k.fanout));
        mix(static_cast<std::uint64_t>(k.rows) << 32 | static_cast<std::uint32_t>(k.cols));
        mix(static_cast<std::uint64_t>(k.allow) << 1 | k.all_factors);
        return static_cast<std::size_t>(h);
    }
};

/// Enumerations recently built on this thread. Bounded: cleared when full (a sweep walks its
/// space in index order, so the keys in use are few at any time). Thread-local, so no locking;
/// results never depend on it (a hit returns what a rebuild would).
constexpr std::size_t kEnumerationCacheEntries = 256;
using EnumerationCache =
    std::unordered_map<EnumerationKey, std::shared_ptr<const Mapspace::Enumeration>, EnumerationKeyHash>;

double factorial(int n) {
    double f = 1;
    for (int i = 2; i <= n; ++i) f *= i;
    return f;
}

} // namespace

Mapspace::Mapspace(const workload::Layer& layer, const hardware::Accelerator& acc, const MapspaceOptions& options)
    : m_layer(&layer), m_acc(&acc), m_options(options) {
    m_levels = std::min(acc.numLevels(), kMaxLevels);
    m_fanout = acc.fanoutLevel();
    auto pushSpatial = [&] {
        m_slots[m_numSlots++] = {Slot::Kind::SpatialX, m_fanout};
        m_slots[m_numSlots++] = {Slot::Kind::SpatialY, m_fanout};
    };
    for (int i = 0; i < m_levels; ++i) {
        if (i == m_fanout) pushSpatial();
        if (i == 0) m_dramSlot = m_numSlots;
        m_slots[m_numSlots++] = {Slot::Kind::Level, i};
    }
    if (m_fanout >= m_levels) pushSpatial();
    if (options.dataflow) {
        const mapping::SpatialDims dims = mapping::spatialDims(*options.dataflow);
        m_allowX = dims.cols;
        m_allowY = dims.rows;
    }
    const auto precision = acc.precisionOf(layer);
    for (Operand o : workload::kAllOperands) m_operandBits[o] = precision[o].bits;
    for (int i = 0; i < m_levels; ++i) {
        const auto& lv = acc.levels[i];
        m_capacityBits[i] = lv.capacity_bytes > 0 ? 8.0 * double(lv.capacity_bytes) / (lv.double_buffered ? 2 : 1) : 0;
    }
    m_enum = enumeration();
}

std::shared_ptr<const Mapspace::Enumeration> Mapspace::enumeration() const {
    EnumerationKey key;
    for (Dim d : workload::kAllDims) key.bounds[d] = m_layer->bound(d);
    key.levels = m_levels;
    key.fanout = m_fanout;
    key.rows = m_acc->pe.rows;
    key.cols = m_acc->pe.cols;
    for (int d = 0; d < kNumDims; ++d) {
        if (m_allowX[static_cast<Dim>(d)]) key.allow |= 1u << d;
        if (m_allowY[static_cast<Dim>(d)]) key.allow |= 1u << (8 + d);
    }
    key.all_factors = m_options.all_factors;
    thread_local EnumerationCache cache;
    if (auto it = cache.find(key); it != cache.end()) return it->second;

    auto e = std::make_shared<Enumeration>();
    for (int d = 0; d < kNumDims; ++d) {
        const auto& list = e->tilings[d];
        enumerate(static_cast<Dim>(d), e->tilings[d]);
        auto& idx = e->by_on_chip[d];
        idx.resize(list.size());
        for (std::size_t i = 0; i < idx.size(); ++i) idx[i] = static_cast<int>(i);
        std::stable_sort(idx.begin(), idx.end(), [&](int a, int b) { return list[a].on_chip < list[b].on_chip; });
    }
    if (cache.size() >= kEnumerationCacheEntries) cache.clear();
    cache.emplace(key, e);
    return e;
}

void Mapspace::enumerate(Dim d, std::vector<Tiling>& out) const {
    const std::int64_t bound = m_layer->bound(d);
    Tiling t;
    t.factor.fill(1);
    // Depth-first from the innermost slot outwards; DRAM takes whatever remains.
    auto rec = [&](auto&& self, int s, std::int64_t inner) -> void {
        if (s < 0) return;
        const std::int64_t rem = inner >= bound ? 1 : ceilDiv(bound, inner);
        if (s == m_dramSlot) {
            // DRAM is slot 0 unless the array fans out above it; slots above DRAM stay at 1.
            t.factor[s] = static_cast<std::int32_t>(rem);
            t.on_chip = inner;
            if (paddingOk(bound, *this, t)) out.push_back(t);
            t.factor[s] = 1;
            return;
        }
        const Slot& sl = m_slots[s];
        std::int64_t cap = rem;
        if (sl.kind == Slot::Kind::SpatialX) cap = m_allowX[d] ? std::min<std::int64_t>(rem, m_acc->pe.cols) : 1;
        if (sl.kind == Slot::Kind::SpatialY) cap = m_allowY[d] ? std::min<std::int64_t>(rem, m_acc->pe.rows) : 1;
        auto take = [&](std::int64_t f) {
            t.factor[s] = static_cast<std::int32_t>(f);
            self(self, s - 1, inner * f);
            t.factor[s] = 1;
        };
        if (m_options.all_factors) {
            for (std::int64_t f = 1; f <= cap; ++f) take(f);
            return;
        }
        // Divisors of rem up to cap, ascending (trial division to sqrt: bounds reach thousands).
        std::array<std::int64_t, 256> small, large;
        int ns = 0, nl = 0;
        for (std::int64_t f = 1; f * f <= rem && ns < 256 && nl < 256; ++f) {
            if (rem % f != 0) continue;
            small[ns++] = f;
            if (f * f != rem) large[nl++] = rem / f;
        }
        for (int i = 0; i < ns; ++i)
            if (small[i] <= cap) take(small[i]);
        for (int i = nl - 1; i >= 0; --i)
            if (large[i] <= cap) take(large[i]);
        if (sl.kind != Slot::Kind::Level && cap > 1 && rem % cap != 0) {
            // Array-filling factors for bounds the array does not divide: the full width, and the
            // smallest factor reaching the same number of iterations (less padding).
            take(cap);
            const std::int64_t even = ceilDiv(rem, ceilDiv(rem, cap));
            if (even != cap && rem % even != 0) take(even);
        }
    };
    rec(rec, m_numSlots - 1, 1);
    // All at DRAM first: the fallback of sampleFitting and the start of every search.
    auto dramOnly = std::find_if(out.begin(), out.end(), [](const Tiling& x) { return x.on_chip == 1; });
    if (dramOnly != out.end()) std::rotate(out.begin(), dramOnly, dramOnly + 1);
}

double Mapspace::tilingCount() const {
    double n = 1;
    for (const auto& t : m_enum->tilings) n *= double(t.size());
    return n;
}

double Mapspace::orderCountBound() const {
    double n = 1;
    for (int i = 0; i + 1 < m_levels; ++i) {
        int dims = 0;
        for (int d = 0; d < kNumDims; ++d) {
            int s = 0;
            while (s < m_numSlots && !(m_slots[s].kind == Slot::Kind::Level && m_slots[s].level == i)) ++s;
            const auto& list = m_enum->tilings[d];
            const bool nonUnit =
                std::any_of(list.begin(), list.end(), [&](const Tiling& t) { return t.factor[s] > 1; });
            dims += nonUnit;
        }
        n *= factorial(dims);
    }
    return n;
}

mapping::Mapping Mapspace::emptyMapping() const {
    mapping::Mapping m;
    m.num_levels = m_levels;
    for (Dim d : workload::kAllDims) m.levels[0].factors[d] = static_cast<std::int32_t>(m_layer->bound(d));
    return m;
}

void Mapspace::apply(mapping::Mapping& m, Dim d, const Tiling& t) const {
    for (int s = 0; s < m_numSlots; ++s) {
        const Slot& sl = m_slots[s];
        switch (sl.kind) {
        case Slot::Kind::Level: m.levels[sl.level].factors[d] = t.factor[s]; break;
        case Slot::Kind::SpatialX: m.spatial_x[d] = t.factor[s]; break;
        case Slot::Kind::SpatialY: m.spatial_y[d] = t.factor[s]; break;
        }
    }
}

void Mapspace::applyAll(mapping::Mapping& m, const std::array<int, kNumDims>& tiling) const {
    for (int d = 0; d < kNumDims; ++d) apply(m, static_cast<Dim>(d), m_enum->tilings[d][tiling[d]]);
}

bool Mapspace::fits(const mapping::Mapping& m) const {
    if (m.spatialX() > m_acc->pe.cols || m.spatialY() > m_acc->pe.rows) return false;
    // The tile extents of mapping::buildLoopNest and the occupancy of mapping::checkCapacity,
    // without building the loop list: this runs several times per sampled candidate.
    workload::PerDim<std::int64_t> ext = workload::PerDim<std::int64_t>::filled(1), spatial;
    for (Dim d : workload::kAllDims) spatial[d] = std::int64_t(m.spatial_x[d]) * m.spatial_y[d];
    const bool noPerPe = m_fanout >= m_levels;
    for (int i = m_levels - 1; i >= 0; --i) {
        for (Dim d : workload::kAllDims) ext[d] *= m.levels[i].factors[d];
        if (m_capacityBits[i] > 0) {
            const auto tile = noPerPe ? mapping::withSpatial(ext, spatial) : ext;
            double bits = 0;
            for (Operand o : workload::kAllOperands)
                if (mapping::keeps(*m_acc, m, i, o))
                    bits += mapping::tileElements(o, tile, *m_layer) * m_operandBits[o];
            if (bits > m_capacityBits[i]) return false;
        }
        if (i == m_fanout) ext = mapping::withSpatial(ext, spatial);
    }
    return true;
}

void Mapspace::sampleFitting(Rng& rng, std::array<int, kNumDims>& tiling, mapping::Mapping& m) const {
    constexpr int kTries = 6;
    std::array<int, kNumDims> dims;
    for (int i = 0; i < kNumDims; ++i) dims[i] = i;
    for (int i = kNumDims - 1; i > 0; --i) std::swap(dims[i], dims[rng.below(i + 1)]);
    m = emptyMapping();
    for (int d : dims) {
        const auto& list = m_enum->tilings[d];
        tiling[d] = 0;
        if (list.size() <= 1) continue;
        for (int k = 0; k < kTries; ++k) {
            const int pick = static_cast<int>(rng.below(static_cast<std::uint32_t>(list.size())));
            apply(m, static_cast<Dim>(d), list[pick]);
            if (fits(m)) {
                tiling[d] = pick;
                break;
            }
        }
        apply(m, static_cast<Dim>(d), list[tiling[d]]);
    }
}

void Mapspace::shuffleOrder(Rng& rng, mapping::Mapping& m, int level) const {
    auto& lv = m.levels[level];
    std::array<Dim, kNumDims> order;
    int n = 0;
    for (Dim d : workload::kAllDims)
        if (lv.factors[d] > 1) order[n++] = d;
    for (int i = n - 1; i > 0; --i) std::swap(order[i], order[rng.below(i + 1)]);
    int k = n;
    for (Dim d : workload::kAllDims)
        if (lv.factors[d] <= 1) order[k++] = d;
    lv.order = order;
}

} // namespace archscape::search
