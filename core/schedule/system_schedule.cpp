#include "schedule/system_schedule.h"

#include <algorithm>
#include <limits>

namespace archscape::schedule {

double demandOf(const UnitCost& c, double bandwidth) {
    const double d = c.cycles > 0 ? c.dram_bytes / c.cycles : 0.0;
    return bandwidth > 0 ? std::min(d, bandwidth) : d;
}

std::optional<SystemSchedule> timePlan(const ScheduleProblem& p, const SchedulePlan& plan) {
    const int n = int(p.tasks.size());
    if (int(plan.unit.size()) != n || int(plan.order.size()) != p.units) return std::nullopt;
    SystemSchedule s;
    s.layers.resize(n);
    s.busy_cycles.assign(p.units, 0.0);
    std::vector<int> seen(n, 0);
    for (int u = 0; u < p.units; ++u)
        for (int t : plan.order[u]) {
            if (t < 0 || t >= n || plan.unit[t] != u || !p.tasks[t].costs[u].mapped || seen[t]++) return std::nullopt;
        }
    std::vector<int> waiting(n, 0); // unfinished predecessors
    std::vector<bool> done(n, false);
    int remaining = 0;
    for (int t = 0; t < n; ++t) {
        s.layers[t].task = t;
        if (!p.tasks[t].runnable) {
            if (plan.unit[t] != -1) return std::nullopt;
            done[t] = true; // unmapped: not timed, does not hold back its successors
            ++s.unmapped;
            continue;
        }
        if (!seen[t]) return std::nullopt;
        ++remaining;
    }
    std::vector<std::vector<int>> succs(n);
    for (int t = 0; t < n; ++t)
        for (int q : p.tasks[t].preds) {
            succs[q].push_back(t);
            if (!done[q]) ++waiting[t];
        }
    std::vector<std::size_t> next(p.units, 0);
    std::vector<int> running(p.units, -1);
    std::vector<double> left(n, 0.0); // solo cycles still to run
    const double B = p.dram_bandwidth_bytes_per_cycle;
    double now = 0;
    auto finish = [&](int u) {
        const int t = running[u];
        s.layers[t].end_cycle = now;
        done[t] = true;
        running[u] = -1;
        --remaining;
        for (int q : succs[t]) --waiting[q];
    };
    while (remaining > 0) {
        // Start whatever can start; zero-length tasks end at once and may release others.
        for (bool progress = true; progress;) {
            progress = false;
            for (int u = 0; u < p.units; ++u) {
                if (running[u] >= 0 || next[u] >= plan.order[u].size()) continue;
                const int t = plan.order[u][next[u]];
                if (waiting[t] > 0) continue;
                ++next[u];
                running[u] = t;
                s.layers[t].unit = u;
                s.layers[t].start_cycle = now;
                left[t] = p.tasks[t].costs[u].cycles;
                s.busy_cycles[u] += left[t];
                if (left[t] <= 0) finish(u);
                progress = true;
            }
        }
        if (remaining == 0) break;
        double demand = 0;
        bool any = false;
        for (int u = 0; u < p.units; ++u) {
            const int t = running[u];
            if (t < 0) continue;
            any = true;
            demand += demandOf(p.tasks[t].costs[u], B);
        }
        if (!any) return std::nullopt; // deadlock: every unit waits on a task queued behind another
        const double speed = (B > 0 && demand > B) ? B / demand : 1.0;
        int first = -1;
        double dt = std::numeric_limits<double>::infinity();
        for (int u = 0; u < p.units; ++u)
            if (running[u] >= 0 && left[running[u]] / speed < dt) {
                dt = left[running[u]] / speed;
                first = u;
            }
        now += dt;
        for (int u = 0; u < p.units; ++u) {
            const int t = running[u];
            if (t < 0) continue;
            if (u == first) left[t] = 0;
            else left[t] -= dt * speed;
            // Ends within rounding of the event are the same event.
            if (left[t] <= 1e-9 * std::max(1.0, p.tasks[t].costs[u].cycles)) finish(u);
        }
    }
    s.makespan_cycles = now;
    for (int t = 0; t < n; ++t)
        if (p.tasks[t].runnable) s.layer_energy_pj += p.tasks[t].costs[plan.unit[t]].energy_pj;
    for (int u = 0; u < p.units; ++u)
        s.idle_leakage_pj += p.idle_leak_pj_per_cycle[u] * std::max(0.0, s.makespan_cycles - s.busy_cycles[u]);
    s.energy_pj = s.layer_energy_pj + s.idle_leakage_pj;
    // Deadlines: an instance misses when its last layer ends after its entry's deadline.
    std::vector<std::vector<double>> last(p.instances.size());
    for (std::size_t e = 0; e < p.instances.size(); ++e) last[e].assign(p.instances[e], 0.0);
    for (int t = 0; t < n; ++t)
        if (p.tasks[t].runnable) {
            double& l = last[p.tasks[t].entry][p.tasks[t].instance];
            l = std::max(l, s.layers[t].end_cycle);
        }
    for (std::size_t e = 0; e < last.size(); ++e)
        if (p.deadline_cycles[e] >= 0)
            for (double l : last[e]) s.deadline_misses += l > p.deadline_cycles[e] ? 1 : 0;
    return s;
}

} // namespace archscape::schedule
