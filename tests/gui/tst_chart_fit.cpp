// Issue 15's last chart items: the charts fit small docks. The per-layer breakdown's rotated y labels
// and ticks fit their rows however short (they overlapped the next row); the roofline's legend is never
// cut and its tick labels never overlap in the dock a 1366 × 768 screen leaves it.
#include <QMessageBox>
#include <QSignalSpy>
#include <QtTest>

#include <algorithm>
#include <array>

#include "breakdown_chart.h"
#include "main_window.h"
#include "presets.h"
#include "project_controller.h"
#include "roofline_chart.h"
#include "search/design_evaluation.h"
#include "session.h"

using namespace archscape;

namespace {

struct Design {
    workload::Network net;
    hardware::Accelerator acc;
    model::NetworkCost cost;
};

/// ResNet-50 on Eyeriss (File → New), template mappings; or on the TPU preset (systolic).
const Design& design(bool tpu) {
    static const std::array<Design, 2> designs = [] {
        std::array<Design, 2> d;
        for (int i = 0; i < 2; ++i) {
            auto p = i == 0 ? app::loadDefaultPreset() : app::loadPreset("resnet50", "tpu");
            d[i].net = p.value->network;
            d[i].acc = p.value->accelerator;
            search::EvaluationPolicy policy;
            policy.mode = search::EvaluationPolicy::Mode::Template;
            d[i].cost = search::evaluateDesign(d[i].net, d[i].acc, policy);
        }
        return d;
    }();
    return designs[tpu ? 1 : 0];
}

/// Ticks inside the axis' range, as pixel positions along it, and their labels.
std::vector<std::pair<double, QString>> visibleTicks(QCPAxis* axis) {
    std::vector<std::pair<double, QString>> ticks;
    const auto values = axis->tickVector();
    const auto labels = axis->tickVectorLabels();
    for (int i = 0; i < values.size(); ++i)
        if (axis->range().contains(values[i])) ticks.push_back({axis->coordToPixel(values[i]), labels.value(i)});
    std::sort(ticks.begin(), ticks.end());
    return ticks;
}

} // namespace

class TestChartFit : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void breakdownInTheWindowAt1366() {
        // The window as a 1366 x 768 screen shows it (File -> New: ResNet-50 on Eyeriss, the mapper):
        // the cycles row is ~24 px high; it showed a lone "0".
        app::Session session;
        app::MainWindow window(&session);
        window.project()->setUnsavedChangesPrompt([] { return int(QMessageBox::Discard); });
        QVERIFY(window.project()->loadDefaultDesign());
        window.resize(1366, 740);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy evaluated(&session, &app::Session::evaluated);
        while (session.evaluationPending()) QVERIFY(evaluated.wait(60000));
        QTest::qWait(200); // the queued replots
        for (QCPAxisRect* r : window.breakdownChart()->axisRects()) {
            QCPAxis* y = r->axis(QCPAxis::atLeft);
            const QFontMetrics fm(y->labelFont()), tfm(y->tickLabelFont());
            QVERIFY2(fm.horizontalAdvance(y->label()) <= r->height(),
                     qPrintable(QStringLiteral("label '%1' (%2 px) in a %3 px row")
                                    .arg(y->label())
                                    .arg(fm.horizontalAdvance(y->label()))
                                    .arg(r->height())));
            const auto ticks = visibleTicks(y);
            if (r->height() >= tfm.height())
                QVERIFY2(ticks.size() >= 2, qPrintable(QStringLiteral("%1 px row").arg(r->height())));
            for (std::size_t i = 1; i < ticks.size(); ++i) QVERIFY(ticks[i].first - ticks[i - 1].first >= tfm.height());
        }
    }

    void breakdownLabelsFitShortRows_data() {
        QTest::addColumn<int>("width");
        QTest::addColumn<int>("height");
        QTest::addColumn<bool>("full");
        QTest::newRow("tall dock") << 700 << 560 << true;
        QTest::newRow("1366 x 768 window's dock") << 780 << 250 << false;
        QTest::newRow("1366 x 768, narrower") << 700 << 230 << false;
        QTest::newRow("shorter still") << 700 << 210 << false;
    }
    void breakdownLabelsFitShortRows() {
        QFETCH(int, width);
        QFETCH(int, height);
        QFETCH(bool, full);
        const Design& d = design(false);
        widgets::BreakdownChart chart;
        chart.resize(width, height);
        chart.show(); // a hidden widget's resize reaches QCustomPlot's viewport only when shown
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        chart.setDesign(d.net, d.acc, &d.cost);
        chart.replot();
        const auto rects = chart.axisRects();
        QCOMPARE(rects.size(), 2);
        for (QCPAxisRect* r : rects) {
            QCPAxis* y = r->axis(QCPAxis::atLeft);
            const QFontMetrics fm(y->labelFont());
            // The rotated label runs along the row: no longer than the row is high.
            QVERIFY2(fm.horizontalAdvance(y->label()) <= r->height(),
                     qPrintable(QStringLiteral("'%1' in a %2 px row").arg(y->label()).arg(r->height())));
            // Tick labels at least one label height apart.
            const QFontMetrics tfm(y->tickLabelFont());
            const auto ticks = visibleTicks(y);
            // Two ticks at least (zero and a value) wherever two labels fit; a lone "0" told nothing.
            QVERIFY(!ticks.empty());
            if (r->height() >= tfm.height())
                QVERIFY2(ticks.size() >= 2,
                         qPrintable(QStringLiteral("%1 tick(s) in a %2 px row").arg(ticks.size()).arg(r->height())));
            for (std::size_t i = 1; i < ticks.size(); ++i)
                QVERIFY2(ticks[i].first - ticks[i - 1].first >= tfm.height(),
                         qPrintable(ticks[i - 1].second + " / " + ticks[i].second));
        }
        // With room, the labels are whole: what the axis shows and its unit.
        const QString energy = rects[0]->axis(QCPAxis::atLeft)->label(),
                      cycles = rects[1]->axis(QCPAxis::atLeft)->label();
        if (full) {
            QVERIFY2(energy.startsWith("energy (") && energy.endsWith("J)"), qPrintable(energy));
            QVERIFY2(cycles.startsWith("cycles"), qPrintable(cycles));
        } else {
            // The cycles row (under it the rotated layer names) is the shorter: its label is shortened
            // to the unit or dropped rather than run into the row above.
            QVERIFY2(!cycles.startsWith("cycles ("), qPrintable(cycles));
        }
    }

    void rooflineFitsSmallDocks_data() {
        QTest::addColumn<bool>("tpu");
        QTest::addColumn<int>("width");
        QTest::addColumn<int>("height");
        QTest::addColumn<bool>("allEntries");
        QTest::newRow("eyeriss, large dock") << false << 900 << 600 << true;
        QTest::newRow("eyeriss, 1366 x 768 dock") << false << 440 << 250 << false;
        QTest::newRow("tpu, 1366 x 768 dock") << true << 440 << 250 << false;
        QTest::newRow("tpu, narrow") << true << 320 << 220 << false;
    }
    void rooflineFitsSmallDocks() {
        QFETCH(bool, tpu);
        QFETCH(int, width);
        QFETCH(int, height);
        QFETCH(bool, allEntries);
        const Design& d = design(tpu);
        widgets::RooflineChart chart;
        chart.resize(width, height);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        chart.setDesign(d.net, d.acc, &d.cost);
        chart.replot();
        // The legend: every entry it keeps whole (its needed width fits), the three bounds always.
        QVERIFY2(chart.legend->minimumOuterSizeHint().width() <= width,
                 qPrintable(QString::number(chart.legend->minimumOuterSizeHint().width())));
        QVERIFY2(chart.legend->outerRect().right() <= width,
                 qPrintable(QString::number(chart.legend->outerRect().right())));
        QStringList names;
        for (int i = 0; i < chart.legend->itemCount(); ++i)
            if (auto* item = qobject_cast<QCPPlottableLegendItem*>(chart.legend->item(i)))
                names << item->plottable()->name();
        for (const char* bound : {"compute-bound", "memory-bound", "NoC-bound"}) QVERIFY2(names.contains(bound), bound);
        QCOMPARE(names.size() == 5, allEntries);
        // The rotated y label is not cut: no longer than the plot is high.
        QVERIFY2(QFontMetrics(chart.yAxis->labelFont()).horizontalAdvance(chart.yAxis->label()) <=
                     chart.axisRect()->height(),
                 qPrintable(chart.yAxis->label()));
        if (allEntries) QVERIFY(chart.yAxis->label().startsWith("achieved MACs per cycle"));
        // The plot keeps most of the height (the legend wrapped into many rows ate it).
        QVERIFY(chart.axisRect()->height() >= height / 2);
        // Tick labels: across, never overlapping (a gap of 4 px at least); up, one label height apart.
        const QFontMetrics fx(chart.xAxis->tickLabelFont());
        const auto xs = visibleTicks(chart.xAxis);
        QVERIFY(xs.size() >= 2);
        for (std::size_t i = 1; i < xs.size(); ++i) {
            const double need = (fx.horizontalAdvance(xs[i - 1].second) + fx.horizontalAdvance(xs[i].second)) / 2.0 + 4;
            QVERIFY2(xs[i].first - xs[i - 1].first >= need, qPrintable(xs[i - 1].second + " / " + xs[i].second));
        }
        const QFontMetrics fy(chart.yAxis->tickLabelFont());
        const auto ys = visibleTicks(chart.yAxis);
        QVERIFY(ys.size() >= 2);
        for (std::size_t i = 1; i < ys.size(); ++i)
            QVERIFY2(ys[i].first - ys[i - 1].first >= fy.height(), qPrintable(ys[i - 1].second + " / " + ys[i].second));
    }
};

QTEST_MAIN(TestChartFit)
#include "tst_chart_fit.moc"
