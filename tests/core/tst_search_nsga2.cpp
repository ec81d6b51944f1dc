// Design-space search strategies in isolation (no cost model): NSGA-II's non-dominated sort and
// crowding distance against hand-worked cases, sampling without replacement, the constraint
// violation, the ask/tell contract of Random, NSGA-II, the genetic (GENESYS-style) search and the
// island model driven by a fake evaluator, the stratified first generation and migration.
#include <QtTest>

#include <cmath>
#include <set>

#include "search/genetic_design_strategy.h"
#include "search/island_strategy.h"
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

/// A fake single-objective landscape for the genetic search: latency 1 + (c0 - 7)^2 and energy
/// 1 + (c1 - 3)^2 + (c2 - 12)^2, so their product (the fitness) is smallest, 1, at (7, 3, 12) alone;
/// designs with c0 >= 15 are infeasible (area).
PointResult bowlResult(const DesignSpace& s, std::int64_t index) {
    PointResult r;
    r.index = index;
    r.choice = s.choiceOf(index);
    auto sq = [](double x) { return x * x; };
    r.latency_s = 1 + sq(r.choice[0] - 7.0);
    r.energy_j = 1 + sq(r.choice[1] - 3.0) + sq(r.choice[2] - 12.0);
    r.area_mm2 = 1 + r.choice[0];
    if (r.choice[0] >= 15) r.reason = Infeasibility::Area;
    return r;
}

/// Runs a strategy on bowlResult; the best (smallest latency x energy) feasible point asked.
std::int64_t bestOnBowl(DesignStrategy& st, const DesignSpace& s, std::int64_t* asked = nullptr) {
    std::int64_t best = -1, n = 0;
    double bestValue = INFINITY;
    for (;;) {
        const auto gen = st.ask();
        if (gen.empty()) break;
        std::vector<PointResult> results;
        for (auto i : gen) {
            results.push_back(bowlResult(s, i));
            const double v = results.back().latency_s * results.back().energy_j;
            if (results.back().feasible() && v < bestValue) bestValue = v, best = i;
        }
        n += static_cast<std::int64_t>(gen.size());
        st.tell(results);
    }
    if (asked) *asked = n;
    return best;
}

/// An island model of NSGA-II islands on one space.
IslandStrategy nsga2Islands(const DesignSpace& s, int islands, std::int64_t budget, int population, std::uint64_t seed,
                            int interval) {
    return IslandStrategy(islands, budget, seed,
                          [&s, population](int, std::int64_t b, std::uint64_t k, std::shared_ptr<SeenPoints> seen) {
                              return std::make_unique<Nsga2Strategy>(s, std::vector{Metric::Latency, Metric::Energy}, b,
                                                                     population, k, std::move(seen));
                          },
                          {.interval = interval});
}

/// The same for the genetic search.
IslandStrategy geneticIslands(const DesignSpace& s, int islands, std::int64_t budget, int population,
                              std::uint64_t seed, int interval, int migrants) {
    return IslandStrategy(islands, budget, seed,
                          [&s, population](int, std::int64_t b, std::uint64_t k, std::shared_ptr<SeenPoints> seen) {
                              return std::make_unique<GeneticDesignStrategy>(
                                  s, std::vector{Metric::Latency, Metric::Energy}, b, population, k, std::move(seen));
                          },
                          {.interval = interval, .migrants = migrants});
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

    void hypervolumeTruncation() {
        // A(1,3) B(1.5,2.9) D(2,1.2) C(3,1), reference 1.1 x the worst = (3.3, 3.3). Exclusive
        // contributions (the box up to the next point on each side): A 0.5 x 0.3 = 0.15, B 0.5 x 0.1
        // = 0.05, D 1 x 1.7 = 1.7, C 0.3 x 0.2 = 0.06, so B leaves first; then among A, D, C:
        // A 1 x 0.3 = 0.3, D 1 x 1.8 = 1.8, C 0.06, so C leaves. Crowding distance would drop D
        // second (A and C are extremes, infinitely crowded-apart).
        const Rows rows{{1, 3}, {1.5, 2.9}, {2, 1.2}, {3, 1}};
        const std::vector<std::size_t> front{0, 1, 2, 3};
        QCOMPARE(truncatedByHypervolume(rows, front, 3), (std::vector<std::size_t>{1}));
        QCOMPARE(truncatedByHypervolume(rows, front, 2), (std::vector<std::size_t>{1, 3}));
        QCOMPARE(truncatedByHypervolume(rows, front, 4), std::vector<std::size_t>{});
        // Indices are rows'. The subset C, D, B has its own reference (3.3, 3.19): B 0.5 x 0.29,
        // D 1 x 1.7, C 0.3 x 0.2 = 0.06, so C leaves.
        QCOMPARE(truncatedByHypervolume(rows, {3, 2, 1}, 2), (std::vector<std::size_t>{3}));
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

    void stratifiedFirstGeneration() {
        // Generation 0 is a Latin hypercube over the value indices: with a population of 20, an
        // axis of 10 values has each value twice, one of 5 each four times, one of 20 each once
        // (the space, 10^7 points, makes a repeat that would need re-drawing unlikely: the check
        // below also fails if one happened).
        const DesignSpace s = fakeSpace({10, 5, 20, 100, 100});
        Nsga2Strategy st(s, {Metric::Latency, Metric::Energy}, 100, 20, 3);
        const auto gen = st.ask();
        QCOMPARE(gen.size(), std::size_t(20));
        for (std::size_t a = 0; a < 3; ++a) {
            std::vector<int> count(s.axes[a].size(), 0);
            for (auto i : gen) ++count[s.choiceOf(i)[a]];
            const int expected = 20 / static_cast<int>(s.axes[a].size());
            for (int c : count) QCOMPARE(c, expected);
        }
        // An axis of 100 values: one value from each of the 20 slots [5j, 5j + 5).
        std::vector<int> slots(20, 0);
        for (auto i : gen) ++slots[s.choiceOf(i)[3] / 5];
        for (int c : slots) QCOMPARE(c, 1);
    }

    void scalarFitness_data() {
        QTest::addColumn<std::vector<double>>("objectives");
        QTest::addColumn<std::vector<int>>("metrics");
        QTest::addColumn<double>("expected");
        // The product of the objectives, as a logarithm: latency 2 s x energy 3 J = EDP 6 J*s.
        QTest::newRow("edp") << std::vector<double>{2, 3} << std::vector<int>{int(Metric::Latency), int(Metric::Energy)}
                             << std::log(6.0);
        QTest::newRow("one objective") << std::vector<double>{0.5} << std::vector<int>{int(Metric::Energy)}
                                       << std::log(0.5);
        // Accuracy is held negated (-75 % top-1) and enters as its error, 25 %: 2 x 25.
        QTest::newRow("accuracy") << std::vector<double>{2, -75}
                                  << std::vector<int>{int(Metric::Latency), int(Metric::Accuracy)} << std::log(50.0);
    }
    void scalarFitness() {
        QFETCH(std::vector<double>, objectives);
        QFETCH(std::vector<int>, metrics);
        QFETCH(double, expected);
        std::vector<Metric> m;
        for (int x : metrics) m.push_back(static_cast<Metric>(x));
        QVERIFY(std::abs(GeneticDesignStrategy::scalarFitness(objectives, m) - expected) < 1e-12);
    }

    void geneticFindsTheOptimum() {
        // The bowl's only optimum (7, 3, 12) of 8,000 points, found with 400 evaluations by every
        // one of five seeds (random sampling would find it with probability 400 / 8000 = 5 % per run);
        // no point asked twice.
        const DesignSpace s = fakeSpace({20, 20, 20});
        const std::int64_t optimum = (7 * 20 + 3) * 20 + 12;
        for (std::uint64_t seed = 1; seed <= 5; ++seed) {
            GeneticDesignStrategy st(s, {Metric::Latency, Metric::Energy}, 400, 0, seed);
            QCOMPARE(st.population(), 40);
            std::int64_t asked = 0;
            QCOMPARE(bestOnBowl(st, s, &asked), optimum);
            QCOMPARE(asked, std::int64_t(400));
        }
    }

    void geneticContract() {
        // Same contract as NSGA-II: min(budget, size) distinct points, generations of `population`,
        // the same sequence for a seed, another for another seed.
        const DesignSpace s = fakeSpace({6, 7, 8});
        GeneticDesignStrategy a(s, {Metric::Latency, Metric::Energy}, 200, 16, 4);
        std::vector<std::size_t> gens;
        const auto asked = drive(a, s, 5, &gens);
        QCOMPARE(asked.size(), std::size_t(200));
        QCOMPARE(std::set<std::int64_t>(asked.begin(), asked.end()).size(), asked.size());
        for (std::size_t g = 0; g + 1 < gens.size(); ++g) QCOMPARE(int(gens[g]), 16);
        QCOMPARE(gens.back(), std::size_t(200 - 16 * 12));
        GeneticDesignStrategy b(s, {Metric::Latency, Metric::Energy}, 200, 16, 4);
        QCOMPARE(drive(b, s, 5), asked);
        GeneticDesignStrategy c(s, {Metric::Latency, Metric::Energy}, 200, 16, 5);
        QVERIFY(drive(c, s, 5) != asked);
    }

    void islandsContract() {
        // Three islands share the budget 301 as 101, 100, 100; a generation is the three islands'
        // generations (10 each); no point is asked twice across islands; the sequence is fixed by
        // the seed.
        const DesignSpace s = fakeSpace({10, 10, 10, 10});
        IslandStrategy a = nsga2Islands(s, 3, 301, 10, 7, 2);
        QCOMPARE(a.islands(), 3);
        QCOMPARE(a.planned(), std::int64_t(301));
        QCOMPARE(a.island(0).planned(), std::int64_t(101));
        QCOMPARE(a.island(2).planned(), std::int64_t(100));
        std::vector<std::size_t> gens;
        const auto asked = drive(a, s, 9, &gens);
        QCOMPARE(asked.size(), std::size_t(301));
        QCOMPARE(std::set<std::int64_t>(asked.begin(), asked.end()).size(), asked.size());
        for (std::size_t g = 0; g + 1 < gens.size(); ++g) QCOMPARE(gens[g], std::size_t(30));
        QCOMPARE(gens.back(), std::size_t(1)); // island 0's 101st point
        IslandStrategy b = nsga2Islands(s, 3, 301, 10, 7, 2);
        QCOMPARE(drive(b, s, 9), asked);
        IslandStrategy c = nsga2Islands(s, 3, 301, 10, 8, 2);
        QVERIFY(drive(c, s, 9) != asked);
    }

    void migrationCarriesTheBest() {
        // Genetic islands, migrating after every generation (1 migrant) against the same islands
        // that never migrate: the first generation is the same in both (nothing has migrated yet),
        // so after it island k + 1's best is the better of its own best and island k's (ring).
        const DesignSpace s = fakeSpace({20, 20, 20});
        IslandStrategy migrating = geneticIslands(s, 3, 300, 10, 2, 1, 1);
        IslandStrategy alone = geneticIslands(s, 3, 300, 10, 2, 1000, 1);
        const auto gen = migrating.ask();
        QCOMPARE(alone.ask(), gen);
        std::vector<PointResult> results;
        for (auto i : gen) results.push_back(bowlResult(s, i));
        migrating.tell(results);
        alone.tell(results);
        auto fitness = [&](const Individual& m) {
            return bowlResult(s, m.index).latency_s * bowlResult(s, m.index).energy_j;
        };
        for (int k = 0; k < 3; ++k) {
            const Individual own = alone.island((k + 1) % 3).emigrants(1).front();
            const Individual arriving = alone.island(k).emigrants(1).front();
            const Individual best = migrating.island((k + 1) % 3).emigrants(1).front();
            QCOMPARE(fitness(best), std::min(fitness(own), fitness(arriving)));
        }
    }

    void nsga2AvoidsInfeasibleRegion() {
        // Constrained domination: with the upper half of the first axis infeasible, the first
        // generation is half infeasible exactly (stratified: each of the 20 values twice in 40
        // points), later ones ever less. A child of two feasible parents is infeasible only by a
        // mutation of the first axis across the boundary (probability 1/4 per child, times the
        // chance of stepping over it), so the share settles well below a tenth: over five seeds,
        // the last three generations average below 0.1.
        const DesignSpace s = fakeSpace({20, 10, 10, 10});
        double late = 0;
        for (std::uint64_t seed = 1; seed <= 5; ++seed) {
            Nsga2Strategy st(s, {Metric::Latency, Metric::Energy}, 400, 40, seed);
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
            QCOMPARE(share.front(), 0.5);
            late += (share[7] + share[8] + share[9]) / 15;
        }
        QVERIFY2(late < 0.1, qPrintable(QString::number(late)));
    }
};

QTEST_MAIN(TestSearchNsga2)
#include "tst_search_nsga2.moc"
