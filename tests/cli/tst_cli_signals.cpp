// Long CLI commands under SIGTERM, SIGINT and SIGHUP (issue 18): a stop at a random moment writes a
// valid partial result ("complete": false for explore, unfinished layers unmapped for search) and
// exits 1; a second signal exits at once and leaves the output file as it was, with no temporary
// file beside it; commands without cancellation points exit 1 and leave their outputs untouched.
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>

#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <set>

#include <nlohmann/json.hpp>

namespace fs = std::filesystem;

namespace {

std::string slurp(const QString& path) {
    std::ifstream in(path.toStdString(), std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

int countTemporaries(const QString& dir) {
    int n = 0;
    for (const auto& e : fs::directory_iterator(dir.toStdString()))
        if (e.path().filename().string().find(".tmp-") != std::string::npos) ++n;
    return n;
}

// Runs long enough (tens of seconds on one thread) that a signal within 1.5 s always interrupts it.
QStringList longExplore(const QString& out) {
    return {"explore", "--space", "edge", "--workload", "resnet50", "--threads", "1", "--quiet", "--output", out};
}
QStringList longSearch(const QString& out) {
    return {"search", "--workload", "resnet50", "--accelerator", "eyeriss", "--strategy", "exhaustive", "--budget",
            "0",      "--threads",  "1",        "--output",      out};
}

struct Stopped {
    int code;
    QProcess::ExitStatus status;
    QString err;
};

/// Starts the CLI, sends `signals` (delay_ms after the start, then 20 ms apart), waits for the end.
Stopped runAndSignal(const QStringList& args, const std::vector<int>& signals, int delay_ms) {
    QProcess p;
    p.start(ARCHSCAPE_CLI, args);
    if (!p.waitForStarted(10000)) return {-1, QProcess::CrashExit, "did not start"};
    QTest::qWait(delay_ms);
    for (std::size_t i = 0; i < signals.size(); ++i) {
        // Signals sent back to back merge into one pending signal: leave the handler time to run.
        if (i > 0) ::usleep(20000);
        ::kill(static_cast<pid_t>(p.processId()), signals[i]);
    }
    if (!p.waitForFinished(60000)) {
        p.kill();
        p.waitForFinished();
        return {-1, QProcess::CrashExit, "did not stop within 60 s"};
    }
    return {p.exitCode(), p.exitStatus(), QString::fromUtf8(p.readAllStandardError())};
}

} // namespace

class TestCliSignals : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void firstSignalWritesPartial_data();
    void firstSignalWritesPartial();
    void secondSignalKeepsOldOutput_data();
    void secondSignalKeepsOldOutput();
    void noCancellationPointsExitAtOnce_data();
    void noCancellationPointsExitAtOnce();
    void importReportsStopsAtOnce_data();
    void importReportsStopsAtOnce();
};

void TestCliSignals::firstSignalWritesPartial_data() {
    QTest::addColumn<QString>("command");
    QTest::addColumn<int>("signal");
    for (const char* c : {"explore", "search"}) {
        QTest::addRow("%s SIGTERM", c) << QString(c) << SIGTERM;
        QTest::addRow("%s SIGINT", c) << QString(c) << SIGINT;
        QTest::addRow("%s SIGHUP", c) << QString(c) << SIGHUP;
    }
}

void TestCliSignals::firstSignalWritesPartial() {
    QFETCH(QString, command);
    QFETCH(int, signal);
    QTemporaryDir dir;
    const QString out = dir.filePath("result.json");
    const int delay = 300 + static_cast<int>(QRandomGenerator::global()->bounded(1200));
    qInfo("signal after %d ms", delay);
    const auto r = runAndSignal(command == "explore" ? longExplore(out) : longSearch(out), {signal}, delay);
    QCOMPARE(r.status, QProcess::NormalExit);
    QVERIFY2(r.code == 1, qPrintable(r.err));
    const std::string name = signal == SIGTERM ? "SIGTERM" : signal == SIGINT ? "SIGINT" : "SIGHUP";
    QVERIFY2(r.err.contains(QString::fromStdString("interrupted by " + name)), qPrintable(r.err));
    const auto j = nlohmann::json::parse(slurp(out)); // throws (test fails) unless complete, valid JSON
    if (command == "explore") {
        QCOMPARE(j["format"].get<std::string>(), std::string("archscape/explore-result"));
        QCOMPARE(j["complete"].get<bool>(), false);
        // The points written are the points counted, each of this shard, and the front is among them.
        QCOMPARE(j["evaluated_points"].get<std::size_t>(), j["points"].size());
        QVERIFY(j["points"].size() < 10000u); // the edge space has 5·5·5·4·4·5 = 10,000 points
        std::set<std::int64_t> indices;
        for (const auto& p : j["points"]) indices.insert(p["index"].get<std::int64_t>());
        for (const auto& f : j["front"]) QVERIFY(indices.count(f.get<std::int64_t>()));
    } else {
        QCOMPARE(j["format"].get<std::string>(), std::string("archscape/search-result"));
        int unmapped = 0;
        for (const auto& l : j["layers"]) unmapped += l["mapped"].get<bool>() ? 0 : 1;
        QVERIFY(unmapped > 0); // stopped before the end: some layer is reported unmapped
        QCOMPARE(j["totals"]["unmapped_layers"].get<int>(), unmapped);
    }
    QCOMPARE(countTemporaries(dir.path()), 0);
}

void TestCliSignals::secondSignalKeepsOldOutput_data() {
    QTest::addColumn<QString>("command");
    QTest::addColumn<int>("signal");
    QTest::addRow("explore SIGTERM") << QString("explore") << SIGTERM;
    QTest::addRow("explore SIGINT") << QString("explore") << SIGINT;
    QTest::addRow("search SIGTERM") << QString("search") << SIGTERM;
    QTest::addRow("search SIGINT") << QString("search") << SIGINT;
}

void TestCliSignals::secondSignalKeepsOldOutput() {
    // Two signals 20 ms apart: the process ends at once (128 + signal) while it stops or writes, and
    // the output file is the old one or a complete partial result; or it had already written and
    // exited 1 (the first signal's path). Either way no temporary file is left.
    QFETCH(QString, command);
    QFETCH(int, signal);
    QTemporaryDir dir;
    const QString out = dir.filePath("result.json");
    const std::string old = "{\"old\": true}\n";
    std::ofstream(out.toStdString()) << old;
    const int delay = 300 + static_cast<int>(QRandomGenerator::global()->bounded(1200));
    qInfo("two signals after %d ms", delay);
    const auto r = runAndSignal(command == "explore" ? longExplore(out) : longSearch(out), {signal, signal}, delay);
    QCOMPARE(r.status, QProcess::NormalExit);
    QVERIFY2(r.code == 128 + signal || r.code == 1, qPrintable(r.err));
    const std::string now = slurp(out);
    if (r.code == 128 + signal) {
        QVERIFY2(now == old || !nlohmann::json::parse(now).contains("old"), now.substr(0, 200).c_str());
    } else {
        QVERIFY(!nlohmann::json::parse(now).contains("old")); // exit 1: the partial result was written
    }
    QCOMPARE(countTemporaries(dir.path()), 0);
}

void TestCliSignals::noCancellationPointsExitAtOnce_data() {
    QTest::addColumn<int>("signal");
    QTest::addRow("quantize SIGTERM") << SIGTERM;
    QTest::addRow("quantize SIGINT") << SIGINT;
}

void TestCliSignals::noCancellationPointsExitAtOnce() {
    // quantize's search measures each proposal on the digits test set (seconds in all), with no
    // cancellation point: a signal ends it at once, exit 1, and --output keeps its old content.
    QFETCH(int, signal);
    QTemporaryDir dir;
    const QString out = dir.filePath("q.json");
    const std::string old = "{\"old\": true}\n";
    std::ofstream(out.toStdString()) << old;
    const int delay = 300 + static_cast<int>(QRandomGenerator::global()->bounded(700));
    qInfo("signal after %d ms", delay);
    const auto r = runAndSignal({"quantize", "--model", "measured:digits-mlp", "--target", "90", "--output", out},
                                {signal}, delay);
    QCOMPARE(r.status, QProcess::NormalExit);
    QVERIFY2(r.code == 1, qPrintable(r.err));
    QVERIFY2(r.err.contains("interrupted: stopped, nothing written"), qPrintable(r.err));
    QCOMPARE(slurp(out), old);
    QCOMPARE(countTemporaries(dir.path()), 0);
}

void TestCliSignals::importReportsStopsAtOnce_data() {
    QTest::addColumn<int>("signal");
    QTest::addRow("import --reports SIGTERM") << SIGTERM;
    QTest::addRow("import --reports SIGINT") << SIGINT;
}

void TestCliSignals::importReportsStopsAtOnce() {
    // import scalesim --reports replays SCALE-Sim's USER-bandwidth memory system address by address
    // (four 58x58x64 3x3 convs on an 8x4 array: about 15 s), with no cancellation point. A signal at a
    // random moment ends it with exit 1: the workload and accelerator files, written first, are
    // complete JSON (or not there yet), no report file appears, and no temporary file is left.
    QFETCH(int, signal);
    QTemporaryDir dir;
    const QString csv = dir.filePath("big.csv");
    {
        std::ofstream out(csv.toStdString());
        out << "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\n";
        for (int i = 1; i <= 4; ++i) out << "conv" << i << ", 58, 58, 3, 3, 64, 64, 1,\n";
    }
    const QString outDir = dir.filePath("out");
    const int delay = 300 + static_cast<int>(QRandomGenerator::global()->bounded(1200));
    qInfo("signal after %d ms", delay);
    const auto r = runAndSignal({"import", "scalesim", "--config",
                                 QStringLiteral(ARCHSCAPE_SOURCE_DIR) + "/tests/data/scalesim/ws_8x4_user.cfg",
                                 "--topology", csv, "--output-dir", outDir, "--reports"},
                                {signal}, delay);
    QCOMPARE(r.status, QProcess::NormalExit);
    QVERIFY2(r.code == 1, qPrintable(r.err));
    QVERIFY2(r.err.contains("interrupted"), qPrintable(r.err));
    if (!fs::exists(outDir.toStdString())) return; // stopped before the output folder was made
    for (const auto& e : fs::directory_iterator(outDir.toStdString())) {
        const std::string name = e.path().filename().string();
        QVERIFY2(name.size() > 5 && name.substr(name.size() - 5) == ".json", name.c_str()); // no report
        QVERIFY(nlohmann::json::parse(slurp(QString::fromStdString(e.path().string()))).is_object());
    }
    QCOMPARE(countTemporaries(outDir), 0);
}

QTEST_GUILESS_MAIN(TestCliSignals)
#include "tst_cli_signals.moc"
