// Butterfly layers and the adaptable butterfly engine (issue 17, item 4): the exact work of a
// butterfly-factorised matrix, counted here independently by walking its 2×2 blocks; a 4×4
// butterfly on the engine by hand; refusal by the engines that cannot run it; the workload format;
// the FABNet-style encoder preset against the dense BERT layer. Expected values are worked out in
// the comments from docs/templates.md's formulas.
#include <QtTest>

#include "hardware/technology.h"
#include "io/accelerator_json.h"
#include "io/preset_catalog.h"
#include "io/workload_json.h"
#include "mapping/violation.h"
#include "model/butterfly_model.h"
#include "model/engine.h"
#include "model/evaluate_layer.h"
#include "template_fixtures.h"
#include "workload/butterfly.h"
#include "workload/shape_text.h"

using namespace archscape;
using workload::Dim;
using workload::Operand;

namespace {

workload::Layer butterflyLayer(std::int64_t n, std::int64_t vectors, std::int64_t batch = 1) {
    workload::Layer l;
    l.name = "bfly";
    l.type = workload::LayerType::Butterfly;
    l.bounds[Dim::K] = n;
    l.bounds[Dim::C] = n;
    l.bounds[Dim::P] = vectors;
    l.bounds[Dim::G] = batch;
    return l;
}

// `units` butterfly units of 4 INT16 MACs; DRAM of 8-bit words, unlimited bandwidth; a 1 MiB buffer
// of 16-bit words.
hardware::Accelerator engine(int rows, int cols) {
    return test::templateEngine({.kind = hardware::AcceleratorKind::Butterfly,
                                 .name = "abe",
                                 .rows = rows,
                                 .cols = cols,
                                 .macs_per_pe = 4,
                                 .precision = {Precision::integer(16), Precision::integer(16), Precision::integer(32)},
                                 .buffer_name = "ButterflyBuffer",
                                 .buffer_bytes = 1 << 20,
                                 .buffer_word_bits = 16});
}

// Multiplies of one vector through an n×n butterfly, counted by visiting every 2×2 block of every
// stage: stage s pairs element i with i + 2^s inside each group of 2^(s+1); each block computes
// y_i = a·x_i + b·x_j and y_j = c·x_i + d·x_j.
std::int64_t bruteForceMacs(std::int64_t n, std::int64_t* weights) {
    std::int64_t macs = 0;
    *weights = 0;
    for (std::int64_t half = 1; half < n; half *= 2)
        for (std::int64_t group = 0; group < n; group += 2 * half)
            for (std::int64_t i = group; i < group + half; ++i) {
                macs += 4;
                *weights += 4;
            }
    return macs;
}

} // namespace

class TstButterfly : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void stages();
    void macsPerVector_data();
    void macsPerVector();
    void fourByFourByHand();
    void fourByFourOnTheEngine();
    void sharedBlocks();
    void denseLayerOnTheEngine();
    void refusedByOtherEngines_data();
    void refusedByOtherEngines();
    void workloadJson();
    void workloadJsonErrors();
    void fabnetPreset();
};

void TstButterfly::stages() {
    QCOMPARE(workload::butterflyStages(2), 1);
    QCOMPARE(workload::butterflyStages(1024), 10);
    QCOMPARE(workload::butterflyStages(768), 0);
    QCOMPARE(workload::butterflyStages(1), 0);
    QCOMPARE(workload::butterflyStages(0), 0);
}

void TstButterfly::macsPerVector_data() {
    QTest::addColumn<qint64>("n");
    for (std::int64_t n = 2; n <= 4096; n *= 2) QTest::newRow(qPrintable(QString::number(n))) << qint64(n);
}

void TstButterfly::macsPerVector() {
    // The invariant of the issue: MACs = n·log2 n·2 per vector, here against a block-by-block count.
    QFETCH(qint64, n);
    std::int64_t weights = 0;
    const std::int64_t brute = bruteForceMacs(n, &weights);
    const int log2n = int(std::log2(double(n)) + 0.5);
    QCOMPARE(brute, n * log2n * 2);
    const auto c = workload::butterflyCounts(butterflyLayer(n, 3, 2));
    QCOMPARE(c.macs, 3 * 2 * brute); // 3 vectors of each of 2 matrices
    QCOMPARE(c.weights, 2 * weights);
    QCOMPARE(butterflyLayer(n, 3, 2).macs(), c.macs);
    QCOMPARE(butterflyLayer(n, 3, 2).tensorSize(Operand::Weight), c.weights);
}

void TstButterfly::fourByFourByHand() {
    // n = 4, one vector: stages 2 (pairs {0,1},{2,3}, then {0,2},{1,3}), 2 blocks a stage, 4 blocks,
    // 16 MACs (against 16 for the dense 4×4: a butterfly saves nothing this small), 16 weights;
    // 4 activations read and 4 written at each stage: 8 reads.
    const auto l = butterflyLayer(4, 1);
    const auto c = workload::butterflyCounts(l);
    QCOMPARE(c.stages, 2);
    QCOMPARE(c.blocks, 4LL);
    QCOMPARE(c.macs, 16LL);
    QCOMPARE(c.weights, 16LL);
    QCOMPARE(c.stage_reads, 8LL);
    QCOMPARE(l.tensorSize(Operand::Input), 4LL);
    QCOMPARE(l.tensorSize(Operand::Output), 4LL);
    QCOMPARE(QString::fromStdString(workload::shapeText(l)), QStringLiteral("M1 n4 bfly"));
}

void TstButterfly::fourByFourOnTheEngine() {
    // One unit (1 block a cycle): each stage's 2 blocks take 2 cycles, plus one configuration cycle
    // per stage: 2·2 + 2 = 6 cycles; utilisation 16 / (6·4). Buffer: weights 4 per block (one
    // vector, no sharing) = 16 reads, activations 8 read and 8 written. DRAM (8-bit words): 16
    // weights and 4 inputs at 16 bits, 4 outputs at 32: (256 + 64 + 128) / 8 = 56 words.
    const auto acc = engine(1, 1);
    const auto c = model::evaluateLayer(butterflyLayer(4, 1), acc, nullptr);
    QVERIFY(c.valid());
    QCOMPARE(c.compute_cycles, 6.0);
    QCOMPARE(c.cycles, 6.0);
    QCOMPARE(c.macs, 16.0);
    QCOMPARE(c.utilization, 16.0 / 24.0);
    QCOMPARE(c.levels[1].reads[Operand::Weight], 16.0);
    QCOMPARE(c.levels[1].reads[Operand::Input], 8.0);
    QCOMPARE(c.levels[1].updates[Operand::Output], 8.0);
    QCOMPARE(c.levels[1].words, 16.0 + 8.0 + 8.0 * 2); // 16-bit words; outputs are 32-bit
    QCOMPARE(c.levels[0].words, 56.0);
    const auto tables = hardware::costTables(acc);
    QCOMPARE(c.energy.mac_pj, 16 * tables.mac_pj);
}

void TstButterfly::sharedBlocks() {
    // Four units (4 blocks a cycle), 2 vectors of n = 4: a stage has 2·2 = 4 blocks: 1 cycle; 2
    // stages + 2 configuration cycles = 4. Units work on both vectors at once and share each
    // block's weights: floor(4 / 2) = 2, so 4·8 / 2 = 16 weight reads.
    const auto c = model::evaluateLayer(butterflyLayer(4, 2), engine(2, 2), nullptr);
    QVERIFY(c.valid());
    QCOMPARE(c.compute_cycles, 4.0);
    QCOMPARE(c.levels[1].reads[Operand::Weight], 16.0);
    QCOMPARE(model::butterflyBlocksPerCycle(engine(2, 2)), 4LL);
}

void TstButterfly::denseLayerOnTheEngine() {
    // A GEMM M 8 × K 16 × N 4 (512 MACs) in dense mode on 4 units of 4 MACs: ceil(512 / 16) + 1 = 33.
    workload::Layer g;
    g.type = workload::LayerType::Gemm;
    g.bounds[Dim::P] = 8;
    g.bounds[Dim::C] = 16;
    g.bounds[Dim::K] = 4;
    const auto c = model::evaluateLayer(g, engine(2, 2), nullptr);
    QVERIFY(c.valid());
    QCOMPARE(c.compute_cycles, 33.0);
    QCOMPARE(c.levels[1].reads[Operand::Weight], 512.0);
}

void TstButterfly::refusedByOtherEngines_data() {
    QTest::addColumn<QString>("preset");
    QTest::addColumn<QString>("engine");
    QTest::newRow("data-centric") << "eyeriss"
                                  << "data-centric";
    QTest::newRow("systolic") << "tpu"
                              << "systolic";
    QTest::newRow("fpga") << "arria10_m4bram"
                          << "fpga";
}

void TstButterfly::refusedByOtherEngines() {
    QFETCH(QString, preset);
    QFETCH(QString, engine);
    const auto path = io::resolvePreset("accelerators", preset.toStdString());
    QVERIFY(path);
    const auto acc = io::readAcceleratorFile(*path);
    QVERIFY(acc.ok());
    const auto l = butterflyLayer(1024, 512);
    QVERIFY(!model::needsMapping(l, *acc.value));
    const auto c = model::evaluateLayer(l, *acc.value, nullptr);
    QVERIFY(!c.valid());
    QVERIFY(c.violation.kind == mapping::Violation::Kind::LayerKind);
    QCOMPARE(c.macs, double(l.macs()));
    const QString why = QString::fromStdString(mapping::describe(c.violation));
    QVERIFY2(why.startsWith("the " + engine + " engine cannot run butterfly layers"), qPrintable(why));
    // The network path says the same (the layer stays unmapped).
    workload::Network net;
    net.layers = {l};
    const auto layers = model::evaluateLayers(net, *acc.value,
                                              [](const workload::Layer&) { return std::optional<mapping::Mapping>{}; });
    QVERIFY(!layers[0].mapped);
    QVERIFY(layers[0].cost.violation.kind == mapping::Violation::Kind::LayerKind);
}

void TstButterfly::workloadJson() {
    const auto j = nlohmann::json::parse(R"({"format": "archscape/workload", "version": 1, "name": "b",
        "layers": [{"name": "mix", "type": "butterfly", "M": 512, "n": 1024, "batch": 3,
                    "precision": {"weight": "int8", "input": "int8"}}]})");
    const auto net = io::parseWorkload(j);
    QVERIFY(net.ok());
    const auto& l = net.value->layers[0];
    QVERIFY(l.type == workload::LayerType::Butterfly);
    QCOMPARE(l.bound(Dim::K), 1024LL);
    QCOMPARE(l.bound(Dim::C), 1024LL);
    QCOMPARE(l.bound(Dim::P), 512LL);
    QCOMPARE(l.bound(Dim::G), 3LL);
    QVERIFY(l.weight_precision == Precision::integer(8));
    const auto back = io::parseWorkload(io::toJson(*net.value));
    QVERIFY(back.ok());
    QVERIFY(back.value->layers[0].sameShape(l));
}

void TstButterfly::workloadJsonErrors() {
    const auto j = nlohmann::json::parse(R"({"format": "archscape/workload", "version": 1, "name": "b",
        "layers": [{"name": "mix", "type": "butterfly", "M": 512, "n": 768}]})");
    const auto net = io::parseWorkload(j);
    QVERIFY(!net.ok());
    QCOMPARE(QString::fromStdString(net.errors[0].path), QStringLiteral("/layers/0/n"));
    QVERIFY(net.errors[0].message.find("power of two") != std::string::npos);
}

void TstButterfly::fabnetPreset() {
    // presets/workloads/fabnet_encoder.json: BERT-base's layer with butterfly linear layers of
    // n = 1024 over 512 tokens: 4 projections + 2 FFN layers of 3 butterflies = 10 butterflies of
    // 512·1024·10·2 = 10,485,760 MACs; attention as BERT's: 2·12·512·512·64 = 402,653,184.
    const auto fab = io::readWorkloadFile(*io::resolvePreset("workloads", "fabnet_encoder"));
    QVERIFY(fab.ok());
    const std::int64_t butterflyMacs = 10LL * 512 * 1024 * 10 * 2;
    QCOMPARE(fab.value->totalMacs(), butterflyMacs + 2LL * 12 * 512 * 512 * 64);
    // BERT's linear layers: 4·512·768·768 + 2·512·3072·768 = 3,623,878,656 MACs, 34.6× the butterflies'.
    const auto bert = io::readWorkloadFile(*io::resolvePreset("workloads", "bert_base_encoder"));
    QVERIFY(bert.ok());
    std::int64_t bertLinear = 0;
    for (const auto& l : bert.value->layers)
        if (l.type == workload::LayerType::Gemm) bertLinear += l.macs();
    QCOMPARE(bertLinear, 3623878656LL);
    // Every layer runs on the butterfly engine preset.
    const auto acc = io::readAcceleratorFile(*io::resolvePreset("accelerators", "butterfly_abe"));
    QVERIFY(acc.ok());
    QVERIFY(acc.value->kind == hardware::AcceleratorKind::Butterfly);
    for (const auto& l : fab.value->layers)
        QVERIFY2(model::evaluateLayer(l, *acc.value, nullptr).valid(), l.name.c_str());
}

QTEST_GUILESS_MAIN(TstButterfly)
#include "tst_butterfly.moc"
