// The GUI's File → Open (app::readAnyFile) goes through the format table: a project by its "format", a
// workload or an accelerator in any format that holds one, and one message for anything else.
// MAC totals are worked out by hand in each row's comment.
#include <QTemporaryDir>
#include <QtTest>

#include "format_fixtures.h"
#include "io/file_format.h"
#include "project.h"

using namespace archscape;
using Kind = app::OpenedFile::Kind;

class TestOpenFormats : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

    std::string write(const QString& name, const std::string& bytes) {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly)) qFatal("cannot write %s", qPrintable(path));
        f.write(bytes.data(), qint64(bytes.size()));
        return path.toStdString();
    }

private Q_SLOTS:
    void opensEveryFormat_data() {
        QTest::addColumn<QString>("path");
        QTest::addColumn<int>("kind");
        QTest::addColumn<qlonglong>("macs"); // workloads only
        QTest::addColumn<int>("pes");        // accelerators only
        const auto src = [](const char* rel) { return QString::fromStdString(test::sourcePath(rel)); };
        // One Conv 4x3x3x3 on 8x8 → 6x6: 3888 MACs (format_fixtures.h).
        QTest::newRow("onnx") << QString::fromStdString(write("m.onnx", test::tinyOnnxModel())) << int(Kind::Workload)
                              << 3888LL << 0;
        // kcp_ws.m: 64·3·49·112² + 128·64·9·56² (tst_file_format).
        QTest::newRow("maestro mapping") << src("tests/data/maestro/kcp_ws.m") << int(Kind::Workload)
                                         << 64LL * 3 * 49 * 112 * 112 + 128LL * 64 * 9 * 56 * 56 << 0;
        QTest::newRow("maestro hardware")
            << src("tests/data/maestro/accelerator_1.m") << int(Kind::Accelerator) << 0LL << 256; // num_pes: 256
        // Timeloop r3: C32 K32 R3 P16 = 49152 MACs; its architecture has meshX 16.
        QTest::newRow("timeloop problem")
            << src("tests/data/timeloop/r3-16pe-cparallel/prob.yaml") << int(Kind::Workload) << 49152LL << 0;
        QTest::newRow("timeloop architecture")
            << src("tests/data/timeloop/r3-16pe-cparallel/arch.yaml") << int(Kind::Accelerator) << 0LL << 16;
        // small_gemms.csv: 10·6·5 + 4·4·4 = 364; os_4x4_calc.cfg: a 4x4 array.
        QTest::newRow("scalesim topology")
            << src("tests/data/scalesim/small_gemms.csv") << int(Kind::Workload) << 364LL << 0;
        QTest::newRow("scalesim config") << src("tests/data/scalesim/os_4x4_calc.cfg") << int(Kind::Accelerator) << 0LL
                                         << 16;
        QTest::newRow("workload preset") << src("presets/workloads/alexnet.json") << int(Kind::Workload) << -1LL << 0;
        QTest::newRow("accelerator preset")
            << src("presets/accelerators/eyeriss.json") << int(Kind::Accelerator) << 0LL << 168; // Eyeriss: 12 x 14 PEs
    }
    void opensEveryFormat() {
        QFETCH(QString, path);
        QFETCH(int, kind);
        QFETCH(qlonglong, macs);
        QFETCH(int, pes);
        const auto r = app::readAnyFile(path.toStdString());
        QVERIFY2(r.ok(), formatDiagnostics(path.toStdString(), r.errors).c_str());
        QCOMPARE(int(r.value->kind), kind);
        if (kind == int(Kind::Workload) && macs >= 0) QCOMPARE(qlonglong(r.value->project.network.totalMacs()), macs);
        if (kind == int(Kind::Accelerator))
            QCOMPARE(r.value->project.accelerator.pe.rows * r.value->project.accelerator.pe.cols, pes);
    }

    void refusesOtherKinds_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("expected");
        QTest::newRow("mapping json") << "m.json" << QByteArray("{\"format\": \"archscape/mapping\"}")
                                      << "|looks like an Archscape mapping (expected a project, a workload or an "
                                         "accelerator)";
        QTest::newRow("timeloop mapping")
            << "map.yaml"
            << QByteArray::fromStdString(test::sourceText("tests/data/timeloop/r3-16pe-cparallel/map.yaml"))
            << "|looks like a Timeloop mapping (expected a project, a workload or an accelerator)";
        // JSON that does not say its kind keeps the reader's /format message.
        QTest::newRow("no format") << "x.json" << QByteArray("{\"name\": \"x\"}")
                                   << "/format|expected \"archscape/project\", \"archscape/workload\" or "
                                      "\"archscape/accelerator\", got none";
        QTest::newRow("empty") << "e.json" << QByteArray() << "|the file is empty";
    }
    void refusesOtherKinds() {
        QFETCH(QString, name);
        QFETCH(QByteArray, bytes);
        QFETCH(QString, expected);
        const auto r = app::readAnyFile(write(name, bytes.toStdString()));
        QVERIFY(!r.ok());
        QCOMPARE(r.errors.size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(r.errors[0].path + "|" + r.errors[0].message), expected);
    }
};

QTEST_GUILESS_MAIN(TestOpenFormats)
#include "tst_open_formats.moc"
