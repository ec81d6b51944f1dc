// archscape-cli convert and import end to end: ONNX (a dynamic batch needs --input-shape), Timeloop
// YAML (three JSON files; a bad file names its line), SCALE-Sim (.cfg + topology in, reports out,
// convert round trip, USER mode replay, bad input exit codes). The readers' own tests are in tests/core/.
#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

#include "cli/cli_run.h"
#include "io/accelerator_json.h"
#include "io/onnx_import.h"
#include "io/scalesim_config.h"
#include "io/scalesim_report.h"
#include "io/workload_json.h"
#include "model/systolic_memory.h"
#include "model/systolic_model.h"
#include "model/systolic_problem.h"
#include "onnx_model_builder.h"
#include "test_support.h"

using namespace archscape;
using test::resnet50;
using workload::Operand;

namespace {
std::string fixture(const char* name) { return test::sourcePath(std::string("tests/data/scalesim/") + name); }
test::CliRun cli(const QStringList& args) { return test::runCli(args, 60000); }
} // namespace

class TestCliConvert : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void onnxConvert();
    void timeloopConvert();
    void scalesimImport();
    void scalesimConvertRoundTrip();
    void scalesimUserExact();
    void scalesimBadInput_data();
    void scalesimBadInput();
};

void TestCliConvert::onnxConvert() {
    // archscape-cli convert --from onnx: a dynamic batch needs --input-shape (exit 2, message names the
    // input); with it, the workload JSON is written and reads back with the ResNet-50 MAC count.
    const QString dir = QDir::temp().filePath("archscape-onnx-cli");
    QDir(dir).removeRecursively();
    QDir().mkpath(dir);
    const QString model = dir + "/resnet.onnx";
    {
        QFile f(model);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray::fromStdString(resnet50(-1).bytes()));
    }
    QProcess p;
    p.start(ARCHSCAPE_CLI, {"convert", "--from", "onnx", model, "--output-dir", dir});
    QVERIFY(p.waitForFinished(30000));
    QCOMPARE(p.exitCode(), 2);
    const QString err = QString::fromUtf8(p.readAllStandardError());
    QVERIFY2(err.contains(model + ": input 'image'") && err.contains("--input-shape image="), qPrintable(err));
    p.start(ARCHSCAPE_CLI,
            {"convert", "--from", "onnx", model, "--input-shape", "image=1x3x224x224", "--output-dir", dir});
    QVERIFY(p.waitForFinished(30000));
    QCOMPARE(p.exitCode(), 0);
    const auto back = io::readWorkloadFile((dir + "/test.workload.json").toStdString());
    QVERIFY2(back.ok(), formatDiagnostics("test.workload.json", back.errors).c_str());
    QCOMPARE(back.value->totalMacs(), io::parseOnnxModel(test::resnet50().bytes(), {}).value->network.totalMacs());
    QDir(dir).removeRecursively();
}

void TestCliConvert::timeloopConvert() {
    // archscape-cli convert --from timeloop: exit 0 and three JSON files; a bad file: exit 2 with
    // the file and line on stderr.
    const QString dir = QDir::temp().filePath("archscape-timeloop-cli");
    QDir(dir).removeRecursively();
    const QString c = QString::fromStdString(test::sourcePath("tests/data/timeloop/r2-conv1d-oc-3level-bypass/"));
    QProcess p;
    p.start(ARCHSCAPE_CLI, {"convert", "--from", "timeloop", c + "arch.yaml", c + "prob.yaml", c + "map.yaml",
                            c + "ERT_summary.yaml", "--output-dir", dir});
    QVERIFY(p.waitForFinished(30000));
    QCOMPARE(p.exitCode(), 0);
    for (const char* f : {"Conv1D_OC.workload.json", "timeloop.accelerator.json", "Conv1D_OC.mapping.json"})
        QVERIFY2(QFile::exists(dir + "/" + f), f);
    const QString bad = dir + "/bad.yaml";
    {
        std::ofstream out(bad.toStdString());
        out << "problem:\n  shape: {dimensions: [K]}\n  instanse: {}\n";
    }
    p.start(ARCHSCAPE_CLI, {"convert", "--from", "timeloop", bad});
    QVERIFY(p.waitForFinished(30000));
    QCOMPARE(p.exitCode(), 2);
    const QString err = QString::fromUtf8(p.readAllStandardError());
    QVERIFY2(err.contains(bad + ": line 3") && err.contains("instanse"), qPrintable(err));
    QDir(dir).removeRecursively();
}

void TestCliConvert::scalesimImport() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const auto run =
        cli({"import", "scalesim", "--config", QString::fromStdString(fixture("os_4x4_calc.cfg")), "--topology",
             QString::fromStdString(fixture("small_convs.csv")), "--output-dir", dir.path(), "--reports"});
    QVERIFY2(run.code == 0, qPrintable(run.err));
    const auto net = io::readWorkloadFile((dir.path() + "/small_convs.workload.json").toStdString());
    QVERIFY2(net.ok(), net.errors.empty() ? "" : (net.errors[0].path + ": " + net.errors[0].message).c_str());
    const auto acc = io::readAcceleratorFile((dir.path() + "/tiny_os_4x4.accelerator.json").toStdString());
    QVERIFY2(acc.ok(), acc.errors.empty() ? "" : (acc.errors[0].path + ": " + acc.errors[0].message).c_str());
    QVERIFY(acc.value->kind == hardware::AcceleratorKind::Systolic);
    QCOMPARE(int(net.value->layers.size()), 4);
    // Conv1 through the imported JSON: 143 cycles on the 4x4 os array (tst_systolic, convLowering).
    QCOMPARE(model::evaluateSystolic(net.value->layers[0], *acc.value).cycles, 143.0);
    // Reports: 3 conv rows + DP_conv4 as 3 per-channel rows, after the header.
    QFile compute(dir.path() + "/COMPUTE_REPORT.csv");
    QVERIFY(compute.open(QIODevice::ReadOnly));
    const QStringList lines = QString::fromUtf8(compute.readAll()).split('\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 1 + 3 + 3);
    QVERIFY(lines[1].startsWith("0, 143, 0, "));
    QVERIFY(QFile::exists(dir.path() + "/BANDWIDTH_REPORT.csv"));
    QVERIFY(QFile::exists(dir.path() + "/DETAILED_ACCESS_REPORT.csv"));
}

void TestCliConvert::scalesimConvertRoundTrip() {
    // convert --to scalesim writes the .cfg and topology CSV; importing them gives the accelerator and
    // the MAC layers back (same array, dataflow, SRAM sizes, bandwidth and GEMMs).
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString acc_in = QString::fromStdString(test::sourcePath("presets/accelerators/tpu.json"));
    const QString net_in = QString::fromStdString(test::sourcePath("presets/workloads/resnet18.json"));
    const auto conv = cli({"convert", "--from", "json", "--workload", net_in, "--accelerator", acc_in, "--to",
                           "scalesim", "--output-dir", dir.path()});
    QVERIFY2(conv.code == 0, qPrintable(conv.err));
    QVERIFY(conv.err.contains("left out")); // ResNet-18's pooling / add layers have no SCALE-Sim row
    const auto acc = io::readAcceleratorFile(acc_in.toStdString());
    const auto net = io::readWorkloadFile(net_in.toStdString());
    QVERIFY(acc.ok() && net.ok());
    const QString cfg = dir.path() + "/" + QString::fromStdString(acc.value->name) + ".cfg";
    const QString csv = dir.path() + "/" + QString::fromStdString(net.value->name) + ".csv";
    QVERIFY(conv.out.contains(cfg) && conv.out.contains(csv));
    const auto imp = cli({"import", "scalesim", "--config", cfg, "--topology", csv, "--output-dir", dir.path()});
    QVERIFY2(imp.code == 0, qPrintable(imp.err));
    const auto acc2 = io::readAcceleratorFile(
        (dir.path() + "/" + QString::fromStdString(acc.value->name) + ".accelerator.json").toStdString());
    const auto net2 = io::readWorkloadFile(
        (dir.path() + "/" + QString::fromStdString(net.value->name) + ".workload.json").toStdString());
    QVERIFY(acc2.ok() && net2.ok());
    QCOMPARE(acc2.value->pe.rows, acc.value->pe.rows);
    QCOMPARE(acc2.value->pe.cols, acc.value->pe.cols);
    QVERIFY(acc2.value->systolic_dataflow == acc.value->systolic_dataflow);
    const auto m1 = model::systolicMemory(*acc.value), m2 = model::systolicMemory(*acc2.value);
    // SRAM sizes go through kB at one element per byte (SCALE-Sim's words): the same element counts.
    for (Operand o : workload::kAllOperands) QCOMPARE(m2.sram_elements[o], m1.sram_elements[o]);
    // The DRAM bandwidth is written in whole words per cycle (rounded up), USER mode.
    QCOMPARE(acc2.value->levels[0].bandwidth_words_per_cycle,
             std::ceil(acc.value->levels[0].bandwidth_words_per_cycle));
    QVERIFY(m2.user_bandwidth);
    std::vector<model::SystolicProblem> macs;
    for (const auto& l : net.value->layers)
        if (workload::hasMacs(l.type)) macs.push_back(model::lowerToSystolic(l));
    QCOMPARE(net2.value->layers.size(), macs.size());
    for (std::size_t i = 0; i < macs.size(); ++i) {
        const auto b = model::lowerToSystolic(net2.value->layers[i]);
        QCOMPARE(b.m * b.groups, macs[i].m * macs[i].groups);
        QCOMPARE(b.n, macs[i].n);
        QCOMPARE(b.k, macs[i].k);
    }
    // Not systolic: refused with the reason.
    const auto bad = cli({"convert", "--from", "json", "--workload", net_in, "--accelerator",
                          QString::fromStdString(test::sourcePath("presets/accelerators/eyeriss.json")), "--to",
                          "scalesim", "--output-dir", dir.path()});
    QCOMPARE(bad.code, 2);
    QVERIFY(bad.err.contains("not systolic"));
}

void TestCliConvert::scalesimUserExact() {
    // A USER-mode .cfg runs SCALE-Sim's prefetch simulation by default (and with --scalesim-exact): the
    // hand-derived case of tst_systolic_user (windowMovesByHand): ws 2x2, GEMM M=1 N=2 K=4, filter SRAM
    // of 4 words, Bandwidth 1 -> Stall 25, Total 34. --fast-memory asks for the O(folds) estimate.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile cfg(dir.path() + "/user.cfg"), topo(dir.path() + "/tiny.csv");
    QVERIFY(cfg.open(QIODevice::WriteOnly) && topo.open(QIODevice::WriteOnly));
    cfg.write(
        "[general]\nrun_name = user\n[architecture_presets]\nArrayHeight: 2\nArrayWidth: 2\n"
        "IfmapSramSzkB: 64\nFilterSramSzkB: 0.00390625\nOfmapSramSzkB: 64\nDataflow: ws\nBandwidth: 1\n"
        "[run_presets]\nInterfaceBandwidth: USER\n");
    topo.write("Layer, M, N, K,\ng, 1, 2, 4,\n");
    cfg.close();
    topo.close();
    // The report rows of a run: COMPUTE_REPORT's row, then DETAILED_ACCESS_REPORT's.
    const auto reportRows = [&](const QStringList& flags) {
        QStringList args{"import",        "scalesim",     "--config", cfg.fileName(), "--topology",
                         topo.fileName(), "--output-dir", dir.path(), "--reports"};
        const auto run = cli(args + flags);
        if (run.code != 0) return QStringList{QStringLiteral("exit %1: %2").arg(run.code).arg(run.err), {}};
        QStringList rows;
        for (const char* name : {"/COMPUTE_REPORT.csv", "/DETAILED_ACCESS_REPORT.csv"}) {
            QFile f(dir.path() + name);
            const QStringList lines = f.open(QIODevice::ReadOnly)
                                          ? QString::fromUtf8(f.readAll()).split('\n', Qt::SkipEmptyParts)
                                          : QStringList{};
            rows << (lines.size() == 2 ? lines[1] : QStringLiteral("%1: %2 lines").arg(name).arg(lines.size()));
        }
        return rows;
    };
    const QStringList by_default = reportRows({}), exact = reportRows({"--scalesim-exact"});
    QVERIFY2(by_default[0].startsWith("0, 34, 25, "), qPrintable(by_default[0]));
    QCOMPARE(exact, by_default);
    // The replay's SRAM windows are the served cycles: the ifmap is first served at line 2 after 12
    // stall cycles, plus the hit latency: 15 (tst_systolic_user, windowMovesByHand).
    QVERIFY2(by_default[1].startsWith("0, 15, 34, "), qPrintable(by_default[1]));
    // --fast-memory: the O(folds) estimate (docs/systolic.md §5), which places this GEMM's window
    // moves exactly (tst_systolic_user, fastMatchesExactByHand): the same Total and Stall, but its
    // SRAM windows are unstalled closed forms: ifmap from line R = 2 plus the hit latency, 3.
    const QStringList fast = reportRows({"--fast-memory"});
    QVERIFY2(fast[0].startsWith("0, 34, 25, "), qPrintable(fast[0]));
    QVERIFY2(fast[1].startsWith("0, 3, "), qPrintable(fast[1]));
    const auto both = cli({"import", "scalesim", "--config", cfg.fileName(), "--topology", topo.fileName(),
                           "--output-dir", dir.path(), "--reports", "--scalesim-exact", "--fast-memory"});
    QCOMPARE(both.code, 2);
    // evaluate on the .cfg: 34 cycles whichever memory model runs.
    for (const QStringList& flags : {QStringList{}, QStringList{"--scalesim-exact"}, QStringList{"--fast-memory"}}) {
        const auto ev = cli(QStringList{"evaluate", "--accelerator", cfg.fileName(), "--workload", topo.fileName(),
                                        "--format", "json"} +
                            flags);
        QVERIFY2(ev.code == 0, qPrintable(ev.err));
        QVERIFY2(ev.out.contains("\"cycles\": 34"), qPrintable(ev.out.left(400)));
    }
}

void TestCliConvert::scalesimBadInput_data() {
    QTest::addColumn<QString>("config");
    QTest::addColumn<QString>("topology");
    QTest::addColumn<QString>("expected");
    QTest::newRow("missing column") << "os_4x4_calc.cfg"
                                    << "bad_missing_column.csv"
                                    << "bad_missing_column.csv: line 3: ";
    QTest::newRow("zero array") << "bad_zero_array.cfg"
                                << "small_convs.csv"
                                << "bad_zero_array.cfg: line 5: ArrayHeight";
    QTest::newRow("non-numeric cfg") << "bad_non_numeric.cfg"
                                     << "small_gemms.csv"
                                     << "bad_non_numeric.cfg: line 6: ArrayWidth";
}

void TestCliConvert::scalesimBadInput() {
    QFETCH(QString, config);
    QFETCH(QString, topology);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    const auto run =
        cli({"import", "scalesim", "--config", QString::fromStdString(fixture(config.toUtf8().constData())),
             "--topology", QString::fromStdString(fixture(topology.toUtf8().constData())), "--output-dir", dir.path()});
    QCOMPARE(run.code, 2);
    QVERIFY2(run.err.contains(expected), qPrintable(run.err));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 0); // nothing written on bad input
}

QTEST_GUILESS_MAIN(TestCliConvert)
#include "tst_cli_convert.moc"
