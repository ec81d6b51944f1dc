// Issue 13 item 5 (GUI): the device view draws a partition with one lane per device, the cut edges
// highlighted and a load bar per device; the main window runs the partition off the UI thread and the
// report gets a partition page.
#include <QMessageBox>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

#include "main_window.h"
#include "partition_view.h"
#include "presets.h"
#include "project_controller.h"
#include "report_writer.h"
#include "schedule/partition.h"
#include "session.h"
#include "window_fixture.h"

using namespace archscape;

namespace {

/// Six layers on three devices, every layer 1 ms everywhere, transfers 1 ms of link latency (no bytes):
///   0 → 1, 0 → 2, 1 → 3, 2 → 3, 3 → 4, 2 → 5
schedule::PartitionProblem smallDag() {
    schedule::PartitionProblem p;
    p.node_names = {"in", "a", "b", "join", "out", "side"};
    p.device_names = {"cpu", "gpu0", "gpu1"};
    const int n = 6, d = 3;
    p.seconds.assign(n, std::vector<double>(d, 1e-3));
    p.unavailable.assign(n, std::vector<std::string>(d));
    p.weight_bytes.assign(n, std::vector<double>(d, 0.0));
    p.activation_bytes.assign(n, std::vector<double>(d, 0.0));
    p.memory_bytes.assign(d, 1e9);
    p.edges = {{0, 1, 0}, {0, 2, 0}, {1, 3, 0}, {2, 3, 0}, {3, 4, 0}, {2, 5, 0}};
    p.link_latency_s.assign(d, std::vector<double>(d, 1e-3));
    p.link_s_per_byte.assign(d, std::vector<double>(d, 0.0));
    for (int i = 0; i < d; ++i) p.link_latency_s[i][i] = 0;
    p.finalize();
    return p;
}

QString poppler(const char* tool, const QString& pdf) {
    QProcess p;
    p.start(tool, QStringList{pdf} << (QByteArray(tool) == "pdftotext" ? QStringList{"-"} : QStringList{}));
    return p.waitForFinished(20000) ? QString::fromUtf8(p.readAllStandardOutput()) : QString();
}

} // namespace

class TestPartitionView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QSettings().clear(); }

    void lanesCutEdgesAndLoadsByHand() {
        const auto p = smallDag();
        // cpu: in, a; gpu0: b, join, side; gpu1: out. Cut by hand: in→b, a→join, join→out = 3 of 6.
        schedule::PartitionResult r;
        r.solver = schedule::PartitionSolver::Greedy;
        r.partition = schedule::evaluatePartition(p, {0, 0, 1, 1, 2, 1});
        QVERIFY(r.partition.feasible);
        QCOMPARE(r.partition.cut_edges, 3);
        // Latency by hand: in 0-1 (cpu), a 1-2 (cpu), b 2-3 (gpu0: in's result after 1 ms on the link),
        // join 3-4 (a's result arrives at 3), side 4-5 (gpu0 busy until 4), out 5-6 (join's at 5).
        QVERIFY(qAbs(r.partition.latency_s - 6e-3) < 1e-12);
        r.lower_bound_s = 4e-3; // the longest chain in → b → join → out without transfers

        widgets::PartitionView view;
        view.resize(600, 420);
        view.setPartition(p, r, "dag over three devices");
        QCOMPARE(view.laneCount(), 3);
        QCOMPARE(view.cutEdgeCount(), 3);
        QVERIFY2(view.summary().contains("3 of 6 edges cut"), qPrintable(view.summary()));
        // Every node in its device's lane; rows by depth (in 0; a, b 1; join, side 2; out 3).
        for (int i = 0; i < 6; ++i)
            QVERIFY2(view.laneRect(r.partition.device_of[i]).contains(view.nodeRect(i)), p.node_names[i].c_str());
        for (int d = 0; d + 1 < 3; ++d) QVERIFY(view.laneRect(d).right() < view.laneRect(d + 1).left());
        QVERIFY(view.nodeRect(0).bottom() < view.nodeRect(1).top());
        QCOMPARE(view.nodeRect(1).top(), view.nodeRect(2).top());
        QCOMPARE(view.nodeRect(3).top(), view.nodeRect(5).top());
        QVERIFY(view.nodeRect(3).bottom() < view.nodeRect(4).top());
        // join and side share gpu0's lane at depth 2: side by side, not on top of each other.
        QVERIFY(!view.nodeRect(3).intersects(view.nodeRect(5)));
        // Load bars: busy 2, 3, 1 ms over the 6 ms latency.
        const double busy[] = {2e-3, 3e-3, 1e-3};
        for (int d = 0; d < 3; ++d) {
            QVERIFY(qAbs(r.partition.device_busy_s[d] - busy[d]) < 1e-12);
            QVERIFY(qAbs(view.loadBarRect(d).width() / view.laneRect(d).width() - busy[d] / 6e-3) < 1e-9);
        }
        // It paints (offscreen) without a partition and with one.
        QImage image(view.size(), QImage::Format_RGB32);
        view.render(&image);
        view.clear();
        QCOMPARE(view.laneCount(), 0);
        QVERIFY(!view.hasPartition());
        view.render(&image);
    }

    void mainWindowPartitionsAndReports() {
        test::WindowFixture ui;
        QVERIFY(ui.open()); // File → New, evaluated
        app::Session& session = *ui.session;
        app::MainWindow& window = *ui.window;
        QVERIFY(window.project()->openFile(QString::fromStdString(app::presetPath("workloads", "resnet18")), nullptr,
                                           true));
        // A bad file is refused at once, naming the file; nothing runs.
        QTemporaryDir dir;
        const QString bad = dir.filePath("bad_devices.json");
        {
            QFile f(bad);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(R"({"format": "archscape/devices", "version": 1, "name": "x", "devices": [{"name": 3}]})");
        }
        QString error;
        QVERIFY(!window.partitionWorkload(bad, &error, true));
        QVERIFY2(error.contains("bad_devices.json") && error.contains("/devices/0"), qPrintable(error));
        QVERIFY(!session.partitioning());

        // The CPU + 2 GPU node for throughput (a pipeline over a stream: every device takes a share):
        // three lanes; the UI thread keeps running while the solver works.
        QSignalSpy done(&session, &app::Session::partitionChanged);
        QVERIFY(window.partitionWorkload("cpu_2gpu_node", &error, true, true));
        QVERIFY(session.partitioning());
        QVERIFY(done.wait(120000));
        const auto outcome = session.partition();
        QVERIFY(outcome);
        QVERIFY(outcome->result.partition.feasible);
        const auto& p = outcome->problem;
        QCOMPARE(p.numNodes(), int(session.workload().layers.size()));
        widgets::PartitionView* view = window.partitionView();
        QCOMPARE(view->laneCount(), 3);
        QCOMPARE(view->laneCount(), p.numDevices());
        int cut = 0;
        for (const auto& e : p.edges)
            cut += outcome->result.partition.device_of[e.from] != outcome->result.partition.device_of[e.to];
        QCOMPARE(view->cutEdgeCount(), cut);
        QVERIFY(cut > 0); // the stream is split: layers of neighbouring stages sit on different devices
        QCOMPARE(int(outcome->problem.objective), int(schedule::PartitionObjective::Throughput));

        // The report has a page for it, after the charts.
        QVERIFY(test::waitEvaluated(session));
        const QString pdf = dir.filePath("report.pdf");
        const app::Project project = window.project()->currentProject();
        QVERIFY(app::writeReport(pdf, project, session.result(), &error, {.partition = outcome.get()}));
        const QString info = poppler("pdfinfo", pdf);
        if (info.isEmpty()) QSKIP("poppler-utils (pdfinfo) not installed");
        QVERIFY2(info.contains(QRegularExpression(
                     QStringLiteral("Pages:\\s+%1\\b")
                         .arg(app::reportPageCount(project, *session.result(), {.partition = outcome.get()})))),
                 qPrintable(info));
        QCOMPARE(app::reportPageCount(project, *session.result(), {.partition = outcome.get()}),
                 app::reportPageCount(project, *session.result()) + 1);
        const QString text = poppler("pdftotext", pdf);
        QVERIFY(text.contains("Partition across devices: cpu_2gpu_node"));

        // Another workload: the partition described the old one and goes.
        QVERIFY(
            window.project()->openFile(QString::fromStdString(app::presetPath("workloads", "alexnet")), nullptr, true));
        QVERIFY(!session.partition());
        QVERIFY(!view->hasPartition());
        ui.close();
    }
};

QTEST_MAIN(TestPartitionView)
#include "tst_partition_view.moc"
