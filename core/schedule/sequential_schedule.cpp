#include "schedule/sequential_schedule.h"

#include "hardware/technology.h"

namespace archscape::schedule {

SequentialTotals sequentialTotals(std::span<const LayerRun> runs) {
    SequentialTotals t;
    for (const LayerRun& r : runs) {
        if (!r.mapped) {
            t.unmapped += r.count;
            continue;
        }
        t.cycles += r.count * r.cycles;
        t.energy_pj += r.count * r.energy_pj;
        t.macs += r.count * r.macs;
    }
    return t;
}

model::NetworkCost sequentialSchedule(std::vector<model::LayerResult> layers, const hardware::Accelerator& acc) {
    std::vector<LayerRun> runs;
    runs.reserve(layers.size());
    for (const auto& r : layers) runs.push_back({r.mapped, r.cost.cycles, r.cost.energyPj(), r.cost.macs, 1});
    const SequentialTotals t = sequentialTotals(runs);
    model::NetworkCost nc;
    nc.layers = std::move(layers);
    nc.cycles = t.cycles;
    nc.energy_pj = t.energy_pj;
    nc.macs = t.macs;
    nc.unmapped = t.unmapped;
    nc.area_um2 = hardware::areaUm2(acc);
    return nc;
}

} // namespace archscape::schedule
