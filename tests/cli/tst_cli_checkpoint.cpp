// explore --checkpoint / --resume / --only-missing and merge's missing points, through the CLI
// (issue 18): a run stopped by SIGTERM and resumed from its checkpoint writes the same document as
// an uninterrupted run (shards included); merging incomplete shards lists the missing indices, and
// --only-missing on the merge completes it to the single run's document; a streamed (.jsonl) result
// merges into the document explore writes.
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <fstream>

#include <nlohmann/json.hpp>

namespace {

std::string slurp(const QString& path) {
    std::ifstream in(path.toStdString(), std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

struct Run {
    int code;
    QString err;
};

Run cli(const QStringList& args, int term_after_ms = -1) {
    QProcess p;
    p.start(ARCHSCAPE_CLI, args);
    p.waitForStarted();
    if (term_after_ms >= 0) {
        QTest::qWait(term_after_ms);
        ::kill(static_cast<pid_t>(p.processId()), SIGTERM);
    }
    p.waitForFinished(300000);
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardError())};
}

// The edge preset (10,000 points) on AlexNet: a few seconds per shard of 4 on one thread.
QStringList explore(const QString& out, const QString& shard) {
    return {"explore", "--space", "edge",    "--workload", "alexnet",  "--threads",
            "1",       "--quiet", "--shard", shard,        "--output", out};
}

} // namespace

class TestCliCheckpoint : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void resumeEqualsUninterrupted() {
        QTemporaryDir dir;
        const QString full = dir.filePath("full.json"), part = dir.filePath("part.json"),
                      resumed = dir.filePath("resumed.json"), ckpt = dir.filePath("s.ckpt");
        QCOMPARE(cli(explore(full, "1/4")).code, 0);
        const int delay = 200 + static_cast<int>(QRandomGenerator::global()->bounded(1000));
        qInfo("SIGTERM after %d ms", delay);
        const auto stopped = cli(explore(part, "1/4") << "--checkpoint" << ckpt, delay);
        QVERIFY2(stopped.code == 1, qPrintable(stopped.err));
        QVERIFY(!nlohmann::json::parse(slurp(part))["complete"].get<bool>());
        const auto again = cli(explore(resumed, "1/4") << "--resume" << ckpt);
        QVERIFY2(again.code == 0, qPrintable(again.err));
        QVERIFY2(again.err.contains("resuming from"), qPrintable(again.err));
        QVERIFY(slurp(resumed) == slurp(full)); // byte for byte
        // A checkpoint of another shard is refused, saying why.
        const auto wrong = cli(explore(resumed, "2/4") << "--resume" << ckpt);
        QCOMPARE(wrong.code, 2);
        QVERIFY2(wrong.err.contains("it is shard 1/4, the run is shard 2/4"), qPrintable(wrong.err));
    }

    void mergeListsMissingAndOnlyMissingCompletes() {
        QTemporaryDir dir;
        const QString single = dir.filePath("single.json"), merged = dir.filePath("merged.json"),
                      completed = dir.filePath("completed.json");
        QCOMPARE(cli({"explore", "--space", "edge", "--workload", "alexnet", "--quiet", "--output", single}).code, 0);
        // Shards 0, 1 and 3 of 4 finish; shard 2 is missing: its 2,500 points (indices 2, 6, ...).
        QStringList shards;
        for (int i : {0, 1, 3}) {
            shards << dir.filePath(QString("s%1.json").arg(i));
            QCOMPARE(cli(explore(shards.back(), QString("%1/4").arg(i))).code, 0);
        }
        const auto m = cli(QStringList{"merge"} << shards << "--output" << merged);
        QCOMPARE(m.code, 1);
        QVERIFY2(m.err.contains("2500 of 10000 points missing (indices 2, 6, 10, "), qPrintable(m.err));
        QVERIFY2(m.err.contains("--only-missing"), qPrintable(m.err));
        const auto c = cli({"explore", "--space", "edge", "--workload", "alexnet", "--quiet", "--only-missing", merged,
                            "--output", completed});
        QVERIFY2(c.code == 0, qPrintable(c.err));
        QVERIFY(slurp(completed) == slurp(single));
    }

    void streamMergesLikeDocument() {
        // explore --output R.jsonl, merged alone into a document, is the document explore writes.
        QTemporaryDir dir;
        const QString doc = dir.filePath("r.json"), stream = dir.filePath("r.jsonl"), merged = dir.filePath("m.json");
        const QStringList run{"explore", "--space", "dataflows", "--workload", "alexnet", "--quiet", "--output"};
        QCOMPARE(cli(QStringList(run) << doc).code, 0);
        QCOMPARE(cli(QStringList(run) << stream).code, 0);
        QVERIFY(slurp(stream).rfind("{\"format\":\"archscape/explore-stream\"", 0) == 0);
        QCOMPARE(cli({"merge", stream, "--output", merged}).code, 0);
        QVERIFY(slurp(merged) == slurp(doc));
    }
};

QTEST_GUILESS_MAIN(TestCliCheckpoint)
#include "tst_cli_checkpoint.moc"
