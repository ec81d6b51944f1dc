// Every CLI command that takes a workload or an accelerator reads them through the one format table
// (io/file_format.h): ONNX, MAESTRO .m, Timeloop YAML and SCALE-Sim files work directly, misnamed files
// are read by their content, and a file of the wrong kind is bad input (exit 2) with one message.
// MAC totals are worked out by hand from the fixtures in each test's comment.
#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

#include "cli/cli_run.h"
#include "format_fixtures.h"

using namespace archscape;
using archscape::test::sourcePath;

namespace {

test::CliRun cli(const QStringList& args) { return test::runCli(args); }

QString src(const char* rel) { return QString::fromStdString(sourcePath(rel)); }

// One CONV layer, K16 C8 R=S=3 on a 10x10 input (MAESTRO's Y/X are input sizes): P = Q = 10 − 3 + 1 = 8,
// so 16·8·9·64 = 73728 MACs.
const char* const kMaestroNet = R"(// one convolution
Network tiny {
  Layer CONV1 {
    Type: CONV
    Dimensions { K: 16, C: 8, R: 3, S: 3, Y: 10, X: 10 }
    Dataflow {
      SpatialMap(1,1) K;
      TemporalMap(8,8) C;
      TemporalMap(Sz(R),1) Y;
      TemporalMap(Sz(S),1) X;
      TemporalMap(Sz(R),Sz(R)) R;
      TemporalMap(Sz(S),Sz(S)) S;
    }
  }
}
)";
const char* const kMaestroHw =
    "num_pes: 64\nl1_size_cstr: 512\nl2_size_cstr: 65536\nnoc_bw_cstr: 64\n"
    "offchip_bw_cstr: 16\n";

double totalMacs(const test::CliRun& r) {
    const auto j = nlohmann::json::parse(r.out.toStdString(), nullptr, false);
    if (j.is_discarded() || !j.contains("totals")) return -1;
    return j["totals"]["macs"].get<double>();
}

} // namespace

class TestCliFormats : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

    QString write(const QString& name, const std::string& bytes) {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly)) qFatal("cannot write %s", qPrintable(path));
        f.write(bytes.data(), qint64(bytes.size()));
        return path;
    }

private Q_SLOTS:
    void evaluate_data() {
        QTest::addColumn<QString>("accelerator");
        QTest::addColumn<QString>("workload");
        QTest::addColumn<double>("macs");
        // The tiny ONNX model: one Conv 4x3x3x3 on 8x8 → 6x6 = 3888 MACs (format_fixtures.h).
        QTest::newRow("onnx on a preset")
            << "eyeriss" << write("tiny.onnx", archscape::test::tinyOnnxModel()) << 3888.0;
        QTest::newRow("onnx named .json")
            << "eyeriss" << write("tiny.json", archscape::test::tinyOnnxModel()) << 3888.0;
        QTest::newRow("maestro .m pair") << write("hw.m", kMaestroHw) << write("net.m", kMaestroNet) << 73728.0;
        // Timeloop r3: C 32, K 32, R 3, P 16 → 49152 MACs, on its 16-PE architecture.
        QTest::newRow("timeloop yaml") << src("tests/data/timeloop/r3-16pe-cparallel/arch.yaml")
                                       << src("tests/data/timeloop/r3-16pe-cparallel/prob.yaml") << 49152.0;
        // small_gemms.csv: 10·6·5 + 4·4·4 = 364 MACs; os_4x4_calc.cfg a 4x4 systolic array.
        QTest::newRow("scalesim cfg + csv")
            << src("tests/data/scalesim/os_4x4_calc.cfg") << src("tests/data/scalesim/small_gemms.csv") << 364.0;
        QTest::newRow("scalesim, misnamed")
            << write("array.ini", archscape::test::sourceText("tests/data/scalesim/os_4x4_calc.cfg"))
            << write("gemms.txt", archscape::test::sourceText("tests/data/scalesim/small_gemms.csv")) << 364.0;
    }
    void evaluate() {
        QFETCH(QString, accelerator);
        QFETCH(QString, workload);
        QFETCH(double, macs);
        const test::CliRun r =
            cli({"evaluate", "--accelerator", accelerator, "--workload", workload, "--format", "json"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(totalMacs(r), macs);
    }

    void onnxInputShape() {
        // A symbolic batch needs --input-shape; batch 2 doubles the conv's 3888 MACs.
        const QString onnx = write("batch.onnx", archscape::test::tinyOnnxModel(0, true));
        const test::CliRun without = cli({"evaluate", "--accelerator", "eyeriss", "--workload", onnx});
        QCOMPARE(without.code, 2);
        QVERIFY2(without.err.contains("--input-shape x="), qPrintable(without.err));
        const test::CliRun with = cli({"evaluate", "--accelerator", "eyeriss", "--workload", onnx, "--input-shape",
                                       "x=2x3x8x8", "--format", "json"});
        QVERIFY2(with.code == 0, qPrintable(with.err));
        QCOMPARE(totalMacs(with), 2 * 3888.0);
        const test::CliRun bad =
            cli({"evaluate", "--accelerator", "eyeriss", "--workload", onnx, "--input-shape", "x=2by3"});
        QCOMPARE(bad.code, 2);
        QVERIFY2(bad.err.contains("--input-shape: expected NAME=1x3x224x224, got 'x=2by3'"), qPrintable(bad.err));
    }

    void maestroNotes() {
        // The MAESTRO readers say what they do not carry over (dataflows, cluster shape) on stderr.
        const test::CliRun r =
            cli({"evaluate", "--accelerator", write("hw2.m", kMaestroHw), "--workload", write("net2.m", kMaestroNet)});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.err.contains("net2.m: note: the Dataflow blocks are not used"), qPrintable(r.err));
        QVERIFY2(r.err.contains("hw2.m: note: the 64 PEs form one row"), qPrintable(r.err));
        QVERIFY(r.out.contains("tiny on hw2 (1x64 PEs"));
    }

    void badInput_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        const QString hw = write("wrong_hw.m", kMaestroHw);
        const QString onnx = write("wrong.onnx", archscape::test::tinyOnnxModel());
        const QString dir = m_dir.filePath("adir");
        QDir().mkpath(dir);
        const QString empty = write("empty.csv", "");
        QTest::newRow("hardware file as workload")
            << QStringList{"evaluate", "--accelerator", "eyeriss", "--workload", hw}
            << hw + ": looks like a MAESTRO hardware file (expected a workload)";
        QTest::newRow("onnx as accelerator") << QStringList{"evaluate", "--accelerator", onnx, "--workload", "alexnet"}
                                             << onnx + ": looks like an ONNX model (expected an accelerator)";
        QTest::newRow("timeloop mapping as workload")
            << QStringList{"search", "--accelerator", "eyeriss", "--workload",
                           src("tests/data/timeloop/r3-16pe-cparallel/map.yaml")}
            << src("tests/data/timeloop/r3-16pe-cparallel/map.yaml") +
                   ": looks like a Timeloop mapping (expected a workload)";
        QTest::newRow("workload preset file as accelerator")
            << QStringList{"evaluate", "--accelerator", src("presets/workloads/alexnet.json"), "--workload", "alexnet"}
            << src("presets/workloads/alexnet.json") + ": looks like an Archscape workload (expected an accelerator)";
        QTest::newRow("directory") << QStringList{"evaluate", "--accelerator", "eyeriss", "--workload", dir}
                                   << dir + ": cannot read: it is a directory, expected a file";
        QTest::newRow("empty file") << QStringList{"evaluate", "--accelerator", "eyeriss", "--workload", empty}
                                    << empty + ": the file is empty";
    }
    void badInput() {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const test::CliRun r = cli(args);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        QVERIFY(r.out.isEmpty());
    }

    void searchReadsOnnx() {
        // search takes the same inputs: the ONNX model's conv on a MAESTRO hardware file.
        const test::CliRun r = cli({"search", "--workload", write("s.onnx", archscape::test::tinyOnnxModel()),
                                    "--accelerator", write("s_hw.m", kMaestroHw), "--budget", "50", "--threads", "1"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const auto j = nlohmann::json::parse(r.out.toStdString(), nullptr, false);
        QVERIFY(!j.is_discarded());
        QCOMPARE(j["format"].get<std::string>(), std::string("archscape/search-result"));
    }

    void convertReadsAnyFormat() {
        // convert --from json now takes any workload format: the ONNX conv written as a Timeloop YAML.
        const QString out = m_dir.filePath("converted");
        const test::CliRun r =
            cli({"convert", "--from", "json", "--workload", write("c.onnx", archscape::test::tinyOnnxModel()),
                 "--accelerator", "eyeriss", "--to", "timeloop", "--output-dir", out});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(QFileInfo::exists(out + "/conv1.timeloop.yaml"), qPrintable(r.out));
    }

    void importByContent() {
        // import FILE: the table names the converter (ONNX → convert --from onnx, .m → --from maestro).
        const QString onnx_dir = m_dir.filePath("imported_onnx");
        const test::CliRun o =
            cli({"import", write("imp.onnx", archscape::test::tinyOnnxModel()), "--output-dir", onnx_dir});
        QVERIFY2(o.code == 0, qPrintable(o.err));
        QVERIFY2(QFileInfo::exists(onnx_dir + "/tiny.workload.json"), qPrintable(o.out)); // the graph's name
        const QString m_dir_out = m_dir.filePath("imported_maestro");
        const test::CliRun m = cli(
            {"import", write("imp.m", kMaestroNet), "--hw", write("imp_hw.m", kMaestroHw), "--output-dir", m_dir_out});
        QVERIFY2(m.code == 0, qPrintable(m.err));
        for (const char* f : {"/tiny.workload.json", "/tiny.accelerator.json", "/tiny.mapping.json"})
            QVERIFY2(QFileInfo::exists(m_dir_out + f), f);
        // A hardware file names no converter.
        const QString hw = write("imp_only_hw.m", kMaestroHw);
        const test::CliRun h = cli({"import", hw});
        QCOMPARE(h.code, 2);
        QVERIFY2(h.err.contains(hw + ": looks like a MAESTRO hardware file (expected ONNX, a MAESTRO mapping or "
                                     "Timeloop YAML)"),
                 qPrintable(h.err));
    }

    void importScaleSimChecksKinds() {
        // --config and --topology swapped: the table tells before either reader runs.
        const QString csv = src("tests/data/scalesim/small_gemms.csv");
        const test::CliRun r =
            cli({"import", "scalesim", "--config", csv, "--topology", src("tests/data/scalesim/os_4x4_calc.cfg"),
                 "--output-dir", m_dir.filePath("swapped")});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(csv + ": looks like a SCALE-Sim topology (expected a SCALE-Sim configuration)"),
                 qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestCliFormats)
#include "tst_cli_formats.moc"
