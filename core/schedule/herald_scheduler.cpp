#include "schedule/herald_scheduler.h"

#include <algorithm>
#include <limits>
#include <numeric>

#include "schedule/list_scheduler.h"
#include "schedule/lower_bound.h"

namespace archscape::schedule {

namespace {

bool better(const SystemSchedule& a, const SystemSchedule& b) {
    if (a.makespan_cycles != b.makespan_cycles) return a.makespan_cycles < b.makespan_cycles;
    return a.energy_pj < b.energy_pj;
}

} // namespace

SystemSchedule heraldSchedule(const ScheduleProblem& p, const HeraldOptions& options) {
    const int n = int(p.tasks.size());
    std::vector<int> assign(n, -1);
    for (int t = 0; t < n; ++t) {
        double best = std::numeric_limits<double>::infinity();
        for (int u = 0; u < p.units; ++u) {
            const UnitCost& c = p.tasks[t].costs[u];
            if (c.mapped && c.cycles * c.energy_pj < best) {
                best = c.cycles * c.energy_pj;
                assign[t] = u;
            }
        }
    }
    auto timed = [&](const std::vector<int>& a) {
        return *timePlan(p, listPlan(p, {.fixed_unit = a, .longest_chain_first = true}));
    };
    SystemSchedule best = timed(assign);
    int evaluations = 1;
    // Longest tasks first: moving them changes the balance most.
    std::vector<int> byLength(n);
    std::iota(byLength.begin(), byLength.end(), 0);
    auto length = [&](int t) { return assign[t] >= 0 ? p.tasks[t].costs[assign[t]].cycles : 0.0; };
    std::stable_sort(byLength.begin(), byLength.end(), [&](int a, int b) { return length(a) > length(b); });
    for (int pass = 0; pass < options.passes && p.units > 1; ++pass) {
        bool improved = false;
        for (int t : byLength) {
            if (assign[t] < 0) continue;
            for (int u = 0; u < p.units && evaluations < options.max_evaluations; ++u) {
                if (u == assign[t] || !p.tasks[t].costs[u].mapped) continue;
                const int old = assign[t];
                assign[t] = u;
                SystemSchedule s = timed(assign);
                ++evaluations;
                if (better(s, best)) {
                    best = std::move(s);
                    improved = true;
                } else assign[t] = old;
            }
        }
        if (!improved || evaluations >= options.max_evaluations) break;
    }
    best.lower_bound_cycles = lowerBound(p).cycles();
    return best;
}

} // namespace archscape::schedule
