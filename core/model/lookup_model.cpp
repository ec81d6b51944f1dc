#include "model/lookup_model.h"

#include <algorithm>
#include <cmath>

#include "model/cost_model.h"
#include "model/template_traffic.h"
#include "workload/product_quantization.h"

namespace archscape::model {

using workload::Operand;

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
    chargeTemplateLevels(c, layer, stored, buffer, acc, tables, p);
    // Encode MACs at the MAC energy; each lookup's add charged as a MAC too (an upper bound: the
    // technology model has no separate adder energy).
    c.energy.mac_pj = ops * fmt.mac_pj;
    return c;
}

} // namespace archscape::model
