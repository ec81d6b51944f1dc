#include "search/system_costs.h"

namespace archscape::search {

std::vector<std::vector<schedule::UnitCost>> unitCosts(const hardware::Accelerator& acc, const EvaluationPolicy& policy,
                                                       const workload::WorkloadMix& mix, std::stop_token stop) {
    std::vector<std::vector<schedule::UnitCost>> out(mix.entries.size());
    const double dram_word_bytes = acc.levels.empty() ? 0.0 : acc.levels[0].word_bits / 8.0;
    for (std::size_t e = 0; e < mix.entries.size(); ++e) {
        const workload::Network& net = mix.entries[e].network;
        out[e].assign(net.layers.size(), schedule::UnitCost{});
        const model::NetworkCost nc = evaluateDesign(net, acc, policy, stop);
        for (const model::LayerResult& r : nc.layers) {
            schedule::UnitCost& c = out[e][r.layer];
            c.mapped = r.mapped;
            if (!r.mapped) continue;
            c.cycles = r.cost.cycles;
            c.energy_pj = r.cost.energyPj();
            c.dram_bytes = r.cost.num_levels > 0 ? r.cost.levels[0].words * dram_word_bytes : 0.0;
        }
    }
    return out;
}

schedule::CostTable systemCosts(const SystemDesign& design, const workload::WorkloadMix& mix, std::stop_token stop) {
    schedule::CostTable t;
    const auto& units = design.system.units;
    for (const auto& u : units) {
        t.unit_names.push_back(u.name);
        t.idle_leak_pj_per_cycle.push_back(hardware::idleLeakagePjPerCycle(u.accelerator));
    }
    t.dram_bandwidth_bytes_per_cycle = design.system.dram_bandwidth_bytes_per_cycle;
    t.cost.resize(mix.entries.size());
    for (std::size_t e = 0; e < mix.entries.size(); ++e)
        t.cost[e].assign(mix.entries[e].network.layers.size(), std::vector<schedule::UnitCost>(units.size()));
    for (std::size_t u = 0; u < units.size(); ++u) {
        const EvaluationPolicy policy = u < design.policies.size() ? design.policies[u] : EvaluationPolicy{};
        const auto costs = unitCosts(units[u].accelerator, policy, mix, stop);
        for (std::size_t e = 0; e < costs.size(); ++e)
            for (std::size_t l = 0; l < costs[e].size(); ++l) t.cost[e][l][u] = costs[e][l];
    }
    return t;
}

} // namespace archscape::search
