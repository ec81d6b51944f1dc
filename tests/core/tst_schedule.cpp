// The sequential schedule (core/schedule/): the one place where per-layer costs become a network
// cost. Expected totals are hand sums of the layer costs; unmapped layers are counted, not timed.
#include <QtTest>

#include <vector>

#include "core/search_fixtures.h"
#include "hardware/technology.h"
#include "mapping/dataflow.h"
#include "model/cost_model.h"
#include "model/evaluate_layer.h"
#include "schedule/evaluate_network.h"
#include "schedule/sequential_schedule.h"

using namespace archscape;
using schedule::LayerRun;

Q_DECLARE_METATYPE(std::vector<archscape::schedule::LayerRun>)

namespace {

/// Three convolutions, the first two identical, and a pooling layer (memory-only: no MACs).
workload::Network smallNetwork() {
    workload::Network n;
    n.name = "small";
    n.layers = {test::conv("a", 16, 8, 8, 8, 3, 3), test::conv("b", 16, 8, 8, 8, 3, 3),
                test::conv("c", 32, 16, 4, 4, 1, 1)};
    workload::Layer pool;
    pool.name = "pool";
    pool.type = workload::LayerType::Pool;
    pool.bounds[workload::Dim::K] = 32;
    pool.bounds[workload::Dim::P] = 2;
    pool.bounds[workload::Dim::Q] = 2;
    pool.bounds[workload::Dim::R] = 2;
    pool.bounds[workload::Dim::S] = 2;
    pool.stride_h = pool.stride_w = 2;
    n.layers.push_back(pool);
    return n;
}

} // namespace

class TstSchedule : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sequentialTotals_data();
    void sequentialTotals();
    void scheduleKeepsLayersAndArea();
    void networkIsTheSumOfItsLayers();
    void unmappedLayersAreCountedNotTimed();
};

void TstSchedule::sequentialTotals_data() {
    QTest::addColumn<std::vector<LayerRun>>("runs");
    QTest::addColumn<double>("cycles");
    QTest::addColumn<double>("energy");
    QTest::addColumn<double>("macs");
    QTest::addColumn<int>("unmapped");
    // {mapped, cycles, energy_pj, macs, count}; totals by hand: Σ count·x over the mapped entries.
    QTest::newRow("empty") << std::vector<LayerRun>{} << 0.0 << 0.0 << 0.0 << 0;
    QTest::newRow("one") << std::vector<LayerRun>{{true, 100, 5, 10, 1}} << 100.0 << 5.0 << 10.0 << 0;
    // 2·100 + 3·7 = 221 cycles, 2·5 + 3·1.5 = 14.5 pJ, 2·10 + 3·4 = 32 MACs.
    QTest::newRow("counts") << std::vector<LayerRun>{{true, 100, 5, 10, 2}, {true, 7, 1.5, 4, 3}} << 221.0 << 14.5
                            << 32.0 << 0;
    // The unmapped entry (count 4) adds 4 to unmapped and nothing to the sums, whatever it holds.
    QTest::newRow("unmapped") << std::vector<LayerRun>{{true, 100, 5, 10, 1},
                                                       {false, 1e9, 1e9, 1e9, 4},
                                                       {true, 1, 1, 1, 1}}
                              << 101.0 << 6.0 << 11.0 << 4;
    QTest::newRow("all unmapped") << std::vector<LayerRun>{{false, 3, 3, 3, 1}, {false, 3, 3, 3, 2}} << 0.0 << 0.0
                                  << 0.0 << 3;
}

void TstSchedule::sequentialTotals() {
    QFETCH(std::vector<LayerRun>, runs);
    QFETCH(double, cycles);
    QFETCH(double, energy);
    QFETCH(double, macs);
    QFETCH(int, unmapped);
    const auto t = schedule::sequentialTotals(runs);
    QCOMPARE(t.cycles, cycles);
    QCOMPARE(t.energy_pj, energy);
    QCOMPARE(t.macs, macs);
    QCOMPARE(t.unmapped, unmapped);
}

void TstSchedule::scheduleKeepsLayersAndArea() {
    const auto acc = test::edgeAccelerator(8, 8);
    std::vector<model::LayerResult> layers(3);
    for (int i = 0; i < 3; ++i) {
        layers[i].layer = i;
        layers[i].mapped = i != 1;
        layers[i].cost.cycles = 10.0 * (i + 1); // 10, 20, 30
        layers[i].cost.macs = 100.0 * (i + 1);
        layers[i].cost.energy.mac_pj = 1.0 * (i + 1); // energyPj() = 1, 2, 3 (no other term)
    }
    QCOMPARE(layers[2].cost.energyPj(), 3.0);
    const auto nc = schedule::sequentialSchedule(layers, acc);
    QCOMPARE(int(nc.layers.size()), 3);
    for (int i = 0; i < 3; ++i) QCOMPARE(nc.layers[i].cost.cycles, layers[i].cost.cycles);
    // Layers 0 and 2 run one after another: 10 + 30 cycles, 1 + 3 pJ, 100 + 300 MACs; layer 1 is unmapped.
    QCOMPARE(nc.cycles, 40.0);
    QCOMPARE(nc.energy_pj, 4.0);
    QCOMPARE(nc.macs, 400.0);
    QCOMPARE(nc.unmapped, 1);
    QVERIFY(!nc.valid());
    // Area is the accelerator's, whatever runs on it.
    QCOMPARE(nc.area_um2, hardware::areaUm2(acc));
}

void TstSchedule::networkIsTheSumOfItsLayers() {
    // Conservation: the network totals are the hand sum over every layer (duplicates included) of
    // the cost model's figures for that layer's template mapping.
    const auto acc = test::edgeAccelerator(8, 8);
    const auto net = smallNetwork();
    const auto df = mapping::Dataflow::WeightStationary;
    const auto nc = schedule::evaluateNetwork(
        net, acc, [&](const workload::Layer& l) { return mapping::templateMapping(l, acc, df); });
    double cycles = 0, energy = 0, macs = 0;
    for (std::size_t i = 0; i < net.layers.size(); ++i) {
        const auto& l = net.layers[i];
        model::LayerCost c;
        if (workload::hasMacs(l.type)) {
            const auto m = mapping::templateMapping(l, acc, df);
            QVERIFY(m);
            c = model::evaluate(l, acc, *m);
            QVERIFY(nc.layers[i].mapping == *m);
        } else {
            c = model::evaluateMemoryOnly(l, acc, hardware::costTables(acc));
        }
        QVERIFY(c.valid());
        QCOMPARE(nc.layers[i].layer, int(i));
        QVERIFY(nc.layers[i].mapped);
        QCOMPARE(nc.layers[i].cost.cycles, c.cycles);
        cycles += c.cycles;
        energy += c.energyPj();
        macs += c.macs;
    }
    QCOMPARE(nc.unmapped, 0);
    QCOMPARE(nc.cycles, cycles);
    QCOMPARE(nc.energy_pj, energy);
    QCOMPARE(nc.macs, macs);
    // The MACs are the network's (the pooling layer has none).
    QCOMPARE(nc.macs, double(net.totalMacs()));
}

void TstSchedule::unmappedLayersAreCountedNotTimed() {
    // Layer "c" gets no mapping: it counts as unmapped and its cost is left out; the identical layers
    // "a" and "b" are each counted once; the pooling layer needs no mapping.
    const auto acc = test::edgeAccelerator(8, 8);
    const auto net = smallNetwork();
    const auto df = mapping::Dataflow::OutputStationary;
    const auto nc =
        schedule::evaluateNetwork(net, acc, [&](const workload::Layer& l) -> std::optional<mapping::Mapping> {
            if (l.name == "c") return std::nullopt;
            return mapping::templateMapping(l, acc, df);
        });
    const auto a = model::evaluate(net.layers[0], acc, *mapping::templateMapping(net.layers[0], acc, df));
    const auto pool = model::evaluateMemoryOnly(net.layers[3], acc, hardware::costTables(acc));
    QCOMPARE(nc.unmapped, 1);
    QVERIFY(!nc.layers[2].mapped);
    QVERIFY(nc.layers[3].mapped);
    QCOMPARE(nc.cycles, a.cycles + a.cycles + pool.cycles);
    QCOMPARE(nc.energy_pj, a.energyPj() + a.energyPj() + pool.energyPj());
    QCOMPARE(nc.macs, 2 * a.macs);
}

QTEST_APPLESS_MAIN(TstSchedule)
#include "tst_schedule.moc"
