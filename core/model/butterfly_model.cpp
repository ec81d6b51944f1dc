#include "model/butterfly_model.h"

#include <algorithm>
#include <cmath>

#include "model/cost_model.h"
#include "model/template_traffic.h"
#include "workload/butterfly.h"

namespace archscape::model {

namespace {

using workload::Operand;

double ceilDiv(double a, double b) { return std::ceil(a / b); }

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
    const double w = double(layer.tensorSize(Operand::Weight));
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

    chargeTemplateLevels(c, layer, w, buffer, acc, tables, fmt.precision);
    c.energy.mac_pj = c.macs * fmt.mac_pj;
    return c;
}

} // namespace archscape::model
