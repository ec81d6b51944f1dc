// mapping::spatialDims: the dimensions each dataflow unrolls over PE rows and columns, as the
// dataflow docs state them, and as its template mapping actually unrolls them.
#include <QtTest>

#include "core/search_fixtures.h"
#include "mapping/dataflow.h"

using namespace archscape;
using mapping::Dataflow;
using workload::Dim;

Q_DECLARE_METATYPE(std::vector<archscape::workload::Dim>)

class TstSpatialDims : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void documented_data();
    void documented();
    void templateUnrollsExactlyThese();
};

void TstSpatialDims::documented_data() {
    QTest::addColumn<int>("dataflow");
    QTest::addColumn<std::vector<Dim>>("rows");
    QTest::addColumn<std::vector<Dim>>("cols");
    // From the Dataflow enum's docs (first choices) and their fallbacks for layers where those are 1
    // (G for grouped layers; yx-p puts K on the columns of a GEMM).
    QTest::newRow("ws") << int(Dataflow::WeightStationary) << std::vector{Dim::C, Dim::G} << std::vector{Dim::K};
    QTest::newRow("os") << int(Dataflow::OutputStationary) << std::vector{Dim::K, Dim::G}
                        << std::vector{Dim::Q, Dim::P, Dim::N};
    QTest::newRow("is") << int(Dataflow::InputStationary) << std::vector{Dim::C, Dim::G}
                        << std::vector{Dim::Q, Dim::P, Dim::N};
    QTest::newRow("rs") << int(Dataflow::RowStationary) << std::vector{Dim::R, Dim::C, Dim::G}
                        << std::vector{Dim::P, Dim::Q, Dim::N};
    QTest::newRow("kc-p") << int(Dataflow::KCP) << std::vector{Dim::C, Dim::G} << std::vector{Dim::K};
    QTest::newRow("yx-p") << int(Dataflow::YXP) << std::vector{Dim::P, Dim::K} << std::vector{Dim::Q, Dim::G};
}

void TstSpatialDims::documented() {
    QFETCH(int, dataflow);
    QFETCH(std::vector<Dim>, rows);
    QFETCH(std::vector<Dim>, cols);
    const auto s = mapping::spatialDims(Dataflow(dataflow));
    for (Dim d : workload::kAllDims) {
        QCOMPARE(s.rows[d], std::find(rows.begin(), rows.end(), d) != rows.end());
        QCOMPARE(s.cols[d], std::find(cols.begin(), cols.end(), d) != cols.end());
        QVERIFY(!(s.rows[d] && s.cols[d])); // a dimension is unrolled at most once
    }
}

void TstSpatialDims::templateUnrollsExactlyThese() {
    // A layer whose every bound is 2 on an array large enough for all of them: the template gives a
    // factor of 2 to every dimension it may unroll, and to no other.
    workload::Layer probe;
    probe.bounds = workload::PerDim<std::int64_t>::filled(2);
    auto acc = test::edgeAccelerator(64, 64, 1 << 20, 1 << 16);
    for (Dataflow df : mapping::kAllDataflows) {
        const auto m = mapping::templateMapping(probe, acc, df);
        QVERIFY(m);
        const auto s = mapping::spatialDims(df);
        for (Dim d : workload::kAllDims) {
            QCOMPARE(m->spatial_y[d] > 1, s.rows[d]);
            QCOMPARE(m->spatial_x[d] > 1, s.cols[d]);
        }
    }
}

QTEST_APPLESS_MAIN(TstSpatialDims)
#include "tst_spatial_dims.moc"
