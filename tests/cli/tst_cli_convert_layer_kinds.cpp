// archscape-cli convert --to timeloop / maestro with the structured layer kinds of issue 17: a
// butterfly and a PQ layer are not one dense loop nest, so they are left out with a note naming the
// layer and why, while the network's dense layers are still written.
#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include "cli/cli_run.h"

using namespace archscape;

class TestCliConvertLayerKinds : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void structuredLayersAreRefused_data();
    void structuredLayersAreRefused();
};

void TestCliConvertLayerKinds::structuredLayersAreRefused_data() {
    QTest::addColumn<QString>("to");
    QTest::addColumn<QString>("tool");
    QTest::newRow("timeloop") << "timeloop"
                              << "Timeloop";
    QTest::newRow("maestro") << "maestro"
                             << "MAESTRO";
}

void TestCliConvertLayerKinds::structuredLayersAreRefused() {
    QFETCH(QString, to);
    QFETCH(QString, tool);
    QTemporaryDir dir;
    const QString wl = test::writeFile(dir, "mixed.json", R"({"format": "archscape/workload", "version": 1,
        "name": "mixed", "layers": [
        {"name": "dense", "type": "gemm", "M": 4, "N": 8, "K": 16},
        {"name": "bfly", "type": "butterfly", "M": 4, "n": 16},
        {"name": "lut", "type": "pq", "M": 4, "N": 8, "K": 16, "sub_vectors": 4, "codebook": 16}]})");
    const QString out = dir.filePath("out");
    const auto r = test::runCli(
        {"convert", "--from", "json", "--to", to, "--workload", wl, "--accelerator", "eyeriss", "--output-dir", out});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY2(r.err.contains("layer bfly (butterfly) is not exported: " + tool + " describes one dense loop nest"),
             qPrintable(r.err));
    QVERIFY2(r.err.contains("butterfly matrix is log2 n stages"), qPrintable(r.err));
    QVERIFY2(r.err.contains("layer lut (pq) is not exported: " + tool), qPrintable(r.err));
    QVERIFY2(r.err.contains("table lookups"), qPrintable(r.err));
    if (to == "timeloop") {
        QVERIFY(QFile::exists(out + "/dense.timeloop.yaml"));
        QVERIFY(!QFile::exists(out + "/bfly.timeloop.yaml"));
        QVERIFY(!QFile::exists(out + "/lut.timeloop.yaml"));
    } else {
        QFile m(out + "/mixed.m");
        QVERIFY(m.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(m.readAll());
        QVERIFY(text.contains("Layer dense"));
        QVERIFY(!text.contains("bfly") && !text.contains("lut"));
    }
}

QTEST_GUILESS_MAIN(TestCliConvertLayerKinds)
#include "tst_cli_convert_layer_kinds.moc"
