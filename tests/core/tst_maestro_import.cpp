// MAESTRO's shipped mapping files (issue 14): fixtures in tests/data/maestro/shipped/ reproduce the
// constructs of every .m file in maestro-project/maestro's data/mapping (README.md there names the
// file each one mirrors). Each layer converts and evaluates, or fails with the precise reason; and
// the importer rules the issue lists: names with '-', duplicate names, per-layer cluster structure,
// the one-step offset case, MAESTRO's stride rewrite, unbounded buffers when sizes are not given.
#include <QtTest>

#include <fstream>
#include <sstream>

#include "io/maestro_dataflow.h"
#include "io/maestro_hardware.h"
#include "io/maestro_mapping.h"
#include "mapping/validity.h"
#include "model/cost_model.h"
#include "test_support.h"

using namespace archscape;
using workload::Dim;

namespace {

std::string slurp(const std::string& rel) {
    std::ifstream in(test::sourcePath(rel), std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

io::MaestroHardware shippedHardware() {
    // MAESTRO's data/hw/accelerator_1.m: 256 PEs, L1 100, L2 3000, NoC 1000, off-chip 50.
    return *io::parseMaestroHardware(slurp("tests/data/maestro/accelerator_1.m")).value;
}

/// The accelerator convert builds: shaped by the first layer that has a Cluster.
hardware::Accelerator acceleratorFor(const io::MaestroNetwork& net, const io::MaestroHardware& hw) {
    std::int64_t cluster = 0;
    for (const auto& l : net.layers)
        if (const auto u = io::maestroClusterSize(l.dataflow); u > 0 && cluster == 0) cluster = u;
    return io::maestroAccelerator(hw, cluster);
}

std::string joined(const std::vector<Diagnostic>& e) {
    std::string s;
    for (const auto& d : e) s += d.path + ": " + d.message + "\n";
    return s;
}

} // namespace

class TstMaestroImport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void shippedFixtures_data();
    void shippedFixtures();
    void dashedNames();
    void duplicateNames();
    void perLayerClusters();
    void oneStepOffset();
    void strideRewrite_data();
    void strideRewrite();
    void unboundedBuffers();
    void groupedLayers();
    void workedExample();
};

void TstMaestroImport::shippedFixtures_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("layers");
    // "layer=reason" for the layers that must fail, with a substring of the reason.
    QTest::addColumn<QStringList>("failures");
    QTest::newRow("kcp_ws") << "kcp_ws.m" << 5 << QStringList{};
    QTest::newRow("mobilenet_kcp_ws") << "mobilenet_kcp_ws.m" << 3 << QStringList{};
    QTest::newRow("kcp_dashed") << "kcp_dashed.m" << 2 << QStringList{};
    QTest::newRow("xp_ws") << "xp_ws.m" << 2 << QStringList{};
    // SKIPPING advances 8 input columns per step with 6 output columns per tile: 2 are skipped.
    QTest::newRow("yxp_os") << "yxp_os.m" << 4 << QStringList{"SKIPPING=offset 8 skips output rows (tile of 6)"};
    QTest::newRow("nlr") << "nlr.m" << 2 << QStringList{};
    QTest::newRow("ckp_ws") << "ckp_ws.m" << 1 << QStringList{};
    QTest::newRow("rs_dashed") << "rs_dashed.m" << 2 << QStringList{};
    QTest::newRow("gemm_nmk") << "gemm_nmk.m" << 2 << QStringList{};
    QTest::newRow("transformer") << "transformer.m" << 4 << QStringList{};
    // MAESTRO rejects these itself: "Tile size of R(3) should be equal to tile offset of R(7)".
    QTest::newRow("ykp_os") << "ykp_os.m" << 1 << QStringList{"Conv2d-1=MAESTRO maps R whole"};
    // NGCONV as G·C one-channel groups, TRCONV as the CONV MAESTRO analyses.
    QTest::newRow("ngconv") << "ngconv.m" << 3 << QStringList{};
    QTest::newRow("trconv") << "trconv.m" << 3 << QStringList{};
}

void TstMaestroImport::shippedFixtures() {
    QFETCH(QString, file);
    QFETCH(int, layers);
    QFETCH(QStringList, failures);
    const std::string rel = "tests/data/maestro/shipped/" + file.toStdString();
    const auto net = io::parseMaestroMapping(slurp(rel));
    QVERIFY2(net.ok(), formatDiagnostics(rel, net.errors).c_str());
    QCOMPARE(int(net.value->layers.size()), layers);
    // Both with MAESTRO's shipped hardware (buffers too small for most tiles: only a capacity note,
    // never a refusal of the layer) and with unbounded buffers.
    io::MaestroHardware unbounded;
    unbounded.num_pes = 256;
    for (const io::MaestroHardware& hw : {shippedHardware(), unbounded}) {
        const auto acc = acceleratorFor(*net.value, hw);
        for (const auto& ml : net.value->layers) {
            QString expected;
            for (const auto& f : failures)
                if (f.startsWith(QString::fromStdString(ml.name) + "=")) expected = f.mid(f.indexOf('=') + 1);
            const auto layer = io::maestroLayer(ml);
            std::vector<Diagnostic> errors = layer.errors;
            std::optional<mapping::Mapping> m;
            if (layer.ok()) {
                auto r = io::maestroMapping(ml, *layer.value, acc);
                errors = r.errors;
                m = r.value;
            }
            if (!expected.isEmpty()) {
                QVERIFY2(!errors.empty(), ml.name.c_str());
                QVERIFY2(joined(errors).find(expected.toStdString()) != std::string::npos, joined(errors).c_str());
                continue;
            }
            QVERIFY2(errors.empty(), (ml.name + ": " + joined(errors)).c_str());
            const auto v = mapping::check(*layer.value, acc, *m);
            QVERIFY2(!v || v.kind == mapping::Violation::Kind::Capacity,
                     (ml.name + ": " + mapping::describe(v)).c_str());
            if (hw.l1_size == 0) {
                QVERIFY2(!v, (ml.name + ": " + mapping::describe(v)).c_str());
                const auto c = model::evaluate(*layer.value, acc, *m);
                QVERIFY2(c.valid(), ml.name.c_str());
                // The loop nest covers the layer exactly once: MACs = the layer's MAC count.
                QCOMPARE(c.macs, double(layer.value->macs()));
            }
        }
    }
}

void TstMaestroImport::dashedNames() {
    // MAESTRO's tokenizer splits "Conv2d-1" at '-' and keeps "1"; before the fix this failed with
    // "expected '{', got 'like'" (issue 14).
    const auto net = io::parseMaestroMapping(slurp("tests/data/maestro/shipped/rs_dashed.m"));
    QVERIFY(net.ok());
    QCOMPARE(net.value->name, std::string("torchvision.models.tinynet"));
    QCOMPARE(net.value->layers[0].name, std::string("Conv2d-1"));
    QCOMPARE(net.value->layers[0].maestro_name, std::string("1"));
    QCOMPARE(net.value->layers[1].maestro_name, std::string("2"));
    const auto bert = io::parseMaestroMapping(
        "Network BERT-like {\n Layer FC-out {\n  Type: GEMM\n  Dimensions { M: 4, N: 4, K: 4 }\n"
        "  Dataflow { SpatialMap(1,1) M; }\n }\n}\n");
    QVERIFY2(bert.ok(), formatDiagnostics("bert", bert.errors).c_str());
    QCOMPARE(bert.value->name, std::string("BERT-like"));
    QCOMPARE(bert.value->maestro_name, std::string("like"));
    QCOMPARE(bert.value->layers[0].name, std::string("FC-out"));
}

void TstMaestroImport::duplicateNames() {
    // kcp_ws.m has two layers named SHORTCUT (as ResNet-50's CONV3_1_Residual); the second becomes
    // SHORTCUT_2 with a note naming its line; transformer.m repeats MatMul_QK.
    const auto net = io::parseMaestroMapping(slurp("tests/data/maestro/shipped/kcp_ws.m"));
    QVERIFY(net.ok());
    QCOMPARE(net.value->layers[2].name, std::string("SHORTCUT"));
    QCOMPARE(net.value->layers[4].name, std::string("SHORTCUT_2"));
    QCOMPARE(net.value->layers[4].maestro_name, std::string("SHORTCUT")); // MAESTRO's report keeps the name
    QCOMPARE(net.value->notes.size(), std::size_t(1));
    QVERIFY(net.value->notes[0].message.find("renamed SHORTCUT_2") != std::string::npos);
    QCOMPARE(net.value->notes[0].path, "line " + std::to_string(net.value->layers[4].line));
    // A name that already exists is skipped: A, A, A_2 → A, A_3, A_2.
    const auto three = io::parseMaestroMapping(
        "Network n {\n Layer A { Type: GEMM Dimensions { M: 2, N: 2, K: 2 } Dataflow { SpatialMap(1,1) M; } }\n"
        " Layer A { Type: GEMM Dimensions { M: 2, N: 2, K: 2 } }\n"
        " Layer A_2 { Type: GEMM Dimensions { M: 2, N: 2, K: 2 } }\n}\n");
    QVERIFY2(three.ok(), formatDiagnostics("three", three.errors).c_str());
    QCOMPARE(three.value->layers[1].name, std::string("A_3"));
    QCOMPARE(three.value->layers[2].name, std::string("A_2"));
}

void TstMaestroImport::perLayerClusters() {
    // mobilenet_kcp_ws.m: the accelerator is 4 rows x 64 columns (first Cluster(64)); the depthwise
    // layer has no Cluster: SpatialMap(1,1) C over 256 PEs takes all C = 48 channels at once. 48 fits
    // the 64 columns: spatial_x[G] = 48 (before the fix: "at most 64 … got 256"-style refusals).
    const auto net = io::parseMaestroMapping(slurp("tests/data/maestro/shipped/mobilenet_kcp_ws.m"));
    QVERIFY(net.ok());
    const auto acc = acceleratorFor(*net.value, shippedHardware());
    QCOMPARE(acc.pe.cols, 64);
    QCOMPARE(acc.pe.rows, 4);
    const auto& dw = net.value->layers[1];
    const auto layer = *io::maestroLayer(dw).value;
    const auto m = io::maestroMapping(dw, layer, acc);
    QVERIFY2(m.ok(), joined(m.errors).c_str());
    QCOMPARE(m.value->spatial_x[Dim::G] * m.value->spatial_y[Dim::G], 48);
    QVERIFY(!mapping::checkStructure(layer, acc, *m.value));
    // A no-Cluster layer wanting 200 sub-clusters on the 4 x 64 array: 200 = 50 x 4, split over both axes.
    const auto wide = io::parseMaestroMapping(
        "Network n {\n Layer W {\n  Type: CONV\n  Dimensions { K: 200, C: 1, R: 1, S: 1, Y: 2, X: 2 }\n"
        "  Dataflow { SpatialMap(1,1) K; TemporalMap(1,1) Y; TemporalMap(1,1) X; }\n }\n}\n");
    QVERIFY(wide.ok());
    const auto wl = *io::maestroLayer(wide.value->layers[0]).value;
    const auto wm = io::maestroMapping(wide.value->layers[0], wl, acc);
    QVERIFY2(wm.ok(), joined(wm.errors).c_str());
    QCOMPARE(wm.value->spatial_x[Dim::K], 50);
    QCOMPARE(wm.value->spatial_y[Dim::K], 4);
    QCOMPARE(wm.value->levels[0].factors[Dim::K], 1); // no fold: 200 sub-clusters hold all of K
    QVERIFY(!mapping::checkStructure(wl, acc, *wm.value));
    // A layer with Cluster(16) on the same array: 16 clusters of 16 PEs. Inner C over 16 columns,
    // top K over 16 clusters = 4 columns x 4 rows (16 x 4 = 64 columns used, 4 rows).
    const auto c16 = io::parseMaestroMapping(
        "Network n {\n Layer C {\n  Type: CONV\n  Dimensions { K: 16, C: 16, R: 1, S: 1, Y: 2, X: 2 }\n"
        "  Dataflow { SpatialMap(1,1) K; TemporalMap(16,16) C; Cluster(16,P); SpatialMap(1,1) C; }\n }\n}\n");
    QVERIFY(c16.ok());
    const auto cl = *io::maestroLayer(c16.value->layers[0]).value;
    const auto cm = io::maestroMapping(c16.value->layers[0], cl, acc);
    QVERIFY2(cm.ok(), joined(cm.errors).c_str());
    QCOMPARE(cm.value->spatial_x[Dim::C], 16);
    QCOMPARE(cm.value->spatial_x[Dim::K] * cm.value->spatial_y[Dim::K], 16);
    QCOMPARE(cm.value->spatialProduct(), 256);
    QVERIFY(!mapping::checkStructure(cl, acc, *cm.value));
}

void TstMaestroImport::oneStepOffset() {
    // yxp_os.m's LAST: a 7x7 filter on a 7x7 input, TemporalMap(8,8) X: one step covers the row
    // (8 ≥ 7 input columns), so nothing is skipped (before the fix: "offset 8 skips output rows").
    const auto net = io::parseMaestroMapping(slurp("tests/data/maestro/shipped/yxp_os.m"));
    QVERIFY(net.ok());
    const auto& ml = net.value->layers[2];
    const auto layer = *io::maestroLayer(ml).value;
    QCOMPARE(layer.bound(Dim::Q), 1);
    const auto m = io::maestroMapping(ml, layer, acceleratorFor(*net.value, shippedHardware()));
    QVERIFY2(m.ok(), joined(m.errors).c_str());
    // With stride 1 and two steps or more, an offset beyond the output tile still skips rows:
    // TemporalMap(5,5) X on X = 12, S = 3: 3 output columns per step, advancing by 5.
    const auto skip = io::parseMaestroMapping(
        "Network n {\n Layer L {\n  Type: CONV\n  Dimensions { K: 1, C: 1, R: 3, S: 3, Y: 3, X: 12 }\n"
        "  Dataflow { SpatialMap(1,1) K; TemporalMap(5,5) X; }\n }\n}\n");
    const auto sl = *io::maestroLayer(skip.value->layers[0]).value;
    const auto sm = io::maestroMapping(skip.value->layers[0], sl, io::maestroAccelerator(shippedHardware()));
    QVERIFY(!sm.ok());
    QVERIFY(joined(sm.errors).find("skips output rows") != std::string::npos);
}

void TstMaestroImport::strideRewrite_data() {
    QTest::addColumn<int>("size");
    QTest::addColumn<int>("steps");
    // Stride 2, S = 3, X = 33 input columns: Q = (33 − 3)/2 + 1 = 16 output columns. MAESTRO's
    // rewrite gives n = ⌊(sz + 2 − 3)/2⌋ output columns per step: sz = 8 → 3 (6 steps), sz = 16 → 7
    // (⌈16/7⌉ = 3 steps), sz = 3 → 1 (16 steps). Before the fix, sz − S + 1 = 6 and 14 were taken.
    QTest::newRow("8") << 8 << 6;
    QTest::newRow("16") << 16 << 3;
    QTest::newRow("3") << 3 << 16;
}

void TstMaestroImport::strideRewrite() {
    QFETCH(int, size);
    QFETCH(int, steps);
    const std::string text =
        "Network n {\n Layer L {\n  Type: CONV\n  Stride { X: 2, Y: 2 }\n"
        "  Dimensions { K: 1, C: 1, R: 3, S: 3, Y: 3, X: 33 }\n  Dataflow { SpatialMap(1,1) K; "
        "TemporalMap(" +
        std::to_string(size) + "," + std::to_string(size) + ") X; }\n }\n}\n";
    const auto net = io::parseMaestroMapping(text);
    QVERIFY(net.ok());
    const auto layer = *io::maestroLayer(net.value->layers[0]).value;
    QCOMPARE(layer.bound(Dim::Q), 16);
    const auto m = io::maestroMapping(net.value->layers[0], layer, io::maestroAccelerator(shippedHardware()));
    QVERIFY2(m.ok(), joined(m.errors).c_str());
    QCOMPARE(int(m.value->levels[0].factors[Dim::Q]), steps);
}

void TstMaestroImport::unboundedBuffers() {
    // No l1_size_cstr / l2_size_cstr: MAESTRO's default INT_MAX elements, never capacity 0 (which
    // the accelerator reader refuses for on-chip levels).
    io::MaestroHardware hw;
    hw.num_pes = 16;
    const auto acc = io::maestroAccelerator(hw);
    QCOMPARE(acc.levels[1].capacity_bytes, std::int64_t(2147483647));
    QCOMPARE(acc.levels[2].capacity_bytes, std::int64_t(2147483647));
    const auto given = io::maestroAccelerator(shippedHardware());
    QCOMPARE(given.levels[1].capacity_bytes, std::int64_t(3000));
    QCOMPARE(given.levels[2].capacity_bytes, std::int64_t(100));
}

void TstMaestroImport::groupedLayers() {
    // ngconv.m's GROUPED: NGCONV G = 4, K = 2, C = 8, 3x3 on 6x6 (4x4 outputs). MAESTRO indexes the
    // output by G, K and C: G·K·C·R·S·P·Q = 4·2·8·9·16 = 9216 MACs (MAESTRO's "Num MACs": 9216).
    // Archscape: 32 groups of one channel, K = 2 per group. TemporalMap(1,1) G takes one group of
    // 8 channels per step (4 steps), SpatialMap(1,1) C of the inner level spreads them over 8 PEs.
    const auto net = io::parseMaestroMapping(slurp("tests/data/maestro/shipped/ngconv.m"));
    QVERIFY(net.ok());
    const auto layer = *io::maestroLayer(net.value->layers[1]).value;
    QCOMPARE(layer.bound(Dim::G), 32);
    QCOMPARE(layer.bound(Dim::K), 2);
    QCOMPARE(layer.bound(Dim::C), 1);
    QCOMPARE(layer.macs(), std::int64_t(9216));
    const auto acc = acceleratorFor(*net.value, io::MaestroHardware{.num_pes = 256});
    const auto m = io::maestroMapping(net.value->layers[1], layer, acc);
    QVERIFY2(m.ok(), joined(m.errors).c_str());
    QCOMPARE(m.value->levels[0].factors[Dim::G], 4);
    QCOMPARE(m.value->spatial_x[Dim::G] * m.value->spatial_y[Dim::G], 8);
}

void TstMaestroImport::workedExample() {
    // docs/maestro.md's worked example, Archscape's own model on the converted mapping (4 PEs,
    // unbounded buffers; MAESTRO's column is tst_maestro_analysis' "halo 4 PEs"). One output row
    // per PE, X iterated 4 times with the PE's 3x3 window resident, R and S in the PE:
    // - L2 input reads: every PE is sent its own window, 9 words at the first step and 3 new
    //   ones at each of the 3 others, overlapping rows once per PE (no halo sharing):
    //   4 x (9 + 3 x 3) = 72, MAESTRO's figure too (the old claim of 36 in docs/maestro.md was wrong).
    // - weights 9 (one multicast), outputs 16 updates of the parent, 0 final reads.
    // - L1: input fills 72 over the 4 PEs (= L2 reads), weight fills 9 per PE = 36, output reads
    //   144 − 16 = 128 (the first update of each output reads nothing).
    // - cycles = compute = 4 steps x 9 MACs = 36 (MAESTRO 37: its Init step adds a 1-cycle NoC delay).
    // - NoC bandwidth = words over compute cycles: (72 + 9 + 16)/36 = 97/36 (MAESTRO: peak
    //   ⌊45/9⌋ = 5 per step, average 2).
    const auto net = io::parseMaestroMapping(slurp("tests/data/maestro/halo_example.m"));
    const auto hw = io::parseMaestroHardware(slurp("tests/data/maestro/halo_hw.m"));
    QVERIFY(net.ok() && hw.ok());
    const auto acc = io::maestroAccelerator(*hw.value);
    const auto layer = *io::maestroLayer(net.value->layers[0]).value;
    const auto m = io::maestroMapping(net.value->layers[0], layer, acc);
    QVERIFY2(m.ok(), joined(m.errors).c_str());
    const auto c = model::evaluate(layer, acc, *m.value);
    QVERIFY(c.valid());
    using workload::Operand;
    const auto& l2 = c.levels[1];
    const auto& l1 = c.levels[2];
    QCOMPARE(l2.reads[Operand::Input], 72.0);
    QCOMPARE(l2.reads[Operand::Weight], 9.0);
    QCOMPARE(l2.updates[Operand::Output], 16.0);
    QCOMPARE(l2.reads[Operand::Output], 0.0);
    QCOMPARE(l1.instances, 4.0);
    QCOMPARE(l1.fills[Operand::Input] * l1.instances, 72.0);
    QCOMPARE(l1.fills[Operand::Weight] * l1.instances, 36.0);
    QCOMPARE(l1.reads[Operand::Output] * l1.instances, 128.0);
    QCOMPARE(c.cycles, 36.0);
    QCOMPARE(c.noc_bandwidth_words_per_cycle, 97.0 / 36.0);
    // DRAM: 36 inputs + 9 weights read, 16 outputs written: 61 words over 36 cycles = 1.69/cycle.
    QCOMPARE(c.levels[0].reads[Operand::Input] + c.levels[0].reads[Operand::Weight], 45.0);
    QCOMPARE(c.levels[0].updates[Operand::Output], 16.0);
    // Resident tiles, double-buffered, 8-bit: L1 2 x (9 + 9 + 1) = 38 elements, L2 2 x (18 + 9 + 4) = 62.
    QCOMPARE(l1.occupancy_bits, 38.0 * 8);
    QCOMPARE(l2.occupancy_bits, 62.0 * 8);
    // Energy with MAESTRO's constants (0.23 pJ per MAC unit; L1 1.68, L2 18.61 units): MACs 144; L2
    // 72 + 9 input/weight reads + 16 updates + 36 + 9 fills from DRAM = 142 accesses; L1 (all PEs)
    // 72 + 36 fills + 144 + 144 operand reads + 128 output reads + 144 updates = 668 accesses:
    // 0.23 x (144 + 18.61 x 142 + 1.68 x 668) = 0.23 x 3908.86 = 899.04 pJ.
    QVERIFY(std::abs(c.energyPj() - 0.23 * (144 + 18.61 * 142 + 1.68 * 668)) < 1e-6);
}

QTEST_APPLESS_MAIN(TstMaestroImport)
#include "tst_maestro_import.moc"
