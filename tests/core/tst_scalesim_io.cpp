// SCALE-Sim files in and out: the .cfg and topology readers (every error names its line), the report
// CSV writers (SCALE-Sim's headers and number formatting) and `archscape-cli import scalesim`.
// Fixtures in tests/data/scalesim/ are written in SCALE-Sim v2's formats (configs/*.cfg,
// topologies/*.csv with the trailing comma).
#include <QtTest>

#include "io/accelerator_json.h"
#include "io/scalesim_config.h"
#include "io/scalesim_report.h"
#include "io/scalesim_topology.h"
#include "io/workload_json.h"
#include "model/systolic_model.h"
#include "test_support.h"

using namespace archscape;
using workload::Dim;
using workload::Operand;

namespace {
std::string fixture(const char* name) { return test::sourcePath(std::string("tests/data/scalesim/") + name); }

} // namespace

class TestScaleSimIo : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void configCalc();
    void configUser();
    void badConfig_data();
    void badConfig();
    void topologyConv();
    void topologyGemm();
    void badTopology_data();
    void badTopology();
    void reportCsv();
    void exportRoundTrip();
};

void TestScaleSimIo::configCalc() {
    const auto r = io::readScaleSimConfig(fixture("os_4x4_calc.cfg"));
    QVERIFY2(r.ok(), r.errors.empty() ? "" : r.errors[0].message.c_str());
    const auto& a = *r.value;
    QCOMPARE(a.name, std::string("tiny_os_4x4"));
    QVERIFY(a.kind == hardware::AcceleratorKind::Systolic);
    QVERIFY(a.systolic_dataflow == hardware::SystolicDataflow::OutputStationary);
    QCOMPARE(a.pe.rows, 4); // ArrayHeight
    QCOMPARE(a.pe.cols, 4); // ArrayWidth
    QCOMPARE(a.numLevels(), 4);
    QCOMPARE(a.levels[0].bandwidth_words_per_cycle, 0.0); // CALC: estimate, never stall
    for (int i = 1; i <= 3; ++i) QCOMPARE(a.levels[i].capacity_bytes, 64 * 1024);
    QVERIFY(a.levels[1].keeps[Operand::Input] && !a.levels[1].keeps[Operand::Weight]);
    QVERIFY(a.levels[2].keeps[Operand::Weight] && !a.levels[2].keeps[Operand::Output]);
    QVERIFY(a.levels[3].keeps[Operand::Output] && !a.levels[3].keeps[Operand::Input]);
    QCOMPARE(a.precision[Operand::Input].bits, 8); // SCALE-Sim's 1-byte word
}

void TestScaleSimIo::configUser() {
    const auto r = io::readScaleSimConfig(fixture("ws_8x4_user.cfg"));
    QVERIFY(r.ok());
    const auto& a = *r.value;
    QCOMPARE(a.pe.rows, 8);
    QCOMPARE(a.pe.cols, 4);
    QVERIFY(a.systolic_dataflow == hardware::SystolicDataflow::WeightStationary);
    QCOMPARE(a.levels[0].bandwidth_words_per_cycle, 16.0); // first value of "16,16,16"
    QCOMPARE(a.levels[1].capacity_bytes, 2048);
    QCOMPARE(a.levels[2].capacity_bytes, 1024);
    QCOMPARE(a.levels[3].capacity_bytes, 512); // 0.5 kB
}

void TestScaleSimIo::badConfig_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("message");
    const QString arch = "[architecture_presets]\n";
    const QString sizes = "IfmapSramSzkB: 64\nFilterSramSzkB: 64\nOfmapSramSzkB: 64\n";
    QTest::newRow("zero array") << arch + "ArrayHeight: 0\nArrayWidth: 4\n" + sizes + "Dataflow: os\n"
                                << "line 2"
                                << "ArrayHeight: expected a positive integer";
    QTest::newRow("non-numeric") << arch + "ArrayHeight: 4\nArrayWidth: four\n" + sizes + "Dataflow: os\n"
                                 << "line 3"
                                 << "got \"four\"";
    QTest::newRow("missing key") << arch + "ArrayWidth: 4\n" + sizes + "Dataflow: os\n"
                                 << ""
                                 << "missing ArrayHeight";
    QTest::newRow("bad dataflow") << arch + "ArrayHeight: 4\nArrayWidth: 4\n" + sizes + "Dataflow: rs\n"
                                  << "line 7"
                                  << "expected os, ws or is";
    QTest::newRow("zero sram")
        << arch +
               "ArrayHeight: 4\nArrayWidth: 4\nIfmapSramSzkB: 0\nFilterSramSzkB: 64\nOfmapSramSzkB: 64\nDataflow: os\n"
        << "line 4"
        << "IfmapSramSzkB";
    QTest::newRow("no separator") << arch + "ArrayHeight 4\nArrayWidth: 4\n" + sizes + "Dataflow: os\n"
                                  << "line 2"
                                  << "expected 'key = value'";
    QTest::newRow("user without bandwidth")
        << arch + "ArrayHeight: 4\nArrayWidth: 4\n" + sizes + "Dataflow: os\n[run_presets]\nInterfaceBandwidth: USER\n"
        << ""
        << "missing Bandwidth";
}

void TestScaleSimIo::badConfig() {
    QFETCH(QString, text);
    QFETCH(QString, path);
    QFETCH(QString, message);
    const auto r = io::parseScaleSimConfig(text.toStdString());
    QVERIFY(!r.ok());
    // "missing key" also loses ArrayHeight only; every case is one problem, reported once.
    QCOMPARE(int(r.errors.size()), 1);
    QCOMPARE(QString::fromStdString(r.errors[0].path), path);
    QVERIFY2(QString::fromStdString(r.errors[0].message).contains(message), r.errors[0].message.c_str());
}

void TestScaleSimIo::topologyConv() {
    const auto r = io::readScaleSimTopologyFile(fixture("small_convs.csv"));
    QVERIFY(r.ok());
    const auto& t = *r.value;
    QCOMPARE(t.name, std::string("small_convs"));
    QCOMPARE(int(t.layers.size()), 4);
    // Conv1: 7x7, 3x3, 2 channels, 5 filters, stride 2: E = F = ceil((7-3+2)/2) = 3.
    const auto p1 = t.layers[0].problem();
    QCOMPARE(p1.m, 9);
    QCOMPARE(p1.k, 18);
    QCOMPARE(p1.n, 5);
    // Conv2: 8x8 with stride 2: ceil((8-3+2)/2) = 4 output rows (SCALE-Sim v2's ceil).
    QCOMPARE(t.layers[1].problem().m, 16);
    // DP_conv4: "DP" in the name -> 3 one-channel layers: each 6x6 with 3x3 -> E = 4, M = 16,
    // K = 9, N = 1 (Num Filter kept as written).
    QVERIFY(t.layers[3].depthwiseSplit());
    const auto p4 = t.layers[3].problem();
    QCOMPARE(p4.groups, 3);
    QCOMPARE(p4.m, 16);
    QCOMPARE(p4.k, 9);
    QCOMPARE(p4.n, 1);
    const workload::Network net = t.network();
    QCOMPARE(int(net.layers.size()), 4);
    const auto& l1 = net.layers[0];
    QVERIFY(l1.type == workload::LayerType::Conv);
    QCOMPARE(l1.bounds[Dim::P], 3);
    QCOMPARE(l1.bounds[Dim::C], 2);
    QCOMPARE(l1.bounds[Dim::K], 5);
    QCOMPARE(l1.stride_h, 2);
    QCOMPARE(net.layers[3].bounds[Dim::G], 3);
    QCOMPARE(net.layers[3].bounds[Dim::C], 1);
    // Conv2's layer keeps SCALE-Sim's 8x8 ifmap (its 4th output row's windows overhang row 8), so the
    // lowered problem has the same geometry and touched elements (8*8*2 = 128) as SCALE-Sim's row.
    QCOMPARE(net.layers[1].in_h, 8);
    QCOMPARE(model::lowerToSystolic(net.layers[1]).ifmap_h, 8);
    QCOMPARE(model::lowerToSystolic(net.layers[1]).touchedIfmapElements(), 128);
    // The Archscape layer lowers to the same GEMM SCALE-Sim runs.
    for (std::size_t i = 0; i < t.layers.size(); ++i) {
        const auto a = t.layers[i].problem(), b = model::lowerToSystolic(net.layers[i]);
        QCOMPARE(b.m, a.m);
        QCOMPARE(b.n, a.n);
        QCOMPARE(b.k, a.k);
        QCOMPARE(b.groups, a.groups);
    }
}

void TestScaleSimIo::topologyGemm() {
    const auto r = io::readScaleSimTopology(fixture("small_gemms.csv")); // 4 header fields: GEMM layout
    QVERIFY(r.ok());
    QCOMPARE(int(r.value->layers.size()), 2);
    const auto& fc1 = r.value->layers[0];
    QVERIFY(fc1.type == workload::LayerType::Gemm);
    QCOMPARE(fc1.bounds[Dim::P], 10); // M
    QCOMPARE(fc1.bounds[Dim::K], 6);  // N
    QCOMPARE(fc1.bounds[Dim::C], 5);  // K
}

void TestScaleSimIo::badTopology_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("message");
    QTest::newRow("missing column") << "bad_missing_column.csv"
                                    << "line 3"
                                    << "expected 8 fields";
    QTest::newRow("non-numeric") << "bad_non_numeric.csv"
                                 << "line 2"
                                 << "IFMAP width: expected a positive integer";
    QTest::newRow("filter larger than input") << "bad_filter_larger.csv"
                                              << "line 4"
                                              << "larger than the 5x5 ifmap";
}

void TestScaleSimIo::badTopology() {
    QFETCH(QString, file);
    QFETCH(QString, path);
    QFETCH(QString, message);
    const auto r = io::readScaleSimTopology(fixture(file.toUtf8().constData()));
    QVERIFY(!r.ok());
    QCOMPARE(int(r.errors.size()), 1);
    QCOMPARE(QString::fromStdString(r.errors[0].path), path);
    QVERIFY2(QString::fromStdString(r.errors[0].message).contains(message), r.errors[0].message.c_str());
    // Zero stride (inline): a stride must be a positive integer.
    const auto z = io::parseScaleSimTopology("name,H,W,R,S,C,N,stride,\nc,4,4,3,3,1,1,0,\n", "inline");
    QVERIFY(!z.ok());
    QCOMPARE(z.errors[0].path, std::string("line 2"));
}

void TestScaleSimIo::reportCsv() {
    // GEMM 4x4x4 on a 4x4 os array with 64 kB SRAMs (derivations in tst_systolic):
    // 9 cycles, overall util 100*64/(9*16) = 44.44..., mapping 100, compute util 40.
    const auto acc = io::readScaleSimConfig(fixture("os_4x4_calc.cfg"));
    QVERIFY(acc.ok());
    const std::vector<model::SystolicReport> rows{
        model::systolicReport(model::scaleSimGemmProblem(4, 4, 4), *acc.value)};
    const QStringList compute = QString::fromStdString(io::computeReportCsv(rows)).split('\n');
    QCOMPARE(compute[0],
             QString("LayerID, Total Cycles, Stall Cycles, Overall Util %, Mapping Efficiency %, Compute Util %,"));
    QCOMPARE(compute[1], QString("0, 9, 0, 44.44444444444444, 100.0, 40.0,"));
    // SRAM: ifmap reads from cycle 1 to line ru+T-2 = 6 (+1) = 7, 16 reads; filter the same; ofmap
    // written on lines T-1+R-4 = 3 .. T+R+cu-3 = 9, 16 + (4+4) = 24 writes. DRAM: 16 distinct words each,
    // preloaded from -ceil(655/10) = -66 to -1; ofmap drained after the run: 9 .. 9+ceil(16/4)-1 = 12.
    const QStringList detail = QString::fromStdString(io::detailedAccessReportCsv(rows)).split('\n');
    QVERIFY(detail[0].startsWith("LayerID, SRAM IFMAP Start Cycle, SRAM IFMAP Stop Cycle, SRAM IFMAP Reads, "));
    QCOMPARE(detail[1], QString("0, 1, 7, 16, 1, 7, 16, 3, 9, 24, -66, -1, 16, -66, -1, 16, 9, 12, 16,"));
    // Bandwidths: SRAM count / 9 cycles; DRAM 16/66 for the reads, 16/(12-9+1) = 4 for the writes.
    const QStringList bw = QString::fromStdString(io::bandwidthReportCsv(rows)).split('\n');
    QCOMPARE(bw[1], QString("0, 1.7777777777777777, 1.7777777777777777, 2.6666666666666665, "
                            "0.24242424242424243, 0.24242424242424243, 4.0,"));
}

void TestScaleSimIo::exportRoundTrip() {
    // Config: written and read back, the array, dataflow, SRAM sizes and bandwidth survive.
    for (const char* file : {"os_4x4_calc.cfg", "ws_8x4_user.cfg"}) {
        const auto a = io::readScaleSimConfig(fixture(file));
        QVERIFY(a.ok());
        const auto b = io::parseScaleSimConfig(io::toScaleSimConfig(*a.value));
        QVERIFY2(b.ok(), b.errors.empty() ? "" : b.errors[0].message.c_str());
        QCOMPARE(b.value->name, a.value->name);
        QCOMPARE(b.value->pe.rows, a.value->pe.rows);
        QCOMPARE(b.value->pe.cols, a.value->pe.cols);
        QVERIFY(b.value->systolic_dataflow == a.value->systolic_dataflow);
        QCOMPARE(b.value->levels[0].bandwidth_words_per_cycle, a.value->levels[0].bandwidth_words_per_cycle);
        for (int i = 1; i <= 3; ++i) QCOMPARE(b.value->levels[i].capacity_bytes, a.value->levels[i].capacity_bytes);
    }
    // Topology: every MAC layer becomes rows SCALE-Sim runs as the same GEMMs.
    workload::Network net;
    workload::Layer conv; // 3x3 stride 2 with padding: P = Q = 4 from a padded 9x9 ifmap
    conv.name = "conv";
    conv.bounds[Dim::C] = 3;
    conv.bounds[Dim::K] = 8;
    conv.bounds[Dim::P] = conv.bounds[Dim::Q] = 4;
    conv.bounds[Dim::R] = conv.bounds[Dim::S] = 3;
    conv.stride_h = conv.stride_w = 2;
    conv.pad_h = conv.pad_w = 1;
    workload::Layer dw = conv; // depthwise: 4 groups of one channel and one filter
    dw.name = "dw";
    dw.bounds[Dim::G] = 4;
    dw.bounds[Dim::C] = dw.bounds[Dim::K] = 1;
    workload::Layer grouped = conv; // 2 groups of 2 channels: no SCALE-Sim form, one row per group
    grouped.name = "grouped";
    grouped.bounds[Dim::G] = 2;
    grouped.bounds[Dim::C] = 2;
    grouped.bounds[Dim::K] = 3;
    workload::Layer fc;
    fc.name = "fc";
    fc.type = workload::LayerType::Gemm;
    fc.bounds[Dim::P] = 7;
    fc.bounds[Dim::K] = 10;
    fc.bounds[Dim::C] = 20;
    workload::Layer pool;
    pool.name = "pool";
    pool.type = workload::LayerType::Pool;
    pool.bounds[Dim::G] = 8;
    pool.bounds[Dim::P] = pool.bounds[Dim::Q] = 2;
    pool.bounds[Dim::R] = pool.bounds[Dim::S] = 2;
    net.layers = {conv, dw, grouped, fc, pool};
    std::vector<std::string> notes;
    const std::string csv = io::toScaleSimTopologyCsv(net, &notes);
    QCOMPARE(int(notes.size()), 1); // the pooling layer
    const auto back = io::parseScaleSimTopology(csv, "export");
    QVERIFY2(back.ok(), back.errors.empty() ? "" : back.errors[0].message.c_str());
    const auto& rows = back.value->layers;
    QCOMPARE(int(rows.size()), 1 + 1 + 2 + 1);
    const auto same = [](const model::SystolicProblem& a, const model::SystolicProblem& b) {
        return a.m == b.m && a.n == b.n && a.k == b.k;
    };
    QVERIFY(same(rows[0].problem(), model::lowerToSystolic(conv))); // M = 16, K = 27, N = 8
    QCOMPARE(rows[0].ifmap_h, 9);
    QVERIFY(rows[1].depthwiseSplit());
    QCOMPARE(rows[1].problem().groups, 4);
    QVERIFY(same(rows[1].problem(), model::lowerToSystolic(dw)));
    QVERIFY(same(rows[2].problem(), model::lowerToSystolic(grouped)));
    QCOMPARE(rows[2].problem().groups, 1);
    QVERIFY(same(rows[4].problem(), model::lowerToSystolic(fc))); // M = 7, K = 20, N = 10
}

QTEST_GUILESS_MAIN(TestScaleSimIo)
#include "tst_scalesim_io.moc"
