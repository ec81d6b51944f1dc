#include "schedule/schedule_problem.h"

namespace archscape::schedule {

int ScheduleProblem::unmapped() const {
    int n = 0;
    for (const ScheduleTask& t : tasks) n += t.runnable ? 0 : 1;
    return n;
}

ScheduleProblem buildProblem(const workload::WorkloadMix& mix, const CostTable& costs) {
    ScheduleProblem p;
    p.units = int(costs.unit_names.size());
    p.unit_names = costs.unit_names;
    p.idle_leak_pj_per_cycle = costs.idle_leak_pj_per_cycle;
    p.idle_leak_pj_per_cycle.resize(p.units, 0.0);
    p.dram_bandwidth_bytes_per_cycle = costs.dram_bandwidth_bytes_per_cycle;
    std::vector<std::vector<int>> sinks(mix.entries.size()); // per entry: tasks that feed nothing
    for (int e = 0; e < int(mix.entries.size()); ++e) {
        const workload::MixEntry& me = mix.entries[e];
        const workload::Network& net = me.network;
        p.network_names.push_back(net.name);
        std::vector<std::string> names;
        for (const auto& l : net.layers) names.push_back(l.name);
        p.layer_names.push_back(std::move(names));
        p.deadline_cycles.push_back(me.deadline_cycles.value_or(-1.0));
        p.instances.push_back(me.instances);
        const int n = int(net.layers.size());
        std::vector<std::vector<int>> producers(n);
        std::vector<bool> feeds(n, false);
        for (const workload::Edge& ed : net.edges) {
            producers[ed.to].push_back(ed.from);
            feeds[ed.from] = true;
        }
        std::vector<int> entry_preds;
        for (int a : me.after) entry_preds.insert(entry_preds.end(), sinks[a].begin(), sinks[a].end());
        for (int inst = 0; inst < me.instances; ++inst) {
            const int base = int(p.tasks.size());
            for (int l = 0; l < n; ++l) {
                ScheduleTask t;
                t.entry = e;
                t.instance = inst;
                t.layer = l;
                t.priority = me.priority;
                for (int from : producers[l]) t.preds.push_back(base + from);
                if (producers[l].empty()) t.preds = entry_preds;
                if (e < int(costs.cost.size()) && l < int(costs.cost[e].size())) t.costs = costs.cost[e][l];
                t.costs.resize(p.units);
                t.runnable = false;
                for (const UnitCost& c : t.costs) t.runnable = t.runnable || c.mapped;
                if (!feeds[l]) sinks[e].push_back(base + l);
                p.tasks.push_back(std::move(t));
            }
        }
    }
    return p;
}

} // namespace archscape::schedule
