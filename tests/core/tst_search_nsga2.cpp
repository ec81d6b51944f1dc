// Design-space search strategies in isolation (no cost model): NSGA-II's non-dominated sort and
// crowding distance against hand-worked cases, sampling without replacement, the constraint
// violation, and the ask/tell contract of Random and NSGA-II driven by a fake evaluator.
#include <QtTest>

#include <cmath>
#include <set>

#include "search/nondominated_sort.h"
#include "search/nsga2_strategy.h"
#include "search/random_design_strategy.h"

using namespace archscape::search;

namespace {
using Rows = std::vector<std::vector<double>>;

/// A space of `sizes.size()` axes (PE rows, only the sizes matter to the strategies).
DesignSpace fakeSpace(const std::vector<int>& sizes) {
    DesignSpace s;
    s.name = "fake";
    for (int n : sizes) {
        Axis a;
        a.param = Param::PeRows;
        for (int v = 0; v < n; ++v) {
            a.values.push_back(v + 1);
            a.labels.push_back(std::to_string(v + 1));
        }
        s.axes.push_back(std::move(a));
    }
    return s;
}

/// A fake evaluation: two conflicting objectives of the value indices (a discrete ZDT1-like
/// problem), infeasible (area) when the first index exceeds `feasible_below`.
PointResult fakeResult(const DesignSpace& s, std::int64_t index, int feasible_below) {
    PointResult r;
    r.index = index;
    r.choice = s.choiceOf(index);
    const double x = r.choice[0] / double(s.axes[0].size() - 1);
    double g = 1;
    for (std::size_t a = 1; a < r.choice.size(); ++a) g += 9.0 * r.choice[a] / double(s.axes[a].size() - 1) / 2;
    r.latency_s = x + 0.01;
    r.energy_j = g * (1 - std::sqrt(x / g)) + 0.01;
    r.area_mm2 = 1 + r.choice[0];
    if (r.choice[0] >= feasible_below) r.reason = Infeasibility::Area;
    return r;
}

/// Drives a strategy to the end with fakeResult; returns every index asked, in order.
std::vector<std::int64_t> drive(DesignStrategy& st, const DesignSpace& s, int feasible_below,
                                std::vector<std::size_t>* generation_sizes = nullptr) {
    std::vector<std::int64_t> asked;
    for (;;) {
        const auto gen = st.ask();
        if (gen.empty()) break;
        if (generation_sizes) generation_sizes->push_back(gen.size());
        std::vector<PointResult> results;
        for (auto i : gen) results.push_back(fakeResult(s, i, feasible_below));
        st.tell(results);
        asked.insert(asked.end(), gen.begin(), gen.end());
    }
    return asked;
}
} // namespace

class TestSearchNsga2 : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void ranks_data() {
        QTest::addColumn<Rows>("rows");
        QTest::addColumn<std::vector<int>>("expected");
        // (1,4) (2,2) (4,1) are mutually non-dominated; (3,3) is dominated by (2,2) only; (4,4) by
        // all of the first three and (3,3): fronts 0, 0, 0, 1, 2.
        QTest::newRow("staircase") << Rows{{1, 4}, {2, 2}, {4, 1}, {3, 3}, {4, 4}} << std::vector<int>{0, 0, 0, 1, 2};
        // Identical rows do not dominate each other.
        QTest::newRow("ties") << Rows{{1, 1}, {1, 1}, {2, 2}} << std::vector<int>{0, 0, 1};
        // A chain in 3-D: each row dominates the next.
        QTest::newRow("chain 3-D") << Rows{{3, 3, 3}, {2, 2, 2}, {1, 1, 1}} << std::vector<int>{2, 1, 0};
        QTest::newRow("empty") << Rows{} << std::vector<int>{};
    }
    void ranks() {
        QFETCH(Rows, rows);
        QFETCH(std::vector<int>, expected);
        QCOMPARE(nondominatedRanks(rows), expected);
    }

    void crowding_data() {
        QTest::addColumn<Rows>("rows");
        QTest::addColumn<std::vector<double>>("expected");
        const double inf = std::numeric_limits<double>::infinity();
        // Both objectives span 4; the middle point's neighbours on each are the two ends: 4/4 + 4/4 = 2.
        QTest::newRow("three") << Rows{{0, 4}, {2, 2}, {4, 0}} << std::vector<double>{inf, 2.0, inf};
        // Four points x = 0, 1, 3, 4 (y = 4 - x): point x=1 has neighbours 0 and 3 (gap 3/4 per
        // objective, 1.5 in all), point x=3 neighbours 1 and 4 (also 1.5).
        QTest::newRow("four") << Rows{{0, 4}, {1, 3}, {3, 1}, {4, 0}} << std::vector<double>{inf, 1.5, 1.5, inf};
        QTest::newRow("two") << Rows{{0, 1}, {1, 0}} << std::vector<double>{inf, inf};
    }
    void crowding() {
        QFETCH(Rows, rows);
        QFETCH(std::vector<double>, expected);
        std::vector<std::size_t> members(rows.size());
        for (std::size_t i = 0; i < rows.size(); ++i) members[i] = i;
        QCOMPARE(crowdingDistances(rows, members), expected);
    }

    void sampling_data() {
        QTest::addColumn<qint64>("size");
        QTest::addColumn<qint64>("count");
        QTest::newRow("sparse") << qint64(1000000000) << qint64(500);
        QTest::newRow("dense") << qint64(100) << qint64(70);
        QTest::newRow("all") << qint64(50) << qint64(50);
        QTest::newRow("more than the space") << qint64(10) << qint64(30);
    }
    void sampling() {
        QFETCH(qint64, size);
        QFETCH(qint64, count);
        const auto s = sampleWithoutReplacement(size, count, 7);
        QCOMPARE(qint64(s.size()), std::min(size, count));
        const std::set<std::int64_t> distinct(s.begin(), s.end());
        QCOMPARE(distinct.size(), s.size());
        for (auto x : s) QVERIFY(x >= 0 && x < size);
        QCOMPARE(sampleWithoutReplacement(size, count, 7), s); // deterministic for a seed
        QVERIFY(sampleWithoutReplacement(size, count, 8) != s || count >= size);
    }

    void randomShardsPartition() {
        // Shards take every N-th sample of one sequence: together exactly the single run's points.
        RandomDesignStrategy single(100000, 1000, 3);
        const DesignSpace s = fakeSpace({100, 1000});
        const auto all = drive(single, s, 1000);
        QCOMPARE(all.size(), std::size_t(1000));
        std::vector<std::int64_t> joined;
        for (int i = 0; i < 3; ++i) {
            RandomDesignStrategy shard(100000, 1000, 3, i, 3);
            const auto part = drive(shard, s, 1000);
            QCOMPARE(qint64(part.size()), qint64(i == 0 ? 334 : 333));
            joined.insert(joined.end(), part.begin(), part.end());
        }
        std::sort(joined.begin(), joined.end());
        auto sorted = all;
        std::sort(sorted.begin(), sorted.end());
        QCOMPARE(joined, sorted);
    }

    void violation_data() {
        QTest::addColumn<int>("reason");
        QTest::addColumn<double>("area");
        QTest::addColumn<double>("latency_s");
        QTest::addColumn<double>("power");
        QTest::addColumn<int>("unmapped");
        QTest::addColumn<double>("expected");
        // Limits below: area 4 mm2, latency 10 ms, power 2 W.
        QTest::newRow("feasible") << int(Infeasibility::None) << 3.0 << 0.005 << 1.0 << 0 << 0.0;
        QTest::newRow("area 5 of 4") << int(Infeasibility::Area) << 5.0 << 0.0 << 0.0 << 0 << 0.25;
        QTest::newRow("power 3 of 2") << int(Infeasibility::Power) << 3.0 << 0.005 << 3.0 << 0 << 0.5;
        // 20 ms of 10 (+1) and 3 W of 2 (+0.5).
        QTest::newRow("latency and power") << int(Infeasibility::Latency) << 3.0 << 0.020 << 3.0 << 0 << 1.5;
        QTest::newRow("2 unmapped") << int(Infeasibility::Unmapped) << 3.0 << 0.0 << 0.0 << 2 << 3.0;
    }
    void violation() {
        QFETCH(int, reason);
        QFETCH(double, area);
        QFETCH(double, latency_s);
        QFETCH(double, power);
        QFETCH(int, unmapped);
        QFETCH(double, expected);
        DesignSpace s = fakeSpace({4});
        s.constraints.max_area_mm2 = 4;
        s.constraints.max_latency_ms = 10;
        s.constraints.max_power_w = 2;
        PointResult p;
        p.reason = static_cast<Infeasibility>(reason);
        p.area_mm2 = area;
        p.latency_s = latency_s;
        p.power_w = power;
        p.unmapped = unmapped;
        QVERIFY(std::abs(constraintViolation(p, s) - expected) < 1e-12);
    }

    void nsga2Contract_data() {
        QTest::addColumn<std::vector<int>>("sizes");
        QTest::addColumn<qint64>("budget");
        QTest::addColumn<int>("population");
        QTest::newRow("10^4 space, 300") << std::vector<int>{10, 10, 10, 10} << qint64(300) << 0;
        QTest::newRow("budget = space") << std::vector<int>{4, 5, 3} << qint64(60) << 8;
        QTest::newRow("budget > space") << std::vector<int>{3, 3} << qint64(100) << 8;
        QTest::newRow("uneven last generation") << std::vector<int>{20, 20, 20} << qint64(107) << 25;
    }
    void nsga2Contract() {
        // Every generation has `population` points but the last (the budget's rest); no point is asked
        // twice; min(budget, size) points in all; the same sequence for the same seed.
        QFETCH(std::vector<int>, sizes);
        QFETCH(qint64, budget);
        QFETCH(int, population);
        const DesignSpace s = fakeSpace(sizes);
        Nsga2Strategy a(s, {Metric::Latency, Metric::Energy}, budget, population, 11);
        std::vector<std::size_t> gens;
        const auto asked = drive(a, s, sizes[0] - 1, &gens);
        const qint64 expected = std::min<qint64>(budget, s.size());
        QCOMPARE(qint64(asked.size()), expected);
        QCOMPARE(a.planned(), std::int64_t(expected));
        QCOMPARE(std::set<std::int64_t>(asked.begin(), asked.end()).size(), asked.size());
        for (std::size_t g = 0; g + 1 < gens.size(); ++g) QCOMPARE(int(gens[g]), a.population());
        Nsga2Strategy b(s, {Metric::Latency, Metric::Energy}, budget, population, 11);
        QCOMPARE(drive(b, s, sizes[0] - 1), asked);
        Nsga2Strategy c(s, {Metric::Latency, Metric::Energy}, budget, population, 12);
        QVERIFY(drive(c, s, sizes[0] - 1) != asked || expected == s.size());
    }

    void nsga2AvoidsInfeasibleRegion() {
        // Constrained domination: with the upper half of the first axis infeasible, later
        // generations draw ever fewer infeasible children than the first (random) one, whose share
        // is about one half.
        const DesignSpace s = fakeSpace({20, 10, 10, 10});
        Nsga2Strategy st(s, {Metric::Latency, Metric::Energy}, 400, 40, 5);
        std::vector<double> share;
        for (;;) {
            const auto gen = st.ask();
            if (gen.empty()) break;
            std::vector<PointResult> results;
            int bad = 0;
            for (auto i : gen) {
                results.push_back(fakeResult(s, i, 10));
                bad += !results.back().feasible();
            }
            share.push_back(double(bad) / gen.size());
            st.tell(results);
        }
        QCOMPARE(share.size(), std::size_t(10));
        QVERIFY2(share.front() > 0.3, qPrintable(QString::number(share.front())));
        // Mutation still steps over the boundary now and then; a tenth is a wide margin.
        QVERIFY2(share.back() < 0.1, qPrintable(QString::number(share.back())));
    }
};

QTEST_MAIN(TestSearchNsga2)
#include "tst_search_nsga2.moc"
