// System design spaces and their exploration (issue 12): the PE splits a budget enumerates, the
// units a split builds, the archscape/system-space format and its diagnostics, a one-unit space
// against the single-accelerator explorer, a space point against the preset it reproduces, the
// front, shards and cancellation.
#include <QtTest>

#include <cmath>
#include <set>

#include "accuracy/model_catalog.h"
#include "core/search_fixtures.h"
#include "io/preset_catalog.h"
#include "io/system_json.h"
#include "io/system_space_json.h"
#include "io/workload_json.h"
#include "io_test_support.h"
#include "schedule/herald_scheduler.h"
#include "search/explorer.h"
#include "search/pareto_front.h"
#include "search/shape_key.h"
#include "search/system_costs.h"
#include "search/system_explorer.h"

using namespace archscape;
using Splits = std::vector<std::vector<std::int64_t>>;

Q_DECLARE_METATYPE(Splits)

namespace {

search::SystemSpace presetSpace(const char* name) {
    auto r = io::readSystemSpaceFile(name);
    if (!r.ok()) qFatal("%s", test::listDiagnostics(r.errors).c_str());
    return *r.value;
}

workload::WorkloadMix presetMix(const char* network) {
    auto n = io::readWorkloadFile(*io::resolvePreset("workloads", network));
    if (!n.ok()) qFatal("%s missing", network);
    return workload::mixOfOne(*n.value);
}

/// Two small convolutions, the second consuming the first.
workload::Network tinyNetwork() {
    workload::Network net;
    net.name = "tiny";
    net.layers = {test::conv("a", 8, 4, 4, 4, 3, 3), test::conv("b", 8, 8, 4, 4, 1, 1)};
    net.edges = {{0, 1}};
    return net;
}

std::int64_t indexOf(const search::SystemSpace& s, const std::string& label) {
    for (std::int64_t i = 0; i < s.size(); ++i)
        if (s.labelOf(i) == label) return i;
    return -1;
}

class NullSink : public search::SystemProgressSink {};

/// The accuracy module's top-1 of a preset network at INT8 everywhere, asked of the model directly.
double moduleTop1(const char* spec, const char* network) {
    const auto model = accuracy::loadAccuracyModel(spec);
    auto net = io::readWorkloadFile(*io::resolvePreset("workloads", network));
    if (!model.ok() || !net.ok()) qFatal("%s or %s missing", spec, network);
    accuracy::PrecisionAssignment a;
    a.layers.assign(net.value->layers.size(), accuracy::LayerPrecision{});
    const auto p = accuracy::predict(*model.value->model, *net.value, a);
    if (!p.value) qFatal("%s", p.error.c_str());
    return p.value->top1;
}

nlohmann::json spaceDoc(const char* parameters, const char* extra = "") {
    return nlohmann::json::parse(
        std::string(R"({"format": "archscape/system-space", "version": 1, "name": "t", "templates": "hda_kcp_yxp", )") +
        extra + R"("parameters": )" + parameters + "}");
}

} // namespace

class TestSystemSpace : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void peSplits_data() {
        QTest::addColumn<int>("budget");
        QTest::addColumn<int>("step");
        QTest::addColumn<int>("units");
        QTest::addColumn<Splits>("expected");
        // Every way to cut the budget into `units` positive multiples of the step, by hand.
        QTest::newRow("1024/256, 2 units") << 1024 << 256 << 2 << Splits{{256, 768}, {512, 512}, {768, 256}};
        QTest::newRow("1024/256, 3 units")
            << 1024 << 256 << 3 << Splits{{256, 256, 512}, {256, 512, 256}, {512, 256, 256}};
        QTest::newRow("1024/512, 1 unit") << 1024 << 512 << 1 << Splits{{1024}};
        QTest::newRow("1024/1024, 2 units") << 1024 << 1024 << 2 << Splits{};
    }
    void peSplits() {
        QFETCH(int, budget);
        QFETCH(int, step);
        QFETCH(int, units);
        QFETCH(Splits, expected);
        search::SystemSpace s = presetSpace("hda_kcp_yxp");
        s.pe_budget = budget;
        s.pe_step = step;
        QCOMPARE(s.peSplits(units), expected);
        for (std::size_t k = 0; k < expected.size(); ++k) QCOMPARE(s.peSplitAt(units, std::int64_t(k)), expected[k]);
        // The space counts exactly the splits it enumerates.
        s.unit_sets = {std::vector<int>(units, 0)};
        s.buffer_scales = {1};
        s.buffer_splits = {search::BufferSplit::ByPes};
        s.dram_bandwidths_bytes_per_cycle = {32};
        s.dram_sharings = {search::DramSharing::Demand};
        QCOMPARE(s.size(), std::int64_t(expected.size()));
    }
    void peSplitAtMatchesEnumeration() {
        // 4 units over 20 steps: C(19, 3) = 969 splits, unranked one by one against the enumeration.
        search::SystemSpace s = presetSpace("hda_kcp_yxp");
        s.pe_budget = 20 * 16;
        s.pe_step = 16;
        const auto all = s.peSplits(4);
        QCOMPARE(int(all.size()), 969);
        for (std::size_t k = 0; k < all.size(); ++k) QCOMPARE(s.peSplitAt(4, std::int64_t(k)), all[k]);
    }
    void presetSizes_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<qlonglong>("size");
        // hda_kcp_yxp: 2 monolithic + 15 splits of 16 steps, x 3 scales x 2 splits x 3 bandwidths x 2 sharings.
        QTest::newRow("hda_kcp_yxp") << "hda_kcp_yxp" << qlonglong((2 + 15) * 3 * 2 * 3 * 2);
        // hda_kcp_yxp_rs: 3 monolithic + 3 pairs x C(7,1) + one triple x C(7,2).
        QTest::newRow("hda_kcp_yxp_rs") << "hda_kcp_yxp_rs" << qlonglong(3 + 3 * 7 + 21);
    }
    void presetSizes() {
        QFETCH(QString, name);
        QFETCH(qlonglong, size);
        const auto s = presetSpace(name.toStdString().c_str());
        QCOMPARE(s.size(), std::int64_t(size));
        // Every index is a distinct design.
        std::set<std::string> labels;
        for (std::int64_t i = 0; i < s.size(); ++i) labels.insert(s.labelOf(i));
        QCOMPARE(qlonglong(labels.size()), size);
    }
    void peArray_data() {
        QTest::addColumn<int>("pes");
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("cols");
        QTest::newRow("512") << 512 << 16 << 32;
        QTest::newRow("768") << 768 << 16 << 48;
        QTest::newRow("1024") << 1024 << 32 << 32;
        QTest::newRow("384") << 384 << 16 << 24;
        QTest::newRow("128") << 128 << 8 << 16;
        QTest::newRow("96") << 96 << 8 << 12;
    }
    void peArray() {
        QFETCH(int, pes);
        QFETCH(int, rows);
        QFETCH(int, cols);
        const auto a = search::peArrayOf(pes, {});
        QCOMPARE(a.rows, rows);
        QCOMPARE(a.cols, cols);
    }
    void unitsOfASplit() {
        // kcp 256 + yxp 768, the templates' bytes per PE, 32 B/cycle split statically: by hand from
        // presets/systems/hda_kcp_yxp.json (both templates 512 PEs; DRAM words are bytes).
        const auto s = presetSpace("hda_kcp_yxp");
        const std::int64_t i = indexOf(s, "kcp:256+yxp:768 buf*1 pe bw32 static");
        QVERIFY(i >= 0);
        const auto d = s.designAt(i);
        QCOMPARE(int(d.system.units.size()), 2);
        const auto& kcp = d.system.units[0].accelerator;
        const auto& yxp = d.system.units[1].accelerator;
        QCOMPARE(kcp.pe.count(), std::int64_t(256));
        QCOMPARE(kcp.levels[1].capacity_bytes, std::int64_t(262144 / 2)); // ConvBuffer
        QCOMPARE(kcp.levels[2].capacity_bytes, std::int64_t(4096 / 2));   // Accumulator
        QCOMPARE(kcp.levels[3].capacity_bytes, std::int64_t(1));          // per-PE WeightReg kept
        QCOMPARE(kcp.levels[0].bandwidth_words_per_cycle, 32.0 * 256 / 1024);
        QCOMPARE(yxp.pe.count(), std::int64_t(768));
        QCOMPARE(yxp.levels[1].capacity_bytes, std::int64_t(131072 * 3 / 2)); // SB
        QCOMPARE(yxp.levels[3].capacity_bytes, std::int64_t(65536 * 3 / 2));  // NBout
        QCOMPARE(yxp.levels[0].bandwidth_words_per_cycle, 32.0 * 768 / 1024);
        QCOMPARE(d.system.dram_bandwidth_bytes_per_cycle, 32.0);
        QCOMPARE(d.system.totalPes(), std::int64_t(1024));
        // Demand sharing: every port as wide as the shared bandwidth.
        const auto demand = s.designAt(indexOf(s, "kcp:256+yxp:768 buf*1 pe bw32 demand"));
        QCOMPARE(demand.system.units[0].accelerator.levels[0].bandwidth_words_per_cycle, 32.0);
        QCOMPARE(demand.system.units[1].accelerator.levels[0].bandwidth_words_per_cycle, 32.0);
    }
    void equalBufferSplitConservesBytes() {
        const auto s = presetSpace("hda_kcp_yxp");
        const auto byPes = s.designAt(indexOf(s, "kcp:256+yxp:768 buf*2 pe bw32 demand"));
        const auto equal = s.designAt(indexOf(s, "kcp:256+yxp:768 buf*2 equal bw32 demand"));
        const std::int64_t total = search::bufferBytes(byPes.system.units[0].accelerator) +
                                   search::bufferBytes(byPes.system.units[1].accelerator);
        // 2 x (256 x 520 + 768 x 512) bytes: the templates' bytes per PE (266,240 / 512 and 262,144 / 512).
        QCOMPARE(total, std::int64_t(2 * (256 * 520 + 768 * 512)));
        for (const auto& u : equal.system.units) {
            // Half each, within one access block per level (64 B ConvBuffer blocks, 2 B words).
            QVERIFY(std::abs(double(search::bufferBytes(u.accelerator)) - total / 2.0) <= 64 + 2 + 2);
        }
    }
    void pointReproducesPreset() {
        // The even split at the templates' sizes is presets/systems/hda_kcp_yxp.json itself.
        const auto s = presetSpace("hda_kcp_yxp");
        const std::int64_t i = indexOf(s, "kcp:512+yxp:512 buf*1 pe bw32 demand");
        QVERIFY(i >= 0);
        const auto d = s.designAt(i);
        const auto preset = io::readSystemFile(*io::resolvePreset("systems", "hda_kcp_yxp"));
        QVERIFY(preset.ok());
        for (int u = 0; u < 2; ++u) {
            QCOMPARE(search::mappingRelevantHash(d.system.units[u].accelerator),
                     search::mappingRelevantHash(preset.value->system.units[u].accelerator));
            QVERIFY(d.policies[u] == preset.value->policies[u]);
        }
        search::SystemExploreRequest req;
        req.space = s;
        req.mix = presetMix("mobilenetv2");
        const auto r = search::evaluateSystemPoint(req, i);
        const auto p = schedule::buildProblem(req.mix, search::systemCosts(*preset.value, req.mix));
        const auto h = schedule::heraldSchedule(p);
        QCOMPARE(r.makespan_cycles, h.makespan_cycles);
        QCOMPARE(r.point.energy_j, h.energy_pj * 1e-12);
        QCOMPARE(r.point.area_mm2, hardware::areaUm2(preset.value->system) * 1e-6);
        QCOMPARE(r.lower_bound_cycles, h.lower_bound_cycles);
    }
    void oneUnitEqualsSingleAcceleratorExplore() {
        // A system space of one unit at the template's own size is the single-accelerator explorer's
        // one-point space: same mapper (exhaustive, so no seed matters), same network.
        const hardware::Accelerator acc = test::edgeAccelerator(4, 4, 16384, 64);
        search::MapperOptions mapper;
        mapper.strategy = search::StrategyKind::Exhaustive;
        mapper.budget = 300;
        search::ExploreRequest single;
        single.space.name = "one";
        single.space.base = acc;
        single.space.mapper = mapper;
        single.space.mapper.dataflow = mapping::Dataflow::WeightStationary;
        single.network = tinyNetwork();
        NullSink sink;
        const auto e = search::run(single, sink);
        QCOMPARE(e.points.size(), std::size_t(1));

        search::SystemExploreRequest req;
        req.space.name = "one";
        req.space.templates = {{"edge", acc, search::explorationPolicy(mapper, mapping::Dataflow::WeightStationary)}};
        req.space.pe_budget = req.space.pe_step = acc.pe.count();
        req.space.unit_sets = {{0}};
        req.space.dram_bandwidths_bytes_per_cycle = {acc.levels[0].bandwidth_words_per_cycle}; // 8-bit words
        req.mix = workload::mixOfOne(tinyNetwork());
        const auto r = search::exploreSystems(req, sink);
        QCOMPARE(r.points.size(), std::size_t(1));
        const auto& p = r.points[0].point;
        QVERIFY(p.feasible());
        QCOMPARE(p.latency_s, e.points[0].latency_s);
        QCOMPARE(p.energy_j, e.points[0].energy_j);
        QCOMPARE(p.area_mm2, e.points[0].area_mm2);
    }
    void frontShardsAndCancel() {
        search::SystemExploreRequest req;
        req.space = presetSpace("hda_kcp_yxp_rs");
        req.mix = presetMix("mobilenetv2");
        req.objectives = {search::Metric::Latency, search::Metric::Energy};
        NullSink sink;
        const auto all = search::exploreSystems(req, sink);
        QCOMPARE(all.finished, std::int64_t(45));
        QVERIFY(!all.cancelled);
        // The front by brute force: feasible points no other feasible point dominates.
        std::vector<std::int64_t> front;
        for (const auto& a : all.points) {
            if (!a.point.feasible()) continue;
            bool dominated = false;
            for (const auto& b : all.points)
                dominated =
                    dominated || (b.point.feasible() && b.point.latency_s <= a.point.latency_s &&
                                  b.point.energy_j <= a.point.energy_j &&
                                  (b.point.latency_s < a.point.latency_s || b.point.energy_j < a.point.energy_j));
            if (!dominated) front.push_back(a.point.index);
        }
        QCOMPARE(all.front, front);
        // Three shards hold every point once, with the same values.
        std::vector<std::int64_t> seen;
        for (int k = 0; k < 3; ++k) {
            req.shard_index = k;
            req.shard_count = 3;
            const auto part = search::exploreSystems(req, sink);
            QCOMPARE(part.total, std::int64_t(15));
            for (const auto& p : part.points) {
                QCOMPARE(p.point.index % 3, std::int64_t(k));
                QCOMPARE(p.point.energy_j, all.find(p.point.index)->point.energy_j);
                seen.push_back(p.point.index);
            }
        }
        std::sort(seen.begin(), seen.end());
        QCOMPARE(int(seen.size()), 45);
        QCOMPARE(seen.back(), std::int64_t(44));
        QVERIFY(std::adjacent_find(seen.begin(), seen.end()) == seen.end());
        // Cancelled before it starts: nothing evaluated, reported as cancelled.
        std::stop_source stop;
        stop.request_stop();
        req.shard_count = 1;
        req.shard_index = 0;
        const auto none = search::exploreSystems(req, sink, stop.get_token());
        QVERIFY(none.cancelled);
        QCOMPARE(none.finished, std::int64_t(0));
    }
    void schedulesKeepInvariants() {
        // The HDA never runs slower than its lower bound; the monolithic designs' makespan is
        // the sum of their layers' cycles (one unit: no overlap, no idle time).
        search::SystemExploreRequest req;
        req.space = presetSpace("hda_kcp_yxp_rs");
        req.mix = presetMix("mobilenetv2");
        NullSink sink;
        const auto r = search::exploreSystems(req, sink);
        for (const auto& p : r.points) {
            QVERIFY(p.makespan_cycles >= p.lower_bound_cycles * (1 - 1e-12));
            if (req.space.unit_sets[req.space.choiceOf(p.point.index).unit_set].size() != 1) continue;
            const auto d = req.space.designAt(p.point.index);
            const auto costs = search::unitCosts(d.system.units[0].accelerator, d.policies[0], req.mix);
            double cycles = 0;
            for (const auto& c : costs[0]) cycles += c.cycles;
            QCOMPARE(p.makespan_cycles, cycles);
        }
    }
    void networkChoices() {
        // nasaic_arvr: 2 + 7 unit designs x 2 classification networks; the network choice is the
        // innermost axis, so even indices run ResNet-18 and odd ones ResNet-50.
        const auto s = presetSpace("nasaic_arvr");
        QCOMPARE(s.size(), std::int64_t((2 + 7) * 2));
        // The preset types no figures: the accuracy module's models of the two networks, at the
        // templates' INT8, give them (the model itself, asked directly here).
        const double top1_18 = moduleTop1("hawq:resnet18", "resnet18");
        const double top1_50 = moduleTop1("hawq:resnet50", "resnet50");
        QCOMPARE(s.accuracyAt(0), top1_18);
        QCOMPARE(s.accuracyAt(1), top1_50);
        // Within the models' error of HAWQ-V3's published INT8 top-1 (Zhen-Dong/HAWQ model_zoo.md).
        QVERIFY2(std::abs(top1_18 - 71.56) < 0.5, qPrintable(QString::number(top1_18)));
        QVERIFY2(std::abs(top1_50 - 77.58) < 0.5, qPrintable(QString::number(top1_50)));
        QVERIFY(s.network_choices[0].candidates[0].source.starts_with("accuracy module hawq:resnet18"));
        QVERIFY(s.labelOf(0).ends_with(" resnet50=resnet18"));
        // A design running the candidate equals the same system on a mix that names it directly.
        search::SystemExploreRequest req;
        req.space = s;
        req.mix = presetMix("resnet50");
        const std::int64_t i = indexOf(s, "kcp:512+yxp:512 buf*1 pe bw32 demand resnet50=resnet18");
        QVERIFY(i >= 0);
        const auto chosen = search::evaluateSystemPoint(req, i);
        QCOMPARE(chosen.point.accuracy_top1, top1_18);
        search::SystemExploreRequest direct = req;
        direct.space.network_choices.clear();
        direct.mix = presetMix("resnet18");
        const std::int64_t j = indexOf(direct.space, "kcp:512+yxp:512 buf*1 pe bw32 demand");
        const auto plain = search::evaluateSystemPoint(direct, j);
        QCOMPARE(chosen.makespan_cycles, plain.makespan_cycles);
        QCOMPARE(chosen.point.energy_j, plain.point.energy_j);
        // Accuracy against EDP: the front by brute force, accuracy maximised.
        req.objectives = {search::Metric::Accuracy, search::Metric::Edp};
        NullSink sink;
        const auto r = search::exploreSystems(req, sink);
        QVERIFY(!r.error);
        QCOMPARE(r.finished, s.size());
        std::vector<std::int64_t> front;
        for (const auto& a : r.points) {
            if (!a.point.feasible()) continue;
            const double accA = a.point.accuracy_top1, edpA = a.point.metric(search::Metric::Edp);
            bool dominated = false;
            for (const auto& b : r.points) {
                const double accB = b.point.accuracy_top1, edpB = b.point.metric(search::Metric::Edp);
                dominated =
                    dominated || (b.point.feasible() && accB >= accA && edpB <= edpA && (accB > accA || edpB < edpA));
            }
            if (!dominated) front.push_back(a.point.index);
        }
        QCOMPARE(r.front, front);
        // The 250 ms spec: a design is infeasible exactly when its makespan exceeds it.
        for (const auto& a : r.points)
            QCOMPARE(a.point.reason == search::Infeasibility::Latency, a.point.latency_s * 1e3 > 250);
        // Candidates for an entry the mix does not run are refused.
        req.mix = presetMix("mobilenetv2");
        QVERIFY(search::exploreSystems(req, sink).error);
    }
    void candidateAccuracySources() {
        // A typed figure wins over the module; "accuracy_model" names the model; without either the
        // module's model of the network is used.
        const auto r = io::parseSystemSpace(spaceDoc(R"({"units": [["kcp"]]})", R"("pe_budget": 1024, "pe_step": 512,
            "networks": {"resnet50": [{"workload": "resnet18", "top1": 70.1, "source": "a paper"},
                                      {"workload": "resnet18", "accuracy_model": "hawq:resnet18"},
                                      {"workload": "resnet50"}]}, )"));
        QVERIFY2(r.ok(), test::listDiagnostics(r.errors).c_str());
        const auto& c = r.value->network_choices[0].candidates;
        QCOMPARE(c[0].top1, 70.1);
        QCOMPARE(c[0].source, std::string("a paper"));
        QCOMPARE(c[1].top1, moduleTop1("hawq:resnet18", "resnet18"));
        QCOMPARE(c[2].top1, moduleTop1("hawq:resnet50", "resnet50"));
    }
    void energySpec() {
        // max_energy_mj: a design is infeasible for energy exactly when its schedule's energy
        // exceeds the spec. The spec is set around one monolithic design's energy, derived
        // independently of the explorer: one unit runs its layers back to back, so its energy is
        // the sum of its layers' energies (no idle time, no idle leakage).
        auto parsed = io::parseSystemSpace(
            spaceDoc(R"({"units": [["kcp"], ["yxp"], ["kcp", "yxp"]]})",
                     R"("pe_budget": 1024, "pe_step": 256, "constraints": {"max_energy_mj": 1e9}, )"));
        QVERIFY2(parsed.ok(), test::listDiagnostics(parsed.errors).c_str());
        QCOMPARE(*parsed.value->constraints.max_energy_mj, 1e9);
        search::SystemExploreRequest req;
        req.space = *parsed.value;
        req.mix = presetMix("mobilenetv2");
        const std::int64_t mono = indexOf(req.space, "kcp:1024 buf*1 pe bw32 demand");
        QVERIFY(mono >= 0);
        const auto d = req.space.designAt(mono);
        const auto costs = search::unitCosts(d.system.units[0].accelerator, d.policies[0], req.mix);
        double energy_pj = 0;
        for (const auto& c : costs[0]) energy_pj += c.energy_pj;
        const double spec_mj = energy_pj * 1e-9;
        req.space.constraints.max_energy_mj = spec_mj * (1 + 1e-9);
        QVERIFY(search::evaluateSystemPoint(req, mono).point.feasible());
        req.space.constraints.max_energy_mj = spec_mj * (1 - 1e-9);
        QVERIFY(search::evaluateSystemPoint(req, mono).point.reason == search::Infeasibility::Energy);
        // Over the whole space: the reason is "energy" exactly for the designs above the spec, and
        // the spec splits the space (kcp:1024 is neither the cheapest nor the dearest design).
        req.space.constraints.max_energy_mj = spec_mj * (1 + 1e-9);
        NullSink sink;
        const auto r = search::exploreSystems(req, sink);
        QCOMPARE(r.finished, req.space.size());
        std::int64_t over = 0;
        for (const auto& p : r.points) {
            const bool above = p.point.energy_j * 1e3 > spec_mj * (1 + 1e-9);
            over += above;
            QCOMPARE(p.point.reason == search::Infeasibility::Energy, above);
            QCOMPARE(p.point.feasible(), !above);
        }
        QVERIFY(over > 0 && over < r.finished);
        QCOMPARE(r.infeasible[int(search::Infeasibility::Energy)], over);
        QCOMPARE(search::toString(search::Infeasibility::Energy), std::string_view("energy"));
        // A design over the latency spec as well is named for latency (checked first, as the
        // single-accelerator explorer checks latency before power).
        req.space.constraints.max_energy_mj = spec_mj * (1 - 1e-9);
        req.space.constraints.max_latency_ms = 1e-6;
        QVERIFY(search::evaluateSystemPoint(req, mono).point.reason == search::Infeasibility::Latency);
    }
    void spaceErrors_data() {
        QTest::addColumn<QByteArray>("parameters");
        QTest::addColumn<QByteArray>("extra");
        QTest::addColumn<QString>("pointer");
        QTest::addColumn<QString>("fragment");
        QTest::newRow("unknown template")
            << QByteArray(R"({"units": [["kcp", "tpu"]]})") << QByteArray(R"("pe_budget": 1024, "pe_step": 128, )")
            << "/parameters/units/0/1"
            << "expected a unit of the templates (kcp, yxp)";
        QTest::newRow("step not a divisor") << QByteArray(R"({"units": [["kcp"]]})")
                                            << QByteArray(R"("pe_budget": 1000, "pe_step": 128, )") << "/pe_step"
                                            << "divisor of pe_budget";
        QTest::newRow("too many units") << QByteArray(R"({"units": [["kcp", "yxp", "kcp"]]})")
                                        << QByteArray(R"("pe_budget": 1024, "pe_step": 512, )") << "/parameters/units/0"
                                        << "at most pe_budget / pe_step = 2 units";
        QTest::newRow("bad split") << QByteArray(R"({"units": [["kcp"]], "buffer_split": ["half"]})")
                                   << QByteArray(R"("pe_budget": 1024, "pe_step": 128, )")
                                   << "/parameters/buffer_split/0"
                                   << "expected one of pe, equal";
        QTest::newRow("zero bandwidth") << QByteArray(R"({"units": [["kcp"]], "dram_bandwidth_bytes_per_cycle": [0]})")
                                        << QByteArray(R"("pe_budget": 1024, "pe_step": 128, )")
                                        << "/parameters/dram_bandwidth_bytes_per_cycle/0"
                                        << "expected";
        QTest::newRow("unknown field") << QByteArray(R"({"units": [["kcp"]], "pe_split": [1]})")
                                       << QByteArray(R"("pe_budget": 1024, "pe_step": 128, )") << "/parameters/pe_split"
                                       << "unknown";
        QTest::newRow("candidate unknown to the accuracy module without accuracy")
            << QByteArray(R"({"units": [["kcp"]]})")
            << QByteArray(
                   R"("pe_budget": 1024, "pe_step": 128, "networks": {"resnet50": [{"workload": "mobilenetv2"}]}, )")
            << "/networks/resnet50/0/top1"
            << "missing, and the accuracy module has no model of network \"mobilenetv2\"";
        QTest::newRow("figure without source")
            << QByteArray(R"({"units": [["kcp"]]})")
            << QByteArray(
                   R"("pe_budget": 1024, "pe_step": 128, "networks": {"resnet50": [{"workload": "resnet18", "top1": 70}]}, )")
            << "/networks/resnet50/0/source"
            << "missing";
        QTest::newRow("figure and model")
            << QByteArray(R"({"units": [["kcp"]]})")
            << QByteArray(
                   R"("pe_budget": 1024, "pe_step": 128, "networks": {"resnet50": [{"workload": "resnet18", "top1": 70, "source": "x", "accuracy_model": "hawq:resnet18"}]}, )")
            << "/networks/resnet50/0/accuracy_model"
            << "not both";
        QTest::newRow("model of another network")
            << QByteArray(R"({"units": [["kcp"]]})")
            << QByteArray(
                   R"("pe_budget": 1024, "pe_step": 128, "networks": {"resnet50": [{"workload": "mobilenetv2", "accuracy_model": "hawq:resnet18"}]}, )")
            << "/networks/resnet50/0/accuracy_model"
            << "hawq:resnet18";
        QTest::newRow("energy spec not positive")
            << QByteArray(R"({"units": [["kcp"]]})")
            << QByteArray(R"("pe_budget": 1024, "pe_step": 128, "constraints": {"max_energy_mj": 0}, )")
            << "/constraints/max_energy_mj"
            << "expected";
        QTest::newRow("unknown candidate")
            << QByteArray(R"({"units": [["kcp"]]})")
            << QByteArray(
                   R"("pe_budget": 1024, "pe_step": 128, "networks": {"resnet50": [{"workload": "resnet7", "top1": 60, "source": "x"}]}, )")
            << "/networks/resnet50/0/workload"
            << "expected a workload preset or file";
        QTest::newRow("missing budget") << QByteArray(R"({"units": [["kcp"]]})") << QByteArray(R"("pe_step": 128, )")
                                        << "/pe_budget"
                                        << "missing";
    }
    void spaceErrors() {
        QFETCH(QByteArray, parameters);
        QFETCH(QByteArray, extra);
        QFETCH(QString, pointer);
        QFETCH(QString, fragment);
        const auto r = io::parseSystemSpace(spaceDoc(parameters.constData(), extra.constData()));
        QVERIFY(!r.ok());
        bool found = false;
        for (const auto& d : r.errors)
            found = found ||
                    (d.path == pointer.toStdString() && d.message.find(fragment.toStdString()) != std::string::npos);
        QVERIFY2(found, test::listDiagnostics(r.errors).c_str());
    }
};

QTEST_GUILESS_MAIN(TestSystemSpace)
#include "tst_system_space.moc"
