// The Pareto panel as a user drives it (issue 15): the accuracy axis is kept across rebuilds, the
// header counts the front of the axes shown, stale points, hover label and ring go when the designs
// are replaced, the hover label hides when the mouse leaves, the current design is ringed before any
// pick and after an undone one, zoom / pan / box selection / reset, and axes in engineering units
// with labelled ticks inside a decade.
#include <QComboBox>
#include <QPushButton>
#include <QSettings>
#include <QStandardItemModel>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

#include "engineering_ticker.h"
#include "pareto_chart.h"
#include "pareto_panel.h"
#include "pareto_test_designs.h"

using namespace archscape;
using search::Metric;

namespace {

/// Picks `m` on an axis box as a user does (the activated signal, as a click or Enter emits it).
void choose(QComboBox* box, Metric m) {
    const int i = box->findData(int(m));
    box->setCurrentIndex(i);
    Q_EMIT box->activated(i);
}

Metric shown(QComboBox* box) { return Metric(box->currentData().toInt()); }

/// "…: 40 designs, 7 on the front" → 7.
int frontInHeader(const QString& header) {
    const QRegularExpression re(QStringLiteral("(\\d+) on the front"));
    const auto m = re.match(header);
    return m.hasMatch() ? m.captured(1).toInt() : -1;
}

} // namespace

class TestParetoPanel : public QObject {
    Q_OBJECT
    std::unique_ptr<widgets::ParetoPanel> m_panel;
    widgets::ParetoChart* chart() const { return m_panel->chart(); }

private Q_SLOTS:
    void init() {
        m_panel = std::make_unique<widgets::ParetoPanel>();
        m_panel->resize(900, 600);
        m_panel->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_panel.get()));
        m_panel->setExploreStatus("sweep", 400, false);
    }
    void cleanup() { m_panel.reset(); }

    void accuracyAxisIsKept() {
        auto withAccuracy = test::randomDesigns(60, true, 5);
        auto without = test::randomDesigns(60, false, 6);
        QComboBox* x = m_panel->axisBox(Qt::Horizontal);
        chart()->setDesigns(&withAccuracy);
        choose(x, Metric::Accuracy);
        QCOMPARE(int(shown(x)), int(Metric::Accuracy));
        // Issue 15: every rebuild (more designs, a reopened project, another axis) snapped it back.
        chart()->setDesigns(&withAccuracy, 0);
        QCOMPARE(int(shown(x)), int(Metric::Accuracy));
        choose(m_panel->axisBox(Qt::Vertical), Metric::Area);
        QCOMPARE(int(shown(x)), int(Metric::Accuracy));
        // Designs without accuracy: the default shows meanwhile, the choice stays and comes back.
        chart()->setDesigns(&without, 0);
        QCOMPARE(int(shown(x)), int(Metric::Latency));
        QCOMPARE(int(m_panel->chosenAxis(Qt::Horizontal)), int(Metric::Accuracy));
        auto* items = qobject_cast<QStandardItemModel*>(x->model());
        QVERIFY(!items->item(x->findData(int(Metric::Accuracy)))->isEnabled());
        chart()->setDesigns(&withAccuracy, 0);
        QCOMPARE(int(shown(x)), int(Metric::Accuracy));
        QCOMPARE(chart()->xAxis->label(), QStringLiteral("top-1 accuracy (%)"));
    }

    void axisChoiceSurvivesRestart() {
        // Issue 15: the axis choice is kept across restarts (QSettings, the main window's key), in a
        // settings folder of this test's own so no user's settings are read or changed.
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, dir.path());
        const QString key = QStringLiteral("pareto/axes");
        auto withAccuracy = test::randomDesigns(40, true, 7);
        {
            widgets::ParetoPanel first;
            first.setSettingsKey(key);
            QCOMPARE(int(first.chosenAxis(Qt::Horizontal)), int(Metric::Latency)); // nothing stored yet
            first.chart()->setDesigns(&withAccuracy);
            choose(first.axisBox(Qt::Horizontal), Metric::Area);
            choose(first.axisBox(Qt::Vertical), Metric::Accuracy);
        }
        QCOMPARE(QSettings().value(key).toStringList(), QStringList({"area", "accuracy"}));
        {
            // The next start: area at once; accuracy chosen, shown once designs carry it.
            widgets::ParetoPanel second;
            second.setSettingsKey(key);
            QCOMPARE(int(second.chosenAxis(Qt::Horizontal)), int(Metric::Area));
            QCOMPARE(int(shown(second.axisBox(Qt::Horizontal))), int(Metric::Area));
            QCOMPARE(int(second.chosenAxis(Qt::Vertical)), int(Metric::Accuracy));
            QCOMPARE(int(shown(second.axisBox(Qt::Vertical))), int(Metric::Energy));
            second.chart()->setDesigns(&withAccuracy);
            QCOMPARE(int(shown(second.axisBox(Qt::Vertical))), int(Metric::Accuracy));
            QCOMPARE(second.chart()->xAxis->label().left(4), QStringLiteral("area"));
        }
        // A panel without a key (this test's others) neither reads nor writes the choice.
        widgets::ParetoPanel unkept;
        QCOMPARE(int(unkept.chosenAxis(Qt::Horizontal)), int(Metric::Latency));
        choose(unkept.axisBox(Qt::Horizontal), Metric::Power);
        QCOMPARE(QSettings().value(key).toStringList(), QStringList({"area", "accuracy"}));
        // A damaged entry keeps the defaults.
        QSettings().setValue(key, QStringList({"speed", "energy"}));
        widgets::ParetoPanel damaged;
        damaged.setSettingsKey(key);
        QCOMPARE(int(damaged.chosenAxis(Qt::Horizontal)), int(Metric::Latency));
        QSettings().remove(key);
    }

    void headerCountsFrontOfShownAxes_data() {
        QTest::addColumn<int>("x");
        QTest::addColumn<int>("y");
        QTest::addRow("latency-energy") << int(Metric::Latency) << int(Metric::Energy);
        QTest::addRow("area-energy") << int(Metric::Area) << int(Metric::Energy);
        QTest::addRow("area-edp") << int(Metric::Area) << int(Metric::Edp);
        QTest::addRow("power-latency") << int(Metric::Power) << int(Metric::Latency);
        QTest::addRow("energy-accuracy") << int(Metric::Energy) << int(Metric::Accuracy);
    }
    void headerCountsFrontOfShownAxes() {
        QFETCH(int, x);
        QFETCH(int, y);
        auto designs = test::randomDesigns(400, true, 11);
        chart()->setDesigns(&designs);
        choose(m_panel->axisBox(Qt::Horizontal), Metric(x));
        choose(m_panel->axisBox(Qt::Vertical), Metric(y));
        const int expected = int(test::bruteForceFront(designs, Metric(x), Metric(y)).size());
        QVERIFY(expected >= 1);
        QCOMPARE(frontInHeader(m_panel->statusText()), expected);
        QVERIFY2(m_panel->statusText().contains("400 designs"), qPrintable(m_panel->statusText()));
    }

    void replacedDesignsLeaveNothingStale() {
        auto designs = test::randomDesigns(100, false, 9);
        chart()->setDesigns(&designs);
        chart()->setCurrentDesign(chart()->front().front());
        chart()->replot();
        const int target = chart()->front().back();
        QTest::mouseMove(chart(), QPoint(2, 2)); // Qt drops a move to where the mouse already is
        QTest::mouseMove(chart(), chart()->pixelPosition(target).toPoint());
        QVERIFY(chart()->hoverVisible());
        // File > New, another workload, an opened project: the list is replaced (here by none).
        std::vector<search::EvaluatedDesign> none;
        chart()->setDesigns(&none, 0);
        chart()->setCurrentDesign(-1);
        QVERIFY(!chart()->hoverVisible());
        QVERIFY(chart()->front().empty());
        QCOMPARE(chart()->designCount(), 0);
        QVERIFY(std::isnan(chart()->currentMarker().x()));
        QCOMPARE(chart()->graph(0)->dataCount(), 0);
        QCOMPARE(frontInHeader(m_panel->statusText()), 0);
        QVERIFY2(m_panel->statusText().contains(" 0 designs"), qPrintable(m_panel->statusText()));
    }

    void hoverHidesWhenTheMouseLeaves() {
        auto designs = test::randomDesigns(50, false, 2);
        chart()->setDesigns(&designs);
        chart()->replot();
        const int target = chart()->front().front();
        QTest::mouseMove(chart(), QPoint(2, 2)); // Qt drops a move to where the mouse already is
        QTest::mouseMove(chart(), chart()->pixelPosition(target).toPoint());
        QVERIFY(chart()->hoverVisible());
        QEvent leave(QEvent::Leave);
        QApplication::sendEvent(chart(), &leave);
        QVERIFY(!chart()->hoverVisible());
    }

    void currentDesignRingedBeforeAndAfterPicks() {
        // The starting design: 2e6 cycles at 500 MHz = 4 ms, 3e9 pJ = 3 mJ.
        model::NetworkCost cost;
        cost.cycles = 2e6;
        cost.energy_pj = 3e9;
        cost.area_um2 = 5e6;
        chart()->setCurrentEvaluation(&cost, 500);
        QCOMPARE(chart()->currentMarker(), QPointF(4e-3, 3e-3));
        // Before any exploration it is the only point, so the axes show it.
        QVERIFY(chart()->xAxis->range().contains(4e-3) && chart()->yAxis->range().contains(3e-3));
        auto designs = test::randomDesigns(30, false, 4);
        chart()->setDesigns(&designs);
        QCOMPARE(chart()->currentMarker(), QPointF(4e-3, 3e-3));
        // A pick rings the explored point; undoing it (current design -1 again) rings the
        // evaluated design instead of nothing (issue 15).
        const int pick = chart()->front().front();
        chart()->setCurrentDesign(pick);
        QCOMPARE(chart()->currentMarker(), QPointF(designs[pick].latencyS(), designs[pick].energyJ()));
        chart()->setCurrentDesign(-1);
        QCOMPARE(chart()->currentMarker(), QPointF(4e-3, 3e-3));
        // Without an accuracy of its own the evaluated design has no place on an accuracy axis.
        chart()->setAxes(Metric::Area, Metric::Latency);
        QCOMPARE(chart()->currentMarker(), QPointF(5.0, 4e-3));
    }

    void zoomPanAndReset() {
        auto designs = test::randomDesigns(200, false, 8);
        std::vector<search::EvaluatedDesign> shownDesigns(designs.begin(), designs.begin() + 100);
        chart()->setDesigns(&shownDesigns);
        chart()->replot();
        const QCPRange full = chart()->xAxis->range();
        const QPoint centre = chart()->axisRect()->rect().center();
        QWheelEvent wheel(centre, chart()->mapToGlobal(centre), {}, QPoint(0, 240), Qt::NoButton, Qt::NoModifier,
                          Qt::NoScrollPhase, false);
        QApplication::sendEvent(chart(), &wheel);
        const QCPRange zoomed = chart()->xAxis->range();
        QVERIFY2(zoomed.size() < full.size() * 0.9,
                 qPrintable(QString("%1 vs %2").arg(zoomed.size()).arg(full.size())));
        QVERIFY(chart()->userView());
        // Dragging pans: the range moves, its size stays.
        QTest::mousePress(chart(), Qt::LeftButton, {}, centre);
        QTest::mouseMove(chart(), centre + QPoint(80, 0));
        QTest::mouseRelease(chart(), Qt::LeftButton, {}, centre + QPoint(80, 0));
        const QCPRange panned = chart()->xAxis->range();
        QVERIFY(panned.lower < zoomed.lower);
        QVERIFY(std::abs(std::log(panned.upper / panned.lower) - std::log(zoomed.upper / zoomed.lower)) < 1e-6);
        // Streamed points leave the user's view alone ...
        shownDesigns.insert(shownDesigns.end(), designs.begin() + 100, designs.end());
        chart()->setDesigns(&shownDesigns, 100);
        QCOMPARE(chart()->xAxis->range(), panned);
        // ... until Reset view, which shows every valid design again.
        m_panel->resetViewButton()->click();
        QVERIFY(!chart()->userView());
        for (const auto& d : shownDesigns)
            if (d.valid) QVERIFY(chart()->xAxis->range().contains(d.latencyS()));
    }

    void shiftDragSelectsTheDesignsInTheBox() {
        auto designs = test::randomDesigns(300, false, 12);
        chart()->setDesigns(&designs);
        chart()->replot();
        const QRect plot = chart()->axisRect()->rect();
        const QPoint from = plot.topLeft() + QPoint(plot.width() / 5, plot.height() / 5);
        const QPoint to = plot.topLeft() + QPoint(plot.width() * 3 / 5, plot.height() * 4 / 5);
        QTest::mousePress(chart(), Qt::LeftButton, Qt::ShiftModifier, from);
        QTest::mouseMove(chart(), to);
        QTest::mouseRelease(chart(), Qt::LeftButton, Qt::ShiftModifier, to);
        // By definition: the valid designs whose pixel lies in the box.
        std::vector<int> expected;
        const QRectF box = QRectF(from, to).normalized();
        for (int i = 0; i < int(designs.size()); ++i)
            if (designs[i].valid && box.contains(chart()->pixelPosition(i))) expected.push_back(i);
        QVERIFY(expected.size() >= 5);
        QCOMPARE(chart()->selectedDesigns(), expected);
        QVERIFY2(m_panel->statusText().contains(QString("%1 selected").arg(expected.size())),
                 qPrintable(m_panel->statusText()));
        // A box select is no pan: the view did not move.
        QVERIFY(!chart()->userView());
    }

    void axesInEngineeringUnits_data() {
        QTest::addColumn<double>("cycles");
        QTest::addColumn<QString>("xLabel");
        QTest::addColumn<double>("factor");
        // Latency = cycles / 1 GHz; the unit follows the geometric middle of the plotted range.
        QTest::addRow("hundreds of µs") << 5e5 << "latency (µs)" << 1e6;
        QTest::addRow("ms") << 5e6 << "latency (ms)" << 1e3;
        QTest::addRow("s") << 2e9 << "latency (s)" << 1.0;
    }
    void axesInEngineeringUnits() {
        QFETCH(double, cycles);
        QFETCH(QString, xLabel);
        QFETCH(double, factor);
        auto designs = test::randomDesigns(40, false, 3);
        for (int i = 0; i < int(designs.size()); ++i) {
            designs[i].cycles = cycles * (1 + 0.02 * i);
            designs[i].energy_pj = 2e9 * (1 + 0.02 * i); // 2 to 3.6 mJ
        }
        chart()->setDesigns(&designs);
        QCOMPARE(chart()->xAxis->label(), xLabel);
        auto ticker = chart()->xAxis->ticker().dynamicCast<widgets::EngineeringTicker>();
        QVERIFY(ticker);
        QCOMPARE(ticker->factor(), factor);
        QCOMPARE(chart()->yAxis->label(), QStringLiteral("energy (mJ)"));
        // The axis box names the metric only, so it never contradicts the axis's unit (issue 15: the box
        // said "energy (J)" over an axis in mJ).
        QCOMPARE(m_panel->axisBox(Qt::Vertical)->currentText(), QStringLiteral("energy"));
        chart()->setAxes(Metric::Area, Metric::Energy);
        QCOMPARE(chart()->xAxis->label(), QStringLiteral("area (mm²)"));
    }

    void logTicksInsideADecade_data() {
        QTest::addColumn<double>("lower");
        QTest::addColumn<double>("upper");
        QTest::addColumn<QList<double>>("mustHave"); // ticks a reader needs, by hand
        // The Eyeriss sweep of issue 15: 0.45-3 s had no label below 0.5 s' decade boundary.
        QTest::addRow("0.45-3 s") << 0.45 << 3.0 << QList<double>{0.5, 1, 2};
        QTest::addRow("within a decade") << 2e-4 << 6e-4 << QList<double>{3e-4, 4e-4, 5e-4};
        QTest::addRow("six decades") << 1e-6 << 1.0 << QList<double>{1e-5, 1e-3, 0.1};
    }
    void logTicksInsideADecade() {
        QFETCH(double, lower);
        QFETCH(double, upper);
        QFETCH(QList<double>, mustHave);
        widgets::EngineeringTicker ticker(true);
        const QVector<double> ticks = ticker.ticksFor(QCPRange(lower, upper));
        int inside = 0;
        for (double t : ticks) inside += t >= lower && t <= upper;
        QVERIFY(inside >= 3);
        for (double want : mustHave)
            QVERIFY2(std::any_of(ticks.begin(), ticks.end(), [&](double t) { return std::abs(t / want - 1) < 1e-9; }),
                     qPrintable(QString::number(want)));
        // Labels in the axis' unit: 3e-4 s on a ms axis reads 0.3.
        ticker.setFactor(1e3);
        QCOMPARE(ticker.labelFor(3e-4), QStringLiteral("0.3"));
        QCOMPARE(ticker.labelFor(2.5), QStringLiteral("2500"));
    }

    void headerShowsHypervolume() {
        // Issue 16: the header carries the explorer's hypervolume once there is one, and drops it
        // again when a new exploration starts (NaN).
        QVERIFY(!m_panel->statusText().contains("hypervolume"));
        m_panel->setHypervolume(0.003415);
        QVERIFY2(m_panel->statusText().contains("latency-energy hypervolume 0.003415 s·J"),
                 qPrintable(m_panel->statusText()));
        QVERIFY(m_panel->statusText().contains("sweep (400 points)")); // the rest of the header stays
        m_panel->setHypervolume(NAN);
        QVERIFY(!m_panel->statusText().contains("hypervolume"));
    }
};

QTEST_MAIN(TestParetoPanel)
#include "tst_pareto_panel.moc"
