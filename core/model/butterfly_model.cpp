#include "model/butterfly_model.h"

#include <algorithm>
#include <cmath>

#include "model/cost_model.h"
#include "workload/butterfly.h"

namespace archscape::model {

namespace {

using workload::Operand;

double ceilDiv(double a, double b) { return std::ceil(a / b); }

// Words and energy of `elements` of each operand through one level.
void charge(LevelStats& s, const hardware::MemoryLevel& ml, const hardware::LevelCosts& costs,
            const workload::PerOperand<Precision>& p) {
    double bits = 0, read_bits = 0;
    for (Operand o : workload::kAllOperands) {
        const double moved = s.reads[o] + s.fills[o] + s.updates[o];
        bits += moved * p[o].bits;
        read_bits += s.reads[o] * p[o].bits;
    }
    s.words = bits / ml.word_bits;
    s.transfer_cycles = ml.bandwidth_words_per_cycle > 0 ? std::ceil(s.words / ml.bandwidth_words_per_cycle) : 0.0;
    const double access = std::max(1, ml.block_words);
    const double read_words = read_bits / ml.word_bits;
    s.energy_pj = read_words / access * costs.read_pj + (s.words - read_words) / access * costs.write_pj;
}

} // namespace

std::int64_t butterflyBlocksPerCycle(const hardware::Accelerator& acc) {
    return std::max<std::int64_t>(1, acc.pe.count() * acc.pe.macs_per_pe / 4);
}

LayerCost evaluateButterfly(const workload::Layer& layer, const hardware::Accelerator& acc,
                            const hardware::CostTables& tables) {
    const bool butterfly = layer.type == workload::LayerType::Butterfly;
    if (!butterfly && !workload::hasMacs(layer.type)) return evaluateMemoryOnly(layer, acc, tables);
    LayerCost c;
    c.macs = double(layer.macs());
    if (acc.numLevels() < 1) {
        c.violation = {mapping::Violation::Kind::LevelCount, -1, workload::Dim::N, 1.0, 0.0};
        return c;
    }
    const hardware::LayerFormat fmt = hardware::layerFormat(layer, acc, tables);
    c.num_levels = std::min(acc.numLevels(), mapping::kMaxLevels);
    const double lanes = double(acc.pe.count()) * acc.pe.macs_per_pe;
    const double w = double(layer.tensorSize(Operand::Weight)), i = double(layer.tensorSize(Operand::Input)),
                 o = double(layer.tensorSize(Operand::Output));
    LevelStats buffer; // the butterfly buffer's traffic (level 1, when the engine has one)
    if (butterfly) {
        const workload::ButterflyCounts b = workload::butterflyCounts(layer);
        const double per_cycle = double(butterflyBlocksPerCycle(acc));
        const double stage_blocks = double(b.vectors) * double(b.n / 2);
        c.compute_cycles = b.stages * ceilDiv(stage_blocks, per_cycle) + b.stages; // + one configuration a stage
        c.pes_used = std::min(double(acc.pe.count()), std::ceil(stage_blocks * 4 / acc.pe.macs_per_pe));
        // Each 2×2 block reads its 4 weights once per vector: units share a block only when one
        // stage of one vector has fewer blocks than the engine does a cycle.
        const double sharing = std::max(1.0, std::floor(per_cycle / double(b.n / 2)));
        buffer.reads[Operand::Weight] = 4.0 * double(b.blocks) / sharing;
        buffer.reads[Operand::Input] = double(b.stage_reads);
        buffer.updates[Operand::Output] = double(b.stage_reads);
    } else {
        c.compute_cycles = ceilDiv(c.macs, lanes) + 1; // + the switch to dense mode
        c.pes_used = double(acc.pe.count());
        // 2×2 tiles, no reuse beyond the tile: 2 inputs, 4 weights and 2 partial sums per 4 MACs.
        buffer.reads[Operand::Weight] = c.macs;
        buffer.reads[Operand::Input] = c.macs / 2;
        buffer.updates[Operand::Output] = c.macs / 2;
    }
    c.utilization = c.compute_cycles > 0 ? c.macs / (c.compute_cycles * lanes) : 0.0;

    LevelStats& dram = c.levels[0];
    dram.reads[Operand::Weight] = w;
    dram.reads[Operand::Input] = i;
    dram.updates[Operand::Output] = o;
    charge(dram, acc.levels[0], tables.level[0], fmt.precision);
    double slowest = dram.transfer_cycles;
    int slowest_level = 0;
    if (acc.numLevels() > 1) {
        c.levels[1] = buffer;
        charge(c.levels[1], acc.levels[1], tables.level[1], fmt.precision);
        if (c.levels[1].transfer_cycles > slowest) {
            slowest = c.levels[1].transfer_cycles;
            slowest_level = 1;
        }
    }
    c.cycles = std::max(c.compute_cycles, slowest);
    c.bound = slowest > c.compute_cycles ? Bound::Memory : Bound::Compute;
    c.bound_level = c.bound == Bound::Memory ? slowest_level : -1;
    c.energy.mac_pj = c.macs * fmt.mac_pj;
    for (int l = 0; l < c.num_levels; ++l) c.energy.level_pj[l] = c.levels[l].energy_pj;
    return c;
}

} // namespace archscape::model
