// Systems and workload mixes (issue 12): archscape/system and archscape/workload-mix parsing and
// diagnostics, the presets, a system of one = today's single-accelerator totals, and the schedule
// invariants on every preset system x mix.
#include <QtTest>

#include "core/schedule_fixtures.h"
#include "io/accelerator_json.h"
#include "io/preset_catalog.h"
#include "io/system_json.h"
#include "io/workload_json.h"
#include "io/workload_mix_json.h"
#include "io_test_support.h"
#include "schedule/exact_scheduler.h"
#include "schedule/herald_scheduler.h"
#include "schedule/list_scheduler.h"
#include "search/system_costs.h"

using namespace archscape;

namespace {

nlohmann::json system(const char* units_json, const char* extra = "") {
    return nlohmann::json::parse(std::string(R"({"format": "archscape/system", "version": 1, "name": "s", )") + extra +
                                 R"("units": )" + units_json + "}");
}

} // namespace

class TestSystem : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void presetSystems_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("units");
        QTest::addColumn<int>("pes");
        // The budgets as documented in presets/systems/README.md: 512 + 512, 384 + 384 + 256, 1,024.
        QTest::newRow("hda_kcp_yxp") << "hda_kcp_yxp" << 2 << 1024;
        QTest::newRow("hda_kcp_yxp_rs") << "hda_kcp_yxp_rs" << 3 << 1024;
        QTest::newRow("mono_kcp") << "mono_kcp" << 1 << 1024;
        QTest::newRow("mono_yxp") << "mono_yxp" << 1 << 1024;
    }
    void presetSystems() {
        QFETCH(QString, name);
        QFETCH(int, units);
        QFETCH(int, pes);
        const auto path = io::resolvePreset("systems", name.toStdString());
        QVERIFY(path);
        const auto r = io::readSystemFile(*path);
        QVERIFY2(r.ok(), test::listDiagnostics(r.errors).c_str());
        QCOMPARE(int(r.value->system.units.size()), units);
        QCOMPARE(int(r.value->policies.size()), units);
        QCOMPARE(r.value->system.totalPes(), std::int64_t(pes));
        QCOMPARE(r.value->system.pe_budget, std::int64_t(1024));
        // Area = Σ units + shared (0 here).
        double area = 0;
        for (const auto& u : r.value->system.units) area += hardware::areaUm2(u.accelerator);
        QCOMPARE(hardware::areaUm2(r.value->system), area);
    }
    void accelerator_fileIsASystemOfOne() {
        const auto r = io::readSystemFile(*io::resolvePreset("accelerators", "nvdla"));
        QVERIFY(r.ok());
        QCOMPARE(int(r.value->system.units.size()), 1);
        QCOMPARE(r.value->system.units[0].name, std::string("nvdla"));
        // nvdla.json: DRAM 32 words/cycle of 8 bits = 32 B/cycle; 64 x 32 PEs.
        QCOMPARE(r.value->system.dram_bandwidth_bytes_per_cycle, 32.0);
        QCOMPARE(r.value->system.pe_budget, std::int64_t(2048));
    }
    void systemErrors_data() {
        QTest::addColumn<QByteArray>("units");
        QTest::addColumn<QByteArray>("extra");
        QTest::addColumn<QString>("pointer");
        QTest::addColumn<QString>("fragment");
        QTest::newRow("no units") << QByteArray("[]") << QByteArray() << "/units"
                                  << "non-empty array";
        QTest::newRow("duplicate name") << QByteArray(R"([{"name": "a", "accelerator": "nvdla"},
            {"name": "a", "accelerator": "nvdla"}])")
                                        << QByteArray() << "/units/1/name"
                                        << "unique unit name";
        QTest::newRow("unknown accelerator")
            << QByteArray(R"([{"name": "a", "accelerator": "tpu9"}])") << QByteArray() << "/units/0/accelerator"
            << "not found";
        QTest::newRow("bad inline accelerator")
            << QByteArray(R"([{"name": "a", "accelerator": {"name": "x", "pe_array": {"rows": 0, "cols": 4},
                 "levels": [{"name": "DRAM", "kind": "dram"}]}}])")
            << QByteArray() << "/units/0/accelerator/pe_array/rows"
            << "expected";
        QTest::newRow("unknown dataflow") << QByteArray(R"([{"name": "a", "accelerator": "nvdla",
            "evaluation": {"mode": "template", "dataflow": "zz"}}])")
                                          << QByteArray() << "/units/0/evaluation/dataflow"
                                          << "expected one of";
        QTest::newRow("template without dataflow")
            << QByteArray(R"([{"name": "a", "accelerator": "nvdla", "evaluation": {"mode": "template"}}])")
            << QByteArray() << "/units/0/evaluation/dataflow"
            << "needs a dataflow";
        // nvdla (2,048 PEs) + shidiannao (64) = 2,112 > 2,000.
        QTest::newRow("over budget") << QByteArray(R"([{"name": "a", "accelerator": "nvdla"},
            {"name": "b", "accelerator": "shidiannao"}])")
                                     << QByteArray(R"("pe_budget": 2000, )") << "/pe_budget"
                                     << "(2112) within the budget of 2000";
        // eyeriss runs at 200 MHz, nvdla at 1,000.
        QTest::newRow("clocks differ") << QByteArray(R"([{"name": "a", "accelerator": "nvdla"},
            {"name": "b", "accelerator": "eyeriss"}])")
                                       << QByteArray() << "/units/1/accelerator"
                                       << "one clock";
        QTest::newRow("unknown unit field")
            << QByteArray(R"([{"name": "a", "accelerator": "nvdla", "pes": 4}])") << QByteArray() << "/units/0/pes"
            << "unknown field";
        QTest::newRow("negative bandwidth")
            << QByteArray(R"([{"name": "a", "accelerator": "nvdla"}])")
            << QByteArray(R"("dram_bandwidth_bytes_per_cycle": -1, )") << "/dram_bandwidth_bytes_per_cycle"
            << "expected";
    }
    void systemErrors() {
        QFETCH(QByteArray, units);
        QFETCH(QByteArray, extra);
        QFETCH(QString, pointer);
        QFETCH(QString, fragment);
        const auto r = io::parseSystem(system(units.constData(), extra.constData()));
        ARCHSCAPE_EXPECT_DIAGNOSTIC(r, pointer, fragment);
    }
    void presetMixes() {
        // AR/VR: resnet50, 2 x mobilenetv2, unet, bert_base_encoder; at 1 GHz 30 fps = 10⁹ / 30 cycles.
        const auto r = io::readWorkloadMixFile(*io::resolvePreset("mixes", "arvr"), 1000.0);
        QVERIFY2(r.ok(), test::listDiagnostics(r.errors).c_str());
        QCOMPARE(int(r.value->entries.size()), 4);
        QCOMPARE(r.value->entries[1].instances, 2);
        QCOMPARE(*r.value->entries[0].deadline_cycles, 1e9 / 30);
        QVERIFY(!r.value->entries[3].deadline_cycles);
        // Layers: 72 + 2 x 64 + 27 + 13 (presets/README.md).
        QCOMPARE(r.value->totalLayers(), 72 + 2 * 64 + 27 + 13);
        const auto m = io::readWorkloadMixFile(*io::resolvePreset("mixes", "mlperf_edge"));
        QVERIFY2(m.ok(), test::listDiagnostics(m.errors).c_str());
        QCOMPARE(int(m.value->entries.size()), 3);
    }
    void unetShapes() {
        // U-Net (Ronneberger et al. 2015, Fig. 1): 4 levels x (2 convs + pool) + 2 bottom convs +
        // 4 levels x (up-conv + 2 convs) + the 1x1 output conv = 12 + 2 + 12 + 1 = 27 layers.
        const auto r = io::readWorkloadFile(*io::resolvePreset("workloads", "unet"));
        QVERIFY2(r.ok(), test::listDiagnostics(r.errors).c_str());
        const auto& net = *r.value;
        QCOMPARE(int(net.layers.size()), 27);
        // Unpadded 3x3 convs: 572 -> 570 -> 568, pools halve: 568 -> 284 -> 280 -> 140 -> 136 -> 68
        // -> 64 -> 32 -> 28 (bottom, 1024 channels).
        const auto& bottom = net.layers[net.find("bottom.conv2")];
        QCOMPARE(bottom.bounds[workload::Dim::P], std::int64_t(28));
        QCOMPARE(bottom.bounds[workload::Dim::K], std::int64_t(1024));
        // First up level: the 2x2 up-conv doubles 28 to 56 and halves 1024 to 512; concatenated with the
        // cropped 512-channel skip, 1024 channels into a 3x3 conv: 56 -> 54.
        // MACs 54² x 512 x 1024 x 9 = 13,759,414,272.
        const auto& up = net.layers[net.find("up3.conv1")];
        QCOMPARE(up.bounds[workload::Dim::C], std::int64_t(1024));
        QCOMPARE(up.macs(), std::int64_t(54) * 54 * 512 * 1024 * 9);
        // The output: 388 x 388 x 2 classes (the paper's output map).
        const auto& out = net.layers.back();
        QCOMPARE(out.bounds[workload::Dim::P], std::int64_t(388));
        QCOMPARE(out.bounds[workload::Dim::K], std::int64_t(2));
    }
    void mixErrors_data() {
        QTest::addColumn<QByteArray>("networks");
        QTest::addColumn<QString>("pointer");
        QTest::addColumn<QString>("fragment");
        QTest::newRow("unknown workload") << QByteArray(R"([{"workload": "resnet9000"}])") << "/networks/0/workload"
                                          << "not found";
        QTest::newRow("zero instances") << QByteArray(R"([{"workload": "resnet18", "instances": 0}])")
                                        << "/networks/0/instances"
                                        << "expected";
        QTest::newRow("deadline and fps")
            << QByteArray(R"([{"workload": "resnet18", "deadline_cycles": 5, "frame_rate_hz": 30}])")
            << "/networks/0/frame_rate_hz"
            << "not both";
        QTest::newRow("after unknown") << QByteArray(R"([{"workload": "resnet18", "after": ["alexnet"]}])")
                                       << "/networks/0/after/0"
                                       << "earlier network";
        QTest::newRow("duplicate") << QByteArray(R"([{"workload": "resnet18"}, {"workload": "resnet18"}])")
                                   << "/networks/1/workload"
                                   << "unique network name";
        QTest::newRow("fps without clock")
            << QByteArray(R"([{"workload": "resnet18", "frame_rate_hz": 30}])") << "/networks/0/frame_rate_hz"
            << "system clock";
    }
    void mixErrors() {
        QFETCH(QByteArray, networks);
        QFETCH(QString, pointer);
        QFETCH(QString, fragment);
        const auto j = nlohmann::json::parse(
            std::string(R"({"format": "archscape/workload-mix", "version": 1, "name": "m", "networks": )") +
            networks.constData() + "}");
        const auto r = io::parseWorkloadMix(j);
        ARCHSCAPE_EXPECT_DIAGNOSTIC(r, pointer, fragment);
    }
    void mixAfterMakesDependencies() {
        // alexnet after resnet18: alexnet's first layer waits on resnet18's last (fc, its only sink).
        const auto j = nlohmann::json::parse(R"({"format": "archscape/workload-mix", "version": 1, "name": "m",
            "networks": [{"workload": "resnet18"}, {"workload": "alexnet", "after": ["resnet18"]}]})");
        const auto r = io::parseWorkloadMix(j);
        QVERIFY2(r.ok(), test::listDiagnostics(r.errors).c_str());
        const auto design =
            search::designOfOne(*io::readAcceleratorFile(*io::resolvePreset("accelerators", "nvdla")).value,
                                search::EvaluationPolicy{.mode = search::EvaluationPolicy::Mode::BestTemplate});
        const auto p = schedule::buildProblem(*r.value, search::systemCosts(design, *r.value));
        const int first_alexnet = int(r.value->entries[0].network.layers.size());
        QCOMPARE(p.tasks[first_alexnet].preds, std::vector<int>{first_alexnet - 1});
    }
    void systemOfOneEqualsEvaluateDesign_data() {
        QTest::addColumn<QString>("accelerator");
        QTest::addColumn<QString>("workload");
        QTest::newRow("nvdla resnet18") << "nvdla"
                                        << "resnet18";
        QTest::newRow("eyeriss mobilenetv2") << "eyeriss"
                                             << "mobilenetv2";
        QTest::newRow("tpu bert") << "tpu"
                                  << "bert_base_encoder";
    }
    void systemOfOneEqualsEvaluateDesign() {
        QFETCH(QString, accelerator);
        QFETCH(QString, workload);
        const auto acc = *io::readAcceleratorFile(*io::resolvePreset("accelerators", accelerator.toStdString())).value;
        const auto net = *io::readWorkloadFile(*io::resolvePreset("workloads", workload.toStdString())).value;
        search::EvaluationPolicy policy;
        policy.mode = search::EvaluationPolicy::Mode::BestTemplate;
        const model::NetworkCost single = search::evaluateDesign(net, acc, policy);
        const auto design = search::designOfOne(acc, policy);
        const auto mix = workload::mixOfOne(net);
        const auto p = schedule::buildProblem(mix, search::systemCosts(design, mix));
        // One unit, one network: layers one after another in network order, the unit's own DRAM
        // bandwidth never exceeded (a layer's demand is at most its level's bandwidth), no idle time:
        // the sequential sums exactly.
        for (const auto& s : {schedule::baselineSchedule(p), schedule::heraldSchedule(p)}) {
            test::checkInvariants(p, s);
            QCOMPARE(s.makespan_cycles, single.cycles);
            QCOMPARE(s.energy_pj, single.energy_pj);
            QCOMPARE(s.idle_leakage_pj, 0.0);
            QCOMPARE(s.unmapped, single.unmapped);
        }
        QCOMPARE(hardware::areaUm2(design.system), single.area_um2);
    }
    void exactOnARealNetwork() {
        // bert_base_encoder (13 layers; q/k/v projections in parallel) on the two-unit HDA: small enough
        // for the exact solver. It must finish, meet every invariant, and neither heuristic beats it.
        const auto d = io::readSystemFile(*io::resolvePreset("systems", "hda_kcp_yxp"));
        const auto net = io::readWorkloadFile(*io::resolvePreset("workloads", "bert_base_encoder"));
        QVERIFY(d.ok() && net.ok());
        const auto mix = workload::mixOfOne(*net.value);
        const auto p = schedule::buildProblem(mix, search::systemCosts(*d.value, mix));
        const auto exact = schedule::exactSchedule(p);
        QVERIFY(exact && exact->optimal);
        test::checkInvariants(p, exact->schedule);
        QVERIFY(schedule::baselineSchedule(p).makespan_cycles >= exact->schedule.makespan_cycles);
        QVERIFY(schedule::heraldSchedule(p).makespan_cycles >= exact->schedule.makespan_cycles);
    }
    void invariantsOnEveryPreset_data() {
        QTest::addColumn<QString>("system");
        QTest::addColumn<QString>("mix");
        for (const auto& s : io::listPresets("systems"))
            for (const auto& m : io::listPresets("mixes"))
                QTest::addRow("%s %s", s.c_str(), m.c_str()) << QString::fromStdString(s) << QString::fromStdString(m);
    }
    void invariantsOnEveryPreset() {
        QFETCH(QString, system);
        QFETCH(QString, mix);
        const auto d = io::readSystemFile(*io::resolvePreset("systems", system.toStdString()));
        QVERIFY(d.ok());
        const auto m = io::readWorkloadMixFile(*io::resolvePreset("mixes", mix.toStdString()),
                                               d.value->system.units[0].accelerator.clock_mhz);
        QVERIFY(m.ok());
        const auto p = schedule::buildProblem(*m.value, search::systemCosts(*d.value, *m.value));
        QCOMPARE(p.unmapped(), 0);
        const auto base = schedule::baselineSchedule(p);
        const auto herald = schedule::heraldSchedule(p);
        for (const auto* s : {&base, &herald}) {
            test::checkInvariants(p, *s);
            QCOMPARE(s->energy_pj, test::expectedEnergy(p, *s));
        }
    }
};

QTEST_GUILESS_MAIN(TestSystem)
#include "tst_system.moc"
