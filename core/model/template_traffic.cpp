#include "model/template_traffic.h"

#include <algorithm>
#include <cmath>

namespace archscape::model {

namespace {

// Words, transfer cycles and energy of a level's traffic: reads at read energy, the rest at write.
void charge(LevelStats& s, const hardware::MemoryLevel& ml, const hardware::LevelCosts& costs,
            const PerOperand<Precision>& p) {
    double bits = 0, read_bits = 0;
    for (Operand o : workload::kAllOperands) {
        bits += (s.reads[o] + s.fills[o] + s.updates[o]) * p[o].bits;
        read_bits += s.reads[o] * p[o].bits;
    }
    s.words = bits / ml.word_bits;
    s.transfer_cycles = ml.bandwidth_words_per_cycle > 0 ? std::ceil(s.words / ml.bandwidth_words_per_cycle) : 0.0;
    const double access = std::max(1, ml.block_words);
    const double read_words = read_bits / ml.word_bits;
    s.energy_pj = read_words / access * costs.read_pj + (s.words - read_words) / access * costs.write_pj;
}

} // namespace

void chargeTemplateLevels(LayerCost& c, const workload::Layer& layer, double dram_weights, const LevelStats& buffer,
                          const hardware::Accelerator& acc, const hardware::CostTables& tables,
                          const PerOperand<Precision>& precision) {
    LevelStats& dram = c.levels[0];
    dram.reads[Operand::Weight] = dram_weights;
    dram.reads[Operand::Input] = double(layer.tensorSize(Operand::Input));
    dram.updates[Operand::Output] = double(layer.tensorSize(Operand::Output));
    charge(dram, acc.levels[0], tables.level[0], precision);
    double slowest = dram.transfer_cycles;
    int slowest_level = 0;
    if (acc.numLevels() > 1) {
        c.levels[1] = buffer;
        charge(c.levels[1], acc.levels[1], tables.level[1], precision);
        if (c.levels[1].transfer_cycles > slowest) {
            slowest = c.levels[1].transfer_cycles;
            slowest_level = 1;
        }
    }
    c.cycles = std::max(c.compute_cycles, slowest);
    c.bound = slowest > c.compute_cycles ? Bound::Memory : Bound::Compute;
    c.bound_level = c.bound == Bound::Memory ? slowest_level : -1;
    for (int l = 0; l < c.num_levels; ++l) c.energy.level_pj[l] = c.levels[l].energy_pj;
}

} // namespace archscape::model
