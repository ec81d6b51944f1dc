#include "schedule/list_scheduler.h"

#include <algorithm>
#include <limits>
#include <queue>
#include <tuple>

#include "schedule/lower_bound.h"

namespace archscape::schedule {

namespace {

/// Per task: the longest chain of solo cycles from its start to the end of the DAG, each task at its
/// fixed unit or else its fastest one.
std::vector<double> chainLengths(const ScheduleProblem& p, const std::vector<int>& fixed) {
    const int n = int(p.tasks.size());
    std::vector<double> cost(n, 0.0), chain(n, 0.0);
    for (int t = 0; t < n; ++t) {
        const ScheduleTask& task = p.tasks[t];
        if (!task.runnable) continue;
        if (!fixed.empty() && fixed[t] >= 0) cost[t] = task.costs[fixed[t]].cycles;
        else {
            cost[t] = std::numeric_limits<double>::infinity();
            for (const UnitCost& c : task.costs)
                if (c.mapped) cost[t] = std::min(cost[t], c.cycles);
        }
    }
    std::vector<double> tail(n, 0.0); // longest chain after the task
    for (int t = n - 1; t >= 0; --t) {
        chain[t] = cost[t] + tail[t];
        for (int q : p.tasks[t].preds) tail[q] = std::max(tail[q], chain[t]);
    }
    return chain;
}

} // namespace

SchedulePlan listPlan(const ScheduleProblem& p, const ListPlanOptions& options) {
    const int n = int(p.tasks.size());
    SchedulePlan plan;
    plan.unit.assign(n, -1);
    plan.order.assign(p.units, {});
    std::vector<double> chain;
    if (options.longest_chain_first) chain = chainLengths(p, options.fixed_unit);
    std::vector<int> waiting(n, 0);
    std::vector<std::vector<int>> succs(n);
    for (int t = 0; t < n; ++t)
        for (int q : p.tasks[t].preds) {
            succs[q].push_back(t);
            ++waiting[t];
        }
    std::vector<double> ready(n, 0.0), end(n, 0.0), unit_free(p.units, 0.0);
    // Min-heap on (ready time, -key, index): the key is the chain length or the priority.
    using Item = std::tuple<double, double, int>;
    std::priority_queue<Item, std::vector<Item>, std::greater<Item>> heap;
    auto key = [&](int t) { return options.longest_chain_first ? -chain[t] : -double(p.tasks[t].priority); };
    for (int t = 0; t < n; ++t)
        if (waiting[t] == 0) heap.emplace(0.0, key(t), t);
    while (!heap.empty()) {
        const int t = std::get<2>(heap.top());
        heap.pop();
        const ScheduleTask& task = p.tasks[t];
        end[t] = ready[t];
        if (task.runnable) {
            int best = -1;
            double best_end = std::numeric_limits<double>::infinity();
            for (int u = 0; u < p.units; ++u) {
                if (!task.costs[u].mapped) continue;
                if (!options.fixed_unit.empty() && options.fixed_unit[t] >= 0 && options.fixed_unit[t] != u) continue;
                const double e = std::max(unit_free[u], ready[t]) + task.costs[u].cycles;
                if (e < best_end) {
                    best_end = e;
                    best = u;
                }
            }
            if (best < 0) { // fixed to a unit that cannot run it: free choice instead
                for (int u = 0; u < p.units; ++u) {
                    if (!task.costs[u].mapped) continue;
                    const double e = std::max(unit_free[u], ready[t]) + task.costs[u].cycles;
                    if (e < best_end) {
                        best_end = e;
                        best = u;
                    }
                }
            }
            plan.unit[t] = best;
            plan.order[best].push_back(t);
            unit_free[best] = end[t] = best_end;
        }
        for (int q : succs[t]) {
            ready[q] = std::max(ready[q], end[t]);
            if (--waiting[q] == 0) heap.emplace(ready[q], key(q), q);
        }
    }
    return plan;
}

SystemSchedule baselineSchedule(const ScheduleProblem& p) {
    // A list plan follows a topological order on every unit, so timing it cannot deadlock.
    SystemSchedule s = *timePlan(p, listPlan(p));
    s.lower_bound_cycles = lowerBound(p).cycles();
    return s;
}

} // namespace archscape::schedule
