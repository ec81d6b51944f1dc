// File → Open of an explore result written by archscape-cli explore (issue 18, "merge and the GUI
// read it"): a .jsonl stream and a .json document go into the Pareto chart as explored designs,
// through the real window and ProjectController path. The expected counts and front are computed
// here from the file's own lines (a brute-force Pareto filter), not taken from the program.
#include <QApplication>
#include <QMessageBox>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

#include <fstream>
#include <set>

#include <nlohmann/json.hpp>

#include "gui_fixtures.h"
#include "io/accelerator_json.h"
#include "io/workload_json.h"
#include "main_window.h"
#include "pareto_chart.h"
#include "project_controller.h"
#include "session.h"
#include "window_fixture.h"

using namespace archscape;

namespace {

/// One point as the file writes it.
struct FilePoint {
    std::int64_t index = 0;
    bool feasible = false;
    double latency_s = 0, energy_j = 0;
    nlohmann::json design;
};

std::vector<std::string> readLines(const QString& path) {
    std::ifstream in(path.toStdString());
    std::vector<std::string> lines;
    for (std::string l; std::getline(in, l);) lines.push_back(l);
    return lines;
}

void writeLines(const QString& path, const std::vector<std::string>& lines) {
    std::ofstream out(path.toStdString());
    for (const auto& l : lines) out << l << "\n";
}

FilePoint pointOf(const nlohmann::json& p) {
    return {p["index"].get<std::int64_t>(), p["feasible"].get<bool>(), p["latency_s"].get<double>(),
            p["energy_j"].get<double>(), p["design"]};
}

/// The points of a stream's point lines, in file order.
std::vector<FilePoint> streamPoints(const std::vector<std::string>& lines) {
    std::vector<FilePoint> points;
    for (const auto& l : lines) {
        const auto j = nlohmann::json::parse(l);
        if (j.contains("point")) points.push_back(pointOf(j["point"]));
    }
    return points;
}

/// Space indices of the feasible points that no other feasible point dominates in (latency, energy):
/// no worse in both and better in one (brute force, O(n²)).
std::set<std::int64_t> bruteForceFront(const std::vector<FilePoint>& pts) {
    std::set<std::int64_t> front;
    for (const auto& p : pts) {
        if (!p.feasible) continue;
        bool dominated = false;
        for (const auto& q : pts)
            dominated = dominated || (q.feasible && q.latency_s <= p.latency_s && q.energy_j <= p.energy_j &&
                                      (q.latency_s < p.latency_s || q.energy_j < p.energy_j));
        if (!dominated) front.insert(p.index);
    }
    return front;
}

} // namespace

class TestOpenExploreResult : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_stream, m_document;
    test::WindowFixture m_ui; // no project: the workload comes from the result's directory

    QString path(const char* name) const { return m_dir.filePath(name); }

    /// Opens `file` through the window's controller; the summary, or "failed: message".
    QString open(const QString& file, bool quiet = true) {
        QSignalSpy opened(m_ui.session.get(), &app::Session::resultOpened);
        QSignalSpy failed(m_ui.window->project(), &app::ProjectController::openFailed);
        if (!m_ui.window->project()->openFile(file, nullptr, quiet)) return QStringLiteral("failed at once");
        if (!QTest::qWaitFor([&] { return !opened.isEmpty() || !failed.isEmpty(); }, 60000))
            return QStringLiteral("timed out");
        return opened.isEmpty() ? "failed: " + failed.first().at(1).toString() : opened.first().at(1).toString();
    }

    /// Space indices of the chart's front, through the designs' order (the file's).
    std::set<std::int64_t> chartFront(const std::vector<FilePoint>& filePoints) const {
        std::set<std::int64_t> front;
        for (int i : m_ui.window->paretoChart()->front()) front.insert(filePoints.at(std::size_t(i)).index);
        return front;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        // The workload and the space lie beside the results: the GUI finds both by the names the
        // files carry ("tiny-net", "tiny-space").
        std::ofstream(path("tiny-net.json").toStdString()) << io::toJson(test::smallNetwork()).dump();
        nlohmann::json space = {{"format", "archscape/design-space"},
                                {"version", 1},
                                {"name", "tiny-space"},
                                {"base", io::toJson(test::smallAccelerator())},
                                {"parameters",
                                 {{"pe_rows", {4, 8}},
                                  {"pe_cols", {4, 8, 16}},
                                  {"levels", {{"GlobalBuffer", {{"capacity_bytes", {32768, 65536}}}}}}}},
                                {"mapper", {{"strategy", "decoupled"}, {"budget", 20}}}};
        std::ofstream(path("tiny-space.json").toStdString()) << space.dump();
        m_stream = path("R.jsonl");
        m_document = path("R.json");
        for (const QString& out : {m_stream, m_document}) {
            QProcess cli;
            cli.start(ARCHSCAPE_CLI, {"explore", "--space", path("tiny-space.json"), "--workload",
                                      path("tiny-net.json"), "--threads", "1", "--output", out});
            QVERIFY(cli.waitForFinished(120000));
            QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());
        }
    }

    void init() { QVERIFY(m_ui.open({}, false)); } // settings cleared: the chart shows latency, energy
    void cleanup() { m_ui.close(); }

    void opensStreamAsExploredDesigns() {
        const auto points = streamPoints(readLines(m_stream));
        QCOMPARE(int(points.size()), 2 * 3 * 2); // every point of the 2 x 3 x 2 grid
        const QString summary = open(m_stream);
        QVERIFY2(summary.startsWith("R.jsonl: 12 designs of space tiny-space on tiny-net"), qPrintable(summary));
        QVERIFY2(!summary.contains("incomplete"), qPrintable(summary));
        QCOMPARE(m_ui.session->workload().name, std::string("tiny-net")); // found beside the file
        QCOMPARE(int(m_ui.session->designs().size()), 12);
        QCOMPARE(m_ui.window->paretoChart()->designCount(), 12);
        QCOMPARE(m_ui.session->designsSource(), QStringLiteral("R.jsonl"));
        QVERIFY(m_ui.session->designsComplete());
        const auto front = bruteForceFront(points);
        QVERIFY(!front.empty());
        QCOMPARE(chartFront(points), front);

        // A click on a front point makes that design current: its PE array is the file's design.
        const int k = m_ui.window->paretoChart()->front().front();
        Q_EMIT m_ui.window->paretoChart()->designClicked(k);
        QCOMPARE(m_ui.session->currentDesign(), k);
        const auto& design = points[std::size_t(k)].design;
        QCOMPARE(m_ui.session->accelerator().pe.rows, std::stoi(design["pe_rows"].get<std::string>()));
        QCOMPARE(m_ui.session->accelerator().pe.cols, std::stoi(design["pe_cols"].get<std::string>()));
    }

    void opensDocument() {
        std::ifstream in(m_document.toStdString());
        const auto doc = nlohmann::json::parse(in);
        std::vector<FilePoint> points;
        for (const auto& p : doc["points"]) points.push_back(pointOf(p));
        const QString summary = open(m_document);
        QVERIFY2(summary.startsWith("R.json: 12 designs"), qPrintable(summary));
        QCOMPARE(int(m_ui.session->designs().size()), int(points.size()));
        QCOMPARE(chartFront(points), bruteForceFront(points));
    }

    void cutStreamLoadsWhatItHolds() {
        // The end line and the last two point lines cut off, as a copy that stopped short.
        auto lines = readLines(m_stream);
        lines.resize(lines.size() - 3);
        const QString cut = path("cut.jsonl");
        writeLines(cut, lines);
        const auto points = streamPoints(lines);
        QCOMPARE(int(points.size()), 10);
        const QString summary = open(cut);
        QVERIFY2(summary.contains("10 designs") && summary.contains("incomplete") && summary.contains("cut"),
                 qPrintable(summary));
        QVERIFY(!m_ui.session->designsComplete());
        QCOMPARE(int(m_ui.session->designs().size()), 10);
        QCOMPARE(chartFront(points), bruteForceFront(points));
    }

    void badLineKeepsDesignsAndSaysWhere() {
        QVERIFY(open(m_stream).startsWith("R.jsonl"));
        auto lines = readLines(m_stream);
        lines[2] = R"({"point": {"index": 1, "choice": [0, 0, 1]}})"; // line 3: no costs
        const QString bad = path("bad.jsonl");
        writeLines(bad, lines);
        // Not quiet: the "Cannot open" box shows the reader's message; the test reads and closes it.
        QString boxTitle, boxText;
        QTimer poll;
        connect(&poll, &QTimer::timeout, this, [&] {
            if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())) {
                boxTitle = box->windowTitle();
                boxText = box->text();
                box->accept();
            }
        });
        poll.start(50);
        const QString result = open(bad, false);
        poll.stop();
        QVERIFY2(result.startsWith("failed: ") && result.contains("bad.jsonl") && result.contains("line 3"),
                 qPrintable(result));
        QCOMPARE(boxTitle, QStringLiteral("Cannot open bad.jsonl"));
        QVERIFY2(boxText.contains("line 3: /point/latency_s: missing required field"), qPrintable(boxText));
        // The designs read before stay, and still name their file.
        QCOMPARE(int(m_ui.session->designs().size()), 12);
        QCOMPARE(m_ui.session->designsSource(), QStringLiteral("R.jsonl"));
    }

    void cancelKeepsDesigns() {
        QVERIFY(open(m_stream).startsWith("R.jsonl"));
        // 50,000 copies of the point lines (indices repeat, which the GUI accepts): long enough that
        // Cancel comes while it is read; its result, if it had been read already, is dropped as stale.
        auto lines = readLines(m_stream);
        std::vector<std::string> big{lines.front()};
        const std::vector<std::string> pointLines(lines.begin() + 1, lines.end() - 1);
        for (int i = 0; i < 50000; ++i) big.push_back(pointLines[std::size_t(i) % pointLines.size()]);
        big.push_back(R"({"end": {"complete": true, "evaluated_points": 50000, "front": [], "infeasible": {}}})");
        const QString file = path("long.jsonl");
        writeLines(file, big);
        QSignalSpy opened(m_ui.session.get(), &app::Session::resultOpened);
        QVERIFY(m_ui.window->project()->openFile(file, nullptr, true));
        QVERIFY(m_ui.session->exploring());
        m_ui.session->cancelExploration();
        QVERIFY(!m_ui.session->exploring());
        QVERIFY(QTest::qWaitFor([&] { return m_ui.session->runningJobs() == 0; }, 20000));
        QTest::qWait(100); // anything the job posted has arrived
        QVERIFY(opened.isEmpty());
        QCOMPARE(int(m_ui.session->designs().size()), 12);
        QCOMPARE(m_ui.session->designsSource(), QStringLiteral("R.jsonl"));
    }

    void unknownSpaceIsNamed() {
        auto lines = readLines(m_stream);
        auto header = nlohmann::json::parse(lines[0]);
        header["space"]["name"] = "nowhere";
        header["space"]["fingerprint"] = "0000000000000001";
        lines[0] = header.dump();
        const QString file = path("nowhere.jsonl");
        writeLines(file, lines);
        const QString result = open(file);
        QVERIFY2(
            result.startsWith("failed: ") && result.contains("\"nowhere\"") && result.contains("Open Design Space"),
            qPrintable(result));
        QVERIFY(m_ui.session->designs().empty());
    }

    void notAStreamHeader() {
        const QString file = path("empty.jsonl");
        writeLines(file, {R"({"format": "archscape/explore-stream"})", "{not json"});
        const QString result = open(file);
        // The header lacks every field of a result: the reader names the first line.
        QVERIFY2(result.startsWith("failed: ") && result.contains("line 1"), qPrintable(result));
    }
};

QTEST_MAIN(TestOpenExploreResult)
#include "tst_open_explore_result.moc"
