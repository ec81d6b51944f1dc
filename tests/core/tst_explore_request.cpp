// search::run checks its own request (checkRequest) and returns diagnostics instead of running a
// request it rejects; and an explored point costs what the one evaluation policy gives the same
// design (search::evaluateDesign with the point's explorationPolicy).
#include <QtTest>

#include <cmath>

#include "core/search_fixtures.h"
#include "search/design_evaluation.h"
#include "search/explorer.h"

using namespace archscape;
using namespace archscape::search;

namespace {

/// Counts the sink's calls: a rejected request must make none.
struct CountingSink : ProgressSink {
    int points = 0, progresses = 0;
    void pointFinished(const PointResult&, std::span<const mapping::Mapping>, bool) override { ++points; }
    void progress(const ExploreProgress&) override { ++progresses; }
};

/// Small enough for the exhaustive mapper: a seed-independent optimum per layer.
ExploreRequest tinyRequest() {
    ExploreRequest r;
    r.space.name = "tiny";
    r.space.base = test::edgeAccelerator(2, 2, 24, 3);
    Axis rows;
    rows.param = Param::PeRows;
    rows.name = "pe_rows";
    rows.values = {1, 2};
    rows.labels = {"1", "2"};
    r.space.axes.push_back(rows);
    Axis dataflows;
    dataflows.param = Param::Dataflow;
    dataflows.name = "dataflow";
    dataflows.dataflows = {std::nullopt, mapping::Dataflow::WeightStationary};
    dataflows.labels = {"free", "ws"};
    r.space.axes.push_back(dataflows);
    r.space.mapper.strategy = StrategyKind::Exhaustive;
    r.space.mapper.budget = 0; // no limit: the whole mapspace
    r.network.name = "tiny";
    r.network.layers = {test::conv("a", 4, 3, 2, 1, 1, 1), test::conv("b", 4, 3, 2, 1, 1, 1),
                        test::conv("c", 3, 2, 3, 1, 2, 1)};
    return r;
}

} // namespace

class TstExploreRequest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void rejectedRequestIsNotRun_data();
    void rejectedRequestIsNotRun();
    void explorerAgreesWithThePolicy();
};

void TstExploreRequest::rejectedRequestIsNotRun_data() {
    QTest::addColumn<QList<int>>("objectives");
    QTest::addColumn<QString>("message");
    QTest::newRow("none") << QList<int>{} << "expected at least one objective";
    QTest::newRow("twice") << QList<int>{int(Metric::Latency), int(Metric::Latency)}
                           << "objective \"latency\" is listed twice";
    QTest::newRow("accuracy without a model")
        << QList<int>{int(Metric::Accuracy)} << "objective \"accuracy\" needs an accuracy model";
}

void TstExploreRequest::rejectedRequestIsNotRun() {
    QFETCH(QList<int>, objectives);
    QFETCH(QString, message);
    ExploreRequest r = tinyRequest();
    r.objectives.clear();
    for (int m : objectives) r.objectives.push_back(Metric(m));
    CountingSink sink;
    const ExploreResult out = run(r, sink);
    QCOMPARE(int(out.diagnostics.size()), 1);
    QVERIFY2(out.diagnostics[0].message.starts_with(message.toStdString()), out.diagnostics[0].message.c_str());
    QCOMPARE(out.diagnostics[0].message, *checkRequest(r)); // the same words as the check itself
    QVERIFY(out.points.empty());
    QVERIFY(out.front.empty());
    QCOMPARE(sink.points + sink.progresses, 0);
    QCOMPARE(out.total, std::int64_t(4)); // 2 rows x 2 dataflows, none evaluated
    QVERIFY(!out.cancelled);
    QCOMPARE(out.mapper_runs, std::int64_t(0));
}

void TstExploreRequest::explorerAgreesWithThePolicy() {
    ExploreRequest r = tinyRequest();
    CountingSink sink;
    const ExploreResult out = run(r, sink);
    QVERIFY(out.diagnostics.empty());
    QCOMPARE(int(out.points.size()), 4);
    QCOMPARE(sink.points, 4);
    for (const PointResult& p : out.points) {
        const DesignPoint d = r.space.pointAt(p.index);
        const model::NetworkCost nc =
            evaluateDesign(r.network, d.accelerator, explorationPolicy(r.space.mapper, d.dataflow));
        QCOMPARE(p.unmapped, nc.unmapped);
        if (!nc.valid()) continue;
        const double latency = nc.latencySeconds(d.accelerator.clock_mhz);
        QVERIFY2(std::abs(p.latency_s - latency) <= 1e-12 * latency, qPrintable(QString::number(p.index)));
        QVERIFY(std::abs(p.energy_j - nc.energy_pj * 1e-12) <= 1e-12 * p.energy_j);
    }
}

QTEST_APPLESS_MAIN(TstExploreRequest)
#include "tst_explore_request.moc"
