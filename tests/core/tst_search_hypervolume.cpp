// Hypervolume of Pareto fronts: hand-computed areas and volumes, invariance to dominated and
// repeated points, and agreement with counting unit cells on integer grids.
#include <QtTest>

#include "search/front_hypervolume.h"
#include "search/hypervolume.h"
#include "search/rng.h"

using namespace archscape::search;

namespace {
using Points = std::vector<std::vector<double>>;

/// Independent check on integer points: count the unit cells [x, x+1) x ... below the reference
/// that some point dominates (a cell is dominated when its lower corner is >= the point).
double countCells(const Points& pts, const std::vector<int>& ref) {
    const int d = static_cast<int>(ref.size());
    std::vector<int> c(d, 0);
    double n = 0;
    for (;;) {
        for (const auto& p : pts) {
            bool dom = true;
            for (int k = 0; dom && k < d; ++k) dom = p[k] <= c[k];
            if (dom) {
                ++n;
                break;
            }
        }
        int k = 0;
        while (k < d && ++c[k] == ref[k]) c[k++] = 0;
        if (k == d) break;
    }
    return n;
}
} // namespace

class TestSearchHypervolume : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void handComputed_data() {
        QTest::addColumn<Points>("points");
        QTest::addColumn<std::vector<double>>("reference");
        QTest::addColumn<double>("expected");
        // One point: the box to the reference.
        QTest::newRow("1 point 2-D") << Points{{1, 2}} << std::vector<double>{4, 5} << 9.0;
        // Staircase (1,3), (2,2), (3,1) to (4,4): 3x1 + 2x1 + 1x1 rows = 6.
        QTest::newRow("staircase") << Points{{1, 3}, {2, 2}, {3, 1}} << std::vector<double>{4, 4} << 6.0;
        // Adding a dominated point (3,3) and a repeat changes nothing.
        QTest::newRow("dominated") << Points{{1, 3}, {2, 2}, {3, 1}, {3, 3}, {2, 2}} << std::vector<double>{4, 4}
                                   << 6.0;
        // Points on or beyond the reference add nothing.
        QTest::newRow("outside") << Points{{4, 0}, {0, 4}, {5, 5}} << std::vector<double>{4, 4} << 0.0;
        // Two 3-D boxes to (2,2,2): [0,2]x[1,2]x[0,2] (2x1x2 = 4) and [1,2]x[0,2]x[0,2] (4) overlap
        // in [1,2]x[1,2]x[0,2] (2): 4 + 4 - 2 = 6.
        QTest::newRow("two boxes 3-D") << Points{{0, 1, 0}, {1, 0, 0}} << std::vector<double>{2, 2, 2} << 6.0;
        // 3-D: (0,0,1) gives 2x2x1 = 4, (1,1,0) adds [1,2]x[1,2]x[0,1] = 1: 5.
        QTest::newRow("stacked 3-D") << Points{{0, 0, 1}, {1, 1, 0}} << std::vector<double>{2, 2, 2} << 5.0;
    }
    void handComputed() {
        QFETCH(Points, points);
        QFETCH(std::vector<double>, reference);
        QFETCH(double, expected);
        QCOMPARE(hypervolume(points, reference), expected);
    }

    void equalsCellCount_data() {
        QTest::addColumn<int>("dims");
        QTest::addColumn<int>("count");
        for (int d = 2; d <= 4; ++d)
            for (int n : {3, 12, 40}) QTest::newRow(qPrintable(QString("%1-D %2 points").arg(d).arg(n))) << d << n;
    }
    void equalsCellCount() {
        QFETCH(int, dims);
        QFETCH(int, count);
        Rng rng(static_cast<std::uint64_t>(dims * 100 + count));
        const std::vector<int> ref(dims, 9);
        Points pts;
        for (int i = 0; i < count; ++i) {
            std::vector<double> p(dims);
            for (double& x : p) x = double(rng.below(10)); // some on the reference: ignored
            pts.push_back(p);
        }
        QCOMPARE(hypervolume(pts, std::vector<double>(ref.begin(), ref.end())), countCells(pts, ref));
    }

    // An exploration's front: latency and accuracy (as top-1 error) of the front points only.
    void frontOfAnExploration() {
        ExploreResult r;
        auto point = [](std::int64_t index, double latency, double top1) {
            PointResult p;
            p.index = index;
            p.latency_s = latency;
            p.accuracy_top1 = top1;
            return p;
        };
        r.points = {point(0, 1.0, 70.0), point(1, 2.0, 76.0), point(2, 3.0, 60.0)};
        r.front = {0, 1};
        const std::vector<Metric> objectives = {Metric::Latency, Metric::Accuracy};
        // Front vectors (1, 30) and (2, 24); reference (4, 40): boxes 3x10 and 2x16 overlap in
        // [2,4]x[30,40] = 2x10: 30 + 32 - 20 = 42.
        const auto hv = frontHypervolume(r, objectives, std::vector<double>{4.0, 40.0});
        QCOMPARE(hv.value, 42.0);
        // Own reference 1.1 x worst = (2.2, 33): (2.2-1)x(33-30) + (2.2-2)x(33-24) - overlap
        // (2.2-2)x(33-30) = 3.6 + 1.8 - 0.6 = 4.8.
        const auto own = frontHypervolume(r, objectives);
        QCOMPARE(own.reference[0], 2.2);
        QCOMPARE(own.reference[1], 33.0);
        QCOMPARE(own.value, 4.8);
    }

    void referenceIsScaledWorst() {
        const auto r = scaledReference(Points{{1, 8}, {4, 2}}, 1.5);
        QCOMPARE(r.size(), std::size_t(2));
        QCOMPARE(r[0], 6.0);
        QCOMPARE(r[1], 12.0);
    }
};

QTEST_APPLESS_MAIN(TestSearchHypervolume)
#include "tst_search_hypervolume.moc"
