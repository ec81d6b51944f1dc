#include "model/cost_model.h"

#include <algorithm>
#include <cmath>

#include "mapping/loop_nest.h"
#include "mapping/validity.h"

namespace archscape::model {

using mapping::LoopNest;
using workload::Dim;

std::string_view toString(Bound b) {
    switch (b) {
    case Bound::Compute: return "compute";
    case Bound::Memory: return "memory";
    case Bound::Noc: return "noc";
    }
    return "compute";
}

namespace {

bool isWindowDim(Dim d) { return d == Dim::P || d == Dim::Q || d == Dim::R || d == Dim::S; }

/// Elements of operand o delivered into one tile (`size` elements, extents `ext`) over the temporal loops
/// [0, end). Irrelevant loops directly above the tile reuse it in place (stationarity); the
/// first relevant loop refetches only the new part of a sliding input window; every loop
/// further out refetches the whole footprint (no reuse across wrap-around).
double delivered(Operand o, double size, const mapping::PerDim<std::int64_t>& ext, const LoopNest& nest, int end,
                 const workload::Layer& layer) {
    double total = size;
    bool moved = false, stationary = false;
    for (int k = end - 1; k >= 0; --k) {
        const mapping::Loop& l = nest.loops[k];
        if (l.spatial) continue;
        if (moved) {
            total *= l.bound;
            continue;
        }
        if (!workload::isRelevant(o, l.dim)) {
            stationary = true;
            continue;
        }
        moved = true;
        // Timeloop slides a window only across the loop directly above the tile; with an irrelevant
        // loop in between, every step refetches the whole window (Timeloop exercise R4).
        if (o == Operand::Input && isWindowDim(l.dim) && !stationary) {
            const bool rows = l.dim == Dim::P || l.dim == Dim::R;
            const Dim out = rows ? Dim::P : Dim::Q;
            const Dim filt = rows ? Dim::R : Dim::S;
            const int stride = rows ? layer.stride_h : layer.stride_w;
            const int dil = rows ? layer.dilation_h : layer.dilation_w;
            const double extent = double(workload::windowExtent(ext[out], ext[filt], stride, dil));
            const double step = (l.dim == out) ? double(ext[out]) * stride : double(ext[filt]) * dil;
            total = size / extent * (extent + (l.bound - 1) * std::min(extent, step));
        } else {
            total = size * l.bound;
        }
    }
    return total;
}

/// PEs that receive different tiles of operand o: the product of the spatial factors relevant to it.
double relevantSpatial(Operand o, const LoopNest& nest) {
    double n = 1;
    for (Dim d : workload::kAllDims)
        if (workload::isRelevant(o, d)) n *= double(nest.spatial[d]);
    return n;
}

/// Distinct output elements one instance of a level ever holds (its share of the padded output).
/// Level 0 is shared, so its extents are the padded bounds.
double distinctOutputs(const LoopNest& nest, bool per_pe) {
    double n = 1;
    for (Dim d : workload::kAllDims)
        if (workload::isRelevant(Operand::Output, d)) n *= double(nest.extent[0][d] / (per_pe ? nest.spatial[d] : 1));
    return n;
}

/// Elements that reach the MACs from a level when the MACs are its direct child.
double macSide(Operand o, const LoopNest& nest, bool per_pe, bool merge) {
    const double t = double(nest.temporal_iterations);
    if (per_pe) return t;
    // A shared level feeds every PE: with multicast/reduction each distinct word counts once.
    return merge ? t * relevantSpatial(o, nest) : t * double(nest.pes_used);
}

LayerCost evaluateMacLayer(const workload::Layer& layer, const hardware::Accelerator& acc,
                           const hardware::CostTables& tables, const mapping::Mapping& m);

/// ceil() for the non-negative counts here, without a libm call on baseline x86-64.
double ceilCount(double x) {
    const double t = double(std::int64_t(x));
    return t < x ? t + 1 : t;
}

} // namespace

LayerCost evaluate(const workload::Layer& layer, const hardware::Accelerator& acc, const mapping::Mapping& m) {
    return evaluate(layer, acc, hardware::costTables(acc), m);
}

LayerCost evaluate(const workload::Layer& layer, const hardware::Accelerator& acc, const hardware::CostTables& tables,
                   const mapping::Mapping& m) {
    if (!workload::hasMacs(layer.type)) return evaluateMemoryOnly(layer, acc, tables);
    return evaluateMacLayer(layer, acc, tables, m);
}

namespace {

LayerCost evaluateMacLayer(const workload::Layer& layer, const hardware::Accelerator& acc,
                           const hardware::CostTables& tables, const mapping::Mapping& m) {
    LayerCost c; // the only object returned: NRVO builds it in the caller's storage
    c.macs = double(layer.macs());
    c.num_levels = m.num_levels;
    if ((c.violation = mapping::checkStructure(layer, acc, m))) return c;
    const int fanout = acc.fanoutLevel();
    const LoopNest nest = mapping::buildLoopNest(m, fanout);
    const hardware::LayerFormat fmt = hardware::layerFormat(layer, acc, tables);
    const auto& prec = fmt.precision;

    const int L = m.num_levels;
    const double pes = double(nest.pes_used);
    c.pes_used = pes;
    // Resident tiles (bypassed operands included: the walk below needs them for deliveries).
    mapping::PerOperand<double> tiles[mapping::kMaxLevels];
    for (int i = 0; i < L; ++i) {
        LevelStats& s = c.levels[i];
        s.instances = acc.levels[i].per_pe ? pes : 1.0;
        s.capacity_bits = 8.0 * double(acc.levels[i].capacity_bytes);
        for (Operand o : workload::kAllOperands) tiles[i][o] = mapping::tileElements(o, nest.extent[i], layer);
        s.occupancy_bits = mapping::occupancyBits(acc, m, i, tiles[i], prec);
        if (s.capacity_bits > 0 && s.occupancy_bits > s.capacity_bits) {
            c.violation = {mapping::Violation::Kind::Capacity, i, Dim::N, s.occupancy_bits, s.capacity_bits};
            return c;
        }
    }

    const double distinct_pe = distinctOutputs(nest, true), distinct_shared = distinctOutputs(nest, false);

    // Walk each operand's chain of keeping levels from the innermost outwards.
    for (Operand o : workload::kAllOperands) {
        int child = L; // L stands for the MACs
        double child_fills = 0, child_drains = 0, child_distinct = 0;
        for (int i = L - 1; i >= 0; --i) {
            if (!mapping::keeps(acc, m, i, o)) continue;
            LevelStats& s = c.levels[i];
            const bool per_pe = acc.levels[i].per_pe;
            s.tile[o] = tiles[i][o];
            const bool crosses = !per_pe && child < L && acc.levels[child].per_pe;
            const bool merge = (o == Operand::Output) ? acc.noc.reduction : acc.noc.multicast;

            // Traffic between this level and its child (or the MACs).
            double to_child = 0, from_child = 0;
            if (child == L) {
                const double macs_side = macSide(o, nest, per_pe, merge);
                if (o == Operand::Output) {
                    from_child = macs_side;
                    // Every update but the first write of each output is a read-modify-write.
                    const double first = per_pe ? distinct_pe : merge ? distinct_shared : distinct_pe * pes;
                    to_child = macs_side - first;
                } else {
                    to_child = macs_side;
                }
            } else if (crosses) {
                const int end = nest.level_begin[child];
                if (o == Operand::Output) {
                    // Spatial reduction: the PEs' partial sums of one output arrive as one update.
                    const auto ext = mapping::withSpatial(nest.extent[child], nest.spatial);
                    from_child = merge ? delivered(o, mapping::tileElements(o, ext, layer), ext, nest, end, layer)
                                       : child_drains * pes;
                    to_child = from_child - (merge ? distinct_shared : child_distinct * pes);
                } else {
                    // Multicast reaches the PEs that need the identical tile (spatial loops irrelevant
                    // to o); overlapping windows of neighbouring PEs are sent to each (Timeloop, R4).
                    to_child = child_fills * (merge ? relevantSpatial(o, nest) : pes);
                }
                c.noc_words += to_child + from_child;
                c.noc_delivered_words += (o == Operand::Output ? child_fills + child_drains : child_fills) * pes;
            } else {
                to_child = child_fills;
                from_child = child_drains;
            }
            if (o == Operand::Output) {
                s.updates[o] = from_child;
                s.reads[o] = to_child;
            } else {
                s.reads[o] = to_child;
            }

            // Traffic between this level and its parent.
            if (i > 0) {
                const double d = delivered(o, tiles[i][o], nest.extent[i], nest, nest.level_begin[i], layer);
                if (o == Operand::Output) {
                    child_distinct = per_pe ? distinct_pe : distinct_shared;
                    child_drains = d;
                    child_fills = d - child_distinct;
                    s.fills[o] = child_fills;
                } else {
                    child_fills = d;
                    s.fills[o] = d;
                }
            }
            child = i;
        }
    }
    // With no per-PE level, the MACs' operands cross the NoC from the innermost shared level.
    if (fanout >= L) {
        for (Operand o : workload::kAllOperands) {
            for (int i = L - 1; i >= 0; --i) {
                if (!mapping::keeps(acc, m, i, o)) continue;
                c.noc_words += c.levels[i].reads[o] + c.levels[i].updates[o];
                c.noc_delivered_words += double(nest.temporal_iterations) * pes * (o == Operand::Output ? 2.0 : 1.0);
                break;
            }
        }
    }

    // Time: compute, each level's port, the NoC; double-buffered ports overlap compute.
    c.compute_cycles = fmt.mac_rate.cyclesFor(double(nest.temporal_iterations));
    double overlapped = c.compute_cycles, serial = 0;
    c.bound = Bound::Compute;
    for (int i = 0; i < L; ++i) {
        const hardware::MemoryLevel& ml = acc.levels[i];
        LevelStats& s = c.levels[i];
        double words = 0;
        for (Operand o : workload::kAllOperands) {
            const double per_word = double(prec[o].bits) / ml.word_bits;
            const double rd = s.reads[o] * per_word, wr = (s.fills[o] + s.updates[o]) * per_word;
            words += rd + wr;
            s.energy_pj += ceilCount(rd / ml.block_words) * tables.level[i].read_pj +
                           ceilCount(wr / ml.block_words) * tables.level[i].write_pj;
        }
        s.energy_pj *= s.instances;
        s.words = words;
        if (ml.bandwidth_words_per_cycle > 0) s.transfer_cycles = words / ml.bandwidth_words_per_cycle;
        if (ml.double_buffered) {
            if (s.transfer_cycles > overlapped) {
                overlapped = s.transfer_cycles;
                c.bound = Bound::Memory;
                c.bound_level = i;
            }
            // Pipeline fill: the first tile of this level crosses its parent's port before compute starts.
            if (i > 0 && acc.levels[i - 1].bandwidth_words_per_cycle > 0) {
                double first = 0;
                for (Operand o : workload::kAllOperands)
                    first += s.tile[o] * prec[o].bits / acc.levels[i - 1].word_bits;
                c.startup_cycles += first / acc.levels[i - 1].bandwidth_words_per_cycle;
            }
        } else {
            serial += s.transfer_cycles;
            s.stall_cycles = s.transfer_cycles;
        }
    }
    if (acc.noc.bandwidth_words_per_cycle > 0) c.noc_cycles = c.noc_words / acc.noc.bandwidth_words_per_cycle;
    if (c.noc_cycles > overlapped) {
        overlapped = c.noc_cycles;
        c.bound = Bound::Noc;
        c.bound_level = -1;
    }
    if (serial > overlapped && serial > 0) {
        // Unhidden transfers dominate: report the largest serial level as the bound.
        double worst = 0;
        for (int i = 0; i < L; ++i)
            if (!acc.levels[i].double_buffered && c.levels[i].transfer_cycles > worst) {
                worst = c.levels[i].transfer_cycles;
                c.bound = Bound::Memory;
                c.bound_level = i;
            }
    }
    c.overlap_cycles = overlapped;
    c.cycles = overlapped + serial + c.startup_cycles;
    c.noc_bandwidth_words_per_cycle = c.compute_cycles > 0 ? c.noc_words / c.compute_cycles : 0;
    c.utilization = c.macs / (c.compute_cycles * double(acc.pe.count()) * fmt.mac_rate.perCycle());

    // Energy.
    c.energy.mac_pj = c.macs * fmt.mac_pj;
    c.energy.noc_pj = c.noc_delivered_words * fmt.hop_pj;
    for (int i = 0; i < L; ++i) {
        LevelStats& s = c.levels[i];
        s.leakage_pj = tables.level[i].leak_pj_per_cycle * s.instances * c.cycles;
        c.energy.level_pj[i] = s.energy_pj;
        c.energy.leakage_pj += s.leakage_pj;
    }
    return c;
}

} // namespace

LayerCost evaluateMemoryOnly(const workload::Layer& layer, const hardware::Accelerator& acc,
                             const hardware::CostTables& tables) {
    LayerCost c;
    const int L = acc.numLevels();
    c.num_levels = L;
    if (L < 1 || L > mapping::kMaxLevels) {
        c.violation = {mapping::Violation::Kind::LevelCount, -1, Dim::N, double(mapping::kMaxLevels), double(L)};
        return c;
    }
    const hardware::LayerFormat fmt = hardware::layerFormat(layer, acc, tables);
    const int in_bits = fmt.precision[Operand::Input].bits, out_bits = fmt.precision[Operand::Output].bits;
    const double in = double(layer.tensorSize(Operand::Input));
    const double out = double(layer.tensorSize(Operand::Output));
    const double lanes = double(acc.pe.count()) * std::max(1, acc.pe.macs_per_pe);
    c.compute_cycles = std::ceil(double(layer.vectorOps()) / lanes);
    c.pes_used = double(acc.pe.count());
    // Inputs are read once from DRAM and streamed through the innermost shared level.
    const int shared = std::max(0, std::min(L, acc.fanoutLevel()) - 1);
    double overlapped = c.compute_cycles;
    for (int i : {0, shared}) {
        LevelStats& s = c.levels[i];
        if (s.words > 0) continue; // shared == 0: DRAM already counted
        s.reads[Operand::Input] = in;
        s.updates[Operand::Output] = out;
        if (i > 0) {
            s.fills[Operand::Input] = in;
            s.reads[Operand::Output] = 0;
        }
        const hardware::MemoryLevel& ml = acc.levels[i];
        const double rd = in * in_bits / ml.word_bits;
        const double wr = (s.fills[Operand::Input] * in_bits + out * out_bits) / ml.word_bits;
        s.words = rd + wr;
        s.energy_pj = std::ceil(rd / ml.block_words) * tables.level[i].read_pj +
                      std::ceil(wr / ml.block_words) * tables.level[i].write_pj;
        if (ml.bandwidth_words_per_cycle > 0) s.transfer_cycles = s.words / ml.bandwidth_words_per_cycle;
        if (s.transfer_cycles > overlapped) {
            overlapped = s.transfer_cycles;
            c.bound = Bound::Memory;
            c.bound_level = i;
        }
        c.energy.level_pj[i] = s.energy_pj;
    }
    c.cycles = c.overlap_cycles = overlapped;
    c.noc_words = c.noc_delivered_words = in + out;
    c.energy.noc_pj = c.noc_delivered_words * fmt.hop_pj;
    c.utilization = 0;
    for (int i = 0; i < L; ++i) {
        c.levels[i].instances = acc.levels[i].per_pe ? double(acc.pe.count()) : 1.0;
        c.levels[i].leakage_pj = tables.level[i].leak_pj_per_cycle * c.levels[i].instances * c.cycles;
        c.energy.leakage_pj += c.levels[i].leakage_pj;
    }
    return c;
}

} // namespace archscape::model
