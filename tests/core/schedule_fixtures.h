#pragma once
// Invariants every system schedule keeps (issue 12), shared by the scheduler and system tests.
#include <QtTest>

#include <algorithm>
#include <vector>

#include "schedule/lower_bound.h"
#include "schedule/system_schedule.h"

namespace archscape::test {

/// The invariants every schedule keeps: each runnable task on a unit that can run it for at least
/// its solo cycles, after its predecessors, no two tasks overlapping on a unit, makespan >= bound.
inline void checkInvariants(const schedule::ScheduleProblem& p, const schedule::SystemSchedule& s) {
    QCOMPARE(int(s.layers.size()), int(p.tasks.size()));
    double last = 0;
    for (std::size_t t = 0; t < p.tasks.size(); ++t) {
        const schedule::ScheduledLayer& l = s.layers[t];
        if (!p.tasks[t].runnable) continue;
        QVERIFY(l.unit >= 0 && l.unit < p.units);
        QVERIFY(p.tasks[t].costs[l.unit].mapped);
        QVERIFY(l.end_cycle - l.start_cycle >= p.tasks[t].costs[l.unit].cycles * (1 - 1e-9));
        for (int q : p.tasks[t].preds)
            if (p.tasks[q].runnable) QVERIFY(s.layers[q].end_cycle <= l.start_cycle * (1 + 1e-12));
        last = std::max(last, l.end_cycle);
    }
    for (int u = 0; u < p.units; ++u) {
        std::vector<const schedule::ScheduledLayer*> on;
        for (const auto& l : s.layers)
            if (l.unit == u) on.push_back(&l);
        std::sort(on.begin(), on.end(), [](auto* a, auto* b) { return a->start_cycle < b->start_cycle; });
        for (std::size_t i = 1; i < on.size(); ++i) QVERIFY(on[i - 1]->end_cycle <= on[i]->start_cycle * (1 + 1e-12));
    }
    QCOMPARE(s.makespan_cycles, last);
    QVERIFY(s.makespan_cycles >= schedule::lowerBound(p).cycles() * (1 - 1e-12));
}

/// Energy recomputed from the parts: Σ the chosen units' layer energies + Σ units' idle leakage x
/// (makespan - Σ solo cycles of the unit's layers).
inline double expectedEnergy(const schedule::ScheduleProblem& p, const schedule::SystemSchedule& s) {
    double e = 0;
    std::vector<double> busy(p.units, 0.0);
    for (std::size_t t = 0; t < p.tasks.size(); ++t) {
        const int u = s.layers[t].unit;
        if (u < 0) continue;
        e += p.tasks[t].costs[u].energy_pj;
        busy[u] += p.tasks[t].costs[u].cycles;
    }
    for (int u = 0; u < p.units; ++u) e += p.idle_leak_pj_per_cycle[u] * std::max(0.0, s.makespan_cycles - busy[u]);
    return e;
}

} // namespace archscape::test
