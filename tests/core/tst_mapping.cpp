// Mapping validity (typed violations, padding of non-divisible bounds) and the technology tables.
#include <QtTest>

#include "hardware/technology.h"
#include "mapping/validity.h"
#include "model/cost_model.h"

using namespace archscape;
using workload::Dim;
using K = mapping::Violation::Kind;

namespace {
/// DRAM + a per-PE register file, 1 x 4 PEs.
hardware::Accelerator fourPes() {
    hardware::Accelerator a;
    a.pe = {1, 4, 1};
    a.levels.resize(2);
    a.levels[0].kind = hardware::MemoryKind::Dram;
    a.levels[1].kind = hardware::MemoryKind::RegFile;
    a.levels[1].capacity_bytes = 64;
    a.levels[1].per_pe = true;
    return a;
}
workload::Layer kOnly(int k) {
    workload::Layer l;
    l.bounds[Dim::K] = k;
    return l;
}
mapping::Mapping mapK(int spatial, int dram) {
    mapping::Mapping m;
    m.num_levels = 2;
    m.spatial_x[Dim::K] = spatial;
    m.levels[0].factors[Dim::K] = dram;
    return m;
}
} // namespace

class TestMapping : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void violations_data() {
        QTest::addColumn<int>("spatial");
        QTest::addColumn<int>("dram");
        QTest::addColumn<int>("kind");
        QTest::newRow("exact 4x2") << 4 << 2 << int(K::None);
        QTest::newRow("padded 4x2 for 7") << 4 << 2 << int(K::None);
        QTest::newRow("short 4x1") << 4 << 1 << int(K::FactorProduct);
        QTest::newRow("excess 4x3") << 4 << 3 << int(K::ExcessPadding);
        QTest::newRow("fan-out 8x1") << 8 << 1 << int(K::Fanout);
        QTest::newRow("zero factor") << 4 << 0 << int(K::BadFactor);
    }
    void violations() {
        QFETCH(int, spatial);
        QFETCH(int, dram);
        QFETCH(int, kind);
        const auto l = kOnly(QByteArray(QTest::currentDataTag()).contains("for 7") ? 7 : 8);
        QCOMPARE(int(mapping::check(l, fourPes(), mapK(spatial, dram)).kind), kind);
    }
    void structuralViolations() {
        auto m = mapK(4, 2);
        m.levels[1].order[0] = m.levels[1].order[1];
        QCOMPARE(int(mapping::check(kOnly(8), fourPes(), m).kind), int(K::Order));
        m = mapK(4, 2);
        m.levels[0].bypass[workload::Operand::Input] = true;
        QCOMPARE(int(mapping::check(kOnly(8), fourPes(), m).kind), int(K::TopMustKeep));
        m = mapK(4, 2);
        m.num_levels = 3;
        const auto v = mapping::check(kOnly(8), fourPes(), m);
        QCOMPARE(int(v.kind), int(K::LevelCount));
        QCOMPARE(QString::fromStdString(mapping::describe(v)), QString("mapping has 3 levels, the accelerator has 2"));
    }
    // K = 7 on 4 PEs in 2 steps: 8 slots, 7 used. Cycles 2, utilisation 7 / (2 * 4).
    void paddingCountsAsIdleWork() {
        const auto c = model::evaluate(kOnly(7), fourPes(), mapK(4, 2));
        QVERIFY(c.valid());
        QCOMPARE(c.macs, 7.0);
        QCOMPARE(c.compute_cycles, 2.0);
        QCOMPARE(c.utilization, 7.0 / 8.0);
    }
    // Horowitz, ISSCC 2014 (45 nm): 8b mult 0.2 pJ, 32b add 0.1 pJ, FP16 mult 1.1 + add 0.4,
    // FP32 mult 3.7 + add 0.9; SRAM 64-bit read 10 pJ at 8 KB and 100 pJ at 1 MB; DRAM 1.3 nJ / 64 bit.
    void technologyTables() {
        using archscape::Precision;
        const auto i8 = Precision::integer(8);
        QCOMPARE(hardware::macEnergyPj(i8, i8, Precision::integer(16), 45), 0.2 + 0.1 / 32 * 16);
        const auto fp16 = *parsePrecision("fp16"), fp32 = *parsePrecision("fp32");
        QVERIFY(qAbs(hardware::macEnergyPj(fp16, fp16, fp16, 45) - 1.5) < 1e-9);
        QVERIFY(qAbs(hardware::macEnergyPj(fp32, fp32, fp32, 45) - 4.6) < 1e-9);
        QVERIFY(qAbs(hardware::macEnergyPj(i8, i8, Precision::integer(16), 90) - 2 * (0.2 + 0.05)) < 1e-12);
        QVERIFY(hardware::macEnergyPj(Precision::integer(4), Precision::integer(4), Precision::integer(16), 45) <
                hardware::macEnergyPj(i8, i8, Precision::integer(16), 45));
        hardware::MemoryLevel sram;
        sram.kind = hardware::MemoryKind::Sram;
        sram.word_bits = 64;
        sram.capacity_bytes = 8192;
        QVERIFY(qAbs(hardware::modelLevelCosts(sram, 45).read_pj - 10.0) < 1e-9);
        sram.capacity_bytes = 1 << 20;
        QVERIFY(qAbs(hardware::modelLevelCosts(sram, 45).read_pj - 100.0) < 0.1);
        sram.kind = hardware::MemoryKind::Dram;
        QCOMPARE(hardware::modelLevelCosts(sram, 45).read_pj, 1300.0);
        sram.read_energy_pj = 7.0; // overrides win
        hardware::Accelerator a = fourPes();
        a.levels[0] = sram;
        QCOMPARE(hardware::costTables(a).level[0].read_pj, 7.0);
        // Int8 MAC with an 8-bit accumulator: 282 um^2 multiplier + 36 um^2 adder (Horowitz).
        QVERIFY(qAbs(hardware::macAreaUm2(i8, i8, Precision::integer(8), 45) - (282.0 + 36.0)) < 1e-9);
    }
};

QTEST_APPLESS_MAIN(TestMapping)
#include "tst_mapping.moc"
