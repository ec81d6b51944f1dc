#include "search/mapping_bound.h"

#include <algorithm>
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
    // Upper bound of the product of the extents at level c of the unfixed dimensions U: the tile
    // at c lies inside the tile of every level j <= c, and each keeping level's capacity bounds
    // the extents its operands depend on (the others' least tiles taking their share).
    auto maxExtents = [&](int c, unsigned U) {
        double em = 1;
        for (Dim d : workload::kAllDims)
            if (U & bit(d)) em *= m_maxPadded[d];
        for (int j = 1; j <= c; ++j) {
            const auto& lv = acc.levels[j];
            if (lv.capacity_bytes <= 0) continue;
            const double cap = 8.0 * double(lv.capacity_bytes) / (lv.double_buffered ? 2.0 : 1.0);
            double occupied = 0;
            for (Operand t : workload::kAllOperands)
                if (mapping::keeps(acc, m, j, t)) occupied += tileLow(t, j, 0) * prec[t].bits;
            for (Operand t : workload::kAllOperands) {
                if (!mapping::keeps(acc, m, j, t)) continue;
                const unsigned rel = U & relevantMask(t);
                if (!rel) continue;
                const double room = (cap - occupied) / prec[t].bits + tileLow(t, j, 0);
                double b = room / tileLow(t, j, rel);
                for (Dim d : workload::kAllDims)
                    if ((U & ~rel) & bit(d)) b *= m_maxPadded[d];
                em = std::min(em, b);
            }
        }
        return std::max(1.0, em);
    };
    // Elements of o crossing into level c's tile, over all instances, when the innermost loop
    // above c is relevant to o: tile(c) x every loop above c = Π_{d in o} padded_d x Π_{d not in o}
    // (padded_d / extent_d(c)); the unfixed d not in o together at least Π bound_d / maxExtents.
    auto fullTraffic = [&](Operand o, int c) {
        const unsigned outer = ~refetchMask(o) & allDimsMask();
        double f = 1, bounds = 1;
        unsigned U = 0;
        for (Dim d : workload::kAllDims) {
            if (!(outer & bit(d))) f *= isFixed(d) ? padded[d] : double(layer.bound(d));
            else if (isFixed(d)) f *= padded[d] / ext[c][d];
            else {
                U |= bit(d);
                bounds *= double(layer.bound(d));
            }
        }
        if (U) f *= std::max(1.0, bounds / maxExtents(c, U));
        return f;
    };

    for (int c = 1; c < L; ++c) {
        workload::PerOperand<Traffic> add{};
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
            const double fc = fullTraffic(o, c);
            const double fp = crossing && merge ? fc / irrelevant : fc;
            // What bound() already counts on this link (the same expressions).
            const double vol = m_volume[o], f = forcedFactor(m, fixedAll, k, o);
            double read = 0, update = 0, write = 0, noc = 0, nocDelivered = 0;
            if (o != Operand::Output) {
                read = std::max(0.0, fp - vol * f);
                write = std::max(0.0, fc - vol * (acc.levels[k].per_pe ? copies : 1.0) * f);
                if (crossing) {
                    noc = read;
                    nocDelivered = std::max(0.0, fc - vol * f);
                }
            } else {
                // Partial sums read back = drains - distinct outputs; distinct at most the padded output
                // (per PE: times the PEs holding copies).
                double outputs = 1;
                for (Dim d : workload::kAllDims)
                    if (workload::isRelevant(o, d)) outputs *= isFixed(d) ? padded[d] : m_maxPadded[d];
                const double dc = acc.levels[k].per_pe ? outputs * irrelevant : outputs;
                const double dp = crossing && merge ? outputs : dc;
                const double readBack = vol * (f - 1.0);
                update = std::max(0.0, fp - vol * f);
                read = std::max(0.0, fp - dp - readBack);
                write = std::max(0.0, fc - dc - readBack);
                if (crossing) {
                    noc = std::max(0.0, 2 * fp - dp - vol * (2 * f - 1));
                    nocDelivered = std::max(0.0, 2 * fc - dc - vol * (2 * f - 1));
                }
            }
            const double toP = prec[o].bits / acc.levels[p].word_bits, toK = prec[o].bits / acc.levels[k].word_bits;
            const double bwP = std::max(1, acc.levels[p].block_words), bwK = std::max(1, acc.levels[k].block_words);
            Traffic& t = add[o];
            t.energy_pj = (read * m_tables.level[p].read_pj + update * m_tables.level[p].write_pj) * toP / bwP +
                          write * toK * m_tables.level[k].write_pj / bwK + nocDelivered * m_format.hop_pj;
            t.words[p] += (read + update) * toP / (acc.levels[p].per_pe ? arrayPes : 1.0);
            t.words[k] += write * toK / (acc.levels[k].per_pe ? arrayPes : 1.0);
            t.noc_words = noc;
        }
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
        Traffic& best = extra[c];
        bool first = true;
        for (unsigned set = 0; set < 8; ++set) {
            if (!((cases >> set) & 1u)) continue;
            Traffic sum{};
            for (Operand o : workload::kAllOperands)
                if ((set >> static_cast<unsigned>(o)) & 1u) sum += add[o];
            if (first) best = sum;
            else best.minWith(sum);
            first = false;
        }
    }
}

} // namespace archscape::search
