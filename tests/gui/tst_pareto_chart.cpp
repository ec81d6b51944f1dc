// The Pareto chart's front against a brute-force dominance check, streamed or at once, on every
// pair of axes including accuracy (maximised), and the accuracy axis' availability.
#include <QtTest>

#include "pareto_chart.h"
#include "pareto_test_designs.h"

using namespace archscape;
using test::bruteForceFront;
using test::randomDesigns;
using test::sorted;

class TestParetoChart : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void frontMatchesBruteForce_data();
    void frontMatchesBruteForce();
    void accuracyAxisNeedsValues();
};

void TestParetoChart::frontMatchesBruteForce_data() {
    QTest::addColumn<int>("x");
    QTest::addColumn<int>("y");
    QTest::addColumn<bool>("streamed");
    for (bool streamed : {false, true}) {
        const char* how = streamed ? "streamed" : "at once";
        QTest::addRow("latency-energy %s", how)
            << int(search::Metric::Latency) << int(search::Metric::Energy) << streamed;
        QTest::addRow("area-edp %s", how) << int(search::Metric::Area) << int(search::Metric::Edp) << streamed;
        QTest::addRow("latency-accuracy %s", how)
            << int(search::Metric::Latency) << int(search::Metric::Accuracy) << streamed;
        QTest::addRow("accuracy-energy %s", how)
            << int(search::Metric::Accuracy) << int(search::Metric::Energy) << streamed;
    }
}

void TestParetoChart::frontMatchesBruteForce() {
    QFETCH(int, x);
    QFETCH(int, y);
    QFETCH(bool, streamed);
    const auto all = randomDesigns(400, true, 11);
    std::vector<search::EvaluatedDesign> shown;
    widgets::ParetoChart chart;
    chart.setAxes(search::Metric(x), search::Metric(y));
    if (streamed) {
        // Batches of 37 as the Session delivers them; the vector grows between calls.
        for (std::size_t first = 0; first < all.size(); first += 37) {
            const std::size_t end = std::min(all.size(), first + 37);
            shown.insert(shown.end(), all.begin() + first, all.begin() + end);
            chart.setDesigns(&shown, int(first));
        }
    } else {
        shown = all;
        chart.setDesigns(&shown);
    }
    const std::vector<int> expected = bruteForceFront(all, search::Metric(x), search::Metric(y));
    QVERIFY(expected.size() >= 2);
    QCOMPARE(sorted(chart.front()), expected);
    // front() runs by increasing x.
    for (std::size_t i = 1; i < chart.front().size(); ++i)
        QVERIFY(all[chart.front()[i - 1]].metric(search::Metric(x)) <= all[chart.front()[i]].metric(search::Metric(x)));
}

void TestParetoChart::accuracyAxisNeedsValues() {
    auto designs = randomDesigns(50, false, 3);
    widgets::ParetoChart chart;
    QSignalSpy available(&chart, &widgets::ParetoChart::metricsAvailableChanged);
    chart.setDesigns(&designs);
    QVERIFY(chart.hasMetric(search::Metric::Latency));
    QVERIFY(!chart.hasMetric(search::Metric::Accuracy));
    // Without accuracy values an accuracy axis has no point to plot, hence no front.
    chart.setAxes(search::Metric::Latency, search::Metric::Accuracy);
    QVERIFY(chart.front().empty());
    QCOMPARE(chart.pixelPosition(0), QPointF(-1, -1));

    designs[5].accuracy_pct = 71.25;
    designs[5].valid = true;
    const int before = available.count();
    chart.setDesigns(&designs);
    QVERIFY(chart.hasMetric(search::Metric::Accuracy));
    QVERIFY(available.count() > before);
    // The only design with an accuracy is the whole front, and hover names its accuracy.
    QCOMPARE(chart.front(), std::vector<int>{5});
    QVERIFY2(chart.hoverText(5).contains("71.25 %"), qPrintable(chart.hoverText(5)));
    QVERIFY(!chart.hoverText(4).contains("accuracy"));
}

QTEST_MAIN(TestParetoChart)
#include "tst_pareto_chart.moc"
