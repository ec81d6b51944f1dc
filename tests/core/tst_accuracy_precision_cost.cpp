// Precision in the cost model: MAC energy scaling and per-layer precision evaluation.
#include <QtTest>

#include <cmath>

#include "accuracy/precision_cost.h"
#include "hardware/technology.h"
#include "mapping/dataflow.h"
#include "model/cost_model.h"
#include "model/network_cost.h"

using namespace archscape;
using namespace archscape::accuracy;
using archscape::Precision;

class TstAccuracyPrecisionCost : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void macEnergyOrder();
    void nativePrecisionMatchesCostModel();
    void lowerPrecisionCostsLess();
    void overrideScaledWhenPrecisionChanges();
    void matchesLayerPrecisionInTheCostModel();

private:
    static hardware::Accelerator accelerator();
    static workload::Network network();
};

hardware::Accelerator TstAccuracyPrecisionCost::accelerator() {
    hardware::Accelerator acc;
    acc.name = "test";
    hardware::MemoryLevel dram{"DRAM", hardware::MemoryKind::Dram, 0, 64, 1, 0, false, false};
    hardware::MemoryLevel glb{"GLB", hardware::MemoryKind::Sram, 128 * 1024, 64, 1, 0, true, false};
    hardware::MemoryLevel rf{"RF", hardware::MemoryKind::RegFile, 512, 32, 1, 0, false, true};
    acc.levels = {dram, glb, rf};
    acc.pe = {8, 8, 1};
    acc.precision[workload::Operand::Output] = Precision::integer(32);
    return acc;
}

workload::Network TstAccuracyPrecisionCost::network() {
    workload::Network net;
    net.name = "two convs";
    for (int i = 0; i < 2; ++i) {
        workload::Layer l;
        l.name = "conv" + std::to_string(i + 1);
        using workload::Dim;
        l.bounds[Dim::K] = 32;
        l.bounds[Dim::C] = 16;
        l.bounds[Dim::P] = l.bounds[Dim::Q] = 14;
        l.bounds[Dim::R] = l.bounds[Dim::S] = 3;
        l.pad_h = l.pad_w = 1;
        net.layers.push_back(l);
    }
    return net;
}

void TstAccuracyPrecisionCost::macEnergyOrder() {
    // Horowitz ISSCC 2014 at 45 nm, 32-bit accumulation for integers: multiplier ∝ product of widths
    // through 0.2 pJ at 8×8 -> INT4 0.2·16/64 = 0.05 pJ, INT8 0.2 pJ; 32-bit add 0.1 pJ.
    // FP16: mult 1.1 pJ + FP32 accumulate 0.9 pJ = 2.0 pJ.
    const Precision i4 = Precision::integer(4), i8 = Precision::integer(8), i32 = Precision::integer(32);
    const Precision f16 = Precision::floating(16, 10), f32 = Precision::floating(32, 23);
    const double e4 = hardware::macEnergyPj(i4, i4, i32, 45);
    const double e8 = hardware::macEnergyPj(i8, i8, i32, 45);
    const double ef16 = hardware::macEnergyPj(f16, f16, f32, 45);
    QVERIFY(std::abs(e4 - 0.15) < 1e-9);
    QVERIFY(std::abs(e8 - 0.30) < 1e-9);
    QVERIFY(std::abs(ef16 - 2.0) < 1e-9);
    QVERIFY(e4 < e8 && e8 < ef16);
    // The same order with FP16 accumulating in FP16 (Horowitz FP16 add 0.4 pJ: 1.5 pJ).
    QVERIFY(std::abs(hardware::macEnergyPj(f16, f16, f16, 45) - 1.5) < 1e-9);
}

void TstAccuracyPrecisionCost::nativePrecisionMatchesCostModel() {
    // Conservation: with every layer at the accelerator's own precision, the per-layer path must give
    // exactly what model::evaluateNetwork gives.
    const auto acc = accelerator();
    const auto net = network();
    const PrecisionMappingChooser choose = [](const workload::Layer& l, const hardware::Accelerator& a) {
        return mapping::templateMapping(l, a, mapping::Dataflow::WeightStationary);
    };
    const auto ref = model::evaluateNetwork(net, acc, [&](const workload::Layer& l) { return choose(l, acc); });
    const auto per = evaluateWithPrecision(net, acc, PrecisionAssignment::uniform(2, Precision::integer(8)), choose);
    QVERIFY(ref.valid());
    QCOMPARE(per.energy_pj, ref.energy_pj);
    QCOMPARE(per.cycles, ref.cycles);
    QCOMPARE(per.area_um2, ref.area_um2);
}

void TstAccuracyPrecisionCost::lowerPrecisionCostsLess() {
    const auto acc = accelerator();
    const auto net = network();
    const PrecisionMappingChooser choose = [](const workload::Layer& l, const hardware::Accelerator& a) {
        return mapping::templateMapping(l, a, mapping::Dataflow::WeightStationary);
    };
    auto energy = [&](const PrecisionAssignment& a) {
        const auto c = evaluateWithPrecision(net, acc, a, choose);
        return c.valid() ? c.energy_pj : -1.0; // an unmapped layer must fail the ordering below
    };
    const double e4 = energy(PrecisionAssignment::uniform(2, Precision::integer(4)));
    const double e8 = energy(PrecisionAssignment::uniform(2, Precision::integer(8)));
    const double e16 = energy(PrecisionAssignment::uniform(2, Precision::floating(16, 10)));
    auto mixed = PrecisionAssignment::uniform(2, Precision::integer(8));
    mixed.layers[1] = {Precision::integer(4), Precision::integer(4)};
    const double em = energy(mixed);
    qInfo("network energy pJ: INT4 %.6g, INT8 %.6g, FP16 %.6g, mixed %.6g", e4, e8, e16, em);
    QVERIFY(e4 > 0 && e4 < e8 && e8 < e16);
    // The two layers are identical, so mixed = half of each uniform total (each layer evaluated alone).
    QVERIFY(std::abs(em - (e4 + e8) / 2) < 1e-6 * em);
    // Weight storage: 2 layers × 32·16·9 = 4608 weights: 9216 bytes at INT8, 4608 + 2304 mixed.
    QCOMPARE(weightBytes(net, PrecisionAssignment::uniform(2, Precision::integer(8))), 9216.0);
    QCOMPARE(weightBytes(net, mixed), 6912.0);
}

void TstAccuracyPrecisionCost::overrideScaledWhenPrecisionChanges() {
    // Changed with per-layer precision in the cost model (issue 5): an override states the MAC at the
    // accelerator's own precisions and is now scaled by the technology model instead of dropped.
    // Energy (Horowitz, 45 nm): INT8×INT8 into INT32 = 0.2 + 0.1 = 0.3 pJ; INT4×INT8 = 0.1 + 0.1 = 0.2 pJ,
    // so 0.5 pJ → 0.5 · 0.2/0.3. Area: INT8×INT8 multiplier 282 µm² + 32-bit adder 137 µm² = 419 µm²;
    // INT4×INT8 multiplier 282 + (3213/960)·(32 − 64) = 174.9 µm², so 1000 µm² → 1000 · 311.9/419.
    auto acc = accelerator();
    acc.mac_energy_pj = 0.5;
    acc.mac_area_um2 = 1000;
    const auto same = withLayerPrecision(acc, {Precision::integer(8), Precision::integer(8)});
    QCOMPARE(*same.mac_energy_pj, 0.5);
    QCOMPARE(*same.mac_area_um2, 1000.0);
    const auto low = withLayerPrecision(acc, {Precision::integer(4), Precision::integer(8)});
    QVERIFY(std::abs(*low.mac_energy_pj - 0.5 * 0.2 / 0.3) < 1e-12);
    QVERIFY(std::abs(*low.mac_area_um2 - 1000.0 * 311.9 / 419.0) < 1e-9);
    QVERIFY(low.precision[workload::Operand::Weight] == Precision::integer(4));
    QVERIFY(low.precision[workload::Operand::Input] == Precision::integer(8));
}

void TstAccuracyPrecisionCost::matchesLayerPrecisionInTheCostModel() {
    // Conservation: each layer's cost under evaluateWithPrecision is the cost model's for the layer
    // carrying that precision, and equals the cost on the accelerator built for that precision (the
    // old emulation) when no override is involved.
    const auto acc = accelerator();
    const auto net = network();
    auto mixed = PrecisionAssignment::uniform(2, Precision::integer(8));
    mixed.layers[0] = {Precision::integer(4), Precision::floating(16, 10)};
    const PrecisionMappingChooser choose = [](const workload::Layer& l, const hardware::Accelerator& a) {
        return mapping::templateMapping(l, a, mapping::Dataflow::WeightStationary);
    };
    const auto c = evaluateWithPrecision(net, acc, mixed, choose);
    QVERIFY(c.valid());
    const auto special = withLayerPrecision(acc, mixed.layers[0]);
    const auto m = mapping::templateMapping(net.layers[0], special, mapping::Dataflow::WeightStationary);
    QVERIFY(m.has_value());
    const auto alone = model::evaluate(net.layers[0], special, *m);
    QVERIFY(std::abs(c.layers[0].cost.energyPj() - alone.energyPj()) < 1e-9 * alone.energyPj());
    QCOMPARE(c.layers[0].cost.cycles, alone.cycles);
    // Area: the FP16-input layer needs floating-point MACs, so the area is that accelerator's.
    QCOMPARE(c.area_um2, hardware::areaUm2(special));
}

QTEST_APPLESS_MAIN(TstAccuracyPrecisionCost)
#include "tst_accuracy_precision_cost.moc"
