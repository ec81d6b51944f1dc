// archscape-cli evaluate over systems and workload mixes (issue 12): a system of one unit gives
// evaluate's single-accelerator totals; instances of a network on one unit add up; the totals
// decompose (layers + idle leakage, per unit, per network); deadlines; bad combinations.
#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

#include "cli/cli_run.h"

using archscape::test::CliRun;
using nlohmann::json;

class TestCliEvaluateSystem : public QObject {
    Q_OBJECT
    static CliRun cli(const QStringList& args) { return archscape::test::runCli(args); }
    QTemporaryDir m_dir;
    QString write(const char* name, const std::string& text) { return archscape::test::writeFile(m_dir, name, text); }
    static json parsed(const CliRun& r) {
        if (r.code != 0) qWarning("%s", qPrintable(r.err));
        return json::parse(r.out.toStdString());
    }
    /// `evaluate --accelerator acc --workload net --format json` (the single-accelerator path).
    static json single(const QString& acc, const QString& net) {
        return parsed(cli({"evaluate", "--accelerator", acc, "--workload", net, "--format", "json"}));
    }

private Q_SLOTS:
    void systemOfOneEqualsSingleAccelerator_data() {
        QTest::addColumn<QStringList>("args");
        // The same accelerator and network reached by the three system forms: --accelerator + a mix
        // of one network, and --system with a file holding the accelerator, with --workload or --mix.
        QTest::newRow("accelerator + mix") << QStringList{"--accelerator", "nvdla", "--mix", "MIX"};
        QTest::newRow("system + workload") << QStringList{"--system", "nvdla", "--workload", "alexnet"};
        QTest::newRow("system + mix") << QStringList{"--system", "nvdla", "--mix", "MIX"};
    }
    void systemOfOneEqualsSingleAccelerator() {
        // One unit runs the layers back to back: makespan = Σ layer cycles and no idle time, so
        // cycles and energy are evaluate's (the default best-template policy on both paths).
        QFETCH(QStringList, args);
        const QString mix = write("one.json", R"({"format": "archscape/workload-mix", "version": 1, "name": "one",
            "networks": [{"workload": "alexnet", "instances": 1}]})");
        args.replaceInStrings("MIX", mix);
        const json s = single("nvdla", "alexnet");
        const json e = parsed(cli(QStringList{"evaluate", "--format", "json"} + args));
        QCOMPARE(e["format"].get<std::string>(), std::string("archscape/system-evaluation"));
        QCOMPARE(e["totals"]["cycles"].get<double>(), s["totals"]["cycles"].get<double>());
        QCOMPARE(e["totals"]["energy_uj"].get<double>(), s["totals"]["energy_uj"].get<double>());
        QCOMPARE(e["totals"]["idle_leakage_uj"].get<double>(), 0.0);
        QCOMPARE(e["totals"]["macs"].get<double>(), s["totals"]["macs"].get<double>());
        QCOMPARE(e["totals"]["area_mm2"].get<double>(), s["totals"]["area_mm2"].get<double>());
        QCOMPARE(int(e["units"].size()), 1);
        QCOMPARE(e["units"][0]["layers"].get<int>(), int(s["layers"].size()));
    }
    void instancesAddUp() {
        // Three independent instances on one unit: three times the work, back to back, no idle time.
        const QString mix = write("three.json", R"({"format": "archscape/workload-mix", "version": 1,
            "name": "three", "networks": [{"workload": "alexnet", "instances": 3}]})");
        const json s = single("nvdla", "alexnet");
        const json e = parsed(cli({"evaluate", "--accelerator", "nvdla", "--mix", mix, "--format", "json"}));
        QCOMPARE(e["totals"]["cycles"].get<double>(), 3 * s["totals"]["cycles"].get<double>());
        QVERIFY(qFuzzyCompare(e["totals"]["energy_uj"].get<double>(), 3 * s["totals"]["energy_uj"].get<double>()));
        QCOMPARE(e["networks"][0]["instances"].get<int>(), 3);
        QCOMPARE(e["networks"][0]["layers"].get<int>(), 3 * int(s["layers"].size()));
        QCOMPARE(e["networks"][0]["end_cycle"].get<double>(), e["totals"]["cycles"].get<double>());
    }
    void totalsDecompose_data() {
        QTest::addColumn<QString>("system");
        QTest::addColumn<QString>("mix");
        QTest::addColumn<QString>("scheduler");
        QTest::newRow("hda_kcp_yxp mlperf_edge herald") << "hda_kcp_yxp"
                                                        << "mlperf_edge"
                                                        << "herald";
        QTest::newRow("hda_kcp_yxp_rs mlperf_edge baseline") << "hda_kcp_yxp_rs"
                                                             << "mlperf_edge"
                                                             << "baseline";
    }
    void totalsDecompose() {
        QFETCH(QString, system);
        QFETCH(QString, mix);
        QFETCH(QString, scheduler);
        const json e =
            parsed(cli({"evaluate", "--system", system, "--mix", mix, "--scheduler", scheduler, "--format", "json"}));
        const json& t = e["totals"];
        const double energy = t["energy_uj"].get<double>();
        QVERIFY(qFuzzyCompare(energy, t["layer_energy_uj"].get<double>() + t["idle_leakage_uj"].get<double>()));
        // Every unit's energy (its layers + its idle leakage) adds up to the total; every network's
        // layer energy to the layer term; every layer of every instance runs once.
        double units = 0, layers = 0;
        int unit_layers = 0, network_layers = 0;
        for (const auto& u : e["units"]) {
            units += u["energy_uj"].get<double>();
            unit_layers += u["layers"].get<int>();
            QVERIFY(u["busy_cycles"].get<double>() <= t["cycles"].get<double>());
        }
        for (const auto& n : e["networks"]) {
            layers += n["layer_energy_uj"].get<double>();
            network_layers += n["layers"].get<int>();
            QVERIFY(n["end_cycle"].get<double>() <= t["cycles"].get<double>());
        }
        QVERIFY(qFuzzyCompare(units, energy));
        QVERIFY(qFuzzyCompare(layers, t["layer_energy_uj"].get<double>()));
        QCOMPARE(unit_layers, network_layers);
        // mlperf_edge: ResNet-50, MobileNetV2 and a BERT layer, one instance each (the preset file).
        QCOMPARE(int(e["networks"].size()), 3);
        int expected = 0;
        for (const char* n : {"resnet50", "mobilenetv2", "bert_base_encoder"})
            expected += int(single("nvdla", n)["layers"].size());
        QCOMPARE(network_layers, expected);
        QVERIFY(t["cycles"].get<double>() >= t["lower_bound_cycles"].get<double>());
        QVERIFY(qFuzzyCompare(t["edp_uj_ms"].get<double>(), energy * t["latency_ms"].get<double>()));
        // The same schedule as `schedule` prints.
        const json s = parsed(
            cli({"schedule", "--system", system, "--workload", mix, "--scheduler", scheduler, "--format", "json"}));
        QCOMPARE(t["cycles"].get<double>(), s["makespan_cycles"].get<double>());
        QVERIFY(qFuzzyCompare(energy, s["energy_pj"].get<double>() * 1e-6));
    }
    void table() {
        const auto r = cli({"evaluate", "--system", "hda_kcp_yxp", "--mix", "mlperf_edge"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(r.out.contains("mlperf_edge on hda_kcp_yxp (2 units, 1024 PEs"));
        QVERIFY(r.out.contains("scheduler herald"));
        QVERIFY(r.out.contains("total: "));
        QVERIFY(r.out.contains("lower bound: "));
        for (const char* n : {"resnet50", "mobilenetv2", "bert_base_encoder", "kcp", "yxp"}) QVERIFY(r.out.contains(n));
    }
    void deadlines() {
        // A deadline of one cycle: every instance misses it (each layer takes more than a cycle).
        const QString mix = write("late.json", R"({"format": "archscape/workload-mix", "version": 1, "name": "late",
            "networks": [{"workload": "alexnet", "instances": 2, "deadline_cycles": 1},
                         {"workload": "resnet18", "instances": 1}]})");
        const json e = parsed(cli({"evaluate", "--system", "hda_kcp_yxp", "--mix", mix, "--format", "json"}));
        QCOMPARE(e["totals"]["deadline_misses"].get<int>(), 2);
        QCOMPARE(e["networks"][0]["deadline_misses"].get<int>(), 2);
        QCOMPARE(e["networks"][0]["deadline_cycles"].get<double>(), 1.0);
        QVERIFY(e["networks"][1]["deadline_cycles"].is_null());
        QCOMPARE(e["networks"][1]["deadline_misses"].get<int>(), 0);
    }
    void badInput_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("fragment");
        QTest::newRow("system and accelerator")
            << QStringList{"--system", "hda_kcp_yxp", "--accelerator", "nvdla", "--mix", "arvr"}
            << "exclude each other";
        QTest::newRow("mix and workload")
            << QStringList{"--system", "hda_kcp_yxp", "--mix", "arvr", "--workload", "alexnet"} << "exclude each other";
        QTest::newRow("csv") << QStringList{"--system", "hda_kcp_yxp", "--mix", "arvr", "--format", "csv"}
                             << "--format csv";
        QTest::newRow("dataflow on a system")
            << QStringList{"--system", "hda_kcp_yxp", "--workload", "alexnet", "--dataflow", "kc-p"} << "--dataflow";
        QTest::newRow("model maestro") << QStringList{"--accelerator", "nvdla", "--mix", "arvr", "--model", "maestro"}
                                       << "--model";
        QTest::newRow("scheduler without a system")
            << QStringList{"--accelerator", "nvdla", "--workload", "alexnet", "--scheduler", "herald"}
            << "only with --system or --mix";
        QTest::newRow("unknown scheduler")
            << QStringList{"--system", "hda_kcp_yxp", "--mix", "arvr", "--scheduler", "fifo"}
            << "expected baseline, herald or exact";
        QTest::newRow("exact on a large mix")
            << QStringList{"--system", "hda_kcp_yxp", "--mix", "mlperf_edge", "--scheduler", "exact"} << "at most 14";
        QTest::newRow("no such system") << QStringList{"--system", "nope", "--mix", "arvr"} << "nope: no such file";
        QTest::newRow("no workload") << QStringList{"--system", "hda_kcp_yxp"}
                                     << "missing required option --workload (or --mix)";
    }
    void badInput() {
        QFETCH(QStringList, args);
        QFETCH(QString, fragment);
        const auto r = cli(QStringList{"evaluate"} + args);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(fragment), qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestCliEvaluateSystem)
#include "tst_cli_evaluate_system.moc"
