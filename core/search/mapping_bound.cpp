#include "search/mapping_bound.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "mapping/validity.h"

namespace archscape::search {

using workload::Operand;

namespace {

/// Distinct values of p x stride + r x dilation (0 <= p < P, 0 <= r < R): the input rows a
/// convolution touches (fewer than the window extent when stride > R x dilation).
std::int64_t touchedRows(std::int64_t P, std::int64_t R, int stride, int dilation) {
    const std::int64_t ext = workload::windowExtent(P, R, stride, dilation);
    if (ext <= 0) return 0;
    if (ext > (std::int64_t(1) << 24)) return std::max(P, R); // distinct outputs alone need P rows
    std::vector<bool> seen(static_cast<std::size_t>(ext), false);
    std::int64_t n = 0;
    for (std::int64_t p = 0; p < P; ++p)
        for (std::int64_t r = 0; r < R; ++r) {
            const auto row = static_cast<std::size_t>(p * stride + r * dilation);
            if (!seen[row]) {
                seen[row] = true;
                ++n;
            }
        }
    return n;
}

double ceilDiv(double a, double b) { return std::max(1.0, std::ceil(a / b)); }

constexpr unsigned bit(Dim d) { return 1u << static_cast<unsigned>(d); }
constexpr unsigned allDimsMask() { return (1u << static_cast<unsigned>(kNumDims)) - 1u; }

/// Dimensions whose tile extents a tile of t grows with (inputs: P and R through the window rows,
/// Q and S through its columns).
unsigned relevantMask(Operand t) {
    unsigned r = 0;
    for (Dim d : workload::kAllDims)
        if (workload::isRelevant(t, d)) r |= bit(d);
    return r;
}

/// The dimensions that stay in fullTraffic's product whole: the operand's own, for inputs N, G, C,
/// P, Q (a sliding window along P or Q fetches at least P x Q positions per step).
unsigned refetchMask(Operand o) {
    if (o == Operand::Input) return bit(Dim::N) | bit(Dim::G) | bit(Dim::C) | bit(Dim::P) | bit(Dim::Q);
    return relevantMask(o);
}

/// One count of elements the refetch term adds on a link, max(0, mu x F - q) for the full traffic F,
/// with its energy and port words per element (parent and child level of the link) and NoC words.
struct Count {
    double mu = 1, q = 0, energy = 0, words_parent = 0, words_child = 0, noc = 0;
    int p = 0, k = 0;
};

/// w x max(0, P / E_a - Q) (side a) or w x max(0, P / E_b - Q) (side b).
struct Term {
    double w = 0, P = 0, Q = 0;
    bool b = false;
};

/// min over 1 <= E_a <= Ma, 1 <= E_b <= Mb, E_a x E_b <= S of the sum of the terms. With E_b = S / E_a
/// (a larger E_b never costs more) and t = ln E_a each term is convex in t, w max(0, P e^-t - Q) or
/// w max(0, P e^t / S - Q); between the kinks the sum is a e^-t + b e^t - g, least at
/// t = ln(a / b) / 2: the minimum is at a kink, an end or such a point, all of which are tried.
double minimizeCoupled(const Term* terms, int n, double S, double Ma, double Mb) {
    auto value = [&](double t) {
        const double ea = std::exp(t), eb = S / ea;
        double v = 0;
        for (int i = 0; i < n; ++i) v += terms[i].w * std::max(0.0, terms[i].P / (terms[i].b ? eb : ea) - terms[i].Q);
        return v;
    };
    const double hi = std::log(std::max(1.0, std::min(Ma, S)));
    const double lo = std::min(hi, std::max(0.0, std::log(S / Mb)));
    std::array<double, 24> points{};
    int k = 0;
    points[k++] = lo;
    points[k++] = hi;
    for (int i = 0; i < n; ++i) {
        if (terms[i].Q <= 0 || terms[i].P <= 0) continue;
        const double t = terms[i].b ? std::log(terms[i].Q * S / terms[i].P) : std::log(terms[i].P / terms[i].Q);
        if (t > lo && t < hi) points[k++] = t;
    }
    std::sort(points.begin(), points.begin() + k);
    double best = value(points[0]);
    for (int s = 0; s + 1 < k; ++s) {
        const double t0 = points[s], t1 = points[s + 1], mid = 0.5 * (t0 + t1), ea = std::exp(mid), eb = S / ea;
        double a = 0, b = 0;
        for (int i = 0; i < n; ++i) {
            const Term& x = terms[i];
            if (x.P / (x.b ? eb : ea) <= x.Q) continue;
            if (x.b) b += x.w * x.P / S;
            else a += x.w * x.P;
        }
        best = std::min(best, value(t1));
        if (a > 0 && b > 0) best = std::min(best, value(std::clamp(0.5 * std::log(a / b), t0, t1)));
    }
    return best;
}

/// Operands (bit per Operand) whose tile the innermost loop above a level refetches in full when
/// that loop is of dimension d: the operands d is relevant to, inputs not behind R or S (a sliding
/// window along the filter may fetch less than P x Q per step).
unsigned refetchedOperands(Dim d) {
    unsigned s = 0;
    for (Operand o : workload::kAllOperands)
        if (workload::isRelevant(o, d) && !(o == Operand::Input && (d == Dim::R || d == Dim::S)))
            s |= 1u << static_cast<unsigned>(o);
    return s;
}

/// `fixed` plus the dimensions of bound 1 (nothing left to place).
unsigned fixedMask(const workload::Layer& layer, unsigned fixed) {
    for (Dim d : workload::kAllDims)
        if (layer.bound(d) == 1) fixed |= bit(d);
    return fixed;
}

/// Refetch factor of level c's tile of o that no loop order avoids (see the class comment).
double forcedFactor(const mapping::Mapping& m, unsigned fixedAll, int c, Operand o) {
    // The deepest level above c with a relevant loop of a fixed dimension: every completion
    // keeps it, and unfixed dimensions can only add relevant loops deeper still.
    int deepest = -1;
    for (int j = c - 1; j > deepest; --j)
        for (Dim d : workload::kAllDims)
            if (workload::isRelevant(o, d) && (fixedAll & bit(d)) && m.levels[j].factors[d] > 1) {
                deepest = j;
                break;
            }
    double f = 1;
    for (int j = 0; j < deepest; ++j)
        for (Dim d : workload::kAllDims)
            if (!workload::isRelevant(o, d) && (fixedAll & bit(d))) f *= m.levels[j].factors[d];
    return f;
}

} // namespace

MappingBound::MappingBound(const Mapspace& space, const hardware::CostTables& tables, Objective objective,
                           BoundTerms terms)
    : m_space(space), m_tables(tables), m_objective(objective), m_terms(terms) {
    const auto& layer = space.layer();
    m_format = hardware::layerFormat(layer, space.accelerator(), tables);
    m_macs = double(layer.macs());
    auto b = [&](Dim d) { return double(layer.bound(d)); };
    m_volume[Operand::Weight] = b(Dim::G) * b(Dim::K) * b(Dim::C) * b(Dim::R) * b(Dim::S);
    m_volume[Operand::Output] = b(Dim::N) * b(Dim::G) * b(Dim::K) * b(Dim::P) * b(Dim::Q);
    m_volume[Operand::Input] =
        b(Dim::N) * b(Dim::G) * b(Dim::C) *
        double(touchedRows(layer.bound(Dim::P), layer.bound(Dim::R), layer.stride_h, layer.dilation_h)) *
        double(touchedRows(layer.bound(Dim::Q), layer.bound(Dim::S), layer.stride_w, layer.dilation_w));
    for (Dim d : workload::kAllDims) {
        std::int64_t best = 1;
        for (const auto& t : space.tilings(d)) {
            std::int64_t s = 1;
            for (int k = 0; k < space.numSlots(); ++k)
                if (space.slot(k).kind != Slot::Kind::Level) s *= t.factor[k];
            best = std::max(best, s);
        }
        m_maxSpatial[d] = best;
        std::int64_t padded = 1;
        for (const auto& t : space.tilings(d)) {
            std::int64_t p = 1;
            for (int k = 0; k < space.numSlots(); ++k) p *= t.factor[k];
            padded = std::max(padded, p);
        }
        m_maxPadded[d] = double(padded);
    }
    initLinks();
}

void MappingBound::initLinks() {
    const auto& acc = m_space.accelerator();
    const mapping::Mapping m = m_space.emptyMapping();
    const int L = m_space.numLevels();
    for (int c = 1; c < L; ++c)
        for (Operand o : workload::kAllOperands) {
            auto& link = m_links[c][o];
            link = {-1, -1};
            if (o == Operand::Input) {
                // Inputs only where the boundary's own level keeps them: a loop between the boundary
                // and a deeper keeping level could slide the window (see refetch()).
                if (!mapping::keeps(acc, m, c, o)) continue;
                link.child = c;
            } else {
                for (int k = c; k < L && link.child < 0; ++k)
                    if (mapping::keeps(acc, m, k, o)) link.child = k;
                if (link.child < 0) continue;
            }
            for (int k = c - 1; k >= 0 && link.parent < 0; --k)
                if (mapping::keeps(acc, m, k, o)) link.parent = k;
            if (link.parent < 0) link.child = -1;
        }
    // Two boundaries conflict when they would both add to one link's traffic.
    auto conflict = [&](int a, int b) {
        for (Operand o : workload::kAllOperands)
            if (m_links[a][o].child >= 0 && m_links[a][o].child == m_links[b][o].child) return true;
        return false;
    };
    const unsigned all = L > 1 ? ((1u << L) - 2u) : 0u; // boundaries 1 .. L-1
    std::vector<unsigned> free;
    for (unsigned s = all;; s = (s - 1) & all) {
        bool ok = s != 0;
        for (int a = 1; a < L && ok; ++a)
            for (int b = a + 1; b < L && ok; ++b)
                if (((s >> a) & 1u) && ((s >> b) & 1u) && conflict(a, b)) ok = false;
        if (ok) free.push_back(s);
        if (s == 0) break;
    }
    for (unsigned s : free) {
        // Traffic only adds, so only maximal sets can give the largest bound.
        const bool maximal = std::none_of(free.begin(), free.end(), [s](unsigned t) { return t != s && (t & s) == s; });
        if (maximal) m_subsets.push_back(s);
    }
}

CostBound MappingBound::root() const {
    const mapping::Mapping m = m_space.emptyMapping();
    return bound(m, 0);
}

CostBound MappingBound::bound(const mapping::Mapping& m, unsigned fixed) const {
    const auto& acc = m_space.accelerator();
    const auto& layer = m_space.layer();
    const int L = m_space.numLevels();
    const int fanout = acc.fanoutLevel();
    auto isFixed = [&](Dim d) { return ((fixed >> static_cast<unsigned>(d)) & 1u) != 0 || layer.bound(d) == 1; };

    // Compute: the fixed dimensions' temporal iterations exactly; the unfixed ones spread over at
    // most the PEs the fixed ones leave (and at most their largest spatial factor each).
    std::int64_t xf = 1, yf = 1;
    workload::PerDim<double> temporal = workload::PerDim<double>::filled(1), spatial = temporal;
    for (Dim d : workload::kAllDims) {
        if (!isFixed(d)) continue;
        xf *= m.spatial_x[d];
        yf *= m.spatial_y[d];
        spatial[d] = double(m.spatial_x[d]) * m.spatial_y[d];
        for (int i = 0; i < L; ++i) temporal[d] *= m.levels[i].factors[d];
    }
    const double avail =
        double(std::max<std::int64_t>(1, acc.pe.cols / xf) * std::max<std::int64_t>(1, acc.pe.rows / yf));
    // Temporal iterations of a set of dimensions: fixed ones exactly, the rest at least
    // ceil(product of bounds / PEs they can use).
    auto iterations = [&](auto&& inSet) {
        double t = 1, bounds = 1, maxSpatial = 1;
        for (Dim d : workload::kAllDims) {
            if (!inSet(d)) continue;
            if (isFixed(d)) {
                t *= temporal[d];
            } else {
                bounds *= double(layer.bound(d));
                maxSpatial *= double(m_maxSpatial[d]);
            }
        }
        return t * ceilDiv(bounds, std::min(avail, maxSpatial));
    };
    const double t_lb = iterations([](Dim) { return true; });
    // Reduction steps of each output (C, R, S): all but the first read a partial sum back.
    const double t_red = iterations([](Dim d) { return !workload::isRelevant(Operand::Output, d); });
    const double pes_lb = double(xf * yf);

    const unsigned fixedAll = fixedMask(layer, fixed);
    auto forced = [&](int c, Operand o) { return forcedFactor(m, fixedAll, c, o); };

    // Total words read and written at each level (over all instances), NoC words.
    double readWords[mapping::kMaxLevels] = {}, writeWords[mapping::kMaxLevels] = {};
    double nocWords = 0, nocDelivered = 0;
    for (Operand o : workload::kAllOperands) {
        const double bits = m_format.precision[o].bits;
        double copies = 1; // PEs holding the same data: spatial factors of fixed irrelevant dims
        for (Dim d : workload::kAllDims)
            if (!workload::isRelevant(o, d) && isFixed(d)) copies *= spatial[d];
        int child = L;
        for (int i = L - 1; i >= 0; --i) {
            if (!mapping::keeps(acc, m, i, o)) continue;
            const bool perPe = acc.levels[i].per_pe;
            const double toWords = bits / acc.levels[i].word_bits;
            if (child == L) {
                const bool merge = (o == Operand::Output) ? acc.noc.reduction : acc.noc.multicast;
                // Per PE (or unmerged): iterations x PEs >= MACs; merged: iterations x relevant PEs.
                const double served = (perPe || !merge) ? m_macs : t_lb;
                if (o == Operand::Output) {
                    writeWords[i] += served * toWords;
                    readWords[i] += served * (1.0 - 1.0 / t_red) * toWords;
                } else {
                    readWords[i] += served * toWords;
                }
            } else {
                const double f = forced(child, o);
                const double amount = m_volume[o] * f;
                // Partial sums the child reads back: its drains minus its distinct outputs, at
                // least (forced factor - 1) x the distinct outputs.
                const double readBack = o == Operand::Output ? m_volume[o] * (f - 1.0) : 0.0;
                if (o == Operand::Output) {
                    writeWords[i] += amount * toWords;
                    readWords[i] += readBack * toWords;
                    writeWords[child] += readBack * bits / acc.levels[child].word_bits;
                } else {
                    readWords[i] += amount * toWords;
                }
                if (!perPe && acc.levels[child].per_pe) {
                    nocWords += amount + readBack;
                    nocDelivered += amount + readBack;
                }
            }
            if (i > 0 && o != Operand::Output)
                writeWords[i] += m_volume[o] * (perPe ? copies : 1.0) * forced(i, o) * toWords;
            child = i;
        }
        if (fanout >= L) nocDelivered += m_macs * (o == Operand::Output ? 2.0 : 1.0);
    }

    const double compute = m_format.mac_rate.cyclesFor(t_lb);
    const double arrayPes = double(acc.pe.count());
    // Port words and energy (leakage aside) of the traffic counted so far; the refetch term adds to both.
    Traffic base{};
    base.energy_pj = m_macs * m_format.mac_pj + nocDelivered * m_format.hop_pj;
    for (int i = 0; i < L; ++i) {
        const double bw = std::max(1, acc.levels[i].block_words);
        base.energy_pj +=
            readWords[i] / bw * m_tables.level[i].read_pj + writeWords[i] / bw * m_tables.level[i].write_pj;
        base.words[i] = (readWords[i] + writeWords[i]) / (acc.levels[i].per_pe ? arrayPes : 1.0);
    }
    base.noc_words = nocWords;
    auto finish = [&](const Traffic& t) {
        double overlapped = compute, serial = 0;
        for (int i = 0; i < L; ++i) {
            const auto& lv = acc.levels[i];
            if (lv.bandwidth_words_per_cycle <= 0) continue;
            const double cycles = t.words[i] / lv.bandwidth_words_per_cycle;
            if (lv.double_buffered) overlapped = std::max(overlapped, cycles);
            else serial += cycles;
        }
        if (acc.noc.bandwidth_words_per_cycle > 0)
            overlapped = std::max(overlapped, t.noc_words / acc.noc.bandwidth_words_per_cycle);
        CostBound r;
        r.cycles = overlapped + serial;
        r.energy_pj = t.energy_pj;
        for (int i = 0; i < L; ++i)
            r.energy_pj += m_tables.level[i].leak_pj_per_cycle * (acc.levels[i].per_pe ? pes_lb : 1.0) * r.cycles;
        r.score = m_objective.score(r.cycles, r.energy_pj);
        return r;
    };
    CostBound best = finish(base);
    if (!m_terms.capacity_refetch || m_subsets.empty()) return best;
    std::array<Traffic, mapping::kMaxLevels> extra{};
    refetch(m, fixedAll, extra);
    for (unsigned subset : m_subsets) {
        Traffic t = base;
        for (int c = 1; c < L; ++c)
            if ((subset >> c) & 1u) t += extra[c];
        const CostBound r = finish(t);
        if (r.score > best.score) best = r;
    }
    return best;
}

MappingBound::Traffic& MappingBound::Traffic::operator+=(const Traffic& t) {
    energy_pj += t.energy_pj;
    for (int i = 0; i < mapping::kMaxLevels; ++i) words[i] += t.words[i];
    noc_words += t.noc_words;
    return *this;
}

void MappingBound::Traffic::minWith(const Traffic& t) {
    energy_pj = std::min(energy_pj, t.energy_pj);
    for (int i = 0; i < mapping::kMaxLevels; ++i) words[i] = std::min(words[i], t.words[i]);
    noc_words = std::min(noc_words, t.noc_words);
}

void MappingBound::Traffic::maxWith(const Traffic& t) {
    energy_pj = std::max(energy_pj, t.energy_pj);
    for (int i = 0; i < mapping::kMaxLevels; ++i) words[i] = std::max(words[i], t.words[i]);
    noc_words = std::max(noc_words, t.noc_words);
}

void MappingBound::refetch(const mapping::Mapping& m, unsigned fixedAll,
                           std::array<Traffic, mapping::kMaxLevels>& extra) const {
    const auto& acc = m_space.accelerator();
    const auto& layer = m_space.layer();
    const int L = m_space.numLevels();
    const int fanout = acc.fanoutLevel();
    const double arrayPes = double(acc.pe.count());
    auto isFixed = [&](Dim d) { return (fixedAll & bit(d)) != 0; };

    // Fixed dimensions: per-instance tile extents per level (as mapping::buildLoopNest builds
    // them), padded bounds. Spatial factors: exact when fixed, the mapspace's largest otherwise.
    std::array<workload::PerDim<double>, mapping::kMaxLevels> ext{};
    workload::PerDim<double> padded{}, spatial{};
    for (Dim d : workload::kAllDims) {
        const double s = isFixed(d) ? double(m.spatial_x[d]) * m.spatial_y[d] : double(m_maxSpatial[d]);
        spatial[d] = s;
        double e = 1;
        for (int i = L - 1; i >= 0; --i) {
            e *= m.levels[i].factors[d];
            ext[i][d] = i < fanout ? e * s : e;
        }
        padded[d] = e * s;
    }
    const auto& prec = m_format.precision;

    // Least tile of t at level j over every completion, with the unfixed dimensions of `excluded`
    // left out so that their extents can be bounded by what the capacity leaves for them.
    auto tileLow = [&](Operand t, int j, unsigned excluded) {
        auto e = [&](Dim d) { return isFixed(d) ? ext[j][d] : 1.0; };
        switch (t) {
        case Operand::Weight: return e(Dim::G) * e(Dim::K) * e(Dim::C) * e(Dim::R) * e(Dim::S);
        case Operand::Output: return e(Dim::N) * e(Dim::G) * e(Dim::K) * e(Dim::P) * e(Dim::Q);
        case Operand::Input: break;
        }
        // A window's extent is at least either of its two loops' extents: one excluded loop takes it all.
        auto win = [&](Dim out, Dim filt, int stride, int dil) {
            if (excluded & (bit(out) | bit(filt))) return 1.0;
            return double(workload::windowExtent(std::int64_t(e(out)), std::int64_t(e(filt)), stride, dil));
        };
        return e(Dim::N) * e(Dim::G) * e(Dim::C) * win(Dim::P, Dim::R, layer.stride_h, layer.dilation_h) *
               win(Dim::Q, Dim::S, layer.stride_w, layer.dilation_w);
    };
    // Bits each level's least tiles take (the other operands' share when one tile grows).
    std::array<double, mapping::kMaxLevels> occupied{};
    for (int j = 0; j < L; ++j)
        for (Operand t : workload::kAllOperands)
            if (mapping::keeps(acc, m, j, t)) occupied[j] += tileLow(t, j, 0) * prec[t].bits;
    // Upper bound of the product of the extents at level c of the unfixed dimensions Ua (Ub = 0), or
    // of E_a x E_b for two disjoint sets Ua, Ub (Hong and Kung's trade-off: the tile that saves one
    // operand's refetches costs the other's). The tile at c lies inside the tile of every level
    // j <= c, and each keeping level's capacity bounds the extents its operands depend on (the
    // others' least tiles taking their share); coupled, only an operand that grows with both sets
    // counts. `still`: operands bypassed at c with no relevant temporal loop at levels c .. child - 1,
    // whose relevant extents at c are then the child's (times the spatial factors between): the
    // child's capacity bounds them too.
    auto extentLimit = [&](int c, unsigned Ua, unsigned Ub, unsigned still) {
        const unsigned U = Ua | Ub;
        double best = Ub ? std::numeric_limits<double>::infinity() : 1.0;
        if (!Ub)
            for (Dim d : workload::kAllDims)
                if (U & bit(d)) best *= m_maxPadded[d];
        auto limitBy = [&](int j, Operand t, bool spread) {
            const unsigned rel = U & relevantMask(t);
            if (Ub ? !(rel & Ua) || !(rel & Ub) : !rel) return;
            // A window's extent bounds each of its two loops' extents, not their product.
            constexpr unsigned rows = bit(Dim::P) | bit(Dim::R), cols = bit(Dim::Q) | bit(Dim::S);
            if (t == Operand::Input && ((rel & rows) == rows || (rel & cols) == cols)) return;
            const auto& lv = acc.levels[j];
            const double cap = 8.0 * double(lv.capacity_bytes) / (lv.double_buffered ? 2.0 : 1.0);
            const double room = (cap - occupied[j]) / prec[t].bits + tileLow(t, j, 0);
            double b = room / tileLow(t, j, rel);
            for (Dim d : workload::kAllDims) {
                if ((U & ~rel) & bit(d)) b *= m_maxPadded[d];
                else if (spread && (rel & bit(d))) b *= double(m_maxSpatial[d]);
            }
            best = std::min(best, b);
        };
        for (int j = 1; j <= c; ++j)
            if (acc.levels[j].capacity_bytes > 0)
                for (Operand t : workload::kAllOperands)
                    if (mapping::keeps(acc, m, j, t)) limitBy(j, t, false);
        for (Operand o : workload::kAllOperands) {
            const int k = m_links[c][o].child;
            if (((still >> static_cast<unsigned>(o)) & 1u) && acc.levels[k].capacity_bytes > 0)
                limitBy(k, o, c < fanout && k >= fanout);
        }
        return std::max(1.0, best);
    };

    // Elements of o crossing into level c's tile, over all instances, when the innermost loop
    // above c is relevant to o: tile(c) x every loop above c = Π_{d in o} padded_d x Π_{d not in o}
    // (padded_d / extent_d(c)) = K x max(1, B / E), E the product of the extents at c of the
    // unfixed d not in o (U; B the product of their bounds), at most M = extentLimit(c, U, 0, still).
    struct Full {
        double K = 1, B = 1, M = 1;
        unsigned U = 0;
    };
    auto fullTraffic = [&](Operand o, int c) {
        const unsigned outer = ~refetchMask(o) & allDimsMask();
        Full r;
        for (Dim d : workload::kAllDims) {
            if (!(outer & bit(d))) r.K *= isFixed(d) ? padded[d] : double(layer.bound(d));
            else if (isFixed(d)) r.K *= padded[d] / ext[c][d];
            else {
                r.U |= bit(d);
                r.B *= double(layer.bound(d));
            }
        }
        return r;
    };

    for (int c = 1; c < L; ++c) {
        // Per operand: the full traffic and the counts it adds on the operand's link, each
        // max(0, mu x F - q) elements (q what bound() already counts there, the same expressions).
        struct Form {
            bool on = false;
            Full full;
            int n = 0;
            std::array<Count, 5> counts{};
        };
        workload::PerOperand<Form> forms{};
        for (Operand o : workload::kAllOperands) {
            const Link& link = m_links[c][o];
            if (link.child < 0) continue;
            const int p = link.parent, k = link.child;
            const bool crossing = !acc.levels[p].per_pe && acc.levels[k].per_pe;
            const bool merge = o == Operand::Output ? acc.noc.reduction : acc.noc.multicast;
            double irrelevant = 1, copies = 1;
            for (Dim d : workload::kAllDims)
                if (!workload::isRelevant(o, d)) {
                    irrelevant *= spatial[d];
                    if (isFixed(d)) copies *= spatial[d];
                }
            Form& form = forms[o];
            form.on = true;
            form.full = fullTraffic(o, c);
            const double toP = prec[o].bits / acc.levels[p].word_bits, toK = prec[o].bits / acc.levels[k].word_bits;
            const double bwP = std::max(1, acc.levels[p].block_words), bwK = std::max(1, acc.levels[k].block_words);
            const double perP = acc.levels[p].per_pe ? arrayPes : 1.0, perK = acc.levels[k].per_pe ? arrayPes : 1.0;
            const double readP = m_tables.level[p].read_pj * toP / bwP, writeP = m_tables.level[p].write_pj * toP / bwP;
            const double writeK = m_tables.level[k].write_pj * toK / bwK;
            // Parent-side counts see one word per multicast group (fp = fc / irrelevant).
            const double side = crossing && merge ? 1.0 / irrelevant : 1.0;
            auto add = [&](double mu, double q, double energy, double wordsP, double wordsK, double noc) {
                form.counts[form.n++] = Count{mu, q, energy, wordsP, wordsK, noc, p, k};
            };
            const double vol = m_volume[o], f = forcedFactor(m, fixedAll, k, o);
            if (o != Operand::Output) {
                add(side, vol * f, readP, toP / perP, 0, crossing ? 1.0 : 0.0);                    // parent reads
                add(1, vol * (acc.levels[k].per_pe ? copies : 1.0) * f, writeK, 0, toK / perK, 0); // child writes
                if (crossing) add(1, vol * f, m_format.hop_pj, 0, 0, 0);                           // NoC deliveries
            } else {
                // Partial sums read back = drains - distinct outputs; distinct at most the padded output
                // (per PE: times the PEs holding copies).
                double outputs = 1;
                for (Dim d : workload::kAllDims)
                    if (workload::isRelevant(o, d)) outputs *= isFixed(d) ? padded[d] : m_maxPadded[d];
                const double dc = acc.levels[k].per_pe ? outputs * irrelevant : outputs;
                const double dp = crossing && merge ? outputs : dc;
                const double readBack = vol * (f - 1.0);
                add(side, vol * f, writeP, toP / perP, 0, 0);      // parent updates (drains)
                add(side, dp + readBack, readP, toP / perP, 0, 0); // parent reads (fills of the child)
                add(1, dc + readBack, writeK, 0, toK / perK, 0);   // child writes of those fills
                if (crossing) {
                    add(2 * side, dp + vol * (2 * f - 1), 0, 0, 0, 1); // NoC words both ways
                    add(2, dc + vol * (2 * f - 1), m_format.hop_pj, 0, 0, 0);
                }
            }
        }
        unsigned still = 0; // the pattern's bypassed operands without a relevant loop down to their child
        // The traffic of one operand's counts at extent product E.
        auto at = [&](const Form& form, double E) {
            Traffic t;
            const double F = form.full.K * std::max(1.0, form.full.B / E);
            for (int i = 0; i < form.n; ++i) {
                const Count& n = form.counts[i];
                const double v = std::max(0.0, n.mu * F - n.q);
                t.energy_pj += v * n.energy;
                t.words[n.p] += v * n.words_parent;
                t.words[n.k] += v * n.words_child;
                t.noc_words += v * n.noc;
            }
            return t;
        };
        // Two operands refetched together: each component of their traffic minimised over the
        // extents the coupling leaves (E_a x E_b <= S), exactly (convex in log E_a).
        auto jointly = [&](const Form& a, const Form& b) {
            Traffic sum = at(a, a.full.M);
            sum += at(b, b.full.M);
            if (!a.full.U || !b.full.U || (a.full.U & b.full.U)) return sum;
            const double S = extentLimit(c, a.full.U, b.full.U, still);
            if (S >= a.full.M * b.full.M) return sum;
            auto component = [&](auto&& weight) {
                std::array<Term, 20> terms{};
                int n = 0;
                double constant = 0;
                for (int s = 0; s < 2; ++s) {
                    const Form& form = s == 0 ? a : b;
                    for (int i = 0; i < form.n; ++i) {
                        const Count& cnt = form.counts[i];
                        const double w = weight(cnt);
                        if (w <= 0) continue;
                        const double muK = cnt.mu * form.full.K, c0 = std::max(0.0, muK - cnt.q);
                        constant += w * c0;
                        terms[n++] = Term{w, muK * form.full.B, cnt.q + c0, s == 1};
                    }
                }
                return constant + minimizeCoupled(terms.data(), n, S, a.full.M, b.full.M);
            };
            Traffic t;
            t.energy_pj = component([](const Count& n) { return n.energy; });
            for (int i = 0; i < L; ++i)
                t.words[i] = component([i](const Count& n) {
                    return (n.p == i ? n.words_parent : 0.0) + (n.k == i ? n.words_child : 0.0);
                });
            t.noc_words = component([](const Count& n) { return n.noc; });
            t.maxWith(sum);
            return t;
        };
        // Which operands the innermost loop above c refetches in full: it is a fixed loop of the
        // nearest level above c that has one, or any unfixed dimension (which may go there).
        unsigned candidates = 0;
        for (int j = c - 1; j >= 0 && !candidates; --j)
            for (Dim d : workload::kAllDims)
                if (isFixed(d) && m.levels[j].factors[d] > 1) candidates |= bit(d);
        candidates |= ~fixedAll & allDimsMask();
        unsigned cases = 0; // bit set of operand sets (bit w + 2i + 4o)
        for (Dim d : workload::kAllDims)
            if (candidates & bit(d)) cases |= 1u << refetchedOperands(d);
        if (!cases) cases = 1u << 7u; // no loop above c: every operand arrives once, as counted
        // Operands bypassed at c (their child k below c): either a relevant temporal loop sits at
        // levels c .. k - 1, and then every loop above c refetches them whatever x is (pattern A),
        // or none does, and then their relevant extents at c are bounded by k's capacity (B).
        unsigned bypassed = 0, forcedA = 0, possibleA = 0;
        for (Operand o : workload::kAllOperands) {
            const int k = m_links[c][o].child;
            if (!m_terms.bypass_cases || k <= c || !forms[o].on) continue;
            const unsigned ob = 1u << static_cast<unsigned>(o), rel = relevantMask(o);
            bypassed |= ob;
            if (~fixedAll & rel & allDimsMask()) possibleA |= ob;
            for (int j = c; j < k; ++j)
                for (Dim d : workload::kAllDims)
                    if ((rel & bit(d)) && isFixed(d) && m.levels[j].factors[d] > 1) forcedA |= ob;
        }
        possibleA |= forcedA;
        Traffic& best = extra[c];
        bool first = true;
        for (unsigned a = bypassed;; a = (a - 1) & bypassed) {
            if ((a & ~possibleA) == 0 && (forcedA & ~a) == 0) {
                still = bypassed & ~a;
                for (Operand o : workload::kAllOperands)
                    if (forms[o].on)
                        forms[o].full.M = forms[o].full.U ? extentLimit(c, forms[o].full.U, 0, still) : 1.0;
                for (unsigned set = 0; set < 8; ++set) {
                    if (!((cases >> set) & 1u)) continue;
                    Operand in[workload::kNumOperands];
                    int n = 0;
                    for (Operand o : workload::kAllOperands)
                        if ((((set | a) >> static_cast<unsigned>(o)) & 1u) && forms[o].on) in[n++] = o;
                    Traffic sum{};
                    if (n == 2) {
                        sum = jointly(forms[in[0]], forms[in[1]]);
                    } else if (n == 3) {
                        // Each pair coupled plus the third alone bounds the three; the best pairing counts.
                        for (int i = 0; i < 3; ++i) {
                            Traffic t = jointly(forms[in[(i + 1) % 3]], forms[in[(i + 2) % 3]]);
                            t += at(forms[in[i]], forms[in[i]].full.M);
                            if (i == 0) sum = t;
                            else sum.maxWith(t);
                        }
                    } else if (n == 1) {
                        sum = at(forms[in[0]], forms[in[0]].full.M);
                    }
                    if (first) best = sum;
                    else best.minWith(sum);
                    first = false;
                }
            }
            if (a == 0) break;
        }
    }
}

} // namespace archscape::search
