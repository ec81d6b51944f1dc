#include "io/cost_json.h"

#include "io/fpga_resources_json.h"
#include "io/mapping_json.h"
#include "model/engine.h"

namespace archscape::io {

using nlohmann::json;
using workload::Operand;

namespace {
json perOperand(const workload::PerOperand<double>& v) {
    json j = json::object();
    for (Operand o : workload::kAllOperands) j[std::string(workload::toString(o))] = v[o];
    return j;
}
} // namespace

json toJson(const model::LayerCost& c, const hardware::Accelerator& acc) {
    json j;
    j["valid"] = c.valid();
    if (!c.valid()) {
        const int lv = c.violation.level;
        j["error"] = mapping::describe(c.violation, lv >= 0 && lv < acc.numLevels() ? acc.levels[lv].name : "");
        return j;
    }
    j["macs"] = c.macs;
    j["cycles"] = c.cycles;
    j["compute_cycles"] = c.compute_cycles;
    j["startup_cycles"] = c.startup_cycles;
    j["bound"] = std::string(model::toString(c.bound));
    if (c.bound == model::Bound::Memory && c.bound_level >= 0 && c.bound_level < acc.numLevels())
        j["bound_level"] = acc.levels[c.bound_level].name;
    j["utilization"] = c.utilization;
    j["pes_used"] = c.pes_used;
    json e;
    e["total_pj"] = c.energyPj();
    e["mac_pj"] = c.energy.mac_pj;
    e["noc_pj"] = c.energy.noc_pj;
    e["leakage_pj"] = c.energy.leakage_pj;
    json levels = json::array();
    for (int i = 0; i < c.num_levels && i < acc.numLevels(); ++i) {
        const auto& s = c.levels[i];
        e["levels"][acc.levels[i].name] = c.energy.level_pj[i];
        levels.push_back({{"name", acc.levels[i].name},
                          {"instances", s.instances},
                          {"reads", perOperand(s.reads)},
                          {"fills", perOperand(s.fills)},
                          {"updates", perOperand(s.updates)},
                          {"tile", perOperand(s.tile)},
                          {"occupancy_bits", s.occupancy_bits},
                          {"capacity_bits", s.capacity_bits},
                          {"transfer_cycles", s.transfer_cycles},
                          {"energy_pj", s.energy_pj},
                          {"leakage_pj", s.leakage_pj}});
    }
    j["energy"] = e;
    j["levels"] = levels;
    j["noc"] = {{"words", c.noc_words},
                {"delivered_words", c.noc_delivered_words},
                {"cycles", c.noc_cycles},
                {"bandwidth_needed_words_per_cycle", c.noc_bandwidth_words_per_cycle}};
    return j;
}

json evaluationJson(const workload::Network& net, const hardware::Accelerator& acc, const model::NetworkCost& cost) {
    json j;
    j["format"] = "archscape/evaluation";
    j["version"] = 1;
    j["workload"] = net.name;
    j["accelerator"] = acc.name;
    json layers = json::array();
    for (const auto& r : cost.layers) {
        const auto& l = net.layers[r.layer];
        json lj = toJson(r.cost, acc);
        lj["name"] = l.name;
        lj["type"] = std::string(workload::toString(l.type));
        lj["mapped"] = r.mapped;
        json prec = json::object(); // effective formats: the layer's own, else the accelerator's
        const auto eff = acc.precisionOf(l);
        for (Operand o : workload::kAllOperands) prec[std::string(workload::toString(o))] = archscape::toString(eff[o]);
        lj["precision"] = std::move(prec);
        if (r.mapped && model::needsMapping(l, acc)) lj["mapping"] = toJson(r.mapping, acc);
        layers.push_back(std::move(lj));
    }
    j["layers"] = std::move(layers);
    if (acc.kind == hardware::AcceleratorKind::Fpga) j["fpga_resources"] = toJson(hardware::fpgaResources(acc), acc);
    const double seconds = cost.latencySeconds(acc.clock_mhz);
    j["totals"] = {{"macs", cost.macs},
                   {"cycles", cost.cycles},
                   {"latency_ms", seconds * 1e3},
                   {"energy_uj", cost.energy_pj * 1e-6},
                   {"edp_uj_ms", cost.energy_pj * 1e-6 * seconds * 1e3},
                   {"area_mm2", cost.area_um2 * 1e-6},
                   {"power_w", seconds > 0 ? cost.energy_pj * 1e-12 / seconds : 0.0},
                   {"unmapped_layers", cost.unmapped}};
    return j;
}

} // namespace archscape::io
