// Data-centric cost model: access counts derived by hand on small nests, the Timeloop exercise
// references (R2, R3: counts published by Timeloop itself), and conservation laws.
#include <QtTest>

#include "cost_fixtures.h"
#include "hardware/technology.h"
#include "mapping/dataflow.h"
#include "mapping/validity.h"
#include "model/cost_model.h"

using namespace archscape;
using workload::Dim;
using workload::Operand;

namespace {

hardware::MemoryLevel level(const char* name, hardware::MemoryKind kind, std::int64_t cap, bool per_pe = false) {
    hardware::MemoryLevel l;
    l.name = name;
    l.kind = kind;
    l.capacity_bytes = cap;
    l.per_pe = per_pe;
    return l;
}

std::array<Dim, 8> order(std::initializer_list<Dim> first) {
    std::array<Dim, 8> o{};
    int k = 0;
    for (Dim d : first) o[k++] = d;
    for (Dim d : workload::kAllDims)
        if (std::find(first.begin(), first.end(), d) == first.end()) o[k++] = d;
    return o;
}

using test::smallConv;

/// DRAM + one shared buffer, a single PE, 8-bit everything, energies overridden to round numbers.
hardware::Accelerator twoLevel() {
    hardware::Accelerator a;
    a.levels = {level("DRAM", hardware::MemoryKind::Dram, 0), level("Buffer", hardware::MemoryKind::Sram, 1024)};
    a.levels[0].read_energy_pj = 2;
    a.levels[0].write_energy_pj = 3;
    a.levels[1].read_energy_pj = 1;
    a.levels[1].write_energy_pj = 1;
    a.levels[0].leak_pj_per_cycle = a.levels[1].leak_pj_per_cycle = 0;
    a.mac_energy_pj = 0.5;
    a.noc.hop_energy_pj = 0;
    return a;
}

/// DRAM loops K2 and C2 in the given order (outermost first); the buffer runs P4 then R3.
mapping::Mapping twoLevelMapping(Dim outer, Dim inner) {
    mapping::Mapping m;
    m.num_levels = 2;
    m.levels[0].factors[Dim::K] = 2;
    m.levels[0].factors[Dim::C] = 2;
    m.levels[0].order = order({outer, inner});
    m.levels[1].factors[Dim::P] = 4;
    m.levels[1].factors[Dim::R] = 3;
    m.levels[1].order = order({Dim::P, Dim::R});
    return m;
}

} // namespace

class TestCostModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void twoLoopOrders_data();
    void twoLoopOrders();
    void energyFromCounts();
    void slidingWindowRefetchesOnlyNewRows();
    void multicastAndReduction();
    void bandwidthBoundSwitch();
    void timeloopR2NoBypass();
    void timeloopR3_data();
    void timeloopR3();
    void compulsoryTrafficAndConservation_data();
    void compulsoryTrafficAndConservation();
    void capacityViolation();
    void memoryOnlyLayer();
};

// By hand. Buffer tiles: W = K1*C1*R3 = 3, I = C1*(4-1+3) = 6, O = K1*P4 = 4.
// Order K outer, C inner: W refilled per (k,c): 3*4 = 12; I refilled per c and again per k: 6*2*2 = 24;
// O stays across C (irrelevant, directly above) and changes with K: 4*2 = 8 drains, no read-back.
// Order C outer, K inner: W 3*2*2 = 12; I stays across K: 6*2 = 12; O changes with K and again with C:
// 4*2*2 = 16 drains of which 8 are read back as partial sums (16 - 8 distinct).
// The buffer's accumulator: 48 updates, reads = 48 - 8 first writes = 40; operands read once per MAC.
void TestCostModel::twoLoopOrders_data() {
    QTest::addColumn<int>("outer");
    QTest::addColumn<int>("inner");
    QTest::addColumn<double>("dramInputReads");
    QTest::addColumn<double>("dramOutputUpdates");
    QTest::addColumn<double>("dramOutputReads");
    QTest::addColumn<double>("bufferInputFills");
    QTest::newRow("K outer, C inner") << int(Dim::K) << int(Dim::C) << 24.0 << 8.0 << 0.0 << 24.0;
    QTest::newRow("C outer, K inner") << int(Dim::C) << int(Dim::K) << 12.0 << 16.0 << 8.0 << 12.0;
}

void TestCostModel::twoLoopOrders() {
    QFETCH(int, outer);
    QFETCH(int, inner);
    const auto c = model::evaluate(smallConv(), twoLevel(), twoLevelMapping(Dim(outer), Dim(inner)));
    QVERIFY2(c.valid(), mapping::describe(c.violation).c_str());
    QCOMPARE(c.macs, 48.0);
    QCOMPARE(c.compute_cycles, 48.0);
    QCOMPARE(c.levels[0].reads[Operand::Weight], 12.0);
    QTEST(c.levels[0].reads[Operand::Input], "dramInputReads");
    QTEST(c.levels[0].updates[Operand::Output], "dramOutputUpdates");
    QTEST(c.levels[0].reads[Operand::Output], "dramOutputReads");
    QCOMPARE(c.levels[1].fills[Operand::Weight], 12.0);
    QTEST(c.levels[1].fills[Operand::Input], "bufferInputFills");
    QCOMPARE(c.levels[1].reads[Operand::Weight], 48.0);
    QCOMPARE(c.levels[1].reads[Operand::Input], 48.0);
    QCOMPARE(c.levels[1].updates[Operand::Output], 48.0);
    QCOMPARE(c.levels[1].reads[Operand::Output], 40.0);
    // Output-stationary order (C innermost above the buffer): partial sums never go up twice.
    if (Dim(inner) == Dim::C) QCOMPARE(c.levels[0].updates[Operand::Output], 8.0);
}

// K outer/C inner with DRAM read 2 pJ, write 3 pJ, buffer 1 pJ, MAC 0.5 pJ, one word per access:
// DRAM: reads 12 + 24 = 36 -> 72 pJ; writes 8 updates -> 24 pJ. Buffer: reads 48 + 48 + 40 = 136 pJ;
// writes 12 + 24 fills + 48 updates = 84 pJ. MACs 48 * 0.5 = 24 pJ. Total 340 pJ.
// The other order moves more DRAM words (12 + 12 + 8 reads, 16 writes): 64 + 48 = 112 pJ at DRAM.
void TestCostModel::energyFromCounts() {
    const auto a = model::evaluate(smallConv(), twoLevel(), twoLevelMapping(Dim::K, Dim::C));
    QCOMPARE(a.energy.level_pj[0], 96.0);
    QCOMPARE(a.energy.level_pj[1], 220.0);
    QCOMPARE(a.energy.mac_pj, 24.0);
    QCOMPARE(a.energyPj(), 340.0);
    const auto b = model::evaluate(smallConv(), twoLevel(), twoLevelMapping(Dim::C, Dim::K));
    QCOMPARE(b.energy.level_pj[0], 112.0);
    QVERIFY(b.energyPj() > a.energyPj()); // more accesses, more energy
}

// DRAM runs P2 (step of 2 output rows); the buffer holds P2 x R3 -> 4 input rows per channel.
// Moving one step re-uses 2 rows and fetches 2: 4 + 2 = 6 rows = the whole input, once.
void TestCostModel::slidingWindowRefetchesOnlyNewRows() {
    mapping::Mapping m;
    m.num_levels = 2;
    m.levels[0].factors[Dim::P] = 2;
    m.levels[1].factors[Dim::P] = 2;
    m.levels[1].factors[Dim::R] = 3;
    m.levels[1].factors[Dim::K] = 2;
    m.levels[1].factors[Dim::C] = 2;
    const auto c = model::evaluate(smallConv(), twoLevel(), m);
    QVERIFY(c.valid());
    QCOMPARE(c.levels[1].tile[Operand::Input], 8.0);
    QCOMPARE(c.levels[0].reads[Operand::Input], 12.0);
    QCOMPARE(c.levels[0].reads[Operand::Weight], 12.0); // weights ignore P: stationary
}

// K=2, C=1, P=4, R=3 on 2 PEs (K across columns), each PE's register file runs P4 x R3.
// Per PE: W tile 3, I tile 6, O tile 4; 12 MACs. The buffer sends W 2*3 = 6 (unicast halves),
// I 6 once (both PEs need the same inputs: multicast), and receives O 2*4 = 8.
void TestCostModel::multicastAndReduction() {
    workload::Layer l = smallConv();
    l.bounds[Dim::C] = 1;
    hardware::Accelerator a = twoLevel();
    a.pe = {1, 2, 1};
    a.levels.push_back(level("RF", hardware::MemoryKind::RegFile, 64, true));
    mapping::Mapping m;
    m.num_levels = 3;
    m.spatial_x[Dim::K] = 2;
    m.levels[2].factors[Dim::P] = 4;
    m.levels[2].factors[Dim::R] = 3;
    auto c = model::evaluate(l, a, m);
    QVERIFY2(c.valid(), mapping::describe(c.violation).c_str());
    QCOMPARE(c.levels[2].instances, 2.0);
    QCOMPARE(c.levels[2].fills[Operand::Weight], 3.0);
    QCOMPARE(c.levels[2].fills[Operand::Input], 6.0);
    QCOMPARE(c.levels[2].reads[Operand::Input], 12.0);
    QCOMPARE(c.levels[2].updates[Operand::Output], 12.0);
    QCOMPARE(c.levels[2].reads[Operand::Output], 8.0);
    QCOMPARE(c.levels[1].reads[Operand::Weight], 6.0);
    QCOMPARE(c.levels[1].reads[Operand::Input], 6.0);
    QCOMPARE(c.levels[1].updates[Operand::Output], 8.0);
    QCOMPARE(c.noc_words, 20.0);
    QCOMPARE(c.noc_delivered_words, 26.0); // (3 + 6) * 2 delivered + 4 * 2 drained
    QCOMPARE(c.utilization, 1.0);
    a.noc.multicast = false;
    c = model::evaluate(l, a, m);
    QCOMPARE(c.levels[1].reads[Operand::Input], 12.0); // unicast: once per PE
}

// The K-outer order moves 36 + 8 = 44 DRAM words against 48 compute cycles.
void TestCostModel::bandwidthBoundSwitch() {
    hardware::Accelerator a = twoLevel();
    a.levels[0].double_buffered = true;
    const auto m = twoLevelMapping(Dim::K, Dim::C);
    a.levels[0].bandwidth_words_per_cycle = 1.0;
    auto c = model::evaluate(smallConv(), a, m);
    QCOMPARE(c.levels[0].words, 44.0);
    QCOMPARE(c.cycles, 48.0);
    QVERIFY(c.bound == model::Bound::Compute);
    a.levels[0].bandwidth_words_per_cycle = 0.5;
    c = model::evaluate(smallConv(), a, m);
    QCOMPARE(c.cycles, 88.0);
    QVERIFY(c.bound == model::Bound::Memory);
    QCOMPARE(c.bound_level, 0);
    a.levels[0].double_buffered = false; // transfers no longer hidden: 48 + 88
    c = model::evaluate(smallConv(), a, m);
    QCOMPARE(c.cycles, 136.0);
    // Cycles never decrease as bandwidth shrinks.
    double last = 0;
    for (double bw : {4.0, 2.0, 1.0, 0.5, 0.25}) {
        a.levels[0].bandwidth_words_per_cycle = bw;
        const double cyc = model::evaluate(smallConv(), a, m).cycles;
        QVERIFY(cyc >= last);
        last = cyc;
    }
}

namespace {
/// Timeloop exercise arch: MainMemory (DRAM) -> GlobalBuffer -> RegisterFile -> MACC.
hardware::Accelerator timeloopArch(bool glb_per_pe, int pes) {
    hardware::Accelerator a;
    a.levels = {level("MainMemory", hardware::MemoryKind::Dram, 0),
                level("GlobalBuffer", hardware::MemoryKind::Sram, 262144, glb_per_pe),
                level("RegisterFile", hardware::MemoryKind::RegFile, 64, true)};
    a.pe = {1, pes, 1};
    return a;
}
} // namespace

// shared/data/timeloop-exercises R2 no-bypass, stats from Timeloop's timeloop-model.stats.txt.
void TestCostModel::timeloopR2NoBypass() {
    workload::Layer l;
    l.bounds[Dim::K] = 32;
    l.bounds[Dim::R] = 3;
    l.bounds[Dim::P] = 16;
    mapping::Mapping m;
    m.num_levels = 3;
    m.levels[1].factors[Dim::K] = 16;
    m.levels[1].factors[Dim::P] = 16;
    m.levels[1].order = order({Dim::K, Dim::P});
    m.levels[2].factors[Dim::K] = 2;
    m.levels[2].factors[Dim::R] = 3;
    m.levels[2].order = order({Dim::K, Dim::R});
    const auto c = model::evaluate(l, timeloopArch(false, 1), m);
    QVERIFY(c.valid());
    QCOMPARE(c.cycles, 1536.0);
    const double expect[3][3][3] = {// [level][operand W,I,O][reads, fills, updates]
                                    {{96, 0, 0}, {18, 0, 0}, {0, 0, 512}},
                                    {{96, 96, 0}, {288, 18, 0}, {0, 0, 512}},
                                    {{1536, 96, 0}, {1536, 288, 0}, {1024, 0, 1536}}};
    for (int i = 0; i < 3; ++i)
        for (Operand o : workload::kAllOperands) {
            const auto& e = expect[i][int(o)];
            QCOMPARE(c.levels[i].reads[o], e[0]);
            QCOMPARE(c.levels[i].fills[o], e[1]);
            QCOMPARE(c.levels[i].updates[o], e[2]);
        }
}

// R3 (reference arch: 16 PEs each with its own GlobalBuffer), C=32 K=32 R=3 P=16.
void TestCostModel::timeloopR3_data() {
    QTest::addColumn<bool>("kParallel");
    QTest::addColumn<double>("glbInputFills");
    QTest::addColumn<double>("glbOutputReads");
    QTest::addColumn<double>("rfOutputReads");
    QTest::addColumn<double>("rfOutputFills");
    QTest::newRow("cp") << false << 36.0 << 512.0 << 2560.0 << 512.0;
    QTest::newRow("kp") << true << 576.0 << 992.0 << 3040.0 << 992.0;
}

void TestCostModel::timeloopR3() {
    QFETCH(bool, kParallel);
    workload::Layer l;
    l.bounds[Dim::C] = 32;
    l.bounds[Dim::K] = 32;
    l.bounds[Dim::R] = 3;
    l.bounds[Dim::P] = 16;
    mapping::Mapping m;
    m.num_levels = 3;
    (kParallel ? m.spatial_x[Dim::K] : m.spatial_x[Dim::C]) = 16;
    m.levels[1].factors[Dim::C] = kParallel ? 32 : 2;
    m.levels[1].factors[Dim::K] = kParallel ? 2 : 32;
    m.levels[1].factors[Dim::R] = 3;
    m.levels[1].order = order({Dim::C, Dim::K, Dim::R});
    m.levels[2].factors[Dim::P] = 16;
    const auto c = model::evaluate(l, timeloopArch(true, 16), m);
    QVERIFY(c.valid());
    QCOMPARE(c.cycles, 3072.0);
    QCOMPARE(c.levels[1].instances, 16.0);
    QCOMPARE(c.levels[0].reads[Operand::Weight], 3072.0);
    QCOMPARE(c.levels[0].reads[Operand::Input], 576.0);    // multicast counted once at the source
    QCOMPARE(c.levels[0].updates[Operand::Output], 512.0); // spatial reduction counted once
    QCOMPARE(c.levels[1].fills[Operand::Weight], 192.0);
    QTEST(c.levels[1].fills[Operand::Input], "glbInputFills");
    QCOMPARE(c.levels[1].reads[Operand::Input], 1152.0);
    QCOMPARE(c.levels[1].updates[Operand::Output], 1024.0);
    QTEST(c.levels[1].reads[Operand::Output], "glbOutputReads");
    QCOMPARE(c.levels[2].fills[Operand::Weight], 192.0);
    QCOMPARE(c.levels[2].fills[Operand::Input], 1152.0);
    QCOMPARE(c.levels[2].updates[Operand::Output], 3072.0);
    QTEST(c.levels[2].reads[Operand::Output], "rfOutputReads");
    QTEST(c.levels[2].fills[Operand::Output], "rfOutputFills");
}

namespace {
hardware::Accelerator eyerissLike() {
    hardware::Accelerator a;
    a.levels = {level("DRAM", hardware::MemoryKind::Dram, 0), level("GLB", hardware::MemoryKind::Sram, 108 * 1024),
                level("RF", hardware::MemoryKind::RegFile, 512, true)};
    a.pe = {12, 14, 1};
    a.precision = workload::PerOperand<Precision>::filled(Precision::integer(16));
    return a;
}

workload::Layer conv(int k, int c, int p, int r, int stride = 1, int groups = 1) {
    workload::Layer l;
    l.bounds[Dim::G] = groups;
    l.bounds[Dim::K] = k;
    l.bounds[Dim::C] = c;
    l.bounds[Dim::P] = l.bounds[Dim::Q] = p;
    l.bounds[Dim::R] = l.bounds[Dim::S] = r;
    l.stride_h = l.stride_w = stride;
    return l;
}
} // namespace

// Conservation: every MAC reads one weight and one input from the innermost level that keeps them,
// and DRAM moves at least each tensor once (compulsory traffic).
void TestCostModel::compulsoryTrafficAndConservation_data() {
    QTest::addColumn<int>("dataflow");
    QTest::addColumn<int>("layer");
    const char* layers[] = {"resnet 3x3 64", "resnet 1x1 256->64", "conv1 7x7 s2", "depthwise 3x3", "fc"};
    for (mapping::Dataflow d : mapping::kAllDataflows)
        for (int i = 0; i < 5; ++i)
            QTest::newRow((std::string(mapping::toString(d)) + " " + layers[i]).c_str()) << int(d) << i;
}

void TestCostModel::compulsoryTrafficAndConservation() {
    QFETCH(int, dataflow);
    QFETCH(int, layer);
    const workload::Layer layers[] = {conv(64, 64, 56, 3), conv(64, 256, 56, 1), conv(64, 3, 112, 7, 2),
                                      conv(1, 1, 56, 3, 1, 144), conv(1000, 2048, 1, 1)};
    const workload::Layer& l = layers[layer];
    const auto acc = eyerissLike();
    const auto m = mapping::templateMapping(l, acc, mapping::Dataflow(dataflow));
    QVERIFY(m.has_value());
    const auto c = model::evaluate(l, acc, *m);
    QVERIFY2(c.valid(), mapping::describe(c.violation).c_str());
    double padded = 1;
    for (Dim d : workload::kAllDims) padded *= double(m->paddedBound(d));
    QCOMPARE(c.compute_cycles * c.pes_used, padded);
    QCOMPARE(c.levels[2].reads[Operand::Weight] * c.levels[2].instances, padded);
    QCOMPARE(c.levels[2].updates[Operand::Output] * c.levels[2].instances, padded);
    QVERIFY(c.levels[0].reads[Operand::Weight] >= double(l.tensorSize(Operand::Weight)));
    QVERIFY(c.levels[0].reads[Operand::Input] >= double(l.tensorSize(Operand::Input)));
    QVERIFY(c.levels[0].updates[Operand::Output] >= double(l.tensorSize(Operand::Output)));
    QVERIFY(c.utilization > 0 && c.utilization <= 1.0);
    QVERIFY(c.energy.mac_pj > 0 && c.energyPj() > c.energy.mac_pj);
}

void TestCostModel::capacityViolation() {
    hardware::Accelerator a = twoLevel();
    a.levels[1].capacity_bytes = 20; // whole-layer tiles need 12 + 12 + 8 = 32 bytes
    mapping::Mapping m;
    m.num_levels = 2;
    for (Dim d : workload::kAllDims) m.levels[1].factors[d] = int(smallConv().bound(d));
    const auto c = model::evaluate(smallConv(), a, m);
    QVERIFY(c.violation.kind == mapping::Violation::Kind::Capacity);
    QCOMPARE(c.violation.level, 1);
    QCOMPARE(c.violation.need, 32.0 * 8);
    QCOMPARE(c.violation.have, 20.0 * 8);
}

// Max pooling 3x3 stride 2 over 64 x 112 x 112 -> 64 x 56 x 56 (padding 1): inputs read once from
// DRAM, outputs written once; 9 compares per output.
void TestCostModel::memoryOnlyLayer() {
    workload::Layer l;
    l.type = workload::LayerType::Pool;
    l.bounds[Dim::G] = 64;
    l.bounds[Dim::P] = l.bounds[Dim::Q] = 56;
    l.bounds[Dim::R] = l.bounds[Dim::S] = 3;
    l.stride_h = l.stride_w = 2;
    l.pad_h = l.pad_w = 1;
    // Derived from the window: (56-1)*2 + 3 - 2*1 = 111 rows; the file gives the true 112.
    QCOMPARE(l.inputRows(), 111LL);
    l.in_h = l.in_w = 112;
    QCOMPARE(l.tensorSize(Operand::Input), 64LL * 112 * 112);
    const auto acc = eyerissLike();
    const auto c = model::evaluateMemoryOnly(l, acc, hardware::costTables(acc));
    QCOMPARE(c.macs, 0.0);
    QCOMPARE(c.levels[0].reads[Operand::Input], 64.0 * 112 * 112);
    QCOMPARE(c.levels[0].updates[Operand::Output], 64.0 * 56 * 56);
    QCOMPARE(c.compute_cycles, std::ceil(64.0 * 56 * 56 * 9 / 168));
}

QTEST_APPLESS_MAIN(TestCostModel)
#include "tst_cost_model.moc"
