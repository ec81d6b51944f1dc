// archscape-cli explore over system spaces (issue 12): the result document on a preset space, a
// one-unit space equal to `schedule` on the same system, shards, and bad input naming the pointer.
#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

#include "cli/cli_run.h"

class TestCliExploreSystem : public QObject {
    Q_OBJECT
    static archscape::test::CliRun cli(const QStringList& args) { return archscape::test::runCli(args); }
    QTemporaryDir m_dir;
    QString write(const char* name, const std::string& text) { return archscape::test::writeFile(m_dir, name, text); }

private Q_SLOTS:
    void presetSpace() {
        const auto r = cli({"explore", "--space", "hda_kcp_yxp_rs", "--workload", "mobilenetv2", "--objectives",
                            "edp,area", "--quiet"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const auto j = nlohmann::json::parse(r.out.toStdString());
        QCOMPARE(j["format"].get<std::string>(), std::string("archscape/system-explore-result"));
        QCOMPARE(j["total"].get<int>(), 45);
        QCOMPARE(int(j["points"].size()), 45);
        QVERIFY(j["complete"].get<bool>());
        QVERIFY(!j["front"].empty());
        for (const auto& p : j["points"]) {
            int pes = 0;
            for (const auto& u : p["units"]) pes += u["pes"].get<int>();
            QCOMPARE(pes, 1024); // every design uses the whole budget
            QCOMPARE(p["edp_js"].get<double>(), p["latency_s"].get<double>() * p["energy_j"].get<double>());
            QVERIFY(p["makespan_cycles"].get<double>() >= p["lower_bound_cycles"].get<double>());
        }
        QVERIFY(r.err.contains("best EDP with 1 unit:"));
        QVERIFY(r.err.contains("best EDP with 3 units:"));
    }
    void oneUnitSpaceEqualsSchedule() {
        // The one design of a space of mono_kcp's single unit at its own 1,024 PEs is mono_kcp:
        // the same makespan and energy as `schedule --system mono_kcp`.
        const QString space = write("one.json", R"({"format": "archscape/system-space", "version": 1, "name": "one",
            "templates": "mono_kcp", "pe_budget": 1024, "pe_step": 1024, "parameters": {"units": [["kcp"]]}})");
        const auto e = cli({"explore", "--space", space, "--workload", "mobilenetv2", "--quiet"});
        QVERIFY2(e.code == 0, qPrintable(e.err));
        const auto s = cli({"schedule", "--system", "mono_kcp", "--workload", "mobilenetv2", "--format", "json"});
        QCOMPARE(s.code, 0);
        const auto je = nlohmann::json::parse(e.out.toStdString());
        const auto js = nlohmann::json::parse(s.out.toStdString());
        QCOMPARE(int(je["points"].size()), 1);
        QCOMPARE(je["points"][0]["makespan_cycles"].get<double>(), js["makespan_cycles"].get<double>());
        QCOMPARE(je["points"][0]["energy_j"].get<double>(), js["energy_pj"].get<double>() * 1e-12);
    }
    void shard() {
        const auto r = cli({"explore", "--space", "hda_kcp_yxp_rs", "--workload", "mobilenetv2", "--shard", "1/4",
                            "--scheduler", "baseline", "--quiet"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const auto j = nlohmann::json::parse(r.out.toStdString());
        QCOMPARE(j["scheduler"].get<std::string>(), std::string("baseline"));
        QCOMPARE(j["total"].get<int>(), 11); // indices 1, 5, ..., 41 of 45
        for (const auto& p : j["points"]) QCOMPARE(p["index"].get<int>() % 4, 1);
    }
    void networkChoice() {
        // NASAIC-style: accuracy (maximised) against EDP under the space's 250 ms spec.
        const auto r =
            cli({"explore", "--space", "nasaic_arvr", "--workload", "arvr", "--objectives", "accuracy,edp", "--quiet"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const auto j = nlohmann::json::parse(r.out.toStdString());
        QCOMPARE(j["total"].get<int>(), 18);
        for (const auto& p : j["points"]) {
            const double acc = p["accuracy_top1"].get<double>();
            QVERIFY(acc == 71.56 || acc == 77.58);
            QCOMPARE(p["reason"].get<std::string>() == "latency", p["latency_s"].get<double>() * 1e3 > 250);
        }
        QVERIFY(!j["front"].empty());
    }
    void badInput_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("fragment");
        const QString bad = write("bad.json", R"({"format": "archscape/system-space", "version": 1, "name": "b",
            "templates": "hda_kcp_yxp", "pe_budget": 1024, "pe_step": 128, "parameters": {"units": [["kcp", "gpu"]]}})");
        QTest::newRow("unknown unit") << QStringList{"explore", "--space", bad, "--workload", "arvr"}
                                      << "/parameters/units/0/1";
        QTest::newRow("scheduler") << QStringList{"explore", "--space",     "hda_kcp_yxp", "--workload",
                                                  "arvr",    "--scheduler", "exact"}
                                   << "--scheduler: expected herald or baseline";
        QTest::newRow("accuracy objective")
            << QStringList{"explore", "--space", "hda_kcp_yxp", "--workload", "arvr", "--objectives", "accuracy"}
            << "needs an accuracy model";
        QTest::newRow("checkpoint") << QStringList{"explore", "--space",      "hda_kcp_yxp",           "--workload",
                                                   "arvr",    "--checkpoint", m_dir.filePath("c.json")}
                                    << "not available for system spaces";
        QTest::newRow("scheduler on a plain space")
            << QStringList{"explore", "--space", "edge", "--workload", "alexnet", "--scheduler", "herald"}
            << "only for system spaces";
    }
    void badInput() {
        QFETCH(QStringList, args);
        QFETCH(QString, fragment);
        const auto r = cli(args);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(fragment), qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestCliExploreSystem)
#include "tst_cli_explore_system.moc"
