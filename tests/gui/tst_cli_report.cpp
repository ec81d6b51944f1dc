// archscape-cli report: the headless PDF report of a project, through the GUI binary's report mode.
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

class TestCliReport : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

    static QByteArray preset(const char* rel) {
        QFile f(QString(ARCHSCAPE_SOURCE_DIR "/presets/") + rel);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }
    QString write(const char* name, const QByteArray& text) {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        f.open(QIODevice::WriteOnly);
        f.write(text);
        return path;
    }
    static int cli(const QStringList& args, QString* err = nullptr) {
        QProcess p;
        p.start(ARCHSCAPE_CLI, args);
        p.waitForFinished(300000);
        if (err) *err = QString::fromUtf8(p.readAllStandardError());
        return p.exitCode();
    }

private Q_SLOTS:
    void writesPdfWithTheDesignName() {
        const QString project = write("p.json", R"({"format": "archscape/project", "version": 1, "name": "cli report",
            "workload": )" + preset("workloads/resnet18.json") +
                                                    R"(, "accelerator": )" + preset("accelerators/eyeriss.json") + R"(,
            "mapper": {"mode": "template", "dataflow": "rs"}})");
        const QString pdf = m_dir.filePath("r.pdf");
        QString err;
        QCOMPARE(cli({"report", "--project", project, "--output", pdf}, &err), 0);
        QFile f(pdf);
        QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(err));
        QVERIFY(f.read(5) == "%PDF-");
        QProcess text;
        text.start("pdftotext", {pdf, "-"});
        QVERIFY(text.waitForFinished(60000));
        const QString body = QString::fromUtf8(text.readAllStandardOutput());
        QVERIFY2(body.contains("eyeriss") && body.contains("resnet18"), qPrintable(body.left(400)));
    }
    void badProjectIsBadInput() {
        const QString project = write("bad.json", R"({"format": "archscape/project", "version": 1, "name": "x"})");
        QString err;
        QCOMPARE(cli({"report", "--project", project, "--output", m_dir.filePath("x.pdf")}, &err), 2);
        QVERIFY2(err.contains(project), qPrintable(err));
        QVERIFY(!QFile::exists(m_dir.filePath("x.pdf")));
        QCOMPARE(cli({"report", "--project", project}, &err), 2);
        QVERIFY(err.contains("missing required option --output"));
    }
};

QTEST_GUILESS_MAIN(TestCliReport)
#include "tst_cli_report.moc"
