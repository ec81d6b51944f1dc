// archscape-cli evaluate end to end: presets by name, output formats, exit codes, bad input messages.
#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

#include "cli/cli_run.h"

using namespace archscape;

class TestCliEvaluate : public QObject {
    Q_OBJECT
    static test::CliRun cli(const QStringList& args) { return test::runCli(args); }
    QTemporaryDir m_dir;
    QString write(const char* name, const char* text) {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        f.open(QIODevice::WriteOnly);
        f.write(text);
        return path;
    }

private Q_SLOTS:
    void tableOnPresets() {
        const auto r = cli({"evaluate", "--accelerator", "eyeriss", "--workload", "resnet50"});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("resnet50 on eyeriss"));
        QVERIFY(r.out.contains("layer4.2.conv3"));
        QVERIFY(r.out.contains("total: 4.089 GMACs")); // 4,089,184,256 MACs (He et al.; tst_presets)
    }
    void jsonTotals() {
        const QString out = m_dir.filePath("r.json");
        const auto r = cli({"evaluate", "--accelerator", "shidiannao", "--workload", "resnet18", "--dataflow", "yx-p",
                            "--format", "json", "--output", out});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.isEmpty());
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const auto j = nlohmann::json::parse(f.readAll().toStdString());
        QCOMPARE(j["format"].get<std::string>(), std::string("archscape/evaluation"));
        QCOMPARE(j["totals"]["macs"].get<double>(), 1814073344.0); // ResNet-18: 1.814 GMACs
        double cycles = 0;
        for (const auto& l : j["layers"]) cycles += l["cycles"].get<double>();
        QCOMPARE(j["totals"]["cycles"].get<double>(), cycles); // totals are the sum of the layers
        QVERIFY(j["layers"][1]["mapping"].is_object() || j["layers"][0]["mapping"].is_object());
    }
    void csvHasOneRowPerLayer() {
        const auto r =
            cli({"evaluate", "--accelerator", "nvdla", "--workload", "bert_base_encoder", "--format", "csv"});
        QCOMPARE(r.code, 0);
        const auto lines = r.out.trimmed().split('\n');
        QVERIFY(lines[0].startsWith("layer,type,shape,macs,cycles"));
        QVERIFY(lines.size() > 10);
    }
    void systolicFromScaleSimFiles() {
        const QString cfg = write("a.cfg",
                                  "[general]\nrun_name = t\n[architecture_presets]\nArrayHeight: 8\nArrayWidth: 8\n"
                                  "IfmapSramSzkB: 64\nFilterSramSzkB: 64\nOfmapSramSzkB: 32\nIfmapOffset: 0\n"
                                  "FilterOffset: 10000000\nOfmapOffset: 20000000\nBandwidth : 10\nDataflow : os\n"
                                  "MemoryBanks: 1\n[run_presets]\nInterfaceBandwidth: CALC\n");
        const QString csv = write("t.csv",
                                  "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, "
                                  "Num Filter, Strides,\nconv1, 10, 10, 3, 3, 4, 8, 1,\n");
        const auto r = cli({"evaluate", "--accelerator", cfg, "--workload", csv, "--format", "json"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const auto j = nlohmann::json::parse(r.out.toStdString());
        QCOMPARE(j["totals"]["macs"].get<double>(), 8.0 * 4 * 9 * 8 * 8); // K C R S P Q, P = 10 - 3 + 1
    }
    void badInput_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown preset") << QStringList{"--accelerator", "eyeriss", "--workload", "nope"}
                                        << "nope: no such file or workloads preset";
        QTest::newRow("unknown option") << QStringList{"--accelerator", "eyeriss", "--workload", "resnet50", "--fast"}
                                        << "unknown option --fast";
        QTest::newRow("bad dataflow") << QStringList{"--accelerator", "eyeriss",    "--workload",
                                                     "resnet50",      "--dataflow", "zz"}
                                      << "--dataflow: expected ws";
        QTest::newRow("bad format") << QStringList{"--accelerator", "eyeriss",  "--workload",
                                                   "resnet50",      "--format", "xml"}
                                    << "--format: expected table, json or csv";
        QTest::newRow("missing workload")
            << QStringList{"--accelerator", "eyeriss"} << "missing required option --workload";
    }
    void badInput() {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const auto r = cli(QStringList{"evaluate"} + args);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
    }
    void perLayerPrecisionReported() {
        // Two identical convolutions; the second declares INT4 weights and inputs. Eyeriss computes at
        // INT16 (presets/accelerators/eyeriss.json), so the first layer reports the accelerator's
        // formats, the second its own, and both keep the accelerator's partial-sum format.
        const QString w = write("prec.json", R"({"format": "archscape/workload", "version": 1, "name": "prec",
            "layers": [{"name": "a", "type": "conv", "C": 16, "K": 16, "P": 8, "Q": 8, "R": 3, "S": 3},
                       {"name": "b", "type": "conv", "C": 16, "K": 16, "P": 8, "Q": 8, "R": 3, "S": 3,
                        "precision": "int4"}]})");
        const auto r =
            cli({"evaluate", "--accelerator", "eyeriss", "--workload", w, "--dataflow", "rs", "--format", "json"});
        QCOMPARE(r.code, 0);
        const auto j = nlohmann::json::parse(r.out.toStdString());
        const auto& a = j["layers"][0];
        const auto& b = j["layers"][1];
        QCOMPARE(a["precision"]["weight"].get<std::string>(), std::string("int16"));
        QCOMPARE(b["precision"]["weight"].get<std::string>(), std::string("int4"));
        QCOMPARE(b["precision"]["input"].get<std::string>(), std::string("int4"));
        QCOMPARE(b["precision"]["output"].get<std::string>(), a["precision"]["output"].get<std::string>());
        // Same MAC count; a 4x4-bit multiply costs less than a 16x16-bit one (Horowitz scaling, docs/model.md).
        QCOMPARE(a["macs"].get<double>(), 16.0 * 16 * 8 * 8 * 3 * 3);
        QCOMPARE(b["macs"].get<double>(), a["macs"].get<double>());
        QVERIFY(b["energy"]["mac_pj"].get<double>() < a["energy"]["mac_pj"].get<double>() / 4);
    }
    void badFilesNameFileAndPointer() {
        const QString w = write("w.json", R"({"format": "archscape/workload", "version": 1, "name": "x",
            "layers": [{"name": "c", "type": "conv", "C": 3, "K": -4, "H": 8, "W": 8, "R": 3, "S": 3}]})");
        auto r = cli({"evaluate", "--accelerator", "eyeriss", "--workload", w});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(w + ": /layers/0/K"), qPrintable(r.err));
        // A mapping whose factors do not cover the layer (K = 4 needs factors multiplying to 4).
        const QString l = write("l.json", R"({"format": "archscape/workload", "version": 1, "name": "one",
            "layers": [{"name": "c", "type": "conv", "C": 2, "K": 4, "P": 4, "Q": 1, "R": 1, "S": 1}]})");
        const QString m = write("m.json", R"({"format": "archscape/mapping", "version": 1, "levels": [
            {"factors": {"K": 2, "C": 2, "P": 4}}, {}, {}, {}, {}]})");
        r = cli({"evaluate", "--accelerator", "eyeriss", "--workload", l, "--mapping", m});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("layer c: factors of K multiply to 2, expected at least the bound 4"),
                 qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestCliEvaluate)
#include "tst_cli_evaluate.moc"
