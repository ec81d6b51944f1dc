// Product-quantized layers and the lookup engine (issue 17, item 3): the work of a PQ layer, one
// layer with 2 sub-vectors by hand, the invariant lookups = sub-vectors × outputs, the table
// buffer's capacity check, refusal by the dense engines, and the workload format. Expected values
// are worked out in the comments from docs/templates.md's formulas.
#include <QtTest>

#include "io/accelerator_json.h"
#include "io/preset_catalog.h"
#include "io/workload_json.h"
#include "mapping/violation.h"
#include "model/evaluate_layer.h"
#include "template_fixtures.h"
#include "workload/product_quantization.h"
#include "workload/shape_text.h"

using namespace archscape;
using workload::Dim;
using workload::Operand;

namespace {

// M rows × K inputs → N outputs, split into `d` sub-vectors with `kc` centroids each.
workload::Layer pqLayer(std::int64_t m, std::int64_t k, std::int64_t n, int d, int kc) {
    workload::Layer l;
    l.name = "pq";
    l.type = workload::LayerType::ProductQuantized;
    l.bounds[Dim::P] = m;
    l.bounds[Dim::C] = k;
    l.bounds[Dim::K] = n;
    l.pq_sub_vectors = d;
    l.pq_codebook = kc;
    return l;
}

// 1 × 2 PEs of one operation a cycle; INT8 tables and inputs, INT16 outputs; DRAM of 8-bit words
// and a table buffer of `buffer_bytes`; unlimited bandwidth.
hardware::Accelerator lookupEngine(std::int64_t buffer_bytes = 1024) {
    return test::templateEngine({.kind = hardware::AcceleratorKind::Lookup,
                                 .name = "pq",
                                 .rows = 1,
                                 .cols = 2,
                                 .buffer_name = "TableBuffer",
                                 .buffer_bytes = buffer_bytes});
}

} // namespace

class TstProductQuantization : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void twoSubVectorsByHand();
    void lookupsAreSubVectorsTimesOutputs_data();
    void lookupsAreSubVectorsTimesOutputs();
    void onTheLookupEngine();
    void tablesMustFit();
    void refusedByDenseEngines();
    void workloadJson();
    void workloadJsonErrors();
    void resnet20Presets();
};

void TstProductQuantization::twoSubVectorsByHand() {
    // M 2 rows of K 4 inputs, N 3 outputs, 2 sub-vectors of 2 elements, 4 centroids each.
    // Encode: each row against 4 centroids of each sub-vector, 2 elements each: 2·2·4·2 = 32 MACs;
    // nearest centroid: 2 rows · 2 sub-vectors · 3 compares = 12. Outputs 2·3 = 6, each 2 lookups
    // (12) and 1 add (6). Tables: 2 sub-vectors · 4 codes · 3 outputs = 24 entries; centroids 4·4 = 16.
    const auto l = pqLayer(2, 4, 3, 2, 4);
    const auto c = workload::pqCounts(l);
    QCOMPARE(c.rows, 2LL);
    QCOMPARE(c.encode_macs, 32LL);
    QCOMPARE(c.compares, 12LL);
    QCOMPARE(c.lookups, 12LL);
    QCOMPARE(c.adds, 6LL);
    QCOMPARE(c.table_entries, 24LL);
    QCOMPARE(c.centroids, 16LL);
    QCOMPARE(l.macs(), 32LL);
    QCOMPARE(l.tensorSize(Operand::Weight), 24LL);
    QCOMPARE(l.tensorSize(Operand::Input), 8LL);
    QCOMPARE(l.tensorSize(Operand::Output), 6LL);
    QCOMPARE(QString::fromStdString(workload::shapeText(l)), QStringLiteral("M2 N3 K4 pq2x4"));
}

void TstProductQuantization::lookupsAreSubVectorsTimesOutputs_data() {
    QTest::addColumn<qint64>("m");
    QTest::addColumn<qint64>("k");
    QTest::addColumn<qint64>("n");
    QTest::addColumn<int>("d");
    QTest::addColumn<int>("kc");
    QTest::newRow("resnet20 fc") << 1LL << 64LL << 10LL << 16 << 16;
    QTest::newRow("bert ffn") << 512LL << 768LL << 3072LL << 384 << 16;
    QTest::newRow("one sub-vector") << 7LL << 9LL << 5LL << 1 << 256;
}

void TstProductQuantization::lookupsAreSubVectorsTimesOutputs() {
    QFETCH(qint64, m);
    QFETCH(qint64, k);
    QFETCH(qint64, n);
    QFETCH(int, d);
    QFETCH(int, kc);
    const auto l = pqLayer(m, k, n, d, kc);
    const auto c = workload::pqCounts(l);
    QCOMPARE(c.lookups, d * l.tensorSize(Operand::Output));
    // Encoding costs Kc/N of the dense layer's MACs (m·k·n): the saving PQ is about.
    QCOMPARE(c.encode_macs * n, m * k * n * kc);
}

void TstProductQuantization::onTheLookupEngine() {
    // 2 lanes: ceil(32/2) + ceil(12/2) = 22 cycles, all 44 operations over 22·2 lane-cycles.
    // Table buffer: 12 lookups + 32 centroid reads (INT8, as the tables), 8 input reads, 6 output
    // writes. DRAM: tables 24 + centroids 16 at 8 bits, inputs 8 at 8, outputs 6 at 16:
    // (320 + 64 + 96) / 8 = 60 words.
    const auto c = model::evaluateLayer(pqLayer(2, 4, 3, 2, 4), lookupEngine(), nullptr);
    QVERIFY(c.valid());
    QCOMPARE(c.compute_cycles, 22.0);
    QCOMPARE(c.utilization, 1.0);
    QCOMPARE(c.levels[1].reads[Operand::Weight], 44.0);
    QCOMPARE(c.levels[1].reads[Operand::Input], 8.0);
    QCOMPARE(c.levels[1].updates[Operand::Output], 6.0);
    QCOMPARE(c.levels[0].words, 60.0);
}

void TstProductQuantization::tablesMustFit() {
    // 24 table entries and 16 centroids at 8 bits = 320 bits; a 32-byte buffer has 256.
    const auto c = model::evaluateLayer(pqLayer(2, 4, 3, 2, 4), lookupEngine(32), nullptr);
    QVERIFY(!c.valid());
    QVERIFY(c.violation.kind == mapping::Violation::Kind::Capacity);
    QCOMPARE(c.violation.level, 1);
    QCOMPARE(c.violation.need, 320.0);
    QCOMPARE(c.violation.have, 256.0);
    QVERIFY(model::evaluateLayer(pqLayer(2, 4, 3, 2, 4), lookupEngine(40), nullptr).valid());
}

void TstProductQuantization::refusedByDenseEngines() {
    for (const char* name : {"eyeriss", "tpu", "arria10_dsp", "butterfly_abe"}) {
        const auto acc = io::readAcceleratorFile(*io::resolvePreset("accelerators", name));
        QVERIFY(acc.ok());
        const auto c = model::evaluateLayer(pqLayer(2, 4, 3, 2, 4), *acc.value, nullptr);
        QVERIFY2(c.violation.kind == mapping::Violation::Kind::LayerKind, name);
        QVERIFY(mapping::describe(c.violation).find("cannot run pq layers") != std::string::npos);
    }
    const auto pq = io::readAcceleratorFile(*io::resolvePreset("accelerators", "pq_lookup"));
    QVERIFY(pq.ok());
    QVERIFY(model::evaluateLayer(pqLayer(64, 576, 64, 144, 16), *pq.value, nullptr).valid());
}

void TstProductQuantization::workloadJson() {
    const auto j = nlohmann::json::parse(R"({"format": "archscape/workload", "version": 1, "name": "p",
        "layers": [{"name": "fc", "type": "pq", "M": 2, "N": 3, "K": 4, "sub_vectors": 2, "codebook": 4}]})");
    const auto net = io::parseWorkload(j);
    QVERIFY(net.ok());
    const auto& l = net.value->layers[0];
    QVERIFY(l.sameShape(pqLayer(2, 4, 3, 2, 4)));
    const auto back = io::parseWorkload(io::toJson(*net.value));
    QVERIFY(back.ok());
    QVERIFY(back.value->layers[0].sameShape(l));
    QVERIFY(!pqLayer(2, 4, 3, 2, 4).sameShape(pqLayer(2, 4, 3, 2, 8)));
}

void TstProductQuantization::workloadJsonErrors() {
    const auto j = nlohmann::json::parse(R"({"format": "archscape/workload", "version": 1, "name": "p",
        "layers": [{"name": "fc", "type": "pq", "M": 2, "N": 3, "K": 4, "sub_vectors": 3, "codebook": 4}]})");
    const auto net = io::parseWorkload(j);
    QVERIFY(!net.ok());
    QCOMPARE(QString::fromStdString(net.errors[0].path), QStringLiteral("/layers/0/sub_vectors"));
    QVERIFY(net.errors[0].message.find("divisor of K (4") != std::string::npos);
}

void TstProductQuantization::resnet20Presets() {
    const auto dense = io::readWorkloadFile(*io::resolvePreset("workloads", "resnet20"));
    const auto pq = io::readWorkloadFile(*io::resolvePreset("workloads", "resnet20_pq"));
    QVERIFY(dense.ok() && pq.ok());
    // Dense MACs: conv1 32·32·16·27 = 442,368; stage 1 six convs of 32·32·16·16·9 = 2,359,296;
    // stages 2 and 3 each one stride-2 conv of 1,179,648 and five of 2,359,296; FC 64·10.
    // 442,368 + 6·2,359,296 + 2·(1,179,648 + 5·2,359,296) + 640 = 40,551,040.
    std::int64_t macs = 0, encode = 0;
    for (const auto& l : dense.value->layers) macs += l.macs();
    QCOMPARE(macs, 40551040LL);
    // Encode MACs rows·16·K: conv1 1,024·16·27 = 442,368; stage 1 6·1,024·16·144 = 14,155,776;
    // stage 2 256·16·144 + 5·256·16·288 = 6,488,064; stage 3 64·16·288 + 5·64·16·576 = 3,244,032;
    // FC 16·64 = 1,024: 24,331,264.
    for (const auto& l : pq.value->layers) encode += workload::pqCounts(l).encode_macs;
    QCOMPARE(encode, 24331264LL);
    QCOMPARE(pq.value->layers.size(), dense.value->layers.size());
    // layer1.0.conv1 on pq_lookup (256 lanes): PQ ceil(1,024·16·144 / 256) + ceil(1,024·16·16 / 256)
    // = 9,216 + 1,024 = 10,240 cycles; dense 2,359,296 / 256 = 9,216 (N = Kc = 16: no saving).
    const auto acc = io::readAcceleratorFile(*io::resolvePreset("accelerators", "pq_lookup"));
    QVERIFY(acc.ok());
    for (const auto& [net, cycles] : {std::pair{&*pq.value, 10240.0}, std::pair{&*dense.value, 9216.0}})
        for (const auto& l : net->layers)
            if (l.name == "layer1.0.conv1")
                QCOMPARE(model::evaluateLayer(l, *acc.value, nullptr).compute_cycles, cycles);
}

QTEST_GUILESS_MAIN(TstProductQuantization)
#include "tst_product_quantization.moc"
