// Cycle accounting (issue 15): the parts the mapping inspector lists for a layer (model::cycleTerms)
// add up to the layer's cycle count, on every preset kind. The expected totals are rebuilt from the
// engines' documented rules over their public components, not from the overlapped term itself:
//   data-centric MAC layer: max(compute, every double-buffered level's transfers, NoC)
//                           + Σ transfers of the levels that are not double-buffered + pipeline fill;
//   memory-only layer:      max(compute, every level's transfers);
//   systolic MAC layer:     groups × (Rf·Cf·L − 1 + stall) from SCALE-Sim's report.
#include <QtTest>

#include <algorithm>
#include <cmath>

#include "io/accelerator_json.h"
#include "io/workload_json.h"
#include "model/cycle_terms.h"
#include "search/design_evaluation.h"
#include "test_support.h"

using namespace archscape;

namespace {

double ruleCycles(const workload::Layer& layer, const hardware::Accelerator& acc, const model::LayerResult& r) {
    const model::LayerCost& c = r.cost;
    if (r.systolic) return double(r.systolic->groups) * (r.systolic->compute_cycles + r.systolic->stall_cycles);
    double overlapped = c.compute_cycles, serial = 0;
    for (int i = 0; i < acc.numLevels(); ++i) {
        if (!workload::hasMacs(layer.type) || acc.levels[i].double_buffered)
            overlapped = std::max(overlapped, c.levels[i].transfer_cycles);
        else serial += c.levels[i].transfer_cycles;
    }
    overlapped = std::max(overlapped, c.noc_cycles);
    return overlapped + serial + c.startup_cycles;
}

bool close(double a, double b) { return std::abs(a - b) <= 1e-9 * std::max({1.0, std::abs(a), std::abs(b)}); }

} // namespace

class TestCycleTerms : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void termsSumToLayerCycles_data() {
        QTest::addColumn<QString>("accelerator");
        QTest::addColumn<QString>("workload");
        QTest::addColumn<int>("rows"); // 0: the preset's array
        QTest::addColumn<int>("dataflow");
        using D = mapping::Dataflow;
        QTest::newRow("eyeriss resnet50 rs") << "eyeriss"
                                             << "resnet50" << 0 << int(D::RowStationary);
        // The case: 32×32 ws, where the GlobalBuffer's transfers (not double-buffered) add to compute.
        QTest::newRow("eyeriss 32x32 resnet50 ws") << "eyeriss"
                                                   << "resnet50" << 32 << int(D::WeightStationary);
        QTest::newRow("nvdla mobilenetv2 kc-p") << "nvdla"
                                                << "mobilenetv2" << 0 << int(D::KCP);
        QTest::newRow("shidiannao alexnet yx-p") << "shidiannao"
                                                 << "alexnet" << 0 << int(D::YXP);
        QTest::newRow("tpu resnet50") << "tpu"
                                      << "resnet50" << 0 << int(D::WeightStationary);
        QTest::newRow("tpu bert") << "tpu"
                                  << "bert_base_encoder" << 0 << int(D::WeightStationary);
    }
    void termsSumToLayerCycles() {
        QFETCH(QString, accelerator);
        QFETCH(QString, workload);
        QFETCH(int, rows);
        QFETCH(int, dataflow);
        auto acc =
            io::readAcceleratorFile(test::sourcePath("presets/accelerators/" + accelerator.toStdString() + ".json"));
        auto net = io::readWorkloadFile(test::sourcePath("presets/workloads/" + workload.toStdString() + ".json"));
        QVERIFY(acc.ok() && net.ok());
        if (rows > 0) acc.value->pe.rows = acc.value->pe.cols = rows;
        search::EvaluationPolicy policy;
        policy.mode = search::EvaluationPolicy::Mode::Template;
        policy.dataflow = mapping::Dataflow(dataflow);
        const model::NetworkCost cost = search::evaluateDesign(*net.value, *acc.value, policy);
        const bool systolic = acc.value->kind == hardware::AcceleratorKind::Systolic;
        int checked = 0, withStalls = 0;
        for (std::size_t i = 0; i < cost.layers.size(); ++i) {
            const model::LayerResult& r = cost.layers[i];
            if (!r.mapped) continue;
            const workload::Layer& layer = net.value->layers[i];
            const char* name = layer.name.c_str();
            QCOMPARE(r.systolic.has_value(), systolic && workload::hasMacs(layer.type));
            const auto terms = model::cycleTerms(r.cost);
            QVERIFY2(!terms.empty(), name);
            double sum = 0;
            for (const model::CycleTerm& t : terms) {
                // No part claims more cycles than the layer takes (issue 15: "154k transfer cycles" of
                // a 96.6k-cycle layer).
                QVERIFY2(t.cycles <= r.cost.cycles * (1 + 1e-12), name);
                QVERIFY2(t.cycles >= 0 || t.kind == model::CycleTerm::Kind::Startup, name);
                sum += t.cycles;
                withStalls += t.kind == model::CycleTerm::Kind::Stall;
            }
            QVERIFY2(close(sum, r.cost.cycles),
                     qPrintable(QString("%1: terms %2, cycles %3").arg(name).arg(sum).arg(r.cost.cycles)));
            QVERIFY2(close(ruleCycles(layer, *acc.value, r), r.cost.cycles), name);
            ++checked;
        }
        QVERIFY(checked > 0);
        qInfo("%d layers checked, %d stall terms", checked, withStalls);
        if (rows == 32) QVERIFY(withStalls > 0); // the GlobalBuffer is not double-buffered
    }
};

QTEST_APPLESS_MAIN(TestCycleTerms)
#include "tst_cycle_terms.moc"
