// archscape-cli explore, merge and quantize end to end: exit codes and messages for bad input, three
// shards merged equal the single run, accuracy as an objective, and the quantize command.
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <fstream>

#include "accuracy/omega_model.h"
#include "cli/cli_run.h"
#include "core/explore_fixtures.h"

using namespace archscape;
using nlohmann::json;
using test::runCli;

class TestCliExplore : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void cliExitCodes() {
        auto r = runCli({"explore", "--space", "edge", "--workload", "resnet50", "--objectives", "latency,speed"});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("unknown objective \"speed\""), qPrintable(r.err));
        r = runCli({"explore", "--space", "edge", "--workload", "resnet50", "--shard", "3/3"});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains("--shard"));
        QTemporaryDir dir;
        const QString bad = dir.filePath("bad.json");
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        json j = test::smallSpace();
        j["parameters"]["pe_rows"] = json::array();
        f.write(QByteArray::fromStdString(j.dump()));
        f.close();
        r = runCli({"explore", "--space", bad, "--workload", "resnet50"});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(bad + ": /parameters/pe_rows"), qPrintable(r.err));
    }

    void cliShardsAndMerge() {
        // The CLI end to end on the dataflow preset: 3 shards merged equal the single run.
        QTemporaryDir dir;
        const QStringList common = {"explore",         "--space", "dataflows",    "--workload",     "resnet18",
                                    "--mapper-budget", "40",      "--objectives", "latency,energy", "--quiet"};
        QCOMPARE(runCli(common + QStringList{"--output", dir.filePath("all.json")}).code, 0);
        QStringList parts;
        for (int i = 0; i < 3; ++i) {
            parts << dir.filePath(QString("part%1.json").arg(i));
            QCOMPARE(runCli(common + QStringList{"--shard", QString("%1/3").arg(i), "--output", parts.back()}).code, 0);
        }
        QCOMPARE(runCli(QStringList{"merge"} + parts + QStringList{"--output", dir.filePath("merged.json")}).code, 0);
        auto load = [&](const QString& p) {
            QFile f(p);
            f.open(QIODevice::ReadOnly);
            return json::parse(f.readAll().toStdString());
        };
        const json all = load(dir.filePath("all.json")), merged = load(dir.filePath("merged.json"));
        QVERIFY(all["points"] == merged["points"]);
        QVERIFY(all["front"] == merged["front"]);
        QVERIFY(all["front_details"] == merged["front_details"]);
        // Missing shard: written, but exit 1 and "complete": false.
        QCOMPARE(
            runCli(QStringList{"merge"} + parts.mid(0, 2) + QStringList{"--output", dir.filePath("partial.json")}).code,
            1);
        QCOMPARE(load(dir.filePath("partial.json"))["complete"].get<bool>(), false);
    }

    void quantizeCli() {
        // One assignment: all 19 layers at 8 bits; expected = a − b ln Ω with the hand Ω above, capped
        // at the FP32 baseline (a − b ln 0.00426 ≈ 72.1 % exceeds ResNet-18's 71.47 %).
        std::string eights;
        for (int i = 0; i < 19; ++i) eights += i ? ",8" : "8";
        const auto one = runCli({"quantize", "--model", "hawq:resnet18", "--assignment", QString::fromStdString(eights),
                                 "--format", "json"});
        QCOMPARE(one.code, 0);
        const auto j = json::parse(one.out.toStdString());
        auto m = accuracy::OmegaModel::preset("resnet18");
        QVERIFY(m.ok());
        const double expect = std::min(m.value->fit().a - m.value->fit().b * std::log(test::handOmega("resnet18", 8)),
                                       m.value->baselineTop1());
        QCOMPARE(m.value->baselineTop1(), 71.47); // HAWQ-V3's FP32 ResNet-18 (hawq_v3_configs.csv)
        QVERIFY(std::abs(j["prediction"]["top1"].get<double>() - expect) < 1e-9);
        // A target above the FP32 baseline (71.47 %) cannot be reached: exit 1 and the reason.
        const auto unreachable = runCli({"quantize", "--model", "hawq:resnet18", "--target", "90"});
        QCOMPARE(unreachable.code, 1);
        QVERIFY2(unreachable.out.contains("unreachable"), qPrintable(unreachable.out));
        // Bad model: exit 2 with what was expected.
        const auto bad = runCli({"quantize", "--model", "hawq:vgg16", "--assignment", "8"});
        QCOMPARE(bad.code, 2);
        QVERIFY2(bad.err.contains("hawq:resnet18 or hawq:resnet50"), qPrintable(bad.err));
        // Wrong number of entries: exit 2.
        QCOMPARE(runCli({"quantize", "--model", "hawq:resnet18", "--assignment", "8,8"}).code, 2);
    }

    void exploreCliWithAccuracy() {
        QTemporaryDir dir;
        const QString spacePath = dir.filePath("space.json");
        {
            std::ofstream f(spacePath.toStdString());
            f << test::accuracySpace({{"pe_rows", {8}}, {"precision", {"int8", "int4"}}}).dump();
        }
        const QString out = dir.filePath("r.json");
        const auto r = runCli({"explore", "--space", spacePath, "--workload", "resnet18", "--objectives",
                               "latency,energy,accuracy", "--quiet", "--output", out});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        std::ifstream in(out.toStdString());
        const auto j = json::parse(in);
        QCOMPARE(j["accuracy_model"].get<std::string>(), std::string("hawq:resnet18"));
        QCOMPARE(j["points"].size(), std::size_t(2));
        QVERIFY(j["points"][0]["accuracy_top1"].get<double>() > j["points"][1]["accuracy_top1"].get<double>());
        // The INT8 point is the most accurate, so it is on the front whatever its latency and energy.
        QVERIFY(std::find(j["front"].begin(), j["front"].end(), json(0)) != j["front"].end());
        // Accuracy without a model: exit 2 naming the fix; --accuracy-model supplies one.
        json noModel = test::accuracySpace({{"pe_rows", {8}}});
        noModel.erase("accuracy");
        const QString plain = dir.filePath("plain.json");
        {
            std::ofstream f(plain.toStdString());
            f << noModel.dump();
        }
        const auto refused =
            runCli({"explore", "--space", plain, "--workload", "resnet18", "--objectives", "latency,accuracy"});
        QCOMPARE(refused.code, 2);
        QVERIFY2(refused.err.contains("needs an accuracy model"), qPrintable(refused.err));
        const auto given = runCli({"explore", "--space", plain, "--workload", "resnet18", "--objectives",
                                   "latency,accuracy", "--accuracy-model", "hawq:resnet18", "--quiet"});
        QVERIFY2(given.code == 0, qPrintable(given.err));
        QVERIFY(json::parse(given.out.toStdString())["points"][0].contains("accuracy_top1"));
        // A model whose layers are not in the workload: exit 2.
        const auto mismatch = runCli({"explore", "--space", plain, "--workload", "vgg16", "--objectives",
                                      "latency,accuracy", "--accuracy-model", "hawq:resnet18", "--quiet"});
        QCOMPARE(mismatch.code, 2);
        QVERIFY2(mismatch.err.contains("does not contain"), qPrintable(mismatch.err));
    }
};

QTEST_GUILESS_MAIN(TestCliExplore)
#include "tst_cli_explore.moc"
