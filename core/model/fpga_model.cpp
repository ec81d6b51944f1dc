#include "model/fpga_model.h"

#include <algorithm>
#include <cmath>

#include "hardware/fpga_resources.h"
#include "model/cost_model.h"

namespace archscape::model {

namespace {

using workload::Dim;

double ceilDiv(double a, double b) { return std::ceil(a / b); }

// The PE array's cycles for `k` output channels: one qvec × cvec × kvec tile a cycle, edge tiles
// padded; `stall` = share of cycles the filter cache's read port is taken by in-BRAM compute.
double peCycles(const workload::Layer& l, const hardware::FpgaTemplate& t, std::int64_t k, double stall) {
    if (k <= 0) return 0;
    const double tiles = double(l.bound(Dim::N)) * double(l.bound(Dim::G)) * double(l.bound(Dim::P)) *
                         ceilDiv(double(l.bound(Dim::Q)), t.qvec) * double(l.bound(Dim::R)) * double(l.bound(Dim::S)) *
                         ceilDiv(double(l.bound(Dim::C)), t.cvec) * ceilDiv(double(k), t.kvec);
    return std::ceil(tiles / (1.0 - stall));
}

// The computing blocks' cycles for `k` output channels: every output is a dot product of C·R·S
// elements, taken `elements` per iteration; the outputs are spread over all lanes of all copies of
// all blocks (perfect packing: an upper bound on what a real layout reaches).
double bramCycles(const workload::Layer& l, const hardware::BramComputeRate& r, std::int64_t blocks, std::int64_t k) {
    if (k <= 0) return 0;
    const double outputs = double(k) * double(l.bound(Dim::N)) * double(l.bound(Dim::G)) * double(l.bound(Dim::P)) *
                           double(l.bound(Dim::Q));
    const double length = double(l.bound(Dim::C)) * double(l.bound(Dim::R)) * double(l.bound(Dim::S));
    const double iterations = outputs * ceilDiv(length, r.elements);
    const double slots = double(blocks) * r.lanes * r.copies;
    return ceilDiv(iterations, slots) * r.cycles;
}

} // namespace

FpgaSplit fpgaSplit(const workload::Layer& layer, const hardware::Accelerator& acc) {
    const hardware::FpgaTemplate& t = acc.fpga;
    const auto p = acc.precisionOf(layer);
    const std::int64_t K = layer.bound(Dim::K);
    const std::int64_t blocks = hardware::fpgaResources(acc).filter_cache_brams;
    const auto rate =
        hardware::bramComputeRate(t.bram_compute, p[workload::Operand::Weight], p[workload::Operand::Input]);
    FpgaSplit s;
    s.peak_macs_per_cycle = double(t.lanes());
    if (!rate || blocks <= 0) {
        s.pe_channels = K;
        s.pe_cycles = peCycles(layer, t, K, 0.0);
        return s;
    }
    s.peak_macs_per_cycle += double(blocks) * rate->macsPerCycle();
    const double stall = rate->portBusyFraction();
    // Candidates: everything on one side, and the whole kvec tiles either side of the split that
    // balances the two sides' rates; the one that finishes first wins (ties: the earlier candidate).
    // With every channel on the PE array nothing computes in the blocks, so it does not stall.
    const double pe_all = peCycles(layer, t, K, stall), bram_all = bramCycles(layer, *rate, blocks, K);
    const double share = bram_all / (pe_all + bram_all); // of K for the PE array at balanced finish
    const std::int64_t tile = t.kvec;
    const std::int64_t mid = std::int64_t(std::floor(share * double(K) / double(tile))) * tile;
    const std::int64_t candidates[] = {K, 0, std::clamp<std::int64_t>(mid, 0, K),
                                       std::clamp<std::int64_t>(mid + tile, 0, K)};
    double best = -1;
    for (std::int64_t kd : candidates) {
        const double pc = peCycles(layer, t, kd, kd == K ? 0.0 : stall);
        const double bc = bramCycles(layer, *rate, blocks, K - kd);
        const double finish = std::max(pc, bc);
        if (best < 0 || finish < best) {
            best = finish;
            s.pe_channels = kd;
            s.bram_channels = K - kd;
            s.pe_cycles = pc;
            s.bram_cycles = bc;
        }
    }
    return s;
}

LayerCost evaluateFpga(const workload::Layer& layer, const hardware::Accelerator& acc,
                       const hardware::CostTables& tables) {
    const hardware::FpgaResources res = hardware::fpgaResources(acc);
    if (const auto r = res.exceeded()) {
        LayerCost c;
        c.macs = double(layer.macs());
        c.violation = {mapping::Violation::Kind::Resource, -1, Dim::N, double(res.usedOf(*r)),
                       double(res.availableOf(*r)),        *r};
        return c;
    }
    if (!workload::hasMacs(layer.type)) return evaluateMemoryOnly(layer, acc, tables);
    if (acc.numLevels() < 1) {
        LayerCost c;
        c.macs = double(layer.macs());
        c.violation = {mapping::Violation::Kind::LevelCount, -1, Dim::N, 1.0, 0.0};
        return c;
    }

    const hardware::FpgaTemplate& t = acc.fpga;
    const hardware::LayerFormat fmt = hardware::layerFormat(layer, acc, tables);
    const auto& p = fmt.precision;
    LayerCost c;
    c.num_levels = std::min(acc.numLevels(), mapping::kMaxLevels);
    c.macs = double(layer.macs());
    const FpgaSplit s = fpgaSplit(layer, acc);
    c.compute_cycles = std::max(s.pe_cycles, s.bram_cycles);
    c.pes_used = double(t.lanes());
    c.utilization = c.compute_cycles > 0 ? c.macs / (c.compute_cycles * s.peak_macs_per_cycle) : 0.0;

    // DRAM traffic: weights once; inputs once when the activations fit the stream buffer, else
    // once per filter-cache load of weights; outputs once.
    const double w_el = double(layer.tensorSize(Operand::Weight)), i_el = double(layer.tensorSize(Operand::Input)),
                 o_el = double(layer.tensorSize(Operand::Output));
    const double w_bits = w_el * p[Operand::Weight].bits, i_bits = i_el * p[Operand::Input].bits,
                 o_bits = o_el * p[Operand::Output].bits;
    const double filter_bits = 8.0 * double(t.filter_cache_bytes), stream_bits = 8.0 * double(t.stream_buffer_bytes);
    const double loads = filter_bits > 0 ? std::max(1.0, std::ceil(w_bits / filter_bits)) : 1.0;
    const double input_passes = i_bits + o_bits <= stream_bits ? 1.0 : loads;
    LevelStats& dram = c.levels[0];
    dram.reads[Operand::Weight] = w_el;
    dram.reads[Operand::Input] = i_el * input_passes;
    dram.updates[Operand::Output] = o_el;
    const hardware::MemoryLevel& ml = acc.levels[0];
    const double bits = w_bits + i_bits * input_passes + o_bits;
    dram.words = bits / ml.word_bits;
    const double bw = ml.bandwidth_words_per_cycle;
    dram.transfer_cycles = bw > 0 ? std::ceil(dram.words / bw) : 0.0;
    const double access = std::max(1, ml.block_words);
    dram.energy_pj = dram.words / access * tables.level[0].read_pj;

    c.cycles = std::max(c.compute_cycles, dram.transfer_cycles);
    c.bound = dram.transfer_cycles > c.compute_cycles ? Bound::Memory : Bound::Compute;
    c.bound_level = c.bound == Bound::Memory ? 0 : -1;
    c.energy.mac_pj = c.macs * fmt.mac_pj;
    c.energy.level_pj[0] = dram.energy_pj;
    return c;
}

} // namespace archscape::model
