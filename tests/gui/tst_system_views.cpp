// Issue 12 item 7: systems in the GUI — the system canvas (units side by side with their PE shares,
// a dragged boundary re-splits them, undoably), the Gantt chart of the schedule (bars = the core's
// schedule; a click selects the layer on its unit and the inspector shows its mapping there), the
// explored systems in the System Pareto chart, and the schedule section of the report.
#include <QApplication>
#include <QMessageBox>
#include <QMouseEvent>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

#include <cmath>
#include <set>

#include "architecture_canvas.h"
#include "gantt_chart.h"
#include "gui_fixtures.h"
#include "io/preset_catalog.h"
#include "io/system_json.h"
#include "main_window.h"
#include "mapping_inspector.h"
#include "pareto_chart.h"
#include "presets.h"
#include "project_controller.h"
#include "report_writer.h"
#include "schedule/herald_scheduler.h"
#include "search/system_costs.h"
#include "session.h"
#include "system_canvas.h"
#include "system_controller.h"
#include "system_session.h"
#include "window_fixture.h"

using namespace archscape;
using test::waitEvaluated;

namespace {

bool waitScheduled(app::SystemSession& s) {
    QSignalSpy spy(&s, &app::SystemSession::evaluated);
    while (s.evaluationPending())
        if (!spy.wait(60000)) return false;
    return s.result() != nullptr;
}

QString run(const QString& program, const QStringList& args) {
    QProcess p;
    p.start(program, args);
    p.waitForFinished(60000);
    return QString::fromUtf8(p.readAllStandardOutput());
}

/// A mix built here, so the expected task count is known by hand: the tiny network (3 layers: two
/// convolutions and a pool, a chain) twice, plus a second copy of it once: 3 × 2 + 3 = 9 layers.
workload::WorkloadMix tinyMix() {
    workload::WorkloadMix mix;
    mix.name = "tiny-mix";
    workload::MixEntry a;
    a.network = test::smallNetwork();
    a.instances = 2;
    workload::MixEntry b;
    b.network = test::smallNetwork();
    b.network.name = "tiny-b";
    mix.entries = {a, b};
    return mix;
}

/// Drags the canvas boundary `b` to widget x `x` (press, move, release with the left button held).
void dragBoundary(widgets::SystemCanvas* canvas, int b, double x) {
    const QPointF from(canvas->boundaryX(b), canvas->unitRect(b).center().y());
    const QPointF to(x, from.y());
    QTest::mousePress(canvas, Qt::LeftButton, {}, from.toPoint());
    QMouseEvent move(QEvent::MouseMove, to, canvas->mapToGlobal(to), Qt::NoButton, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(canvas, &move);
    QTest::mouseRelease(canvas, Qt::LeftButton, {}, to.toPoint());
}

} // namespace

class TestSystemViews : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init() {
        QVERIFY(m_ui.open(QSize(1400, 900)));
        m_systems = m_ui.window->systems();
    }
    void cleanup() { m_ui.close(); }

    void presetSystemShowsItsUnitsAndShares_data() {
        QTest::addColumn<QString>("preset");
        QTest::addColumn<QList<double>>("shares");
        // From the preset files: 16×32 + 16×32 of 1,024; 16×24 + 16×24 + 16×16 = 384 + 384 + 256.
        QTest::newRow("hda_kcp_yxp") << "hda_kcp_yxp" << QList<double>{0.5, 0.5};
        QTest::newRow("hda_kcp_yxp_rs") << "hda_kcp_yxp_rs" << QList<double>{0.375, 0.375, 0.25};
    }
    void presetSystemShowsItsUnitsAndShares() {
        QFETCH(QString, preset);
        QFETCH(QList<double>, shares);
        // Through File → Open, as the preset menu does.
        const QString path = QString::fromStdString(app::presetPath("systems", preset.toStdString()));
        QVERIFY(m_ui.window->project()->openFile(path, nullptr, true));
        QVERIFY(m_systems->session()->hasSystem());
        widgets::SystemCanvas* canvas = m_systems->canvas();
        QVERIFY(canvas->isVisible()); // the centre shows the system now
        QCOMPARE(canvas->unitCount(), int(shares.size()));
        double left = canvas->unitRect(0).left();
        for (int u = 0; u < canvas->unitCount(); ++u) {
            QCOMPARE(canvas->share(u), shares[u]);
            // Drawn side by side, each as wide as its share.
            const QRectF r = canvas->unitRect(u);
            QCOMPARE(r.left(), left);
            QVERIFY(std::abs(r.width() / (canvas->unitRect(0).width() / shares[0]) - shares[u]) < 1e-9);
            left = r.right();
        }
        QVERIFY(waitScheduled(*m_systems->session()));
        QVERIFY(m_systems->statusText().contains("makespan"));
        QVERIFY(m_systems->statusText().contains("EDP"));
        QVERIFY(m_systems->statusText().contains("area"));
    }

    void draggingTheBoundaryResplitsUndoably() {
        QVERIFY(m_systems->open("systems", "hda_kcp_yxp", nullptr, true));
        app::SystemSession* ss = m_systems->session();
        QVERIFY(waitScheduled(*ss));
        const auto before = ss->result();
        widgets::SystemCanvas* canvas = m_systems->canvas();
        // Three quarters of the units' width: 768 of 1,024 PEs (a multiple of the 32-PE step).
        const QRectF area = canvas->unitRect(0).united(canvas->unitRect(1));
        const int undoBefore = m_ui.window->undoStack()->count();
        dragBoundary(canvas, 0, area.left() + 0.75 * area.width());
        QCOMPARE(m_ui.window->undoStack()->count(), undoBefore + 1);
        const auto& units = ss->state().design->system.units;
        QCOMPARE(units[0].accelerator.pe.count(), std::int64_t(768));
        QCOMPARE(units[1].accelerator.pe.count(), std::int64_t(256));
        // rows: the largest power of two whose square fits and that divides the count.
        QCOMPARE(units[0].accelerator.pe.rows, 16);
        QCOMPARE(units[0].accelerator.pe.cols, 48);
        QCOMPARE(units[1].accelerator.pe.rows, 16);
        QCOMPARE(units[1].accelerator.pe.cols, 16);
        QCOMPARE(canvas->share(0), 0.75);
        // Re-scheduled live: a new schedule whose kcp unit (1.5× the PEs) needs fewer cycles for the
        // whole network (ResNet-50, the open workload: a mix of one) and whose yxp unit (half) more.
        QVERIFY(waitScheduled(*ss));
        QVERIFY(ss->result() != before);
        auto unitCycles = [](const schedule::ScheduleProblem& p, int unit) {
            double sum = 0;
            for (const auto& t : p.tasks) sum += t.costs[unit].cycles;
            return sum;
        };
        QVERIFY(unitCycles(*ss->result()->problem, 0) < unitCycles(*before->problem, 0));
        QVERIFY(unitCycles(*ss->result()->problem, 1) > unitCycles(*before->problem, 1));
        // Undo: 512 + 512 again.
        m_ui.window->undoStack()->undo();
        QCOMPARE(ss->state().design->system.units[0].accelerator.pe.count(), std::int64_t(512));
        QCOMPARE(canvas->share(0), 0.5);
        QVERIFY(waitScheduled(*ss));
        QCOMPARE(ss->result()->schedule->makespan_cycles, before->schedule->makespan_cycles);
    }

    void ganttBarsAreTheCoreSchedule() {
        QVERIFY(m_systems->open("systems", "hda_kcp_yxp", nullptr, true));
        app::SystemSession* ss = m_systems->session();
        app::SystemState s = ss->state();
        s.mix = std::make_shared<const workload::WorkloadMix>(tinyMix());
        ss->setState(s);
        QVERIFY(waitScheduled(*ss));
        widgets::GanttChart* gantt = m_systems->gantt();
        QCOMPARE(gantt->rowCount(), 2);
        QCOMPARE(gantt->barCount(), 9); // 3 layers × 2 instances + 3 (tinyMix)
        QCOMPARE(gantt->barCount(0) + gantt->barCount(1), 9);
        // The same schedule computed here from core: every bar where core puts the layer.
        const schedule::ScheduleProblem p = schedule::buildProblem(*s.mix, search::systemCosts(*s.design, *s.mix));
        const schedule::SystemSchedule expected = schedule::heraldSchedule(p);
        const auto& shown = *ss->result()->schedule;
        QCOMPARE(shown.layers.size(), expected.layers.size());
        const double makespan = expected.makespan_cycles;
        for (std::size_t t = 0; t < expected.layers.size(); ++t) {
            QCOMPARE(shown.layers[t].unit, expected.layers[t].unit);
            QCOMPARE(shown.layers[t].start_cycle, expected.layers[t].start_cycle);
            QCOMPARE(shown.layers[t].end_cycle, expected.layers[t].end_cycle);
            // The bar spans its share of the time axis, on its unit's row.
            const QRectF bar = gantt->barRect(int(t));
            const QRectF first = gantt->barRect(0);
            QVERIFY(!bar.isEmpty());
            if (expected.layers[t].unit == expected.layers[0].unit) QCOMPARE(bar.top(), first.top());
            else QVERIFY(std::abs(bar.top() - first.top()) > bar.height() * 0.5);
        }
        // Time runs left to right at one scale: a later start is further right, the last end at the
        // right end of the axis.
        double right = 0;
        for (std::size_t a = 0; a < expected.layers.size(); ++a) {
            right = std::max(right, gantt->barRect(int(a)).right());
            for (std::size_t b = 0; b < expected.layers.size(); ++b)
                if (expected.layers[a].start_cycle < expected.layers[b].start_cycle)
                    QVERIFY(gantt->barRect(int(a)).left() <= gantt->barRect(int(b)).left());
        }
        for (std::size_t a = 0; a < expected.layers.size(); ++a)
            if (expected.layers[a].end_cycle == makespan) QCOMPARE(gantt->barRect(int(a)).right(), right);
        // Bars on one row never overlap (the scheduler's invariant, as drawn).
        for (int a = 0; a < 9; ++a)
            for (int b = a + 1; b < 9; ++b) {
                const QRectF ra = gantt->barRect(a), rb = gantt->barRect(b);
                if (ra.top() != rb.top()) continue;
                QVERIFY(ra.right() <= rb.left() + 1.01 || rb.right() <= ra.left() + 1.01);
            }
        QString unit;
        const auto ticks = gantt->timeTicks(&unit);
        QVERIFY(ticks.size() >= 2);
        QVERIFY2(unit == "µs" || unit == "ms" || unit == "s", qPrintable(unit));
    }

    void clickingABarShowsThatLayerOnItsUnit() {
        QVERIFY(m_systems->open("systems", "hda_kcp_yxp", nullptr, true));
        app::SystemSession* ss = m_systems->session();
        app::SystemState s = ss->state();
        s.mix = std::make_shared<const workload::WorkloadMix>(tinyMix());
        ss->setState(s);
        QVERIFY(waitScheduled(*ss));
        widgets::GanttChart* gantt = m_systems->gantt();
        m_systems->scheduleDock()->show();
        m_systems->scheduleDock()->raise();
        QCoreApplication::processEvents();
        // One bar on each unit: the inspector shows that unit's memory levels.
        const auto& layers = ss->result()->schedule->layers;
        for (int unit = 0; unit < 2; ++unit) {
            int task = -1;
            for (const auto& l : layers)
                if (l.unit == unit) {
                    task = l.task;
                    break;
                }
            if (task < 0) continue; // the scheduler left that unit idle
            QSignalSpy clicked(gantt, &widgets::GanttChart::taskClicked);
            QTest::mouseClick(gantt, Qt::LeftButton, {}, gantt->barRect(task).center().toPoint());
            QCOMPARE(clicked.count(), 1);
            QCOMPARE(clicked.at(0).at(0).toInt(), task);
            QCOMPARE(ss->selectedTask(), task);
            QSignalSpy arrived(ss, &app::SystemSession::layerResultChanged);
            QTRY_VERIFY_WITH_TIMEOUT(ss->selectedLayerResult() && ss->selectedLayerResult()->cost, 30000);
            const auto r = ss->selectedLayerResult();
            QCOMPARE(r->unit, unit);
            QCOMPARE(r->layer, ss->result()->problem->tasks[task].layer);
            const QString unitName = unit == 0 ? "kcp" : "yxp";
            QVERIFY2(m_systems->inspectorTitle().contains("on unit <b>" + unitName + "</b>"),
                     qPrintable(m_systems->inspectorTitle()));
            const QString text = m_systems->inspector()->toPlainText();
            const QString layerName = QString::fromStdString(tinyMix().entries[0].network.layers[r->layer].name);
            QVERIFY2(text.contains(layerName), qPrintable(text.left(200)));
            // The kcp unit's buffers are ConvBuffer/Accumulator, the yxp unit's SB/NBin/NBout.
            const QString mine = unit == 0 ? "ConvBuffer" : "NBin";
            const QString other = unit == 0 ? "NBin" : "ConvBuffer";
            if (workload::hasMacs(tinyMix().entries[0].network.layers[r->layer].type)) {
                QVERIFY2(text.contains(mine), qPrintable(text.left(400)));
                QVERIFY(!text.contains(other));
            }
        }
    }

    void exploredSystemsArePointsOfTheParetoChart() {
        QVERIFY(m_systems->open("systems", "hda_kcp_yxp", nullptr, true));
        app::SystemSession* ss = m_systems->session();
        app::SystemState s = ss->state();
        s.mix = std::make_shared<const workload::WorkloadMix>(tinyMix());
        ss->setState(s);
        QVERIFY(waitScheduled(*ss));
        QVERIFY(m_systems->chooseSpace("hda_kcp_yxp_rs", nullptr, true));
        QSignalSpy finished(ss, &app::SystemSession::explorationFinished);
        m_systems->startExploration();
        QVERIFY(finished.wait(120000));
        QCOMPARE(finished.at(0).at(0).toBool(), false);
        const std::int64_t size = m_systems->session()->exploredSpace()->size();
        widgets::ParetoChart* chart = m_systems->paretoChart();
        QCOMPARE(chart->designCount(), int(size));
        QVERIFY(!chart->front().empty());
        // The current system is ringed before any pick (its own schedule's totals).
        QVERIFY(!std::isnan(chart->currentMarker().x()));
        // A click on a front design makes that system current, undoably.
        const int pick = chart->front().front();
        const int undoBefore = m_ui.window->undoStack()->count();
        QTest::mouseClick(chart, Qt::LeftButton, {}, chart->pixelPosition(pick).toPoint());
        QCOMPARE(m_ui.window->undoStack()->count(), undoBefore + 1);
        QCOMPARE(ss->state().current_design, pick);
        const auto design = ss->exploredSpace()->designAt(ss->designIndex(pick));
        QCOMPARE(ss->state().design->system.units.size(), design.system.units.size());
        QVERIFY(waitScheduled(*ss));
        // The explorer and the session time the system alike (herald): the point is its schedule.
        QCOMPARE(ss->result()->schedule->makespan_cycles, ss->designs()[pick].cycles);
        m_ui.window->undoStack()->undo();
        QCOMPARE(ss->state().current_design, -1);
        QCOMPARE(ss->state().design->system.name, std::string("hda_kcp_yxp"));
    }

    void exactSchedulerRefusesLargeMixesAndIsOptimal() {
        QVERIFY(m_systems->open("systems", "hda_kcp_yxp", nullptr, true));
        app::SystemSession* ss = m_systems->session();
        // ResNet-50 alone (the open workload) has 72 layers: the exact solver refuses it, plainly.
        app::SystemState s = ss->state();
        s.scheduler = app::SystemSchedulerKind::Exact;
        ss->setState(s);
        QVERIFY(!waitScheduled(*ss));
        QVERIFY2(m_systems->statusText().contains("no schedule") && ss->lastError().contains("14"),
                 qPrintable(m_systems->statusText()));
        QCOMPARE(m_systems->gantt()->barCount(), 0);
        // The tiny mix (9 layers) it solves; a heuristic never beats it (optimal over plans).
        s.mix = std::make_shared<const workload::WorkloadMix>(tinyMix());
        ss->setState(s);
        QVERIFY(waitScheduled(*ss));
        const double exact = ss->result()->schedule->makespan_cycles;
        QCOMPARE(ss->result()->scheduler, app::SystemSchedulerKind::Exact);
        s.scheduler = app::SystemSchedulerKind::Herald;
        ss->setState(s);
        QVERIFY(waitScheduled(*ss));
        QVERIFY(exact <= ss->result()->schedule->makespan_cycles);
        QCOMPARE(m_systems->gantt()->barCount(), 9);
    }

    void reportHasTheScheduleSection() {
        QVERIFY(m_systems->open("systems", "hda_kcp_yxp", nullptr, true));
        app::SystemSession* ss = m_systems->session();
        app::SystemState s = ss->state();
        s.mix = std::make_shared<const workload::WorkloadMix>(tinyMix());
        ss->setState(s);
        QVERIFY(waitScheduled(*ss));
        const auto snapshot = m_systems->reportSnapshot();
        QVERIFY(snapshot.has_value());
        QTemporaryDir dir;
        const QString pdf = dir.filePath("report.pdf");
        QString error;
        const app::Project p = m_ui.window->project()->currentProject();
        QVERIFY2(app::writeReport(pdf, p, m_ui.session->result(), &error, {.schedule = &*snapshot}), qPrintable(error));
        const int pages = app::reportPageCount(p, *m_ui.session->result(), {.schedule = &*snapshot});
        const QString info = run("pdfinfo", {pdf});
        QVERIFY2(info.contains(QRegularExpression(QString("Pages:\\s+%1\\b").arg(pages))), qPrintable(info));
        // The last page is the schedule: its heading, the totals, the Gantt's axis and the unit table.
        const QString last =
            run("pdftotext", {"-layout", "-f", QString::number(pages), "-l", QString::number(pages), pdf, "-"});
        QVERIFY2(last.contains("Schedule: tiny-mix on hda_kcp_yxp (herald scheduler)"), qPrintable(last.left(300)));
        for (const char* word : {"Makespan", "Energy-delay product", "Lower bound", "Units", "kcp", "yxp",
                                 "kc-p template", "yx-p template", "busy %", "idle leakage", "makespan", "lower bound"})
            QVERIFY2(last.contains(word), word);
        QVERIFY(last.contains("Layers scheduled") && last.contains("9 (of 2 networks on 2 units)"));
        // Without a system the report keeps its pages.
        const QString plain = dir.filePath("plain.pdf");
        QVERIFY(app::writeReport(plain, p, m_ui.session->result(), &error));
        QVERIFY(run("pdfinfo", {plain}).contains(QRegularExpression(QString("Pages:\\s+%1\\b").arg(pages - 1))));
    }

    void badSystemFileNamesTheProblem() {
        QTemporaryDir dir;
        const QString path = dir.filePath("broken.json");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"format": "archscape/system", "version": 1, "name": "x", "units": []})");
        f.close();
        QString error;
        QVERIFY(!m_ui.window->project()->openFile(path, &error, true));
        QVERIFY2(error.contains("broken.json") && error.contains("/units"), qPrintable(error));
        QVERIFY(!m_systems->session()->hasSystem());
    }

    void closingTheSystemShowsTheAcceleratorAgain() {
        QVERIFY(m_systems->open("systems", "hda_kcp_yxp", nullptr, true));
        QVERIFY(m_systems->canvas()->isVisible());
        m_systems->closeSystem();
        QVERIFY(!m_systems->session()->hasSystem());
        QVERIFY(m_ui.window->canvas()->isVisible());
        m_ui.window->undoStack()->undo();
        QVERIFY(m_systems->session()->hasSystem());
        QVERIFY(m_systems->canvas()->isVisible());
        // A system is not part of a project: File > New closes it, with the mix.
        m_ui.window->project()->setUnsavedChangesPrompt([] { return int(QMessageBox::Discard); });
        m_ui.window->project()->newProject();
        QVERIFY(!m_systems->session()->hasSystem());
        QVERIFY(!m_systems->session()->state().mix);
        QVERIFY(m_ui.window->canvas()->isVisible());
    }

private:
    test::WindowFixture m_ui;
    app::SystemController* m_systems = nullptr;
};

QTEST_MAIN(TestSystemViews)
#include "tst_system_views.moc"
