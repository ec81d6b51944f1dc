// The explorer's design-space searches (random, nsga2) end to end with the cost model: equal to the
// grid sweep when the budget covers the space, identical for every thread count, a resumed run
// equal to an uninterrupted one, the hypervolume growing as generations finish, and the share of
// the full sweep's hypervolume NSGA-II and random sampling reach on the 10,000-point edge space.
#include <QtTest>

#include <algorithm>

#include "core/explore_fixtures.h"
#include "core/search_fixtures.h"
#include "io/design_space_json.h"
#include "io/workload_json.h"
#include "search/explorer.h"
#include "search/front_hypervolume.h"
#include "search/hypervolume.h"
#include "test_support.h"

using namespace archscape;
using namespace archscape::search;
using nlohmann::json;

namespace {

workload::Network smallNetwork() {
    workload::Network net;
    net.name = "mini";
    net.layers = {test::conv("c1", 16, 3, 16, 16, 3, 3), test::conv("c2", 32, 16, 8, 8, 3, 3),
                  test::conv("c4", 64, 32, 4, 4, 1, 1)};
    return net;
}

ExploreRequest request(DesignSpace space, workload::Network net) {
    ExploreRequest r;
    r.space = std::move(space);
    r.network = std::move(net);
    r.objectives = {Metric::Latency, Metric::Energy, Metric::Area};
    r.seed = 5;
    return r;
}

DesignSpace parsed(const json& j) {
    auto s = io::parseDesignSpace(j);
    if (!s.ok()) qFatal("%s", formatDiagnostics("space", s.errors).c_str());
    return *s.value;
}

DesignSpace preset(const std::string& name) {
    auto s = io::readDesignSpaceFile(test::sourcePath("presets/spaces/" + name + ".json"));
    if (!s.ok()) qFatal("%s", formatDiagnostics(name, s.errors).c_str());
    return *s.value;
}

/// Records every progress report's hypervolume and the order points finished in.
struct Recorder : ProgressSink {
    std::vector<double> hypervolumes;
    std::vector<std::int64_t> finished;
    void pointFinished(const PointResult& p, std::span<const mapping::Mapping>, bool) override {
        finished.push_back(p.index);
    }
    void progress(const ExploreProgress& p) override {
        if (!std::isnan(p.hypervolume)) hypervolumes.push_back(p.hypervolume);
    }
};

/// Points compared on what the explorer computes (index, costs, reason), in order.
void compareResults(const ExploreResult& a, const ExploreResult& b) {
    QCOMPARE(a.points.size(), b.points.size());
    for (std::size_t i = 0; i < a.points.size(); ++i) {
        QCOMPARE(a.points[i].index, b.points[i].index);
        QCOMPARE(a.points[i].latency_s, b.points[i].latency_s);
        QCOMPARE(a.points[i].energy_j, b.points[i].energy_j);
        QCOMPARE(int(a.points[i].reason), int(b.points[i].reason));
    }
    QCOMPARE(a.front, b.front);
}

} // namespace

class TestSearchDesignSearch : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void fullBudgetEqualsGrid_data() {
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("islands");
        QTest::newRow("random") << int(DesignSearchKind::Random) << 1;
        QTest::newRow("nsga2") << int(DesignSearchKind::Nsga2) << 1;
        QTest::newRow("genesys") << int(DesignSearchKind::Genesys) << 1;
        QTest::newRow("nsga2, 3 islands") << int(DesignSearchKind::Nsga2) << 3;
    }
    void fullBudgetEqualsGrid() {
        // With a budget of at least the space's size a strategy evaluates every point once, so its
        // result (sorted by index) is the grid sweep's.
        ExploreRequest grid = request(parsed(test::smallSpace()), smallNetwork());
        ProgressSink none;
        const ExploreResult g = run(grid, none);
        QFETCH(int, kind);
        QFETCH(int, islands);
        ExploreRequest r = grid;
        r.search = {static_cast<DesignSearchKind>(kind), 100, 8};
        r.search.islands = islands;
        const ExploreResult s = run(r, none);
        QCOMPARE(s.total, std::int64_t(36));
        QVERIFY(!s.cancelled);
        compareResults(g, s);
    }

    void sameForEveryThreadCount_data() {
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("islands");
        QTest::newRow("random") << int(DesignSearchKind::Random) << 1;
        QTest::newRow("nsga2") << int(DesignSearchKind::Nsga2) << 1;
        QTest::newRow("genesys") << int(DesignSearchKind::Genesys) << 1;
        // Islands migrate after every generation here, so the migrants matter to what is asked.
        QTest::newRow("nsga2, 3 islands") << int(DesignSearchKind::Nsga2) << 3;
        QTest::newRow("genesys, 2 islands") << int(DesignSearchKind::Genesys) << 2;
    }
    void sameForEveryThreadCount() {
        QFETCH(int, kind);
        QFETCH(int, islands);
        ExploreRequest r = request(preset("edge"), smallNetwork());
        r.search = {static_cast<DesignSearchKind>(kind), 90, islands > 1 ? 5 : 15};
        r.search.islands = islands;
        r.search.migration_interval = 1;
        std::vector<std::int64_t> order;
        ExploreResult first;
        for (int threads : {1, 2, 3}) {
            r.threads = threads;
            Recorder rec;
            const ExploreResult x = run(r, rec);
            QCOMPARE(x.finished, std::int64_t(90));
            if (threads == 1) {
                first = x;
                order = rec.finished;
                continue;
            }
            compareResults(first, x);
            QCOMPARE(rec.finished, order); // told (and streamed) in the order asked
        }
    }

    void resumedEqualsUninterrupted() {
        // Any subset of an earlier run's points given as `done`: they are taken, not evaluated, and
        // the result equals the uninterrupted run's (evaluation is deterministic per point).
        ExploreRequest r = request(preset("edge"), smallNetwork());
        r.search = {DesignSearchKind::Nsga2, 80, 16};
        Recorder full;
        const ExploreResult all = run(r, full);
        auto done = std::make_shared<std::vector<PointResult>>();
        for (std::size_t i = 0; i < all.points.size(); i += 2) done->push_back(all.points[i]);
        r.done = done;
        Recorder resumed;
        const ExploreResult again = run(r, resumed);
        compareResults(all, again);
        QCOMPARE(resumed.finished.size(), all.points.size() - done->size()); // only the new ones reported
        QCOMPARE(again.front_mappings.size(), all.front_mappings.size());    // re-derived for taken points
    }

    void evolutionaryRefusesShards_data() {
        QTest::addColumn<int>("kind");
        QTest::newRow("nsga2") << int(DesignSearchKind::Nsga2);
        QTest::newRow("genesys") << int(DesignSearchKind::Genesys);
    }
    void evolutionaryRefusesShards() {
        QFETCH(int, kind);
        ExploreRequest r = request(parsed(test::smallSpace()), smallNetwork());
        r.search = {static_cast<DesignSearchKind>(kind), 20, 8};
        r.shard_count = 2;
        ProgressSink none;
        const ExploreResult x = run(r, none);
        QCOMPARE(x.diagnostics.size(), std::size_t(1));
        QVERIFY(QString::fromStdString(x.diagnostics[0].message).contains("shards"));
        QCOMPARE(x.finished, std::int64_t(0));
    }

    void hypervolumeGrowsWithFixedReference() {
        // Against a fixed reference the archive's front only gains volume: the hypervolume reported
        // after each generation never decreases, and the last one is the result's.
        ExploreRequest r = request(preset("edge"), smallNetwork());
        r.search = {DesignSearchKind::Nsga2, 120, 20};
        r.hypervolume_reference = {1.0, 1.0, 10.0}; // s, J, mm2: beyond every feasible edge design
        Recorder rec;
        const ExploreResult x = run(r, rec);
        // Progress comes after every point (120) and every generation's end (6 generations of 20),
        // with a hypervolume from the first generation's end on: all but the first 20 reports.
        QCOMPARE(rec.hypervolumes.size(), std::size_t(120 + 6 - 20));
        for (std::size_t i = 1; i < rec.hypervolumes.size(); ++i)
            QVERIFY(rec.hypervolumes[i] >= rec.hypervolumes[i - 1]);
        const double final = frontHypervolume(x, r.objectives, r.hypervolume_reference).value;
        QCOMPARE(rec.hypervolumes.back(), final);
    }

    void gridSweepReportsHypervolume() {
        // A grid sweep updates the hypervolume at most every kGridHypervolumeEvery (256) points and at
        // its last point: a 36-point sweep reports it once, with the last point, and it is the
        // result's front hypervolume against 1.1 x that front's worst.
        ExploreRequest r = request(parsed(test::smallSpace()), smallNetwork());
        Recorder rec;
        const ExploreResult x = run(r, rec);
        QCOMPARE(x.finished, std::int64_t(36));
        QCOMPARE(rec.hypervolumes.size(), std::size_t(1));
        QCOMPARE(rec.hypervolumes.back(), frontHypervolume(x, r.objectives).value);
    }

    void shareOfSweepHypervolume() {
        // Issue 16: on the 10,000-point edge space (latency, energy, area; reference 1.1 x the full
        // sweep front's worst per objective), NSGA-II and random sampling at 300 evaluations against
        // the full sweep, over five design-search seeds (the mapping searches, seed 1, are the same
        // in every run, as `archscape-cli explore --seed 1 --search-seed K`). Measured (docs/search.md):
        // NSGA-II 0.996 0.982 0.994 0.996 0.999 (median 0.994; over seeds 1..30 median 0.994, worst
        // 0.949), random 0.934 0.938 0.950 0.908 0.930 (median 0.934); with the mapper's order polish
        // (which changes the sweep) 0.954 0.979 0.997 0.997 0.997 and random median 0.939. The bounds:
        // the 98 % for the median (kMedianShare), every seed at least kWorstShare (below the
        // worst of the 30 seeds and of the polished five), and NSGA-II's median above random sampling's.
        auto net = io::readWorkloadFile(test::sourcePath("presets/workloads/alexnet.json"));
        QVERIFY(net.ok());
        ExploreRequest r = request(preset("edge"), *net.value);
        r.seed = 1;
        ProgressSink none;
        const ExploreResult sweep = run(r, none);
        QCOMPARE(sweep.finished, std::int64_t(10000));
        const auto sweepFront = frontObjectives(sweep, r.objectives);
        const auto ref = scaledReference(sweepFront);
        const double full = hypervolume(sweepFront, ref);
        QVERIFY(full > 0);
        auto shares = [&](DesignSearchKind kind) {
            std::vector<double> out;
            for (std::uint64_t k = 1; k <= 5; ++k) {
                ExploreRequest q = r;
                q.search = {kind, 300, 0, k};
                const ExploreResult x = run(q, none);
                // A short run counts as a share of -1 (and fails the worst-seed check).
                out.push_back(x.finished == 300 ? frontHypervolume(x, q.objectives, ref).value / full : -1.0);
            }
            std::sort(out.begin(), out.end());
            return out;
        };
        const auto nsga = shares(DesignSearchKind::Nsga2);
        const auto random = shares(DesignSearchKind::Random);
        QString text;
        for (double v : nsga) text += QString(" %1").arg(v, 0, 'f', 4);
        text += " | random";
        for (double v : random) text += QString(" %1").arg(v, 0, 'f', 4);
        qInfo("edge x alexnet, 300 evaluations, shares of the sweep's hypervolume: nsga2%s", qPrintable(text));
        QVERIFY2(nsga[2] >= kMedianShare, qPrintable(text));
        QVERIFY2(nsga[0] >= kWorstShare, qPrintable(text));
        QVERIFY2(nsga[2] > random[2], qPrintable(text));
    }

private:
    static constexpr double kMedianShare = 0.98;
    static constexpr double kWorstShare = 0.94;
};

QTEST_MAIN(TestSearchDesignSearch)
#include "tst_search_design_search.moc"
