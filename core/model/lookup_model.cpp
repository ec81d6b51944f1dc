#include "model/lookup_model.h"

#include <algorithm>
#include <cmath>

#include "model/cost_model.h"
#include "workload/product_quantization.h"

namespace archscape::model {

namespace {

using workload::Operand;

// Words, transfer cycles and energy of a level's traffic: reads at read energy, the rest at write.
void charge(LevelStats& s, const hardware::MemoryLevel& ml, const hardware::LevelCosts& costs,
            const workload::PerOperand<Precision>& p) {
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

LayerCost evaluateLookup(const workload::Layer& layer, const hardware::Accelerator& acc,
                         const hardware::CostTables& tables) {
    const bool pq = layer.type == workload::LayerType::ProductQuantized;
    if (!pq && !workload::hasMacs(layer.type)) return evaluateMemoryOnly(layer, acc, tables);
    LayerCost c;
    c.macs = double(layer.macs());
    if (acc.numLevels() < 1) {
        c.violation = {mapping::Violation::Kind::LevelCount, -1, workload::Dim::N, 1.0, 0.0};
        return c;
    }
    const hardware::LayerFormat fmt = hardware::layerFormat(layer, acc, tables);
    const auto& p = fmt.precision;
    c.num_levels = std::min(acc.numLevels(), mapping::kMaxLevels);
    const double lanes = double(acc.pe.count()) * acc.pe.macs_per_pe;
    const double i = double(layer.tensorSize(Operand::Input)), o = double(layer.tensorSize(Operand::Output));
    double stored = double(layer.tensorSize(Operand::Weight)); // tables (PQ) or weights, at weight precision
    LevelStats buffer;
    double ops = c.macs;
    if (pq) {
        const workload::PqCounts q = workload::pqCounts(layer);
        // Centroids are stored at the input precision; counted in weight-precision elements.
        const double centroid_elements =
            double(q.centroids) * p[Operand::Input].bits / std::max(1, p[Operand::Weight].bits);
        stored += centroid_elements;
        const double need_bits =
            double(q.table_entries) * p[Operand::Weight].bits + double(q.centroids) * p[Operand::Input].bits;
        if (acc.numLevels() > 1 && acc.levels[1].capacity_bytes > 0 &&
            need_bits > 8.0 * double(acc.levels[1].capacity_bytes)) {
            c.violation = {mapping::Violation::Kind::Capacity, 1, workload::Dim::N, need_bits,
                           8.0 * double(acc.levels[1].capacity_bytes)};
            return c;
        }
        c.compute_cycles = std::ceil(double(q.encode_macs) / lanes) + std::ceil(double(q.lookups) / lanes);
        ops = double(q.encode_macs + q.lookups);
        buffer.reads[Operand::Weight] =
            double(q.lookups) + double(q.encode_macs) * p[Operand::Input].bits / std::max(1, p[Operand::Weight].bits);
        buffer.reads[Operand::Input] = i;
        buffer.updates[Operand::Output] = o;
    } else {
        c.compute_cycles = std::ceil(c.macs / lanes);
        buffer.reads[Operand::Weight] = stored;
        buffer.reads[Operand::Input] = i;
        buffer.updates[Operand::Output] = o;
    }
    c.pes_used = double(acc.pe.count());
    c.utilization = c.compute_cycles > 0 ? ops / (c.compute_cycles * lanes) : 0.0;
    LevelStats& dram = c.levels[0];
    dram.reads[Operand::Weight] = stored;
    dram.reads[Operand::Input] = i;
    dram.updates[Operand::Output] = o;
    charge(dram, acc.levels[0], tables.level[0], p);
    double slowest = dram.transfer_cycles;
    int slowest_level = 0;
    if (acc.numLevels() > 1) {
        c.levels[1] = buffer;
        charge(c.levels[1], acc.levels[1], tables.level[1], p);
        if (c.levels[1].transfer_cycles > slowest) {
            slowest = c.levels[1].transfer_cycles;
            slowest_level = 1;
        }
    }
    c.cycles = std::max(c.compute_cycles, slowest);
    c.bound = slowest > c.compute_cycles ? Bound::Memory : Bound::Compute;
    c.bound_level = c.bound == Bound::Memory ? slowest_level : -1;
    // Encode MACs at the MAC energy; each lookup's add charged as a MAC too (an upper bound: the
    // technology model has no separate adder energy).
    c.energy.mac_pj = ops * fmt.mac_pj;
    for (int l = 0; l < c.num_levels; ++l) c.energy.level_pj[l] = c.levels[l].energy_pj;
    return c;
}

} // namespace archscape::model
