#include "schedule/exact_scheduler.h"

#include <algorithm>
#include <limits>

#include "schedule/list_scheduler.h"
#include "schedule/lower_bound.h"

namespace archscape::schedule {

namespace {

struct Search {
    const ScheduleProblem& p;
    const ExactOptions& options;
    int n = 0;
    double critical = 0;
    std::vector<double> fastest;
    std::vector<int> waiting;
    std::vector<std::vector<int>> succs;
    std::vector<bool> placed;
    std::vector<double> load, unit_free, end;
    SchedulePlan plan;
    std::optional<SystemSchedule> best;
    std::int64_t nodes = 0;
    bool aborted = false;
    int runnable = 0;

    void run(int depth, int last_task, int last_unit, double unplaced) {
        if (aborted) return;
        if (++nodes > options.max_nodes) {
            aborted = true;
            return;
        }
        if (depth == runnable) {
            auto s = timePlan(p, plan);
            if (s && (!best || s->makespan_cycles < best->makespan_cycles)) best = std::move(s);
            return;
        }
        double bound = critical, total = unplaced;
        for (int u = 0; u < p.units; ++u) {
            bound = std::max(bound, load[u]);
            total += load[u];
            if (p.dram_bandwidth_bytes_per_cycle <= 0) bound = std::max(bound, unit_free[u]);
        }
        bound = std::max(bound, total / p.units);
        if (best && bound >= best->makespan_cycles) return;
        for (int t = 0; t < n; ++t) {
            if (placed[t] || waiting[t] > 0 || !p.tasks[t].runnable) continue;
            const bool independent = last_task >= 0 && std::find(p.tasks[t].preds.begin(), p.tasks[t].preds.end(),
                                                                 last_task) == p.tasks[t].preds.end();
            for (int u = 0; u < p.units; ++u) {
                if (!p.tasks[t].costs[u].mapped) continue;
                // The same plan with the two placements swapped is visited in index order.
                if (independent && u != last_unit && t < last_task) continue;
                const double c = p.tasks[t].costs[u].cycles;
                double ready = 0;
                for (int q : p.tasks[t].preds) ready = std::max(ready, end[q]);
                const double saved_free = unit_free[u];
                placed[t] = true;
                plan.unit[t] = u;
                plan.order[u].push_back(t);
                load[u] += c;
                end[t] = unit_free[u] = std::max(saved_free, ready) + c;
                for (int q : succs[t]) --waiting[q];
                run(depth + 1, t, u, unplaced - fastest[t]);
                for (int q : succs[t]) ++waiting[q];
                unit_free[u] = saved_free;
                load[u] -= c;
                plan.order[u].pop_back();
                plan.unit[t] = -1;
                placed[t] = false;
                if (aborted) return;
            }
        }
    }
};

} // namespace

std::optional<ExactResult> exactSchedule(const ScheduleProblem& p, const ExactOptions& options) {
    const int n = int(p.tasks.size());
    if (n > options.max_tasks || p.units < 1) return std::nullopt;
    Search s{p, options};
    s.n = n;
    s.critical = lowerBound(p).critical_path_cycles;
    s.fastest.assign(n, 0.0);
    s.waiting.assign(n, 0);
    s.succs.assign(n, {});
    s.placed.assign(n, false);
    s.load.assign(p.units, 0.0);
    s.unit_free.assign(p.units, 0.0);
    s.end.assign(n, 0.0);
    s.plan.unit.assign(n, -1);
    s.plan.order.assign(p.units, {});
    double unplaced = 0;
    for (int t = 0; t < n; ++t) {
        const ScheduleTask& task = p.tasks[t];
        // Unmapped tasks are not placed; they release their successors at once.
        for (int q : task.preds)
            if (p.tasks[q].runnable) {
                s.succs[q].push_back(t);
                ++s.waiting[t];
            }
        if (!task.runnable) continue;
        ++s.runnable;
        s.fastest[t] = std::numeric_limits<double>::infinity();
        for (const UnitCost& c : task.costs)
            if (c.mapped) s.fastest[t] = std::min(s.fastest[t], c.cycles);
        unplaced += s.fastest[t];
    }
    s.best = baselineSchedule(p);
    s.run(0, -1, -1, unplaced);
    ExactResult r;
    r.schedule = std::move(*s.best);
    r.schedule.lower_bound_cycles = lowerBound(p).cycles();
    r.optimal = !s.aborted;
    r.nodes = s.nodes;
    return r;
}

} // namespace archscape::schedule
