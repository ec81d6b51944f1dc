// Schedulers of core/schedule/ on hand-built problems (issue 12): baseline list scheduling, the
// HERALD-style heuristic and branch and bound, shared-DRAM contention, the lower bound, and exact =
// brute force on tiny random instances.
#include <QtTest>

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <vector>

#include "core/schedule_fixtures.h"
#include "schedule/exact_scheduler.h"
#include "schedule/herald_scheduler.h"
#include "schedule/list_scheduler.h"
#include "schedule/lower_bound.h"
#include "schedule/system_schedule.h"

using namespace archscape::schedule;
using archscape::test::checkInvariants;

namespace {

UnitCost cost(double cycles, double energy = 0, double bytes = 0) { return {true, cycles, energy, bytes}; }
const UnitCost kCannot{};

/// A problem built directly: one network, one instance, tasks with the given preds and costs.
ScheduleProblem problem(int units, std::vector<std::vector<int>> preds, std::vector<std::vector<UnitCost>> costs,
                        double bandwidth = 0, std::vector<double> leak = {}) {
    ScheduleProblem p;
    p.units = units;
    for (int u = 0; u < units; ++u) p.unit_names.push_back("u" + std::to_string(u));
    p.idle_leak_pj_per_cycle = leak.empty() ? std::vector<double>(units, 0.0) : leak;
    p.dram_bandwidth_bytes_per_cycle = bandwidth;
    p.network_names = {"net"};
    p.instances = {1};
    p.deadline_cycles = {-1};
    p.layer_names.emplace_back();
    for (std::size_t t = 0; t < costs.size(); ++t) {
        ScheduleTask task;
        task.layer = int(t);
        task.preds = preds[t];
        task.costs = costs[t];
        task.runnable = std::any_of(costs[t].begin(), costs[t].end(), [](const UnitCost& c) { return c.mapped; });
        p.tasks.push_back(task);
        p.layer_names[0].push_back("L" + std::to_string(t));
    }
    return p;
}

/// Brute force, independently of the branch and bound's sequences: every assignment of tasks to
/// units and every order of each unit's tasks, timed; plans that deadlock are skipped.
double bruteForce(const ScheduleProblem& p) {
    const int n = int(p.tasks.size());
    double best = std::numeric_limits<double>::infinity();
    std::vector<int> assign(n, 0);
    for (;;) {
        bool ok = true;
        for (int t = 0; t < n; ++t) ok = ok && p.tasks[t].costs[assign[t]].mapped;
        if (ok) {
            SchedulePlan plan;
            plan.unit = assign;
            plan.order.assign(p.units, {});
            for (int t = 0; t < n; ++t) plan.order[assign[t]].push_back(t);
            // Every combination of per-unit permutations (odometer over the units).
            std::function<void(int)> permute = [&](int u) {
                if (u == p.units) {
                    if (auto s = timePlan(p, plan)) best = std::min(best, s->makespan_cycles);
                    return;
                }
                std::sort(plan.order[u].begin(), plan.order[u].end());
                do permute(u + 1);
                while (std::next_permutation(plan.order[u].begin(), plan.order[u].end()));
            };
            permute(0);
        }
        int i = 0;
        while (i < n && ++assign[i] == p.units) assign[i++] = 0;
        if (i == n) break;
    }
    return best;
}

/// A deterministic pseudo-random tiny instance (LCG): n tasks, a random forward DAG, costs
/// 1..20 cycles, DRAM bytes 0..40 per task, shared bandwidth 1 byte/cycle so tasks contend.
ScheduleProblem randomProblem(std::uint64_t seed, int n, int units) {
    std::uint64_t x = seed * 6364136223846793005ull + 1442695040888963407ull;
    auto next = [&](int mod) {
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        return int((x >> 33) % std::uint64_t(mod));
    };
    std::vector<std::vector<int>> preds(n);
    std::vector<std::vector<UnitCost>> costs(n);
    for (int t = 0; t < n; ++t) {
        for (int q = 0; q < t; ++q)
            if (next(3) == 0) preds[t].push_back(q);
        for (int u = 0; u < units; ++u) costs[t].push_back(cost(1 + next(20), 1 + next(50), next(41)));
    }
    return problem(units, preds, costs, 1.0, std::vector<double>(units, 0.5));
}

} // namespace

class TestScheduler : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void baselineByHand() {
        // Two units, three layers, L0 -> L2 (L1 independent). Costs (A, B): L0 (10, 20), L1 (15, 5),
        // L2 (8, 4). By hand: at t = 0 L0 and L1 are ready, L0 first (lower index): A ends at 10,
        // B at 20 -> A. L1: A max(10, 0) + 15 = 25, B 0 + 5 = 5 -> B. L2 ready at 10: A 10 + 8 = 18,
        // B max(5, 10) + 4 = 14 -> B. Makespan 14. Energies 100 (L0 on A), 50 (L1 on B),
        // 40 (L2 on B) = 190; idle leakage A 1 pJ/cycle x (14 - 10) + B 2 pJ/cycle x (14 - 9) = 14;
        // energy 204. Bound: critical path 10 + 4 = 14, work (10 + 5 + 4) / 2 = 9.5 -> 14.
        const ScheduleProblem p = problem(
            2, {{}, {}, {0}},
            {{cost(10, 100), cost(20, 999)}, {cost(15, 999), cost(5, 50)}, {cost(8, 999), cost(4, 40)}}, 0, {1.0, 2.0});
        const SystemSchedule s = baselineSchedule(p);
        checkInvariants(p, s);
        QCOMPARE(s.layers[0].unit, 0);
        QCOMPARE(s.layers[1].unit, 1);
        QCOMPARE(s.layers[2].unit, 1);
        QCOMPARE(s.layers[2].start_cycle, 10.0);
        QCOMPARE(s.makespan_cycles, 14.0);
        QCOMPARE(s.layer_energy_pj, 190.0);
        QCOMPARE(s.idle_leakage_pj, 14.0);
        QCOMPARE(s.energy_pj, 204.0);
        QCOMPARE(s.lower_bound_cycles, 14.0);
        // Makespan = bound: nothing beats it, the exact solver agrees.
        QCOMPARE(exactSchedule(p)->schedule.makespan_cycles, 14.0);
    }
    void contentionByHand_data() {
        QTest::addColumn<double>("cycles1");
        QTest::addColumn<double>("bytes1");
        QTest::addColumn<double>("end0");
        QTest::addColumn<double>("end1");
        // L0 on unit 0 only: 100 solo cycles, 1000 bytes (demand 10 B/cycle); L1 on unit 1 only;
        // shared bandwidth 10 B/cycle.
        // L1 100 cycles, 1000 bytes (10 B/cycle): together 20 > 10, both at speed 1/2 -> both end at 200.
        QTest::newRow("equal demand") << 100.0 << 1000.0 << 200.0 << 200.0;
        // L1 50 cycles, 400 bytes (8 B/cycle): together 18 -> speed 10/18; L1 ends at 50 x 1.8 = 90,
        // when L0 has done 90 / 1.8 = 50 of its 100; alone it runs at full speed: 90 + 50 = 140.
        QTest::newRow("unequal demand") << 50.0 << 400.0 << 140.0 << 90.0;
        // L1 500 cycles, 1000 bytes (2 B/cycle): together 12 -> speed 10/12; L0 ends at 100 x 1.2 = 120,
        // L1 has done 100 and runs its last 400 alone: 520.
        QTest::newRow("light partner") << 500.0 << 1000.0 << 120.0 << 520.0;
        // L1 50 cycles, 1000 bytes (20 B/cycle, more than the port: its demand is capped at 10, since
        // its solo timing is the engine's): together 20 -> speed 1/2; L1 ends at 100, L0 has done 50
        // and ends at 150.
        QTest::newRow("demand above the port") << 50.0 << 1000.0 << 150.0 << 100.0;
    }
    void contentionByHand() {
        QFETCH(double, cycles1);
        QFETCH(double, bytes1);
        QFETCH(double, end0);
        QFETCH(double, end1);
        const ScheduleProblem p =
            problem(2, {{}, {}}, {{cost(100, 1, 1000), kCannot}, {kCannot, cost(cycles1, 1, bytes1)}}, 10.0);
        const SystemSchedule s = baselineSchedule(p);
        checkInvariants(p, s);
        QCOMPARE(s.layers[0].end_cycle, end0);
        QCOMPARE(s.layers[1].end_cycle, end1);
        // Bound: port use (1000 + min(bytes1, 10 x cycles1)) over 10 B/cycle; the critical path is the
        // longer task. In the first three rows the bandwidth bound is the makespan (the port never idles).
        QCOMPARE(lowerBound(p).bandwidth_cycles, (1000 + std::min(bytes1, 10 * cycles1)) / 10);
        QCOMPARE(lowerBound(p).critical_path_cycles, std::max(100.0, cycles1));
    }
    void unlimitedBandwidthNoContention() {
        // The same pair without a bandwidth limit overlaps freely: each ends at its solo cycles.
        const ScheduleProblem p = problem(2, {{}, {}}, {{cost(100, 1, 1000), kCannot}, {kCannot, cost(50, 1, 1000)}});
        const SystemSchedule s = baselineSchedule(p);
        QCOMPARE(s.layers[0].end_cycle, 100.0);
        QCOMPARE(s.layers[1].end_cycle, 50.0);
    }
    void heraldAffinityThenBalance() {
        // Four independent layers; unit 0 has the lower EDP for all (cycles 10, energy 1 = EDP 10)
        // against unit 1 (cycles 12, energy 2 = EDP 24). Affinity puts all four on unit 0: makespan 40.
        // Balancing moves layers to unit 1 while the makespan falls: two on each unit -> max(20, 24) = 24;
        // one on unit 1 gives max(30, 12) = 30, three gives max(10, 36) = 36, so 24 is the optimum, and
        // the exact solver agrees.
        std::vector<std::vector<UnitCost>> c(4, {cost(10, 1), cost(12, 2)});
        const ScheduleProblem p = problem(2, {{}, {}, {}, {}}, c);
        const SystemSchedule h = heraldSchedule(p);
        checkInvariants(p, h);
        QCOMPARE(h.makespan_cycles, 24.0);
        QCOMPARE(exactSchedule(p)->schedule.makespan_cycles, 24.0);
    }
    void priorityAndDeadlines() {
        // Two independent layers on one unit, 10 cycles each. Equal priorities: index order, L0 first.
        // Giving L1 a higher priority runs it first: L1 [0, 10], L0 [10, 20].
        ScheduleProblem p = problem(1, {{}, {}}, {{cost(10)}, {cost(10)}});
        QCOMPARE(baselineSchedule(p).layers[0].start_cycle, 0.0);
        p.tasks[1].priority = 1;
        const SystemSchedule s = baselineSchedule(p);
        QCOMPARE(s.layers[1].start_cycle, 0.0);
        QCOMPARE(s.layers[0].start_cycle, 10.0);
        // The instance (both layers) ends at 20: a deadline of 15 is missed, one of 20 is met.
        p.deadline_cycles = {15};
        QCOMPARE(baselineSchedule(p).deadline_misses, 1);
        p.deadline_cycles = {20};
        QCOMPARE(baselineSchedule(p).deadline_misses, 0);
    }
    void unmappedTaskIsCountedNotTimed() {
        const ScheduleProblem p = problem(2, {{}, {0}}, {{cost(5), cost(5)}, {kCannot, kCannot}});
        const SystemSchedule s = baselineSchedule(p);
        QCOMPARE(s.unmapped, 1);
        QCOMPARE(s.layers[1].unit, -1);
        QCOMPARE(s.makespan_cycles, 5.0);
    }
    void inconsistentPlanIsRefused() {
        const ScheduleProblem p = problem(2, {{}, {0}}, {{cost(5), cost(5)}, {cost(5), cost(5)}});
        // Unit 0 runs L1 before L0, which L1 depends on: deadlock.
        QVERIFY(!timePlan(p, SchedulePlan{{0, 0}, {{1, 0}, {}}}).has_value());
        // A task missing from every order.
        QVERIFY(!timePlan(p, SchedulePlan{{0, 0}, {{0}, {}}}).has_value());
        // A task on the wrong unit's list.
        QVERIFY(!timePlan(p, SchedulePlan{{0, 1}, {{0, 1}, {}}}).has_value());
    }
    void exactEqualsBruteForce_data() {
        QTest::addColumn<int>("seed");
        QTest::addColumn<int>("tasks");
        QTest::addColumn<int>("units");
        for (int seed = 1; seed <= 12; ++seed)
            QTest::addRow("seed %d, %d tasks, %d units", seed, 4 + seed % 3, 2 + seed % 2)
                << seed << 4 + seed % 3 << 2 + seed % 2;
    }
    void exactEqualsBruteForce() {
        QFETCH(int, seed);
        QFETCH(int, tasks);
        QFETCH(int, units);
        const ScheduleProblem p = randomProblem(std::uint64_t(seed), tasks, units);
        const auto exact = exactSchedule(p);
        QVERIFY(exact && exact->optimal);
        checkInvariants(p, exact->schedule);
        const double brute = bruteForce(p);
        QVERIFY2(std::abs(exact->schedule.makespan_cycles - brute) <= 1e-9 * brute,
                 qPrintable(QString("exact %1, brute force %2").arg(exact->schedule.makespan_cycles).arg(brute)));
        // The heuristics never beat the optimum.
        const SystemSchedule b = baselineSchedule(p), h = heraldSchedule(p);
        checkInvariants(p, b);
        checkInvariants(p, h);
        QVERIFY(b.makespan_cycles >= brute * (1 - 1e-9));
        QVERIFY(h.makespan_cycles >= brute * (1 - 1e-9));
    }
    void exactRefusesLargeProblems() {
        const ScheduleProblem p = randomProblem(3, 20, 2);
        QVERIFY(!exactSchedule(p).has_value());
    }
};

QTEST_GUILESS_MAIN(TestScheduler)
#include "tst_scheduler.moc"
