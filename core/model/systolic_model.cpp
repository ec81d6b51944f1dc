#include "model/systolic_model.h"

#include <algorithm>
#include <cmath>

#include "model/cost_model.h"
#include "model/systolic_geometry.h"
#include "model/systolic_prefetch.h"
#include "model/systolic_replay.h"
#include "model/systolic_user_replay.h"

namespace archscape::model {

using hardware::SystolicDataflow;
using workload::Operand;

namespace {

/// How a read operand's fold slices repeat in SCALE-Sim's fold order (column fold outer).
enum class Reuse : std::uint8_t {
    Consecutive, ///< same slice for every row fold of a column fold (os filter)
    Cyclic,      ///< slice chosen by the row fold: the whole operand streams once per column fold
    Once,        ///< every fold reads its own block (ws filter, is ifmap)
};

Reuse reuseOf(SystolicDataflow df, Operand o) {
    switch (df) {
    case SystolicDataflow::OutputStationary: return o == Operand::Weight ? Reuse::Consecutive : Reuse::Cyclic;
    case SystolicDataflow::WeightStationary: return o == Operand::Weight ? Reuse::Once : Reuse::Cyclic;
    case SystolicDataflow::InputStationary: return o == Operand::Input ? Reuse::Once : Reuse::Cyclic;
    }
    return Reuse::Once;
}

/// The epoch rule of SCALE-Sim's CALC-mode read buffer (scalesim-v2.md §6.3) applied to whole
/// fold slices instead of single addresses: exact when a fold's addresses are distinct and the
/// slices of different folds are disjoint (every GEMM), see docs/systolic.md.
struct EpochCounter {
    double capacity = 1; ///< E = 50·floor(S/100)
    double in_epoch = 0; ///< misses of the open epoch
    double misses = 0;
    double closes = 0;
    double last_close_line = 0;

    /// Reads a slice of z addresses whose suffix [resident, z) is still in the epoch; returns the
    /// new resident suffix start. Positions map linearly onto the lines [first, last].
    double read(double z, double resident, double first, double last) {
        if (in_epoch + resident < capacity) {
            in_epoch += resident;
            misses += resident;
            return 0;
        }
        const double first_close = capacity - in_epoch;
        const double more = std::floor((z - first_close) / capacity);
        const double close_pos = first_close + more * capacity;
        closes += 1 + more;
        misses += z; // after the first close nothing of this slice is resident any more
        in_epoch = z - close_pos;
        last_close_line = first + std::ceil((last - first) * (close_pos - 1) / std::max(1.0, z - 1));
        return close_pos;
    }
};

/// Distinct addresses in one fold's slice of operand o (closed form, docs/systolic.md).
/// Filters and GEMM ifmaps never repeat an address inside a slice. A weight-stationary conv ifmap
/// slice is a run of window elements (tap, channel) over every pixel: one tap of one channel touches
/// M distinct positions, n taps of a channel at most min(n·M, that channel's touched positions).
/// Other conv ifmap slices share the layer's repeat factor M·K / distinct evenly.
double sliceDistinct(const SystolicGeometry& g, Operand o, const SystolicProblem& p, double distinct, double repeat,
                     std::int64_t ru, std::int64_t cu) {
    const double entries = double(g.foldEntries(o, ru, cu));
    if (o != Operand::Input || repeat <= 1) return entries;
    if (g.dataflow != SystolicDataflow::WeightStationary) return entries / repeat;
    const std::int64_t ch = p.channels, full = ru / ch, rem = ru % ch;
    const double per_channel = distinct / double(ch), M = double(p.m);
    const auto taps = [&](std::int64_t n) { return n == 0 ? 0.0 : std::min(double(n) * M, per_channel); };
    return double(rem) * taps(full + 1) + double(ch - rem) * taps(full);
}

/// Closed-form CALC-mode DRAM reads of a read operand (docs/systolic.md, "DRAM traffic").
AccessWindow calcDramReads(const SystolicGeometry& g, Operand o, const SystolicProblem& p, double distinct,
                           double accesses_per_distinct, double sram_elements) {
    AccessWindow w;
    const double items = std::max(1.0, std::floor(sram_elements / 100));
    EpochCounter e;
    e.capacity = std::max(1.0, 50 * std::floor(sram_elements / 100));
    const Reuse reuse = reuseOf(g.dataflow, o);
    const double first_line = double(g.firstLine(o, g.rowsUsed(0)));
    // A conv ifmap under os: consecutive pixel slices share halo rows with the output row above;
    // the halo hits only if no epoch closed since the slice that read that row began.
    const bool os_halo =
        g.dataflow == SystolicDataflow::OutputStationary && o == Operand::Input && accesses_per_distinct > 1;
    const bool is_conv =
        g.dataflow == SystolicDataflow::InputStationary && o == Operand::Input && accesses_per_distinct > 1;
    constexpr std::int64_t kHistory = 64;
    double closes_at[kHistory] = {};
    if (distinct < e.capacity) {
        e.misses = distinct; // fewer distinct addresses than one epoch: nothing is ever forgotten
    } else {
        double resident = 0, block_pixels = 0;
        for (std::int64_t fc = 0; fc < g.col_folds; ++fc) {
            if (is_conv) {
                // is: column fold fc sweeps every window element of its pixel block; the sweep's
                // distinct elements (less the halo still held from the block above) spread over
                // its row folds.
                const std::int64_t p0 = fc * g.C, p1 = p0 + g.colsUsed(fc);
                block_pixels = p.windowUnion(p0, p1);
                const std::int64_t src = std::max<std::int64_t>(0, p0 - p.out_w) / g.C;
                const bool kept = fc > 0 && fc - src < kHistory && closes_at[src % kHistory] == e.closes;
                if (kept) block_pixels = std::min(block_pixels, p.windowPrefix(p1) - p.windowPrefix(p0));
                closes_at[fc % kHistory] = e.closes;
            }
            for (std::int64_t fr = 0; fr < g.row_folds; ++fr) {
                const std::int64_t ru = g.rowsUsed(fr), cu = g.colsUsed(fc);
                double z = is_conv ? block_pixels * double(ru) / double(p.k)
                                   : sliceDistinct(g, o, p, distinct, accesses_per_distinct, ru, cu);
                if (os_halo) {
                    const std::int64_t p0 = fr * g.R, p1 = p0 + ru;
                    z = p.windowUnion(p0, p1);
                    const std::int64_t src = std::max<std::int64_t>(0, p0 - p.out_w) / g.R;
                    const bool kept = fr > 0 && fr - src < kHistory && closes_at[src % kHistory] == e.closes;
                    if (kept) z = std::min(z, p.windowPrefix(p1) - p.windowPrefix(p0));
                    closes_at[fr % kHistory] = e.closes;
                }
                if (reuse != Reuse::Consecutive || fr == 0) resident = z;
                if (resident <= 0 && reuse == Reuse::Consecutive) break; // the slice stays: all hits
                const double base = double((fc * g.row_folds + fr) * g.lines);
                resident = e.read(z, resident, base + double(g.firstLine(o, ru)), base + double(g.lastLine(o, ru, cu)));
            }
        }
    }
    w.count = std::round(e.misses);
    if (e.closes == 0) {
        w.start_cycle = -std::ceil(std::ceil(w.count / items) * items / 10);
        w.stop_cycle = -1;
    } else {
        w.start_cycle = first_line - std::ceil(e.capacity / 10);
        w.stop_cycle = e.last_close_line + 1;
    }
    return w;
}

/// Closed-form ofmap write-buffer traffic: drains of D = S − ceil(S/2) elements at `bw` per cycle.
AccessWindow dramWrites(const SystolicGeometry& g, double writes, double sram_elements, double bw, double total) {
    AccessWindow w;
    w.count = writes;
    const double d = sram_elements - std::ceil(sram_elements / 2);
    const double group_lines = std::max(1.0, std::ceil(d / bw));
    if (writes <= d || d <= 0) {
        w.start_cycle = total;
        w.stop_cycle = total + std::ceil(writes / bw) - 1;
        return w;
    }
    // The first drain starts when more than D outputs wait; each drain moves ceil(D/bw) lines.
    double cum = 0;
    bool found = false;
    for (std::int64_t fc = 0; fc < g.col_folds && !found; ++fc) {
        for (std::int64_t fr = 0; fr < g.row_folds; ++fr) {
            const std::int64_t ru = g.rowsUsed(fr), cu = g.colsUsed(fc);
            const double here = double(g.foldEntries(Operand::Output, ru, cu));
            if (cum + here > d) {
                const double base = double((fc * g.row_folds + fr) * g.lines);
                const double a = double(g.firstLine(Operand::Output, ru)),
                             b = double(g.lastLine(Operand::Output, ru, cu));
                w.start_cycle = base + a + std::floor((b - a) * (d - cum) / std::max(1.0, here - 1));
                found = true;
                break;
            }
            cum += here;
        }
    }
    const double per_drain = group_lines * bw;
    const double drains = std::floor((writes - d - 1) / per_drain) + 1;
    const double rest = std::max(0.0, writes - drains * per_drain);
    const double rest_lines = std::ceil(rest / bw);
    w.stop_cycle = rest_lines > 0 ? total + rest_lines - 1 + std::ceil(rest_lines / group_lines) - 1 : total;
    return w;
}

} // namespace

SystolicReport systolicReport(const SystolicProblem& p, const hardware::Accelerator& acc,
                              const SystolicOptions& options) {
    return systolicReport(p, acc, options, acc.precision);
}

SystolicReport systolicReport(const SystolicProblem& p, const hardware::Accelerator& acc,
                              const SystolicOptions& options, const workload::PerOperand<Precision>& precision) {
    const SystolicGeometry g =
        systolicGeometry(p, std::max(1, acc.pe.rows), std::max(1, acc.pe.cols), acc.systolic_dataflow);
    const SystolicMemory mem = systolicMemory(acc, precision);
    SystolicReport r;
    r.dataflow = g.dataflow;
    r.rows = int(g.R);
    r.cols = int(g.C);
    r.m = p.m, r.n = p.n, r.k = p.k, r.groups = p.groups;
    r.sr = g.sr, r.sc = g.sc, r.t = g.t;
    r.row_folds = g.row_folds, r.col_folds = g.col_folds, r.lines_per_fold = g.lines;
    r.user_bandwidth = mem.user_bandwidth;

    const double R = double(g.R), C = double(g.C), Rf = double(g.row_folds), Cf = double(g.col_folds);
    const double M = double(p.m), N = double(p.n), K = double(p.k);
    const double folds = Rf * Cf, L = double(g.lines);
    r.compute_cycles = folds * L - 1;
    r.mapping_efficiency_pct = 100.0 * double(g.sr) * double(g.sc) / (folds * R * C);
    // SCALE-Sim measures the ws/is fold on the unskewed stationary matrix and adds the skew: C−1 more.
    const double util_lines = g.dataflow == SystolicDataflow::OutputStationary ? L : L + C - 1;
    r.compute_util_pct = 100.0 * double(g.sr) * double(g.sc) * double(g.t) / (folds * R * C * util_lines);

    // SRAM accesses: the sizes of the demand slices (scalesim-v2.md §6.1).
    double ofmap_writes = 0; // valid ofmap entries pushed through the write buffer
    switch (g.dataflow) {
    case SystolicDataflow::OutputStationary:
        r.sram[Operand::Input].count = M * K * Cf;
        r.sram[Operand::Weight].count = K * N * Rf;
        ofmap_writes = M * N;
        r.sram[Operand::Output].count = M * N + folds * (R + C); // SCALE-Sim counts the padded block twice
        break;
    case SystolicDataflow::WeightStationary:
        r.sram[Operand::Input].count = M * K * Cf;
        r.sram[Operand::Weight].count = K * N;
        ofmap_writes = r.sram[Operand::Output].count = M * N * Rf;
        break;
    case SystolicDataflow::InputStationary:
        r.sram[Operand::Input].count = M * K;
        r.sram[Operand::Weight].count = K * N * Cf;
        ofmap_writes = r.sram[Operand::Output].count = M * N * Rf;
        break;
    }
    const std::int64_t ru0 = g.rowsUsed(0), ru_last = g.rowsUsed(g.row_folds - 1);
    const std::int64_t cu0 = g.colsUsed(0), cu_last = g.colsUsed(g.col_folds - 1);
    const double last_base = (folds - 1) * L;
    for (Operand o : workload::kAllOperands) {
        const double latency = o == Operand::Output ? 0 : 1; // reads carry the SRAM hit latency
        r.sram[o].start_cycle = double(g.firstLine(o, ru0)) + latency;
        r.sram[o].stop_cycle = last_base + double(g.lastLine(o, ru_last, cu_last)) + latency;
    }
    const double ru_max = double(ru0), cu_max = double(cu0), T = double(g.t);
    switch (g.dataflow) {
    case SystolicDataflow::OutputStationary:
        r.peak_sram_bandwidth[Operand::Input] = std::min(ru_max, T);
        r.peak_sram_bandwidth[Operand::Weight] = std::min(cu_max, T);
        r.peak_sram_bandwidth[Operand::Output] = std::min(ru_max, cu_max);
        break;
    case SystolicDataflow::WeightStationary:
        r.peak_sram_bandwidth[Operand::Weight] = cu_max;
        r.peak_sram_bandwidth[Operand::Input] = std::min(ru_max, T);
        r.peak_sram_bandwidth[Operand::Output] = std::min(cu_max, T);
        break;
    case SystolicDataflow::InputStationary:
        r.peak_sram_bandwidth[Operand::Input] = cu_max;
        r.peak_sram_bandwidth[Operand::Weight] = std::min(ru_max, T);
        r.peak_sram_bandwidth[Operand::Output] = std::min(cu_max, T);
        break;
    }

    // DRAM traffic and stalls.
    const workload::PerOperand<double> distinct = [&] {
        workload::PerOperand<double> d{};
        d[Operand::Input] = double(p.touchedIfmapElements());
        d[Operand::Weight] = K * N;
        return d;
    }();
    // A convolution's ifmap demand repeats addresses (overlapping windows): M·K accesses to
    // `distinct` elements. The closed form spreads the distinct elements evenly over the slices.
    workload::PerOperand<double> repeat = workload::PerOperand<double>::filled(1.0);
    repeat[Operand::Input] = std::max(1.0, M * K / std::max(1.0, distinct[Operand::Input]));

    double stall = 0;
    if (!mem.user_bandwidth) {
        for (Operand o : {Operand::Input, Operand::Weight}) {
            if (mem.sram_elements[o] <= 0) {
                r.dram[o] = r.sram[o];
            } else {
                r.dram[o] = calcDramReads(g, o, p, distinct[o], repeat[o], mem.sram_elements[o]);
            }
        }
        r.dram[Operand::Output] =
            mem.sram_elements[Operand::Output] <= 0
                ? AccessWindow{r.sram[Operand::Output].start_cycle, r.sram[Operand::Output].stop_cycle, ofmap_writes}
                : dramWrites(g, ofmap_writes, mem.sram_elements[Operand::Output], C, r.compute_cycles);
    } else {
        // USER mode: each buffer has the DRAM bandwidth; the active half is preloaded before cycle 0,
        // the window then moves as SCALE-Sim moves it, followed slice by slice (systolic_prefetch.h).
        for (Operand o : {Operand::Input, Operand::Weight}) {
            if (mem.sram_elements[o] <= 0) {
                r.dram[o] = r.sram[o]; // no SRAM: straight from DRAM, never waiting
                continue;
            }
            const PrefetchEstimate e =
                estimatePrefetch(g, p, o, mem.sram_elements[o], wholeWordsPerCycle(mem.dram_elements_per_cycle[o]));
            r.dram[o] = e.dram;
            stall = std::max(stall, e.stall);
        }
        const double bw = std::max(1e-9, mem.dram_elements_per_cycle[Operand::Output]);
        const double s = mem.sram_elements[Operand::Output];
        if (ofmap_writes > s) {
            // Bandwidth bound: all but a full buffer drained at `bw`. Drain bound: drains of D = S − ⌈S/2⌉
            // start once D outputs wait (t0) and then run back to back, ⌈D/bw⌉ cycles each; the last
            // output waits for the j-th, j = ⌈(writes − S)/D⌉, to free its space.
            const double d = s - std::ceil(s / 2);
            stall = std::max(stall, (ofmap_writes - s) / bw - r.compute_cycles);
            if (d > 0) {
                const double t0 = dramWrites(g, ofmap_writes, s, bw, r.compute_cycles).start_cycle;
                const double drains = std::ceil((ofmap_writes - s) / d);
                stall = std::max(stall, t0 + (drains - 1) * std::ceil(d / bw) - r.compute_cycles);
            }
        }
        stall = std::max(0.0, std::ceil(stall));
        r.dram[Operand::Output] = dramWrites(g, ofmap_writes, s, bw, r.compute_cycles + stall);
    }
    r.stall_cycles = stall;
    r.total_cycles = r.compute_cycles + stall;
    for (Operand o : workload::kAllOperands) r.sram[o].stop_cycle += stall;

    if (options.exact_memory) {
        if (mem.user_bandwidth) replayUserMemory(p, g, mem, r);
        else replayCalcMemory(p, g, mem, r);
    }

    r.overall_util_pct = 100.0 * M * N * K / (r.total_cycles * R * C);
    double dram_total = 0;
    for (Operand o : workload::kAllOperands) dram_total += r.dram[o].count;
    r.dram_bandwidth_needed = r.compute_cycles > 0 ? dram_total / r.compute_cycles : 0;
    return r;
}

LayerCost toLayerCost(const SystolicReport& r, const hardware::Accelerator& acc, const hardware::CostTables& tables) {
    return toLayerCost(r, acc, tables, hardware::acceleratorFormat(acc, tables));
}

LayerCost toLayerCost(const SystolicReport& r, const hardware::Accelerator& acc, const hardware::CostTables& tables,
                      const hardware::LayerFormat& format) {
    const auto& precision = format.precision;
    LayerCost c;
    const double G = double(r.groups);
    const int L = std::min(acc.numLevels(), mapping::kMaxLevels);
    c.num_levels = L;
    c.macs = G * double(r.m) * double(r.n) * double(r.k);
    c.compute_cycles = G * r.compute_cycles;
    c.cycles = G * r.total_cycles;
    // Runtime = the folds' steady streaming (one line of T per fold) + their skewed fill and drain + stalls.
    c.overlap_cycles = G * double(r.row_folds * r.col_folds * r.t);
    c.startup_cycles = G * r.compute_cycles - c.overlap_cycles;
    c.pes_used = double(std::min<std::int64_t>(r.rows, r.sr) * std::min<std::int64_t>(r.cols, r.sc));
    c.utilization = c.compute_cycles > 0 ? c.macs / (c.compute_cycles * double(r.rows) * double(r.cols)) : 0;
    if (r.stall_cycles > 0) {
        c.bound = Bound::Memory;
        c.bound_level = 0;
    }
    if (L == 0) return c;

    c.levels[0].stall_cycles = G * r.stall_cycles; // waiting for DRAM (USER mode)
    const SystolicMemory mem = systolicMemory(acc, precision);
    // Real ofmap SRAM writes: without the OS quirk's padded-block recount.
    double ofmap_sram = r.sram[Operand::Output].count;
    if (r.dataflow == SystolicDataflow::OutputStationary) ofmap_sram = double(r.m) * double(r.n);
    LevelStats& dram = c.levels[0];
    dram.reads[Operand::Input] += G * r.dram[Operand::Input].count;
    dram.reads[Operand::Weight] += G * r.dram[Operand::Weight].count;
    dram.updates[Operand::Output] += G * r.dram[Operand::Output].count;
    for (Operand o : workload::kAllOperands) {
        const int li = mem.level[o];
        if (li <= 0 || li >= L) continue;
        LevelStats& s = c.levels[li];
        if (o == Operand::Output) {
            s.updates[o] = G * ofmap_sram;
            s.reads[o] = G * r.dram[o].count; // drained towards DRAM
        } else {
            s.reads[o] = G * r.sram[o].count;
            s.fills[o] = G * r.dram[o].count;
        }
        const double held = o == Operand::Input    ? double(r.m) * double(r.k)
                            : o == Operand::Weight ? double(r.k) * double(r.n)
                                                   : double(r.m) * double(r.n);
        s.tile[o] = std::min(held, mem.sram_elements[o]);
        s.occupancy_bits += s.tile[o] * precision[o].bits;
    }
    for (int i = 0; i < L; ++i) {
        const hardware::MemoryLevel& ml = acc.levels[i];
        LevelStats& s = c.levels[i];
        s.instances = ml.per_pe ? double(acc.pe.count()) : 1.0;
        s.capacity_bits = 8.0 * double(ml.capacity_bytes);
        double words = 0;
        for (Operand o : workload::kAllOperands) {
            const double per_word = double(precision[o].bits) / ml.word_bits;
            const double rd = s.reads[o] * per_word, wr = (s.fills[o] + s.updates[o]) * per_word;
            words += rd + wr;
            s.energy_pj += std::ceil(rd / ml.block_words) * tables.level[i].read_pj +
                           std::ceil(wr / ml.block_words) * tables.level[i].write_pj;
        }
        s.words = words;
        if (ml.bandwidth_words_per_cycle > 0) s.transfer_cycles = words / ml.bandwidth_words_per_cycle;
        s.leakage_pj = tables.level[i].leak_pj_per_cycle * s.instances * c.cycles;
        c.energy.level_pj[i] = s.energy_pj;
        c.energy.leakage_pj += s.leakage_pj;
    }
    // The array edge is the "NoC": every SRAM word enters or leaves it once; neighbour forwarding
    // inside the array is part of the PE (MAC) cost.
    c.noc_words = c.noc_delivered_words =
        G * (r.sram[Operand::Input].count + r.sram[Operand::Weight].count + ofmap_sram);
    c.noc_cycles = 0;
    c.noc_bandwidth_words_per_cycle = c.compute_cycles > 0 ? c.noc_words / c.compute_cycles : 0;
    c.energy.mac_pj = c.macs * format.mac_pj;
    c.energy.noc_pj = c.noc_delivered_words * format.hop_pj;
    return c;
}

LayerCost evaluateSystolic(const workload::Layer& layer, const hardware::Accelerator& acc,
                           const SystolicOptions& options) {
    return evaluateSystolic(layer, acc, hardware::costTables(acc), options);
}

LayerCost evaluateSystolic(const workload::Layer& layer, const hardware::Accelerator& acc,
                           const hardware::CostTables& tables, const SystolicOptions& options) {
    if (acc.numLevels() < 1 || acc.numLevels() > mapping::kMaxLevels) {
        LayerCost c;
        c.macs = double(layer.macs());
        c.violation = {mapping::Violation::Kind::LevelCount, -1, workload::Dim::N, double(mapping::kMaxLevels),
                       double(acc.numLevels())};
        return c;
    }
    if (!workload::hasMacs(layer.type)) return evaluateMemoryOnly(layer, acc, tables);
    const hardware::LayerFormat format = hardware::layerFormat(layer, acc, tables);
    return toLayerCost(systolicReport(lowerToSystolic(layer), acc, options, format.precision), acc, tables, format);
}

std::optional<SystolicReport> systolicLayerReport(const workload::Layer& layer, const hardware::Accelerator& acc,
                                                  const hardware::CostTables& tables, const SystolicOptions& options) {
    if (acc.kind != hardware::AcceleratorKind::Systolic || !workload::hasMacs(layer.type) || acc.numLevels() < 1 ||
        acc.numLevels() > mapping::kMaxLevels)
        return std::nullopt;
    return systolicReport(lowerToSystolic(layer), acc, options, hardware::layerFormat(layer, acc, tables).precision);
}

} // namespace archscape::model
