// SCALE-Sim's ofmap write buffer (model::SystolicWriteBuffer, scalesim-v2.md §6.3): which cycles
// its DRAM start and stop are (issue 14, item 6). Expected values follow write_buffer.py's rules by
// hand: drain threshold D = S − ⌈S/2⌉, a drain of ⌈D/bw⌉ lines one per cycle, started when the free
// space drops below S − D, and start/stop = the first and last entry of the drain cycles in the
// order the drains were issued.
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "test_support.h"

#include "model/systolic_write_buffer.h"

using archscape::model::SystolicWriteBuffer;

class TstSystolicWriteBuffer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void finalDrainEndsFirst() {
        // S = 8 words, bw = 1: D = 4, a drain moves 4 lines. Outputs at cycles 0..4: after the
        // fifth, 3 words are free (< S − D = 4), so a drain starts at cycle 4 with lines 1–4 and runs
        // to cycle 7. The run ends at cycle 5: the last line drains alone at cycle 5. SCALE-Sim
        // reports start 4 and stop 5 (its last drain), although cycle 7 is later; 5 words.
        SystolicWriteBuffer b(8, 1);
        for (int c = 0; c < 5; ++c) QCOMPARE(b.store(c), double(c));
        b.finish(5);
        const auto w = b.window();
        QCOMPARE(w.start_cycle, 4.0);
        QCOMPARE(w.stop_cycle, 5.0);
        QCOMPARE(w.count, 5.0);
    }
    void finalDrainEndsLast() {
        // The same buffer with the run ending at cycle 9, after the in-run drain (cycles 4..7): the
        // last line drains at 9, so stop = 9 either way.
        SystolicWriteBuffer b(8, 1);
        for (int c = 0; c < 5; ++c) b.store(c);
        b.finish(9);
        QCOMPARE(b.window().start_cycle, 4.0);
        QCOMPARE(b.window().stop_cycle, 9.0);
    }
    void noDrainDuringRun() {
        // 3 outputs never exceed the threshold: everything drains at the end, 3 lines from cycle 10
        // (one drain group of up to 4 lines): start 10, stop 12.
        SystolicWriteBuffer b(8, 1);
        for (int c = 0; c < 3; ++c) b.store(c);
        b.finish(10);
        QCOMPARE(b.window().start_cycle, 10.0);
        QCOMPARE(b.window().stop_cycle, 12.0);
        QCOMPARE(b.window().count, 3.0);
    }
    void scaleSimPointwise_data() {
        QTest::addColumn<QString>("cfg");
        QTest::addColumn<QString>("stop");
        QTest::addColumn<QString>("bw");
        // SCALE-Sim v2 (github scalesim-project/scale-sim-v2 at 22f88b1, CALC mode) on a 28x28x24 →
        // 144 pointwise layer, 8x8 array, 64 kB SRAMs: DRAM OFMAP start 4224 / 4730, stop 44899 /
        // 50179, 338695 writes, so Avg OFMAP DRAM BW = 338695 / (44899 − 4224 + 1) = 8.32665 and
        // 338695 / (50179 − 4730 + 1) = 7.45204. Before this fix Archscape reported stop 46217 / 51321
        // (the latest drain cycle) and 8.06532 / 7.26938.
        QTest::newRow("ws") << "pw_8x8_ws_calc.cfg"
                            << "4224,44899,338695"
                            << "8.32665";
        QTest::newRow("is") << "pw_8x8_is_calc.cfg"
                            << "4730,50179,338695"
                            << "7.45204";
    }
    void scaleSimPointwise() {
        QFETCH(QString, cfg);
        QFETCH(QString, stop);
        QFETCH(QString, bw);
        QTemporaryDir dir;
        const auto data = [](const QString& f) {
            return QString::fromStdString(archscape::test::sourcePath("tests/data/scalesim/" + f.toStdString()));
        };
        QProcess p;
        p.start(ARCHSCAPE_CLI, {"import", "scalesim", "--config", data(cfg), "--topology", data("pw_28x28x24_144.csv"),
                                "--reports", "--scalesim-exact", "--output-dir", dir.path()});
        p.waitForFinished(120000);
        QCOMPARE(p.exitCode(), 0);
        const auto row = [&](const char* name) {
            QFile f(dir.filePath(name));
            f.open(QIODevice::ReadOnly);
            const QStringList l = QString::fromUtf8(f.readAll()).split('\n', Qt::SkipEmptyParts);
            QStringList cells;
            for (const auto& c : l.value(1).split(',', Qt::SkipEmptyParts)) cells << c.trimmed();
            return cells;
        };
        // DETAILED_ACCESS_REPORT: the last three columns are DRAM OFMAP start, stop, writes.
        const QStringList access = row("DETAILED_ACCESS_REPORT.csv");
        QCOMPARE(access.mid(access.size() - 3).join(','), stop);
        // BANDWIDTH_REPORT: the last column is Avg OFMAP DRAM BW.
        const QStringList band = row("BANDWIDTH_REPORT.csv");
        QCOMPARE(QString::number(band.last().toDouble(), 'g', 6), bw);
    }
};

QTEST_APPLESS_MAIN(TstSystolicWriteBuffer)
#include "tst_systolic_write_buffer.moc"
