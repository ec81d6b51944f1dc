// The engine table (model::engineFor): one row per accelerator kind, and model::evaluateLayer
// dispatching through it (the data-centric engine takes a mapping, the systolic one does not).
#include <QtTest>

#include <iterator>
#include <set>

#include "core/cost_fixtures.h"
#include "core/search_fixtures.h"
#include "core/systolic_fixtures.h"
#include "hardware/technology.h"
#include "mapping/dataflow.h"
#include "model/cost_model.h"
#include "model/engine.h"
#include "model/evaluate_layer.h"
#include "model/systolic_model.h"

using namespace archscape;
using hardware::AcceleratorKind;

class TstEngine : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void everyKindHasItsRow();
    void whichKindsNeedAMapping();
    void dataCentricDispatch();
    void systolicDispatch();
};

void TstEngine::everyKindHasItsRow() {
    // Every kind an accelerator file can name has exactly one engine, named as the file names it.
    QCOMPARE(model::engines().size(), std::size(hardware::kAllAcceleratorKinds));
    std::set<int> seen;
    for (AcceleratorKind k : hardware::kAllAcceleratorKinds) {
        const model::Engine& e = model::engineFor(k);
        QVERIFY(e.kind == k);
        QCOMPARE(e.name, hardware::toString(k));
        QVERIFY(hardware::parseAcceleratorKind(e.name) == k);
        QVERIFY(e.evaluate != nullptr);
        seen.insert(int(k));
    }
    QCOMPARE(seen.size(), std::size(hardware::kAllAcceleratorKinds));
    // The list of kinds is complete: the names the parser knows are exactly the rows' names.
    QVERIFY(!hardware::parseAcceleratorKind("gpu"));
    QVERIFY(hardware::parseAcceleratorKind("data-centric") == AcceleratorKind::DataCentric);
    QVERIFY(hardware::parseAcceleratorKind("systolic") == AcceleratorKind::Systolic);
}

void TstEngine::whichKindsNeedAMapping() {
    // DESIGN.md: the data-centric model evaluates a given mapping; a systolic array's dataflow fixes it.
    QVERIFY(model::engineFor(AcceleratorKind::DataCentric).needs_mapping);
    QVERIFY(!model::engineFor(AcceleratorKind::Systolic).needs_mapping);
    auto dc = test::edgeAccelerator(4, 4);
    auto sys = test::systolicAcc(4, 4, hardware::SystolicDataflow::WeightStationary);
    workload::Layer pool = test::smallConv();
    pool.type = workload::LayerType::Pool;
    QVERIFY(model::needsMapping(test::smallConv(), dc));
    QVERIFY(!model::needsMapping(test::smallConv(), sys));
    QVERIFY(!model::needsMapping(pool, dc)); // memory-only layers never need one
    QVERIFY(!model::needsMapping(pool, sys));
}

void TstEngine::dataCentricDispatch() {
    const auto acc = test::edgeAccelerator(4, 4);
    const auto layer = test::smallConv();
    const auto m = *mapping::templateMapping(layer, acc, mapping::Dataflow::WeightStationary);
    const auto direct = model::evaluate(layer, acc, m);
    const auto via = model::evaluateLayer(layer, acc, &m);
    QCOMPARE(via.cycles, direct.cycles);
    QCOMPARE(via.energyPj(), direct.energyPj());
    // Without the mapping it needs: LevelCount, need = the accelerator's 3 levels, have = 0; MACs kept.
    const auto none = model::evaluateLayer(layer, acc, nullptr);
    QVERIFY(!none.valid());
    QVERIFY(none.violation.kind == mapping::Violation::Kind::LevelCount);
    QCOMPARE(none.macs, 48.0); // smallConv: K2·C2·P4·R3
    // A memory-only layer needs none.
    workload::Layer pool = test::smallConv();
    pool.type = workload::LayerType::Pool;
    const auto p = model::evaluateLayer(pool, acc, nullptr);
    QCOMPARE(p.cycles, model::evaluateMemoryOnly(pool, acc, hardware::costTables(acc)).cycles);
}

void TstEngine::systolicDispatch() {
    const auto acc = test::systolicAcc(4, 4, hardware::SystolicDataflow::OutputStationary);
    const auto layer = test::smallConv();
    for (bool exact : {false, true}) {
        const model::SystolicOptions o{.exact_memory = exact};
        const auto direct = model::evaluateSystolic(layer, acc, o);
        const auto via = model::evaluateLayer(layer, acc, nullptr, o);
        QVERIFY(via.valid());
        QCOMPARE(via.cycles, direct.cycles);
        QCOMPARE(via.energyPj(), direct.energyPj());
    }
}

QTEST_APPLESS_MAIN(TstEngine)
#include "tst_engine.moc"
