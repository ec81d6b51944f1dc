// Pareto front and the one "best" reducer, checked against the O(n^2) definition on random sets.
#include <QtTest>

#include <algorithm>
#include <ctime>
#include <vector>

#include "search/best_by.h"
#include "search/pareto_front.h"
#include "search/rng.h"

using namespace archscape::search;

namespace {

// The definition: a point is on the front when no other point dominates it (duplicates stay).
std::vector<std::size_t> bruteForce(const std::vector<std::vector<double>>& pts) {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < pts.size(); ++i) {
        bool dominated = false;
        for (std::size_t j = 0; j < pts.size() && !dominated; ++j) {
            bool le = true, lt = false;
            for (std::size_t k = 0; k < pts[i].size(); ++k) {
                le = le && pts[j][k] <= pts[i][k];
                lt = lt || pts[j][k] < pts[i][k];
            }
            dominated = le && lt;
        }
        if (!dominated) out.push_back(i);
    }
    return out;
}

std::vector<std::vector<double>> randomSet(Rng& rng, int n, int k, int levels) {
    std::vector<std::vector<double>> pts(n, std::vector<double>(k));
    // Few distinct values per objective force ties and exact duplicates.
    for (auto& p : pts)
        for (auto& v : p) v = levels > 0 ? double(rng.below(levels)) : rng.uniform();
    return pts;
}

} // namespace

class TestPareto : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void matchesBruteForce_data() {
        QTest::addColumn<int>("n");
        QTest::addColumn<int>("k");
        QTest::addColumn<int>("levels");
        QTest::newRow("2D continuous") << 500 << 2 << 0;
        QTest::newRow("2D ties") << 400 << 2 << 6;
        QTest::newRow("3D continuous") << 300 << 3 << 0;
        QTest::newRow("3D ties") << 300 << 3 << 4;
        QTest::newRow("4D ties") << 200 << 4 << 3;
        QTest::newRow("1D") << 100 << 1 << 5;
    }
    void matchesBruteForce() {
        QFETCH(int, n);
        QFETCH(int, k);
        QFETCH(int, levels);
        for (std::uint64_t seed = 1; seed <= 20; ++seed) {
            Rng rng(seed);
            const auto pts = randomSet(rng, n, k, levels);
            const auto expected = bruteForce(pts);
            QCOMPARE(paretoIndices(pts), expected);
            // Incremental, in a shuffled order: the same set whatever the arrival order.
            std::vector<std::size_t> order(pts.size());
            for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
            for (std::size_t i = order.size() - 1; i > 0; --i)
                std::swap(order[i], order[rng.below(std::uint32_t(i + 1))]);
            ParetoFront f(k);
            std::vector<std::int64_t> evicted;
            std::size_t inserted = 0;
            for (std::size_t i : order) inserted += f.insert(std::int64_t(i), pts[i], &evicted);
            std::vector<std::int64_t> ids = f.ids();
            QCOMPARE(ids.size(), expected.size());
            for (std::size_t i = 0; i < ids.size(); ++i) QCOMPARE(std::size_t(ids[i]), expected[i]);
            // Conservation: every point that joined either stayed or was evicted exactly once.
            QCOMPARE(inserted, ids.size() + evicted.size());
        }
    }

    void duplicatesAndDominance() {
        ParetoFront f(2);
        const double a[] = {1, 5}, b[] = {1, 5}, c[] = {2, 2}, d[] = {1, 2};
        QVERIFY(f.insert(0, a));
        QVERIFY(f.insert(1, b)); // an exact duplicate does not dominate: both stay
        QVERIFY(f.insert(2, c));
        std::vector<std::int64_t> ev;
        QVERIFY(f.insert(3, d, &ev)); // (1,2) dominates all three
        std::sort(ev.begin(), ev.end());
        QCOMPARE(ev, (std::vector<std::int64_t>{0, 1, 2}));
        QCOMPARE(f.ids(), (std::vector<std::int64_t>{3}));
        QVERIFY(!f.insert(4, c)); // dominated by (1,2)
        const double nan[] = {NAN, 0};
        QVERIFY(!f.insert(5, nan));
    }

    void largeTwoObjectiveSetIsFast() {
        // 200k points on an anti-diagonal (all on the front) and as many dominated ones: the
        // staircase keeps this O(n log n); a quadratic scan would take minutes. Process CPU time,
        // not wall time: a loaded machine (or CI's sanitizer tree, 2-3x slower) must not fail it.
        Rng rng(7);
        ParetoFront f(2);
        const std::clock_t start = std::clock();
        for (int i = 0; i < 200000; ++i) {
            const double x = rng.uniform();
            const double on[] = {x, 1 - x};
            const double off[] = {x + 0.5, 1.5 - x};
            f.insert(2 * i, on);
            f.insert(2 * i + 1, off);
        }
        QCOMPARE(f.size(), std::size_t(200000));
        const double cpuSeconds = double(std::clock() - start) / CLOCKS_PER_SEC;
        QVERIFY2(cpuSeconds < 10, qPrintable(QString::number(cpuSeconds) + " s of CPU"));
    }

    void bestByBreaksTiesBySmallestId() {
        struct P {
            double v;
            std::int64_t id;
        };
        const std::vector<P> ps = {{3, 7}, {1, 9}, {1, 4}, {NAN, 0}, {2, 1}};
        auto it = bestBy(
            ps.begin(), ps.end(), [](const P& p) { return p.v; }, [](const P& p) { return p.id; });
        QCOMPARE(it->id, std::int64_t(4));
        std::vector<P> empty;
        QVERIFY(bestBy(
                    empty.begin(), empty.end(), [](const P& p) { return p.v; }, [](const P& p) { return p.id; }) ==
                empty.end());
    }
};

QTEST_APPLESS_MAIN(TestPareto)
#include "tst_pareto.moc"
