// The one evaluation policy (search::EvaluationPolicy): each mode on a small network, with the
// expected per-layer costs computed directly from the cost model (model::evaluate on the mapping the
// mode must choose, found here by brute force over the templates) and the totals summed by hand.
#include <QtTest>

#include <cmath>
#include <limits>
#include <vector>

#include "core/search_fixtures.h"
#include "core/systolic_fixtures.h"
#include "hardware/technology.h"
#include "mapping/dataflow.h"
#include "mapping/validity.h"
#include "model/cost_model.h"
#include "model/systolic_model.h"
#include "search/design_evaluation.h"
#include "search/rng.h"
#include "search/shape_key.h"

using namespace archscape;
using search::EvaluationPolicy;
using Mode = search::EvaluationPolicy::Mode;

namespace {

/// Two identical convolutions, a pointwise one and a pooling layer (memory-only).
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

/// The expected cost of every layer given the mapping the mode must pick for each MAC layer.
struct Expected {
    std::vector<model::LayerCost> costs;
    double cycles = 0, energy = 0;
};

Expected expectedWith(const workload::Network& net, const hardware::Accelerator& acc,
                      const std::function<mapping::Mapping(const workload::Layer&)>& pick) {
    Expected e;
    for (const auto& l : net.layers) {
        const model::LayerCost c = workload::hasMacs(l.type)
                                       ? model::evaluate(l, acc, pick(l))
                                       : model::evaluateMemoryOnly(l, acc, hardware::costTables(acc));
        e.costs.push_back(c);
        e.cycles += c.cycles;
        e.energy += c.energyPj();
    }
    return e;
}

void compare(const model::NetworkCost& got, const Expected& want) {
    QCOMPARE(got.layers.size(), want.costs.size());
    for (std::size_t i = 0; i < want.costs.size(); ++i) {
        QVERIFY(got.layers[i].mapped);
        QCOMPARE(got.layers[i].cost.cycles, want.costs[i].cycles);
        QCOMPARE(got.layers[i].cost.energyPj(), want.costs[i].energyPj());
    }
    QCOMPARE(got.unmapped, 0);
    QCOMPARE(got.cycles, want.cycles);
    QCOMPARE(got.energy_pj, want.energy);
}

/// Brute force over the templates: the lowest cycles × energy, the earlier dataflow on a tie.
mapping::Mapping lowestEdpTemplate(const workload::Layer& l, const hardware::Accelerator& acc) {
    std::optional<mapping::Mapping> best;
    double best_edp = std::numeric_limits<double>::infinity();
    for (mapping::Dataflow d : mapping::kAllDataflows) {
        const auto m = mapping::templateMapping(l, acc, d);
        if (!m) continue;
        const auto c = model::evaluate(l, acc, *m);
        if (c.valid() && c.cycles * c.energyPj() < best_edp) {
            best_edp = c.cycles * c.energyPj();
            best = m;
        }
    }
    return *best;
}

} // namespace

class TstDesignEvaluation : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void templateMode_data();
    void templateMode();
    void bestTemplateMode();
    void mappingFileMode();
    void mappingFileWithoutALayer();
    void searchMode();
    void mapLayerAgreesWithTheNetwork();
    void systolicNeedsNoMapping();
    void explorationPolicy();
    void modeNames();
};

void TstDesignEvaluation::templateMode_data() {
    QTest::addColumn<int>("dataflow");
    for (mapping::Dataflow d : mapping::kAllDataflows)
        QTest::newRow(std::string(mapping::toString(d)).c_str()) << int(d);
}

void TstDesignEvaluation::templateMode() {
    QFETCH(int, dataflow);
    const auto df = mapping::Dataflow(dataflow);
    const auto acc = test::edgeAccelerator(8, 8);
    const auto net = smallNetwork();
    const auto got = search::evaluateDesign(net, acc, {.mode = Mode::Template, .dataflow = df});
    compare(got,
            expectedWith(net, acc, [&](const workload::Layer& l) { return *mapping::templateMapping(l, acc, df); }));
    QVERIFY(got.layers[0].mapping == *mapping::templateMapping(net.layers[0], acc, df));
}

void TstDesignEvaluation::bestTemplateMode() {
    const auto acc = test::edgeAccelerator(8, 8);
    const auto net = smallNetwork();
    const auto got = search::evaluateDesign(net, acc, {.mode = Mode::BestTemplate});
    compare(got, expectedWith(net, acc, [&](const workload::Layer& l) { return lowestEdpTemplate(l, acc); }));
    // No template beats the chosen one's EDP on any layer.
    for (int i = 0; i < 3; ++i) {
        const auto& c = got.layers[i].cost;
        for (mapping::Dataflow d : mapping::kAllDataflows) {
            const auto m = mapping::templateMapping(net.layers[i], acc, d);
            if (!m) continue;
            const auto other = model::evaluate(net.layers[i], acc, *m);
            if (other.valid()) QVERIFY(c.cycles * c.energyPj() <= other.cycles * other.energyPj());
        }
    }
}

void TstDesignEvaluation::mappingFileMode() {
    // Layer "c" has its own mapping (its ws template); every other layer takes the "" entry (the os
    // template of layer "a", which fits "b" too: same shape).
    const auto acc = test::edgeAccelerator(8, 8);
    const auto net = smallNetwork();
    const auto own = *mapping::templateMapping(net.layers[2], acc, mapping::Dataflow::WeightStationary);
    const auto shared = *mapping::templateMapping(net.layers[0], acc, mapping::Dataflow::OutputStationary);
    EvaluationPolicy p{.mode = Mode::MappingFile};
    p.mappings = {{"c", own}, {"", shared}};
    const auto got = search::evaluateDesign(net, acc, p);
    compare(got, expectedWith(net, acc, [&](const workload::Layer& l) { return l.name == "c" ? own : shared; }));
    QVERIFY(got.layers[2].mapping == own);
    QVERIFY(got.layers[1].mapping == shared);
}

void TstDesignEvaluation::mappingFileWithoutALayer() {
    // No "" entry: layers the file does not name are unmapped (two of them: "a" and "b"), the rest costed.
    const auto acc = test::edgeAccelerator(8, 8);
    const auto net = smallNetwork();
    const auto own = *mapping::templateMapping(net.layers[2], acc, mapping::Dataflow::WeightStationary);
    EvaluationPolicy p{.mode = Mode::MappingFile};
    p.mappings = {{"c", own}};
    const auto got = search::evaluateDesign(net, acc, p);
    QCOMPARE(got.unmapped, 2);
    QVERIFY(!got.layers[0].mapped && !got.layers[1].mapped && got.layers[2].mapped && got.layers[3].mapped);
    const auto c = model::evaluate(net.layers[2], acc, own);
    const auto pool = model::evaluateMemoryOnly(net.layers[3], acc, hardware::costTables(acc));
    QCOMPARE(got.cycles, c.cycles + pool.cycles);
}

void TstDesignEvaluation::searchMode() {
    // The mapper's result must be a valid mapping whose reported cost is the cost model's own, whose
    // spatial unrolling keeps to the dataflow's dimensions, and which is no worse by EDP than the
    // template (the mapper evaluates it first: warm start).
    const auto acc = test::edgeAccelerator(8, 8);
    const auto net = smallNetwork();
    const auto df = mapping::Dataflow::WeightStationary;
    const EvaluationPolicy p{.mode = Mode::Search, .dataflow = df, .budget = 60};
    const auto got = search::evaluateDesign(net, acc, p);
    QCOMPARE(got.unmapped, 0);
    const auto dims = mapping::spatialDims(df);
    double cycles = 0;
    for (std::size_t i = 0; i < net.layers.size(); ++i) {
        const auto& l = net.layers[i];
        const auto& r = got.layers[i];
        cycles += r.cost.cycles;
        if (!workload::hasMacs(l.type)) continue;
        QVERIFY(!mapping::check(l, acc, r.mapping));
        const auto direct = model::evaluate(l, acc, r.mapping);
        QCOMPARE(r.cost.cycles, direct.cycles);
        QCOMPARE(r.cost.energyPj(), direct.energyPj());
        for (workload::Dim d : workload::kAllDims) {
            if (!dims.cols[d]) QCOMPARE(r.mapping.spatial_x[d], 1);
            if (!dims.rows[d]) QCOMPARE(r.mapping.spatial_y[d], 1);
        }
        const auto t = model::evaluate(l, acc, *mapping::templateMapping(l, acc, df));
        QVERIFY(direct.cycles * direct.energyPj() <= t.cycles * t.energyPj());
    }
    QCOMPARE(got.cycles, cycles);
    // Identical layers get the identical result.
    QVERIFY(got.layers[0].mapping == got.layers[1].mapping);
}

void TstDesignEvaluation::mapLayerAgreesWithTheNetwork() {
    // The explorer evaluates layer by layer (mapLayer), the GUI and CLI the whole network: with the
    // same seed (mapNetwork's per-shape seed: mixSeed(options seed, shape hash)) both give one answer.
    const auto acc = test::edgeAccelerator(8, 8);
    const auto tables = hardware::costTables(acc);
    const auto net = smallNetwork();
    for (Mode mode : {Mode::Template, Mode::BestTemplate, Mode::Search}) {
        const EvaluationPolicy p{.mode = mode, .dataflow = mapping::Dataflow::OutputStationary, .budget = 40};
        const auto whole = search::evaluateDesign(net, acc, p);
        for (std::size_t i = 0; i < net.layers.size(); ++i) {
            const auto& l = net.layers[i];
            const auto one = search::mapLayer(l, acc, tables, p, search::mixSeed(p.mapper.seed, search::shapeHash(l)));
            QVERIFY(one.found);
            QCOMPARE(one.cost.cycles, whole.layers[i].cost.cycles);
            QCOMPARE(one.cost.energyPj(), whole.layers[i].cost.energyPj());
            if (workload::hasMacs(l.type)) QVERIFY(one.mapping == whole.layers[i].mapping);
        }
    }
}

void TstDesignEvaluation::systolicNeedsNoMapping() {
    // A systolic array's dataflow fixes the mapping: every mode gives SCALE-Sim's figures
    // (model::evaluateSystolic), with the policy's systolic options.
    const auto acc = test::systolicAcc(8, 8, hardware::SystolicDataflow::OutputStationary, 4096, 4096, 4096, 4);
    const auto net = smallNetwork();
    for (bool exact : {false, true}) {
        const model::SystolicOptions options{.exact_memory = exact};
        for (Mode mode : {Mode::Template, Mode::BestTemplate, Mode::Search, Mode::MappingFile}) {
            EvaluationPolicy p{.mode = mode, .budget = 10};
            p.systolic = options;
            const auto got = search::evaluateDesign(net, acc, p);
            QCOMPARE(got.unmapped, 0);
            double cycles = 0;
            for (std::size_t i = 0; i < net.layers.size(); ++i) {
                const auto want = model::evaluateSystolic(net.layers[i], acc, options);
                QCOMPARE(got.layers[i].cost.cycles, want.cycles);
                QCOMPARE(got.layers[i].cost.energyPj(), want.energyPj());
                cycles += want.cycles;
            }
            QCOMPARE(got.cycles, cycles);
        }
    }
}

void TstDesignEvaluation::explorationPolicy() {
    // An exploration point's policy reproduces the space's mapper options with the point's dataflow.
    search::MapperOptions o;
    o.strategy = search::StrategyKind::Genetic;
    o.budget = 1234;
    o.objective = search::Objective::latency();
    o.population = 7;
    o.warm_start = false;
    search::MapperOptions want = o;
    want.dataflow = mapping::Dataflow::KCP;
    QVERIFY(search::mapperOptions(search::explorationPolicy(o, mapping::Dataflow::KCP)) == want);
    want.dataflow.reset();
    QVERIFY(search::mapperOptions(search::explorationPolicy(o, std::nullopt)) == want);
    // The GUI's defaults: the decoupled mapper with the policy's budget, constrained to its dataflow.
    const auto gui = search::mapperOptions(EvaluationPolicy{.dataflow = mapping::Dataflow::RowStationary});
    QVERIFY(gui.strategy == search::StrategyKind::Decoupled);
    QCOMPARE(gui.budget, std::int64_t(300));
    QVERIFY(gui.dataflow == mapping::Dataflow::RowStationary);
}

void TstDesignEvaluation::modeNames() {
    for (Mode m : {Mode::Template, Mode::BestTemplate, Mode::Search})
        QVERIFY(search::parseEvaluationMode(search::toString(m)) == m);
    // A mapping file lives in its own file: projects do not store the mode.
    QCOMPARE(search::toString(Mode::MappingFile), std::string_view("mapping-file"));
    QVERIFY(!search::parseEvaluationMode("mapping-file"));
}

QTEST_APPLESS_MAIN(TstDesignEvaluation)
#include "tst_design_evaluation.moc"
