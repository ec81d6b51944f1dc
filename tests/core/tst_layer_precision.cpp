// Per-layer precision (issue 5, part 1) and precision-scalable / bit-serial PEs: buffer fit, word
// counts, MAC energy and throughput derived by hand from the formulas of docs/model.md ("Precision",
// "PE modes"); shape deduplication and the systolic engine's SRAM sizes.
#include <QtTest>

#include "cost_fixtures.h"
#include "hardware/technology.h"
#include "mapping/validity.h"
#include "model/cost_model.h"
#include "model/evaluate_layer.h"
#include "model/systolic_memory.h"
#include "search/mapper.h"
#include "search/mapspace.h"
#include "search/shape_key.h"
#include "workload/network.h"

using namespace archscape;
using archscape::Precision;
using hardware::PeMode;
using workload::Dim;
using workload::Operand;

namespace {

const Precision kInt2 = Precision::integer(2), kInt3 = Precision::integer(3), kInt4 = Precision::integer(4),
                kInt8 = Precision::integer(8), kInt16 = Precision::integer(16), kInt32 = Precision::integer(32),
                kFp16 = Precision::floating(16, 10);

using test::smallConv;

workload::Layer withPrecision(workload::Layer l, Precision w, Precision in) {
    l.weight_precision = w;
    l.input_precision = in;
    return l;
}

/// DRAM (16-bit words) + a shared buffer, one PE, INT8 operands with a 32-bit accumulator; no
/// bandwidth limits, so cycles = compute cycles.
hardware::Accelerator twoLevel(std::int64_t buffer_bytes = 1 << 20) {
    hardware::Accelerator a;
    a.levels.resize(2);
    a.levels[0].name = "DRAM";
    a.levels[0].kind = hardware::MemoryKind::Dram;
    a.levels[0].word_bits = 16;
    a.levels[1].name = "Buffer";
    a.levels[1].capacity_bytes = buffer_bytes;
    a.precision = {kInt8, kInt8, kInt32};
    return a;
}

/// Every loop at the buffer: each tensor crosses DRAM exactly once, 48 temporal iterations.
mapping::Mapping allAtBuffer(const workload::Layer& l) {
    mapping::Mapping m;
    m.num_levels = 2;
    for (Dim d : workload::kAllDims) m.levels[1].factors[d] = static_cast<std::int32_t>(l.bound(d));
    return m;
}

} // namespace

class TestLayerPrecision : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void unsetMeansAccelerator();
    void bufferFitDependsOnPrecision();
    void dramWordsHalve();
    void macEnergyOrder();
    void macOverrideScales();
    void precisionScalableThroughput_data();
    void precisionScalableThroughput();
    void bitSerialCycles_data();
    void bitSerialCycles();
    void peModeEnergyAndArea();
    void exhaustiveMapperAtLayerPrecision();
    void shapesDistinguishPrecision();
    void systolicSramAtLayerPrecision();
};

void TestLayerPrecision::unsetMeansAccelerator() {
    // Conservation: a layer stating the accelerator's own precisions costs exactly what an unset one does.
    const auto a = twoLevel();
    const auto l = smallConv();
    const auto c0 = model::evaluate(l, a, allAtBuffer(l));
    const auto c1 = model::evaluate(withPrecision(l, kInt8, kInt8), a, allAtBuffer(l));
    QVERIFY(c0.valid() && c1.valid());
    QCOMPARE(c1.energyPj(), c0.energyPj());
    QCOMPARE(c1.cycles, c0.cycles);
    QCOMPARE(c1.levels[0].words, c0.levels[0].words);
    QVERIFY(a.precisionOf(l) == a.precision);
    auto half = l;
    half.weight_precision = kInt4; // outputs never change: they are the accumulator's
    QVERIFY(a.precisionOf(half)[Operand::Weight] == kInt4);
    QVERIFY(a.precisionOf(half)[Operand::Input] == kInt8);
    QVERIFY(a.precisionOf(half)[Operand::Output] == kInt32);
}

void TestLayerPrecision::bufferFitDependsOnPrecision() {
    // A buffer that keeps only weights and holds K·C·R·S = 12 weights of 4 bits: 48 bits = 6 bytes.
    // INT4 weights fit exactly (48 ≤ 48 bits); INT8 weights need 96 bits > 48: a capacity violation.
    auto a = twoLevel(6);
    a.levels[1].keeps = {true, false, false};
    const auto l = smallConv();
    const auto m = allAtBuffer(l);
    const auto w4 = withPrecision(l, kInt4, kInt8), w8 = withPrecision(l, kInt8, kInt8);
    QVERIFY(!mapping::check(w4, a, m));
    const auto v = mapping::check(w8, a, m);
    QVERIFY(v.kind == mapping::Violation::Kind::Capacity);
    QCOMPARE(v.level, 1);
    QCOMPARE(v.need, 96.0);
    QCOMPARE(v.have, 48.0);
    // The cost model and the mapspace's pruning agree with the capacity check.
    QVERIFY(model::evaluate(w4, a, m).valid());
    QVERIFY(model::evaluate(w8, a, m).violation.kind == mapping::Violation::Kind::Capacity);
    QCOMPARE(model::evaluate(w4, a, m).levels[1].occupancy_bits, 48.0);
    QVERIFY(search::Mapspace(w4, a, {}).fits(m));
    QVERIFY(!search::Mapspace(w8, a, {}).fits(m));
}

void TestLayerPrecision::dramWordsHalve() {
    // With everything at the buffer each tensor crosses DRAM once: reads W 12 + I 12, updates O 8
    // elements. DRAM words are 16 bits, so words = elements · bits / 16. INT16 weights and inputs with
    // 16-bit outputs: 12 + 12 + 8 = 32 words; INT8 weights and inputs: 6 + 6 + 8 = 20 words (the
    // weight and input words halve; outputs stay at the accumulator's 16 bits).
    auto a = twoLevel();
    a.precision = {kInt16, kInt16, kInt16};
    a.levels[0].bandwidth_words_per_cycle = 0.25; // words / 0.25 = transfer cycles
    const auto l = smallConv();
    const auto m = allAtBuffer(l);
    const auto c16 = model::evaluate(withPrecision(l, kInt16, kInt16), a, m);
    const auto c8 = model::evaluate(withPrecision(l, kInt8, kInt8), a, m);
    QVERIFY(c16.valid() && c8.valid());
    QCOMPARE(c8.levels[0].reads[Operand::Weight], c16.levels[0].reads[Operand::Weight]); // elements unchanged
    QCOMPARE(c16.levels[0].reads[Operand::Weight], 12.0);
    QCOMPARE(c16.levels[0].words, 32.0);
    QCOMPARE(c8.levels[0].words, 20.0);
    QCOMPARE(c16.levels[0].transfer_cycles, 128.0);
    QCOMPARE(c8.levels[0].transfer_cycles, 80.0);
}

void TestLayerPrecision::macEnergyOrder() {
    // Horowitz (ISSCC 2014, 45 nm): integer multiplier 0.2 pJ · (w·a)/64, 32-bit add 0.1 pJ; FP16
    // multiply 1.1 pJ. Per MAC: INT4 0.05 + 0.1 = 0.15 pJ, INT8 0.2 + 0.1 = 0.3 pJ, FP16 1.1 + 0.1 =
    // 1.2 pJ (into the accelerator's INT32 accumulator). 48 MACs: 7.2, 14.4 and 57.6 pJ.
    const auto a = twoLevel();
    const auto l = smallConv();
    const auto m = allAtBuffer(l);
    const double e4 = model::evaluate(withPrecision(l, kInt4, kInt4), a, m).energy.mac_pj;
    const double e8 = model::evaluate(withPrecision(l, kInt8, kInt8), a, m).energy.mac_pj;
    const double e16 = model::evaluate(withPrecision(l, kFp16, kFp16), a, m).energy.mac_pj;
    QVERIFY(std::abs(e4 - 7.2) < 1e-9);
    QVERIFY(std::abs(e8 - 14.4) < 1e-9);
    QVERIFY(std::abs(e16 - 57.6) < 1e-9);
    QVERIFY(e4 < e8 && e8 < e16);
}

void TestLayerPrecision::macOverrideScales() {
    // An override states the MAC energy at the accelerator's own precisions (INT8: model 0.3 pJ); a
    // layer at INT4 gets it scaled by the model's ratio 0.15 / 0.3: 0.6 pJ → 0.3 pJ per MAC, 14.4 pJ.
    auto a = twoLevel();
    a.mac_energy_pj = 0.6;
    const auto l = smallConv();
    const auto m = allAtBuffer(l);
    QVERIFY(std::abs(model::evaluate(l, a, m).energy.mac_pj - 28.8) < 1e-9);
    QVERIFY(std::abs(model::evaluate(withPrecision(l, kInt4, kInt4), a, m).energy.mac_pj - 14.4) < 1e-9);
}

void TestLayerPrecision::precisionScalableThroughput_data() {
    QTest::addColumn<int>("weight_bits");
    QTest::addColumn<int>("input_bits");
    QTest::addColumn<double>("cycles");
    // Bit Fusion with an 8×8 fusion unit (16 2-bit bricks): b²/(w'·a') MACs per cycle, w' and a'
    // rounded up to a power of two ≥ 2. 48 MACs on one PE.
    QTest::newRow("int8") << 8 << 8 << 48.0;     // 64/64 = 1 per cycle
    QTest::newRow("int4") << 4 << 4 << 12.0;     // 64/16 = 4 per cycle: a quarter of INT8's cycles
    QTest::newRow("int2") << 2 << 2 << 3.0;      // 64/4 = 16
    QTest::newRow("w4-a8") << 4 << 8 << 24.0;    // 64/32 = 2
    QTest::newRow("w2-a8") << 2 << 8 << 12.0;    // 64/16 = 4 (Bit Fusion's 2-bit/8-bit F-PE)
    QTest::newRow("int3") << 3 << 3 << 12.0;     // bricks round 3 bits up to 4
    QTest::newRow("int16") << 16 << 16 << 192.0; // 64/256 = 1/4: four cycles per MAC
}

void TestLayerPrecision::precisionScalableThroughput() {
    QFETCH(int, weight_bits);
    QFETCH(int, input_bits);
    QFETCH(double, cycles);
    auto a = twoLevel();
    a.pe.mode = PeMode::PrecisionScalable;
    a.pe.base_bits = 8;
    const auto l = withPrecision(smallConv(), Precision::integer(weight_bits), Precision::integer(input_bits));
    const auto c = model::evaluate(l, a, allAtBuffer(l));
    QVERIFY(c.valid());
    QCOMPARE(c.compute_cycles, cycles);
    QCOMPARE(c.cycles, cycles);
    QCOMPARE(c.utilization, 1.0); // every brick busy: the rate is exactly what the formula promises
}

void TestLayerPrecision::bitSerialCycles_data() {
    QTest::addColumn<int>("weight_bits");
    QTest::addColumn<int>("input_bits");
    QTest::addColumn<double>("cycles");
    // Stripes: one activation bit per cycle, weights bit-parallel: 48 MACs × a cycles.
    QTest::newRow("int8") << 8 << 8 << 384.0;
    QTest::newRow("int4") << 4 << 4 << 192.0;  // half of INT8
    QTest::newRow("w4-a8") << 4 << 8 << 384.0; // weight width does not matter
    QTest::newRow("w8-a3") << 8 << 3 << 144.0; // any activation width, no rounding
}

void TestLayerPrecision::bitSerialCycles() {
    QFETCH(int, weight_bits);
    QFETCH(int, input_bits);
    QFETCH(double, cycles);
    auto a = twoLevel();
    a.pe.mode = PeMode::BitSerial;
    const auto l = withPrecision(smallConv(), Precision::integer(weight_bits), Precision::integer(input_bits));
    const auto c = model::evaluate(l, a, allAtBuffer(l));
    QVERIFY(c.valid());
    QCOMPARE(c.compute_cycles, cycles);
}

void TestLayerPrecision::peModeEnergyAndArea() {
    // Per MAC at 45 nm with an INT32 accumulator (add 0.1 pJ):
    // precision-scalable INT3 uses 4-bit bricks: 0.2·16/64 + 0.1 = 0.15 pJ (as INT4);
    // bit-serial INT8 activations: 8 accumulator adds = 0.8 pJ, INT4: 0.4 pJ.
    hardware::PeArray pe;
    pe.mode = PeMode::PrecisionScalable;
    QVERIFY(std::abs(hardware::macEnergyPj(pe, kInt3, kInt3, kInt32, 45) - 0.15) < 1e-12);
    pe.mode = PeMode::BitSerial;
    QVERIFY(std::abs(hardware::macEnergyPj(pe, kInt8, kInt8, kInt32, 45) - 0.8) < 1e-12);
    QVERIFY(std::abs(hardware::macEnergyPj(pe, kInt8, kInt4, kInt32, 45) - 0.4) < 1e-12);
    // Area of one lane (Horowitz 45 nm fits: int mult 282 µm² at 8×8, 3495 at 32×32, linear in w·a;
    // int add 36 µm² at 8 bits, 137 at 32, linear in width). Fixed INT8 = 282 + 137 = 419 µm².
    // Precision-scalable with base 16: a 16×16 multiplier 282 + (3213/960)·(256 − 64) = 924.6, + 137.
    // Bit-serial with base 8: an 8×1 gated adder row 282 + (3213/960)·(8 − 64) = 94.575, + 137.
    auto a = twoLevel();
    QVERIFY(std::abs(hardware::macAreaUm2(a) - 419.0) < 1e-9);
    a.pe.mode = PeMode::PrecisionScalable;
    a.pe.base_bits = 16;
    QVERIFY(std::abs(hardware::macAreaUm2(a) - (924.6 + 137.0)) < 1e-9);
    a.pe.mode = PeMode::BitSerial;
    a.pe.base_bits = 8;
    QVERIFY(std::abs(hardware::macAreaUm2(a) - (94.575 + 137.0)) < 1e-9);
}

void TestLayerPrecision::exhaustiveMapperAtLayerPrecision() {
    // The exhaustive strategy prunes with a lower bound on cycles × MAC energy; at INT4 on a
    // precision-scalable PE both must be the layer's (4 MACs per cycle, 0.15 pJ per MAC), not the
    // INT8 accelerator's (1 per cycle, 0.3 pJ), or good candidates are pruned as hopeless.
    // Memory and NoC energies are 0, so EDP = cycles × 48 · 0.15 pJ, and DRAM moves 8 words per
    // cycle (serially). DRAM words = elements · bits / 16 (INT4 weights/inputs, INT32 outputs):
    // - everything at DRAM (the first candidate): W 48 + I 48 reads at 4 bits, O 48 updates + 40
    //   reads at 32 bits = 24 + 176 = 200 words = 25 cycles, + 12 compute = 37 cycles;
    // - everything at the buffer: W 12 + I 12 at 4 bits, O 8 at 32 bits = 6 + 16 = 22 words =
    //   2.75 cycles, + 12 = 14.75 cycles.
    // An INT8 bound (48 cycles × 14.4 pJ) exceeds the first candidate's 37 × 7.2 pJ and would prune
    // every later candidate; the layer's bound (12 × 7.2 pJ) does not.
    auto a = twoLevel();
    a.pe.mode = PeMode::PrecisionScalable;
    a.levels[0].bandwidth_words_per_cycle = 8;
    for (auto& lv : a.levels) lv.read_energy_pj = lv.write_energy_pj = lv.leak_pj_per_cycle = 0.0;
    a.noc.hop_energy_pj = 0;
    const auto l = withPrecision(smallConv(), kInt4, kInt4);
    const auto tables = hardware::costTables(a);
    const auto best = model::evaluate(l, a, tables, allAtBuffer(l));
    QCOMPARE(best.cycles, 14.75);
    QVERIFY(std::abs(best.energyPj() - 7.2) < 1e-12);
    search::MapperOptions o;
    o.strategy = search::StrategyKind::Exhaustive;
    o.budget = 0;
    o.warm_start = false; // the search itself must find it, not a template
    const auto r = search::searchMapping(l, a, tables, o);
    QVERIFY(r.found);
    QVERIFY2(r.cost.cycles <= 14.75, qPrintable(QString("best found: %1 cycles").arg(r.cost.cycles)));
}

void TestLayerPrecision::shapesDistinguishPrecision() {
    // Two identical convolutions, one at INT4: two shapes for evaluation and caching; without the
    // precision they are one shape.
    workload::Network net;
    net.layers = {smallConv(), smallConv()};
    QCOMPARE(net.uniqueShapes().size(), std::size_t(1));
    QCOMPARE(search::shapeHash(net.layers[0]), search::shapeHash(net.layers[1]));
    net.layers[1].weight_precision = kInt4;
    QCOMPARE(net.uniqueShapes().size(), std::size_t(2));
    QVERIFY(!net.layers[0].sameShape(net.layers[1]));
    QVERIFY(search::shapeHash(net.layers[0]) != search::shapeHash(net.layers[1]));
    // Weight vs input precision are different things.
    auto in4 = smallConv();
    in4.input_precision = kInt4;
    QVERIFY(!in4.sameShape(net.layers[1]));
    QVERIFY(search::shapeHash(in4) != search::shapeHash(net.layers[1]));
}

void TestLayerPrecision::systolicSramAtLayerPrecision() {
    // A systolic array whose buffer keeps only weights: 1024 bytes = 8192 bits hold 1024 INT8 or
    // 2048 INT4 weights (SCALE-Sim's SRAM size in elements of the operand's precision).
    auto a = twoLevel(1024);
    a.kind = hardware::AcceleratorKind::Systolic;
    a.pe = {4, 4, 1};
    a.levels[1].keeps = {true, false, false};
    const auto l = withPrecision(smallConv(), kInt4, kInt8);
    QCOMPARE(model::systolicMemory(a).sram_elements[Operand::Weight], 1024.0);
    QCOMPARE(model::systolicMemory(a, a.precisionOf(l)).sram_elements[Operand::Weight], 2048.0);
    // MAC energy follows the layer: INT4×INT8 = 0.1 + 0.1 = 0.2 pJ per MAC against INT8's 0.3 pJ.
    const auto c4 = model::evaluateLayer(l, a, nullptr);
    const auto c8 = model::evaluateLayer(smallConv(), a, nullptr);
    QVERIFY(c4.valid() && c8.valid());
    QVERIFY(std::abs(c4.energy.mac_pj - 48 * 0.2) < 1e-9);
    QVERIFY(std::abs(c8.energy.mac_pj - 48 * 0.3) < 1e-9);
    QCOMPARE(c4.cycles, c8.cycles); // SCALE-Sim's cycles do not depend on precision
}

QTEST_APPLESS_MAIN(TestLayerPrecision)
#include "tst_layer_precision.moc"
