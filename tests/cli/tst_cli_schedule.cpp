// archscape-cli schedule end to end: JSON keys of issue 12, a tiny mix scheduled exactly, bad input.
#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

#include "cli/cli_run.h"

class TestCliSchedule : public QObject {
    Q_OBJECT
    static archscape::test::CliRun cli(const QStringList& args) { return archscape::test::runCli(args); }
    QTemporaryDir m_dir;
    QString write(const char* name, const char* text) {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        f.open(QIODevice::WriteOnly);
        f.write(text);
        return path;
    }

private Q_SLOTS:
    void jsonKeysOnPresets() {
        const auto r = cli({"schedule", "--system", "hda_kcp_yxp", "--workload", "mlperf_edge", "--format", "json"});
        QCOMPARE(r.code, 0);
        const auto j = nlohmann::json::parse(r.out.toStdString());
        for (const char* k : {"makespan_cycles", "energy_pj", "edp", "lower_bound_cycles", "schedule"})
            QVERIFY2(j.contains(k), k);
        QCOMPARE(j["edp"].get<double>(), j["makespan_cycles"].get<double>() * j["energy_pj"].get<double>());
        QVERIFY(j["makespan_cycles"].get<double>() >= j["lower_bound_cycles"].get<double>());
        // One row per layer of the mix: 72 + 64 + 13 (presets/README.md), each with the fixed keys.
        QCOMPARE(int(j["schedule"].size()), 72 + 64 + 13);
        double last = 0;
        for (const auto& row : j["schedule"]) {
            for (const char* k : {"network", "layer", "unit", "start_cycle", "end_cycle"}) QVERIFY2(row.contains(k), k);
            QVERIFY(row["unit"] == "kcp" || row["unit"] == "yxp");
            last = std::max(last, row["end_cycle"].get<double>());
        }
        QCOMPARE(last, j["makespan_cycles"].get<double>());
    }
    void tableOnPresets() {
        const auto r = cli({"schedule", "--system", "hda_kcp_yxp_rs", "--workload", "arvr", "--scheduler", "baseline"});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("unit rs"));
        QVERIFY(r.out.contains("makespan:"));
        QVERIFY(r.out.contains("lower bound:"));
    }
    void exactOnATinyMix() {
        // Three 1x1 convolutions a -> c, b independent, on two identical units with no bandwidth
        // limit: a and b run side by side, c after a: makespan = cycles(a) + cycles(c), which is the
        // critical path, so the bound is met and the gap is 0.
        write("tiny.json", R"({"format": "archscape/workload", "version": 1, "name": "tiny", "layers": [
            {"name": "a", "type": "conv", "C": 64, "K": 64, "H": 14, "W": 14, "R": 1, "S": 1},
            {"name": "b", "type": "conv", "C": 64, "K": 64, "H": 14, "W": 14, "R": 1, "S": 1, "inputs": []},
            {"name": "c", "type": "conv", "C": 64, "K": 64, "H": 14, "W": 14, "R": 1, "S": 1, "inputs": ["a"]}]})");
        const QString mix = write("mix.json", R"({"format": "archscape/workload-mix", "version": 1, "name": "m",
            "networks": [{"workload": "tiny.json"}]})");
        const QString sys = write("sys.json", R"({"format": "archscape/system", "version": 1, "name": "two",
            "units": [{"name": "x", "accelerator": "nvdla", "evaluation": {"mode": "template", "dataflow": "kc-p"}},
                      {"name": "y", "accelerator": "nvdla", "evaluation": {"mode": "template", "dataflow": "kc-p"}}]})");
        const auto r =
            cli({"schedule", "--system", sys, "--workload", mix, "--scheduler", "exact", "--format", "json"});
        QCOMPARE(r.code, 0);
        const auto j = nlohmann::json::parse(r.out.toStdString());
        const auto& s = j["schedule"];
        QCOMPARE(int(s.size()), 3);
        const double a = s[0]["end_cycle"].get<double>() - s[0]["start_cycle"].get<double>();
        QCOMPARE(s[1]["start_cycle"].get<double>(), 0.0);
        QCOMPARE(s[2]["start_cycle"].get<double>(), s[0]["end_cycle"].get<double>());
        QVERIFY(s[0]["unit"] != s[1]["unit"]);
        QCOMPARE(j["makespan_cycles"].get<double>(), 2 * a); // c has a's shape
        QCOMPARE(j["lower_bound_cycles"].get<double>(), 2 * a);
    }
    void badInput() {
        auto r = cli({"schedule", "--system", "hda_kcp_yxp", "--workload", "mlperf_edge", "--scheduler", "magic"});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains("baseline, herald or exact"));
        r = cli({"schedule", "--system", "hda_kcp_yxp", "--workload", "mlperf_edge", "--scheduler", "exact"});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains("at most 14"));
        const QString bad =
            write("bad.json", R"({"format": "archscape/system", "version": 1, "name": "b", "units": []})");
        r = cli({"schedule", "--system", bad, "--workload", "mlperf_edge"});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains("/units"));
        r = cli({"schedule", "--system", "nosuch", "--workload", "mlperf_edge"});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains("hda_kcp_yxp"));
    }
    void acceleratorAndWorkloadPresetsAreSystemsAndMixesOfOne() {
        const auto r = cli({"schedule", "--system", "nvdla", "--workload", "resnet18", "--format", "json"});
        QCOMPARE(r.code, 0);
        const auto e = cli({"evaluate", "--accelerator", "nvdla", "--workload", "resnet18", "--format", "json"});
        QCOMPARE(e.code, 0);
        // Both use the best template by EDP per layer: the schedule of one unit is the sequential sum.
        const auto js = nlohmann::json::parse(r.out.toStdString()), je = nlohmann::json::parse(e.out.toStdString());
        QCOMPARE(js["makespan_cycles"].get<double>(), je["totals"]["cycles"].get<double>());
    }
};

QTEST_GUILESS_MAIN(TestCliSchedule)
#include "tst_cli_schedule.moc"
