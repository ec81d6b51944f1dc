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

} // namespace

MappingBound::MappingBound(const Mapspace& space, const hardware::CostTables& tables, Objective objective)
    : m_space(space), m_tables(tables), m_objective(objective) {
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

    // Refetch factor of level c's tile of o that no loop order avoids (see the class comment).
    auto forced = [&](int c, Operand o) {
        // The deepest level above c with a relevant loop of a fixed dimension: every completion
        // keeps it, and unfixed dimensions can only add relevant loops deeper still.
        int deepest = -1;
        for (int j = c - 1; j > deepest; --j)
            for (Dim d : workload::kAllDims)
                if (workload::isRelevant(o, d) && isFixed(d) && m.levels[j].factors[d] > 1) {
                    deepest = j;
                    break;
                }
        double f = 1;
        for (int j = 0; j < deepest; ++j)
            for (Dim d : workload::kAllDims)
                if (!workload::isRelevant(o, d) && isFixed(d)) f *= m.levels[j].factors[d];
        return f;
    };

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
    double overlapped = compute, serial = 0, energy = m_macs * m_format.mac_pj;
    const double arrayPes = double(acc.pe.count());
    for (int i = 0; i < L; ++i) {
        const auto& lv = acc.levels[i];
        const double bw = std::max(1, lv.block_words);
        energy += readWords[i] / bw * m_tables.level[i].read_pj + writeWords[i] / bw * m_tables.level[i].write_pj;
        if (lv.bandwidth_words_per_cycle > 0) {
            const double words = (readWords[i] + writeWords[i]) / (lv.per_pe ? arrayPes : 1.0);
            const double t = words / lv.bandwidth_words_per_cycle;
            if (lv.double_buffered) overlapped = std::max(overlapped, t);
            else serial += t;
        }
    }
    if (acc.noc.bandwidth_words_per_cycle > 0)
        overlapped = std::max(overlapped, nocWords / acc.noc.bandwidth_words_per_cycle);
    CostBound r;
    r.cycles = overlapped + serial;
    energy += nocDelivered * m_format.hop_pj;
    for (int i = 0; i < L; ++i)
        energy += m_tables.level[i].leak_pj_per_cycle * (acc.levels[i].per_pe ? pes_lb : 1.0) * r.cycles;
    r.energy_pj = energy;
    r.score = m_objective.score(r.cycles, r.energy_pj);
    return r;
}

} // namespace archscape::search
