// archscape-cli report takes projects only (issue 15: `report --project alexnet.json`, a workload,
// exited 0 with the report of a 1x1-PE accelerator and 11 unmapped layers). Anything else is bad
// input, exit 2, naming the file and what it is, and no PDF is written. Checked before the GUI binary
// starts, so these run without it.
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include "cli/cli_run.h"

using namespace archscape;

class TestCliReportInput : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

private Q_SLOTS:
    void refusesWhatIsNotAProject_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("what"); // as the message names it
        QTest::addRow("workload") << QString(ARCHSCAPE_SOURCE_DIR "/presets/workloads/alexnet.json") << "workload";
        QTest::addRow("accelerator") << QString(ARCHSCAPE_SOURCE_DIR "/presets/accelerators/eyeriss.json")
                                     << "accelerator";
        QTest::addRow("design space") << QString(ARCHSCAPE_SOURCE_DIR "/presets/spaces/edge.json") << "design space";
    }
    void refusesWhatIsNotAProject() {
        QFETCH(QString, file);
        QFETCH(QString, what);
        QVERIFY(QFile::exists(file));
        const QString pdf = QDir(m_dir.path()).filePath("r.pdf");
        const test::CliRun r = test::runCli({"report", "--project", file, "--output", pdf});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(file), qPrintable(r.err));
        QVERIFY2(r.err.contains(what, Qt::CaseInsensitive), qPrintable(r.err));
        QVERIFY2(r.err.contains("project"), qPrintable(r.err));
        QVERIFY(!QFile::exists(pdf));
    }

    void missingFileIsBadInput() {
        const QString missing = QDir(m_dir.path()).filePath("nothing.json");
        const test::CliRun r = test::runCli({"report", "--project", missing, "--output", missing + ".pdf"});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(missing), qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestCliReportInput)
#include "tst_cli_report_input.moc"
