// Issue 15: editing stays live during Explore, and more resources never make the design worse.
// - interactive evaluations run ahead of a running sweep (app::InteractiveRunner: their own thread at
//   the UI's priority and a high-priority oneTBB arena; the sweep's threads run at nice 10);
// - the live mapper warm-starts from the shown mappings, so a larger array never maps a layer worse;
// - driven on a real X display (scripts/run-xvfb-tests.sh): a slider dragged during Explore updates
//   every view within 100 ms.
// Wall-clock figures are always printed; the 100 ms limits are asserted in a measurement run
// (ARCHSCAPE_PERF_LIMITS=1, as tst_gui_performance) and under Xvfb, where the test is run on purpose.
#include <QApplication>
#include <QElapsedTimer>
#include <QMessageBox>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QStyleOptionSlider>
#include <QUndoStack>
#include <QtTest>

#include <algorithm>

#include "architecture_canvas.h"
#include "hardware_panel.h"
#include "main_window.h"
#include "parameter_control.h"
#include "presets.h"
#include "project_controller.h"
#include "session.h"

using namespace archscape;

namespace {

bool enforceLimits() { return qEnvironmentVariableIntValue("ARCHSCAPE_PERF_LIMITS") == 1; }

bool waitEvaluated(app::Session& s, int timeoutMs = 60000) {
    QSignalSpy spy(&s, &app::Session::evaluated);
    while (s.evaluationPending())
        if (!spy.wait(timeoutMs)) return false;
    return s.result() != nullptr;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

/// ResNet-50 on Eyeriss, as File → New opens it.
void openDefault(app::Session& s, search::EvaluationPolicy::Mode mode) {
    auto p = app::loadDefaultPreset();
    QVERIFY(p.ok());
    s.setNetwork(p.value->network);
    s.setAccelerator(p.value->accelerator);
    search::EvaluationPolicy policy = s.mapperSettings();
    policy.mode = mode;
    s.setMapperSettings(policy);
    QVERIFY(waitEvaluated(s));
}

/// Milliseconds from an edit of the PE rows to the Session's result for it.
double editMs(app::Session& s, int rows) {
    hardware::Accelerator acc = s.accelerator();
    acc.pe.rows = rows;
    QElapsedTimer clock;
    clock.start();
    s.setAccelerator(acc);
    if (!waitEvaluated(s)) return 1e9;
    return double(clock.nsecsElapsed()) * 1e-6;
}

double score(const model::LayerResult& r) { return search::Objective::edp().score(r.cost.cycles, r.cost.energyPj()); }

} // namespace

class TestLiveEditing : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QSettings().clear(); }

    void interactiveAheadOfExploration_data() {
        QTest::addColumn<int>("mode");
        QTest::newRow("template") << int(search::EvaluationPolicy::Mode::Template);
        QTest::newRow("search") << int(search::EvaluationPolicy::Mode::Search); // the default policy
    }
    void interactiveAheadOfExploration() {
        QFETCH(int, mode);
        app::Session session;
        openDefault(session, search::EvaluationPolicy::Mode(mode));
        const std::vector<int> rows = {13, 14, 15, 16, 12, 13, 14};
        std::vector<double> idle, busy;
        for (int r : rows) idle.push_back(editMs(session, r));
        // The sweep: 540 points around the design, each a ResNet-50 mapping search.
        QSignalSpy streamed(&session, &app::Session::designsChanged);
        session.startExploration();
        QVERIFY(session.exploring());
        QVERIFY(streamed.wait(60000)); // the explorer is busy on every worker
        for (int r : rows) busy.push_back(editMs(session, r));
        const bool stillExploring = session.exploring();
        session.cancelExploration();
        qInfo(
            "ResNet-50 on Eyeriss, %s: edit -> result median %.1f ms idle, %.1f ms during a 540-point sweep "
            "(max %.1f ms)",
            search::toString(search::EvaluationPolicy::Mode(mode)).data(), median(idle), median(busy),
            *std::max_element(busy.begin(), busy.end()));
        QVERIFY2(stillExploring, "the sweep ended before the edits: nothing was measured against it");
        // The bug took 6.4 s: the edit's job queued behind the sweep's points. A limit far below
        // that and far above any honest time on a loaded machine keeps this test meaningful always.
        QVERIFY2(median(busy) < 1000, "interactive evaluations wait for the sweep");
        if (enforceLimits()) QVERIFY2(median(busy) < 100, "an edit during Explore took over 100 ms");
    }

    void searchPreviewWithin100msDuringExploration() {
        // In the default mode (the per-layer mapper) an edit during the sweep took ~157 ms to show:
        // the Session now shows each edit first with the candidates the search starts from (the warm
        // mapping, the template) and replaces that preview with the search's result.
        app::Session session;
        openDefault(session, search::EvaluationPolicy::Mode::Search);
        QSignalSpy streamed(&session, &app::Session::designsChanged);
        session.startExploration();
        QVERIFY(session.exploring());
        QVERIFY(streamed.wait(60000));
        std::vector<double> shown, searched;
        for (int r : {13, 14, 15, 16, 12, 13, 14}) {
            hardware::Accelerator acc = session.accelerator();
            acc.pe.rows = r;
            QSignalSpy evaluated(&session, &app::Session::evaluated);
            QElapsedTimer clock;
            clock.start();
            session.setAccelerator(acc);
            QVERIFY(evaluated.wait(60000));
            shown.push_back(double(clock.nsecsElapsed()) * 1e-6);
            // The first result is the preview, of the edited design, with the search still to come.
            QVERIFY(session.refining());
            QVERIFY(session.evaluationPending());
            const auto preview = session.sharedResult();
            QVERIFY(preview && preview->layers.size() == session.network().layers.size());
            QVERIFY(waitEvaluated(session));
            searched.push_back(double(clock.nsecsElapsed()) * 1e-6);
            QVERIFY(!session.refining());
            const auto final = session.sharedResult();
            QVERIFY(final != preview);
            // The search evaluates the preview's candidates first (same order, same seed): no layer of
            // its result scores worse than the preview's.
            for (std::size_t i = 0; i < final->layers.size(); ++i) {
                if (!workload::hasMacs(session.network().layers[i].type)) continue;
                QVERIFY2(score(final->layers[i]) <= score(preview->layers[i]) + 1e-12,
                         session.network().layers[i].name.c_str());
            }
        }
        const bool stillExploring = session.exploring();
        session.cancelExploration();
        qInfo(
            "ResNet-50 on Eyeriss, search mode during a 540-point sweep: edit -> preview shown median %.1f ms "
            "(max %.1f), -> searched result median %.1f ms (max %.1f)",
            median(shown), *std::max_element(shown.begin(), shown.end()), median(searched),
            *std::max_element(searched.begin(), searched.end()));
        QVERIFY2(stillExploring, "the sweep ended before the edits: nothing was measured against it");
        QVERIFY2(median(shown) < 100, "an edit during Explore took over 100 ms to show");
    }

    void warmStartNeverWorse_data() {
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("cols");
        // The cases: Eyeriss 12×14 → 13×16 raised latency 467 → 488 ms; → 16×14 raised both.
        QTest::newRow("12x14 -> 13x16") << 13 << 16;
        QTest::newRow("12x14 -> 16x14") << 16 << 14;
    }
    void warmStartNeverWorse() {
        QFETCH(int, rows);
        QFETCH(int, cols);
        app::Session session;
        openDefault(session, search::EvaluationPolicy::Mode::Search); // the default mapper, its budget
        QCOMPARE(session.accelerator().pe.rows, 12);
        QCOMPARE(session.accelerator().pe.cols, 14);
        const auto before = session.sharedResult();
        hardware::Accelerator acc = session.accelerator();
        acc.pe.rows = rows;
        acc.pe.cols = cols;
        session.setAccelerator(acc);
        QVERIFY(waitEvaluated(session));
        const auto after = session.sharedResult();
        QVERIFY(before && after && before != after);
        QCOMPARE(after->unmapped, 0);
        // Each layer's previous mapping still fits the larger array and costs the same there (the
        // model sees the PEs a mapping uses), and the mapper evaluates it first: no layer's
        // objective (EDP) can be worse.
        // (Memory-only layers have no mapping: more PEs give them more vector lanes and more idle
        // scratchpads leaking, which no mapper choice changes.)
        double macBefore[2] = {0, 0}, macAfter[2] = {0, 0};
        for (std::size_t i = 0; i < after->layers.size(); ++i) {
            if (!workload::hasMacs(session.network().layers[i].type)) continue;
            QVERIFY2(score(after->layers[i]) <= score(before->layers[i]) + 1e-12,
                     session.network().layers[i].name.c_str());
            macBefore[0] += before->layers[i].cost.cycles;
            macBefore[1] += before->layers[i].cost.energyPj();
            macAfter[0] += after->layers[i].cost.cycles;
            macAfter[1] += after->layers[i].cost.energyPj();
        }
        qInfo("MAC layers: cycles %.4g -> %.4g, energy %.4g -> %.4g pJ", macBefore[0], macAfter[0], macBefore[1],
              macAfter[1]);
        const double clock = acc.clock_mhz;
        qInfo("12x14 -> %dx%d: latency %.1f -> %.1f ms, energy %.3f -> %.3f mJ", rows, cols,
              before->latencySeconds(clock) * 1e3, after->latencySeconds(clock) * 1e3, before->energy_pj * 1e-9,
              after->energy_pj * 1e-9);
        QVERIFY(after->cycles <= before->cycles);
        QVERIFY(after->energy_pj <= before->energy_pj);
    }

    void sliderDragDuringExploreOnX11() {
        if (QGuiApplication::platformName() != QLatin1String("xcb"))
            QSKIP("needs a real X display: scripts/run-xvfb-tests.sh runs this under Xvfb");
        app::Session session;
        app::MainWindow window(&session);
        QVERIFY(window.project()->loadDefaultDesign());
        search::EvaluationPolicy policy = session.mapperSettings();
        policy.mode = search::EvaluationPolicy::Mode::Template;
        session.setMapperSettings(policy);
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(waitEvaluated(session));
        // Press the rows slider's handle and drag it a few pixels at a time, as a hand would; each
        // step's time runs from the mouse move until every view shows the new design.
        QSlider* slider = window.hardwarePanel()->control("pe.rows")->slider();
        auto drag = [&](int dx, std::vector<double>& updates, std::vector<double>& results) {
            QStyleOptionSlider opt;
            opt.initFrom(slider);
            opt.orientation = slider->orientation();
            opt.minimum = slider->minimum();
            opt.maximum = slider->maximum();
            opt.sliderPosition = opt.sliderValue = slider->value();
            const QRect handle =
                slider->style()->subControlRect(QStyle::CC_Slider, &opt, QStyle::SC_SliderHandle, slider);
            QPoint at = handle.center();
            QTest::mousePress(slider, Qt::LeftButton, {}, at);
            for (int step = 0; step < 8; ++step) {
                at += QPoint(dx, 0);
                const int before = session.accelerator().pe.rows;
                QElapsedTimer clock;
                clock.start();
                QTest::mouseMove(slider, at);
                const int rows = session.accelerator().pe.rows;
                if (rows == before) continue; // a pixel that maps to the same value
                // Every view has the new design once its result arrived and was pushed: the canvas
                // draws what the costs were computed for.
                if (!waitEvaluated(session)) break;
                results.push_back(double(clock.nsecsElapsed()) * 1e-6);
                QCoreApplication::processEvents();
                updates.push_back(double(clock.nsecsElapsed()) * 1e-6);
                if (window.canvas()->drawnAccelerator().pe.rows != rows) break;
                if (window.hardwarePanel()->control("pe.rows")->value() != double(rows)) break;
            }
            QTest::mouseRelease(slider, Qt::LeftButton, {}, at);
        };
        std::vector<double> idle, idleResults, busy, busyResults;
        drag(3, idle, idleResults);
        QSignalSpy streamed(&session, &app::Session::designsChanged);
        session.startExploration();
        QVERIFY(streamed.wait(60000));
        drag(-3, busy, busyResults);
        const bool stillExploring = session.exploring();
        session.cancelExploration();
        QVERIFY2(idle.size() >= 3 && busy.size() >= 3, "the drag changed the rows too rarely to measure");
        qInfo(
            "X11 drag, views updated: idle median %.1f ms (result %.1f ms); during a 540-point sweep median %.1f ms "
            "(result %.1f ms), max %.1f ms; %zu + %zu steps",
            median(idle), median(idleResults), median(busy), median(busyResults),
            *std::max_element(busy.begin(), busy.end()), idle.size(), busy.size());
        QCOMPARE(window.canvas()->drawnAccelerator().pe.rows, session.accelerator().pe.rows);
        QVERIFY(stillExploring);
        QVERIFY2(median(busy) < 100, "a drag step during Explore took over 100 ms to reach the views");
        window.project()->setUnsavedChangesPrompt([] { return int(QMessageBox::Discard); });
        window.undoStack()->setClean();
    }
};

QTEST_MAIN(TestLiveEditing)
#include "tst_live_editing.moc"
