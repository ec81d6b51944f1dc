// MAESTRO interoperability: the mapping (.m) and hardware languages as shared/reference/maestro.md
// describes them (MAESTRO commit 4eb08d1), their conversion to Archscape layers, accelerators and
// loop-nest mappings, and writing mappings back as .m. Expected factors are worked by hand from the
// directives in each test's comment.
#include <QtTest>

#include <fstream>
#include <random>
#include <sstream>

#include "io/maestro_dataflow.h"
#include "io/maestro_hardware.h"
#include "io/maestro_mapping.h"
#include "mapping/dataflow.h"
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

io::MaestroNetwork network(const std::string& rel) {
    auto r = io::parseMaestroMapping(slurp(rel));
    if (!r.ok()) qWarning("%s", formatDiagnostics(rel, r.errors).c_str());
    return r.ok() ? *r.value : io::MaestroNetwork{};
}

io::MaestroHardware unconstrained(std::int64_t pes) {
    io::MaestroHardware hw;
    hw.num_pes = pes;
    return hw;
}

} // namespace

class TstMaestro : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void parsesKcp();
    void hardwareFile();
    void kcpMapping();
    void inheritedDataflow();
    void rowStationaryLockstep();
    void errors_data();
    void errors();
    void roundTrip_data();
    void roundTrip();
    void fuzzNeverCrashes();
};

void TstMaestro::parsesKcp() {
    const auto net = network("tests/data/maestro/kcp_ws.m");
    QCOMPARE(net.name, std::string("kcp_test"));
    QCOMPARE(net.layers.size(), std::size_t(2));
    const auto& l = net.layers[0];
    QCOMPARE(l.type, std::string("CONV"));
    QCOMPARE(l.dataflow.size(), std::size_t(12));
    // Sz(R) resolves to 7 at parse time; Cluster(64, P) is the 7th directive.
    QCOMPARE(l.dataflow[2].size, 7);
    QVERIFY(l.dataflow[6].kind == io::MaestroDirective::Kind::Cluster);
    QCOMPARE(l.dataflow[6].size, 64);
    QCOMPARE(io::maestroClusterSize(l.dataflow), 64);
    // Y = 229 input rows, R = 7, stride 2: P = (229 − 7)/2 + 1 = 112.
    const auto layer = io::maestroLayer(l);
    QVERIFY(layer.ok());
    QCOMPARE(layer.value->bound(Dim::P), 112);
    QCOMPARE(layer.value->stride_h, 2);
    QCOMPARE(layer.value->macs(), std::int64_t(64) * 3 * 49 * 112 * 112);
}

void TstMaestro::hardwareFile() {
    const auto hw = io::parseMaestroHardware(slurp("tests/data/maestro/accelerator_1.m"));
    QVERIFY(hw.ok());
    QCOMPARE(hw.value->num_pes, 256);
    QCOMPARE(hw.value->l1_size, 100);
    QCOMPARE(hw.value->l2_size, 3000);
    QCOMPARE(hw.value->noc_bw, 1000.0);
    QCOMPARE(hw.value->offchip_bw, 50.0);
    // Cluster(64) on 256 PEs: 4 clusters (rows) of 64 PEs (columns).
    const auto acc = io::maestroAccelerator(*hw.value, 64);
    QCOMPARE(acc.pe.rows, 4);
    QCOMPARE(acc.pe.cols, 64);
    QCOMPARE(acc.numLevels(), 3);
    QVERIFY(acc.levels[2].per_pe && acc.levels[2].double_buffered);
    QCOMPARE(acc.levels[2].capacity_bytes, 100);
    QCOMPARE(acc.levels[0].bandwidth_words_per_cycle, 50.0);
    // MAESTRO's energy constants: L2 / L1 = 18.61 / 1.68 MAC energies.
    QCOMPARE(*acc.levels[1].read_energy_pj / *acc.mac_energy_pj, 18.61);
}

void TstMaestro::kcpMapping() {
    // Top level (4 clusters, rows): SpatialMap(1,1) K → 4 K per step, folding 64/4 = 16 times;
    // TemporalMap(64,64) C covers C = 3 at once; (Sz(R),1) Y → one output row per step: 112 steps;
    // likewise X. Inner level (64 PEs, columns): SpatialMap(1,1) C → 3 PEs; the PE keeps R·S = 49.
    const auto net = network("tests/data/maestro/kcp_ws.m");
    const auto layer = *io::maestroLayer(net.layers[0]).value;
    const auto acc = io::maestroAccelerator(unconstrained(256), io::maestroClusterSize(net.layers[0].dataflow));
    const auto m = io::maestroMapping(net.layers[0], layer, acc);
    QVERIFY2(m.ok(), formatDiagnostics("kcp", m.errors).c_str());
    QCOMPARE(m.value->spatial_y[Dim::K], 4);
    QCOMPARE(m.value->spatial_x[Dim::C], 3);
    QCOMPARE(m.value->levels[0].factors[Dim::K], 16);
    QCOMPARE(m.value->levels[0].factors[Dim::P], 112);
    QCOMPARE(m.value->levels[0].factors[Dim::Q], 112);
    QCOMPARE(m.value->levels[2].factors[Dim::R], 7);
    QCOMPARE(m.value->levels[2].factors[Dim::S], 7);
    QVERIFY(m.value->levels[0].order[0] == Dim::K); // directive order: K outermost
    QVERIFY(!mapping::check(layer, acc, *m.value));
    const auto c = model::evaluate(layer, acc, *m.value);
    QVERIFY(c.valid());
    QCOMPARE(c.macs, double(layer.macs()));
    // 12 of the 256 PEs compute (4 K x 3 C): compute cycles = 16 · 112 · 112 · 49.
    QCOMPARE(c.compute_cycles, 16.0 * 112 * 112 * 49);
    // With MAESTRO's example 100-element L1, the tile (49 weights + 49 inputs + 1 output, double-buffered)
    // does not fit: MAESTRO only warns, Archscape reports the violation.
    const auto small =
        io::maestroAccelerator(*io::parseMaestroHardware(slurp("tests/data/maestro/accelerator_1.m")).value, 64);
    QVERIFY(mapping::check(layer, small, *m.value).kind == mapping::Violation::Kind::Capacity);
}

void TstMaestro::inheritedDataflow() {
    // CONV2 has no Dataflow: it reuses CONV1's directives with their sizes frozen (Sz(R) = 7), so
    // its 3x3 filter gets TemporalMap(7,7) R. MAESTRO refuses a TemporalMap that is not the whole
    // filter ("Tile size of R(7) should be equal to dimension size of R(3)", as on its shipped
    // UNet_kcp_ws.m) and crashes (SIGFPE) on this file; Archscape names the directive's line.
    const auto net = network("tests/data/maestro/kcp_ws.m");
    const auto& l2 = net.layers[1];
    QVERIFY(l2.inherited_dataflow);
    QCOMPARE(l2.dataflow[2].size, 7);
    const auto layer = *io::maestroLayer(l2).value;
    QCOMPARE(layer.bound(Dim::P), 56);
    const auto acc = io::maestroAccelerator(unconstrained(256), io::maestroClusterSize(l2.dataflow));
    const auto m = io::maestroMapping(l2, layer, acc);
    QVERIFY(!m.ok());
    QCOMPARE(m.errors[0].path, "line " + std::to_string(l2.dataflow[2].line));
    QVERIFY(m.errors[0].message.find("TemporalMap(7,7) R: MAESTRO maps R whole (size = offset = 3)") !=
            std::string::npos);
}

void TstMaestro::rowStationaryLockstep() {
    // 48 PEs, Cluster(3): 16 clusters. Top: SpatialMap(1,1) Y' puts 16 output rows on the 16
    // clusters; X', C, K(16,16) iterate: 16, 16, 2 steps. Inner: SpatialMap(1,1) Y with
    // SpatialMap(1,1) R in lockstep spread the 3 filter rows over the 3 PEs; the PE keeps S = 3 and 16 K.
    const auto net = network("tests/data/maestro/rs.m");
    const auto layer = *io::maestroLayer(net.layers[0]).value;
    const auto acc = io::maestroAccelerator(unconstrained(48), io::maestroClusterSize(net.layers[0].dataflow));
    QCOMPARE(acc.pe.rows, 16);
    QCOMPARE(acc.pe.cols, 3);
    const auto m = io::maestroMapping(net.layers[0], layer, acc);
    QVERIFY2(m.ok(), formatDiagnostics("rs", m.errors).c_str());
    QCOMPARE(m.value->spatial_y[Dim::P], 16);
    QCOMPARE(m.value->spatial_x[Dim::R], 3);
    QCOMPARE(m.value->spatial_x[Dim::P], 1);
    QCOMPARE(m.value->levels[0].factors[Dim::Q], 16);
    QCOMPARE(m.value->levels[0].factors[Dim::C], 16);
    QCOMPARE(m.value->levels[0].factors[Dim::K], 2);
    QCOMPARE(m.value->levels[2].factors[Dim::S], 3);
    QCOMPARE(m.value->levels[2].factors[Dim::K], 16);
    const auto c = model::evaluate(layer, acc, *m.value);
    QVERIFY(c.valid());
    QCOMPARE(c.utilization, 1.0); // 16 x 3 = all 48 PEs busy
}

void TstMaestro::errors_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("pes");
    QTest::addColumn<QString>("where");
    QTest::addColumn<QString>("what");
    const QString head =
        "Network n {\n Layer L {\n  Type: CONV\n  Dimensions { K: 8, C: 4, R: 3, S: 3, Y: 10, X: 10 }\n"
        "  Dataflow {\n";
    const QString tail = "  }\n }\n}\n";
    QTest::newRow("unknown dimension") << head + "   SpatialMap(1,1) K;\n   TemporalMap(1,1) Z;\n" + tail << 4
                                       << "line 7"
                                       << "not a dimension of CONV";
    QTest::newRow("offset skips") << head + "   SpatialMap(1,1) K;\n   TemporalMap(1,2) C;\n" + tail << 4 << "line 7"
                                  << "do not cover the layer";
    QTest::newRow("zero clusters") << head + "   SpatialMap(1,1) K;\n   Cluster(100,P);\n   SpatialMap(1,1) C;\n" + tail
                                   << 64 << "line 2"
                                   << "zero clusters";
    QTest::newRow("no spatial map") << head + "   TemporalMap(1,1) K;\n" + tail << 4 << "line 6"
                                    << "no SpatialMap";
    QTest::newRow("syntax") << "Network n {\n Layer L {\n  Type: CONV\n  Dimensions { K 8 }\n  Dataflw { }\n }\n}\n"
                            << 4 << "line 5"
                            << "expected Type, Stride, Dimensions or Dataflow";
    QTest::newRow("unsupported type")
        << "Network n {\n Layer L {\n  Type: LSTM\n  Dimensions { K: 8 }\n  Dataflow { SpatialMap(1,1) K; }\n }\n}\n"
        << 4 << "line 2"
        << "type LSTM is not supported";
}

void TstMaestro::errors() {
    QFETCH(QString, text);
    QFETCH(int, pes);
    QFETCH(QString, where);
    QFETCH(QString, what);
    std::vector<Diagnostic> all;
    const auto net = io::parseMaestroMapping(text.toStdString());
    if (!net.ok()) all = net.errors;
    else {
        const auto& ml = net.value->layers[0];
        const auto layer = io::maestroLayer(ml);
        if (!layer.ok()) all = layer.errors;
        else {
            const auto acc = io::maestroAccelerator(unconstrained(pes), io::maestroClusterSize(ml.dataflow));
            const auto m = io::maestroMapping(ml, *layer.value, acc);
            all = m.errors;
        }
    }
    const QString s = QString::fromStdString(formatDiagnostics("f.m", all));
    QVERIFY2(s.contains("f.m: " + where + ": ") && s.contains(what), qPrintable(s));
}

void TstMaestro::roundTrip_data() {
    QTest::addColumn<int>("dataflow");
    QTest::newRow("kc-p") << int(mapping::Dataflow::KCP);
    QTest::newRow("ws") << int(mapping::Dataflow::WeightStationary);
    QTest::newRow("os") << int(mapping::Dataflow::OutputStationary);
}

void TstMaestro::roundTrip() {
    // A template mapping written as .m and read back gives the same spatial unrolling and the same
    // per-dimension totals, so the same MACs and PE count.
    QFETCH(int, dataflow);
    workload::Layer layer;
    layer.name = "conv";
    layer.bounds[Dim::K] = 64;
    layer.bounds[Dim::C] = 32;
    layer.bounds[Dim::P] = 28;
    layer.bounds[Dim::Q] = 28;
    layer.bounds[Dim::R] = 3;
    layer.bounds[Dim::S] = 3;
    io::MaestroHardware hw = unconstrained(256);
    hw.l1_size = 512;
    hw.l2_size = 1 << 20;
    auto acc = io::maestroAccelerator(hw, 16); // 16 x 16
    const auto m = mapping::templateMapping(layer, acc, mapping::Dataflow(dataflow));
    QVERIFY(m);
    const auto text = io::writeMaestroLayer(layer, *m, acc);
    QVERIFY2(text.ok(), formatDiagnostics("write", text.errors).c_str());
    const auto net = io::parseMaestroMapping("Network rt {\n" + *text.value + "}\n");
    QVERIFY2(net.ok(), (formatDiagnostics("rt.m", net.errors) + *text.value).c_str());
    const auto back = io::maestroLayer(net.value->layers[0]);
    QVERIFY(back.ok());
    QVERIFY(back.value->sameShape(layer));
    const auto m2 = io::maestroMapping(net.value->layers[0], *back.value, acc);
    QVERIFY2(m2.ok(), (formatDiagnostics("rt.m", m2.errors) + *text.value).c_str());
    QCOMPARE(m2.value->spatialProduct(), m->spatialProduct());
    for (Dim d : workload::kAllDims) {
        QCOMPARE(m2.value->spatial_x[d] * m2.value->spatial_y[d], m->spatial_x[d] * m->spatial_y[d]);
        QCOMPARE(m2.value->levels[2].factors[d], m->levels[2].factors[d]);
    }
    const auto c1 = model::evaluate(layer, acc, *m), c2 = model::evaluate(layer, acc, *m2.value);
    QVERIFY(c2.valid());
    QCOMPARE(c2.compute_cycles, c1.compute_cycles);
}

void TstMaestro::fuzzNeverCrashes() {
    std::mt19937 rng(5);
    for (const char* f :
         {"tests/data/maestro/kcp_ws.m", "tests/data/maestro/rs.m", "tests/data/maestro/accelerator_1.m"}) {
        const std::string good = slurp(f);
        for (int k = 0; k < 200; ++k) {
            std::string bad = good;
            if (k % 2) bad.resize(rng() % bad.size());
            else
                for (int j = 0; j < 3; ++j) bad[rng() % bad.size()] = char(rng() % 128);
            (void)io::parseMaestroHardware(bad);
            const auto net = io::parseMaestroMapping(bad);
            if (!net.ok()) continue;
            for (const auto& ml : net.value->layers) {
                const auto layer = io::maestroLayer(ml);
                if (!layer.ok()) continue;
                const auto acc = io::maestroAccelerator(unconstrained(64), io::maestroClusterSize(ml.dataflow));
                const auto m = io::maestroMapping(ml, *layer.value, acc);
                if (m.ok()) (void)model::evaluate(*layer.value, acc, *m.value);
            }
        }
    }
}

QTEST_GUILESS_MAIN(TstMaestro)
#include "tst_maestro.moc"
