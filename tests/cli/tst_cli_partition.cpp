// archscape/devices documents, measured-latency CSVs, and the partition / generate commands end to end
// (issue 13).
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>

#include "io/devices_json.h"
#include "io/preset_catalog.h"
#include "io/workload_json.h"
#include "io_test_support.h"
#include "schedule/partition_solver.h"

using namespace archscape;

class TestPartitionIo : public QObject {
    Q_OBJECT
    struct Run {
        int code;
        QString out, err;
    };
    Run cli(const QStringList& args) {
        QProcess p;
        p.start(ARCHSCAPE_CLI, args);
        p.waitForFinished(300000);
        return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()),
                QString::fromUtf8(p.readAllStandardError())};
    }
    QTemporaryDir m_dir;
    QString write(const char* name, const QByteArray& text) {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        f.open(QIODevice::WriteOnly);
        f.write(text);
        return path;
    }

private Q_SLOTS:
    void presetsParse() {
        for (const char* name : {"cpu_2gpu_node", "two_accelerator_board", "four_servers_ethernet"}) {
            const auto path = io::resolvePreset("devices", name);
            QVERIFY2(path, name);
            const auto r = io::readDevicesFile(*path);
            QVERIFY2(r.ok(), test::listDiagnostics(r.errors).c_str());
        }
        // The node's figures as cited in presets/devices/README.md: A100 FP16 312 TFLOPS dense = 156 TMAC/s,
        // PCIe 4.0 x16 = 16 GT/s × 16 × 128/130 / 8 ≈ 31.5 GB/s.
        const auto node = io::readDevicesFile(*io::resolvePreset("devices", "cpu_2gpu_node"));
        const auto& a100 = node.value->devices[node.value->find("a100")];
        QCOMPARE(a100.roofline.peak_macs_per_s.at("fp16"), 156e12);
        QCOMPARE(a100.memory_bytes, 80e9);
        QCOMPARE(node.value->links[0].bandwidth_bytes_per_s, 31.5e9);
        QVERIFY(std::abs(16e9 * 16 * 128 / 130 / 8 - 31.5e9) < 0.01e9);
        // The board's devices are accelerators with their presets loaded.
        const auto board = io::readDevicesFile(*io::resolvePreset("devices", "two_accelerator_board"));
        QVERIFY(board.value->devices[0].accelerator.has_value());
        QCOMPARE(board.value->devices[0].accelerator->name, std::string("eyeriss"));
    }

    void llamaPreset() {
        // Llama 2 7B prefill at 4096 tokens (presets/README.md): per decoder layer Q, K, V, O
        // 4·4096·4096·4096, attention 2·32·4096·4096·128, SwiGLU 3·4096·4096·11008; 32 layers + the LM head
        // 4096·4096·32000. 15 layers per block (norm, q, k, v, scores, softmax, context, o, add, norm, gate,
        // up, swiglu, down, add) × 32 + final norm + LM head = 482.
        const auto net = io::readWorkloadFile(*io::resolvePreset("workloads", "llama2_7b"));
        QVERIFY2(net.ok(), test::listDiagnostics(net.errors).c_str());
        const std::int64_t h = 4096, s = 4096;
        const std::int64_t block = 4 * s * h * h + 2 * 32 * s * s * 128 + 3 * s * h * 11008;
        QCOMPARE(net.value->totalMacs(), 32 * block + s * h * 32000);
        QCOMPARE(net.value->layers.size(), std::size_t(482));
        // The 31 blocks after the first are identical, so the MILP sees 35 or fewer groups.
        const auto devices = io::readDevicesFile(*io::resolvePreset("devices", "four_servers_ethernet"));
        const auto built = schedule::buildPartitionProblem(*net.value, *devices.value, {});
        QVERIFY(built.problem);
        const auto r =
            schedule::solvePartition(*built.problem, {.solver = schedule::PartitionSolver::Milp, .time_limit_s = 30});
        QVERIFY(r.partition.feasible);
        QVERIFY2(r.solved_nodes <= 35, std::to_string(r.solved_nodes).c_str());
        QVERIFY(!r.optimal); // optimal among block-wise partitions only
        QVERIFY(r.lower_bound_s <= r.value(built.problem->objective) * (1 + 1e-9));
    }

    void errorsNamePointers() {
        const QByteArray doc = R"({
          "format": "archscape/devices",
          "devices": [
            {"name": "g", "kind": "roofline", "memory_gb": 1, "peak_tmacs_per_s": {"fp16": 1, "fp12": 2},
             "memory_bandwidth_gb_per_s": 1, "efficiency": {"conv": 1.5, "lstm": 0.5}},
            {"name": "g", "kind": "roofline", "memory_gb": 1, "precision": "fp32", "peak_tmacs_per_s": {"fp16": 1},
             "memory_bandwidth_gb_per_s": 1},
            {"name": "q", "kind": "quantum", "memory_gb": 1},
            {"name": "a", "kind": "accelerator", "memory_gb": 1, "accelerator": "no_such_chip"},
            {"name": "m", "kind": "measured", "memory_gb": -1, "latencies_us": {"x": 0}}
          ],
          "links": [{"between": ["g", "nowhere"], "bandwidth_gb_per_s": 0, "colour": "red"}]
        })";
        const auto r = io::parseDevices(test::jsonText(doc), "");
        QVERIFY(!r.ok());
        const auto& e = r.errors;
        QVERIFY2(test::hasDiagnostic(e, "/devices/0/peak_tmacs_per_s/fp12", "expected a precision"),
                 test::listDiagnostics(e).c_str());
        QVERIFY(test::hasDiagnostic(e, "/devices/0/efficiency/conv", "fraction in (0, 1]"));
        QVERIFY(test::hasDiagnostic(e, "/devices/0/efficiency/lstm", "expected an operator type"));
        QVERIFY(test::hasDiagnostic(e, "/devices/1/peak_tmacs_per_s", "device's precision fp32"));
        QVERIFY(test::hasDiagnostic(e, "/devices/2/kind", "expected one of accelerator, roofline, measured"));
        QVERIFY(test::hasDiagnostic(e, "/devices/3/accelerator", "no_such_chip"));
        QVERIFY(test::hasDiagnostic(e, "/devices/4/memory_gb", ""));
        QVERIFY(test::hasDiagnostic(e, "/devices/4/latencies_us/x", ""));
        QVERIFY(test::hasDiagnostic(e, "/links/0/between/1", "no device named \"nowhere\""));
        QVERIFY(test::hasDiagnostic(e, "/links/0/bandwidth_gb_per_s", ""));
        QVERIFY(test::hasDiagnostic(e, "/links/0/colour", "unknown field"));
    }

    void duplicateNameAndMissingLink() {
        const QByteArray base = R"({"devices": [
            {"name": "x", "kind": "measured", "memory_gb": 1, "latencies_us": {"l": 1}},
            {"name": "y", "kind": "measured", "memory_gb": 1, "latencies_us": {"l": 1}},
            {"name": "z", "kind": "measured", "memory_gb": 1, "latencies_us": {"l": 1}}],
          "links": [{"between": ["x", "y"], "bandwidth_gb_per_s": 1}, {"between": ["y", "x"], "bandwidth_gb_per_s": 2},
                    {"between": ["z", "z"], "bandwidth_gb_per_s": 1}]})";
        const auto r = io::parseDevices(test::jsonText(base), "");
        QVERIFY(test::hasDiagnostic(r.errors, "/links/1/between", "a second link between \"y\" and \"x\""));
        QVERIFY(test::hasDiagnostic(r.errors, "/links/2/between", "two different devices"));
        const QByteArray missing = R"({"devices": [
            {"name": "x", "kind": "measured", "memory_gb": 1, "latencies_us": {"l": 1}},
            {"name": "y", "kind": "measured", "memory_gb": 1, "latencies_us": {"l": 1}}]})";
        const auto m = io::parseDevices(test::jsonText(missing), "");
        QVERIFY2(test::hasDiagnostic(m.errors, "/links", "no link between \"x\" and \"y\""),
                 test::listDiagnostics(m.errors).c_str());
    }

    void measuredCsv() {
        const QString good = write("lat.csv", "layer,kernel,latency_ms\nconv1,k0,0.5\nfc, k1 ,2\n");
        const auto r = io::readMeasuredLatencies(good.toStdString());
        QVERIFY2(r.ok(), test::listDiagnostics(r.errors).c_str());
        QCOMPARE(r.value->at("conv1"), 0.5e-3);
        QCOMPARE(r.value->at("fc"), 2e-3);
        const QString bad = write("bad.csv", "layer,latency_us\nconv1,abc\nconv2\nconv3,-1\nconv3,4\nconv3,5\n");
        const auto b = io::readMeasuredLatencies(bad.toStdString());
        QVERIFY(test::hasDiagnostic(b.errors, "line 2", "expected a positive latency, got \"abc\""));
        QVERIFY(test::hasDiagnostic(b.errors, "line 3", "expected 2 columns"));
        QVERIFY(test::hasDiagnostic(b.errors, "line 4", "positive latency"));
        QVERIFY(test::hasDiagnostic(b.errors, "line 6", "listed twice"));
        const QString header = write("nohead.csv", "name,time\nx,1\n");
        QVERIFY(test::hasDiagnostic(io::readMeasuredLatencies(header.toStdString()).errors, "line 1", "header"));
        // A devices file naming a CSV relative to itself: the diagnostic names the CSV and its line.
        write("dev.json",
              R"({"devices": [{"name": "m", "kind": "measured", "memory_gb": 1, "latencies_csv": "bad.csv"}]})");
        const auto d = io::readDevicesFile(m_dir.filePath("dev.json").toStdString());
        QVERIFY(!d.ok());
        QVERIFY2(d.errors[0].path == "/devices/0/latencies_csv" &&
                     d.errors[0].message.find("bad.csv: line 2") != std::string::npos,
                 test::listDiagnostics(d.errors).c_str());
    }

    void cliJsonKeys() {
        const auto r = cli({"partition", "--devices", "cpu_2gpu_node", "--workload", "resnet18", "--solver", "milp",
                            "--format", "json"});
        QCOMPARE(r.code, 0);
        const auto j = nlohmann::json::parse(r.out.toStdString());
        for (const char* k : {"objective", "value", "lower_bound", "solver", "optimal", "solve_s", "assignment"})
            QVERIFY2(j.contains(k), k);
        QCOMPARE(j["objective"].get<std::string>(), std::string("latency"));
        QCOMPARE(j["solver"].get<std::string>(), std::string("milp"));
        QVERIFY(j["optimal"].is_boolean());
        QCOMPARE(j["assignment"].size(), std::size_t(31)); // ResNet-18's 31 layers (presets/README.md)
        QVERIFY(j["lower_bound"].get<double>() <= j["value"].get<double>() * (1 + 1e-9));
        // Throughput, heuristic, table output.
        const auto t = cli({"partition", "--devices", "cpu_2gpu_node", "--workload", "bert_base_encoder", "--objective",
                            "throughput"});
        QCOMPARE(t.code, 0);
        QVERIFY(t.out.contains("throughput:"));
        QVERIFY(t.out.contains("lower bound"));
    }

    void cliBranchAndBoundAndSplit() {
        // The exact branch and bound on a 12-node RandWire graph: proven optimal, its own bound in
        // bound.milp_s, the prefixes it visited; then --split channels on the same graph adds the split
        // keys, and every layer's placement names devices of the set.
        const QString g = m_dir.filePath("g12.json");
        QCOMPARE(cli({"generate", "randwire", "--model", "ws", "--nodes", "12", "--seed", "3", "--output", g}).code, 0);
        const auto r = cli({"partition", "--devices", "cpu_2gpu_node", "--workload", g, "--solver", "branch-and-bound",
                            "--format", "json"});
        QCOMPARE(r.code, 0);
        const auto j = nlohmann::json::parse(r.out.toStdString());
        QCOMPARE(j["solver"].get<std::string>(), std::string("branch-and-bound"));
        QVERIFY(j["optimal"].get<bool>());
        QVERIFY(j["search_nodes"].get<double>() >= 1);
        QVERIFY(j["bound"]["milp_s"].get<double>() <= j["value"].get<double>() * (1 + 1e-12));
        QVERIFY(j["gap"].get<double>() < 1e-5);
        QCOMPARE(j["split"].get<std::string>(), std::string("none"));
        const auto s = cli(
            {"partition", "--devices", "cpu_2gpu_node", "--workload", g, "--split", "channels", "--format", "json"});
        QCOMPARE(s.code, 0);
        const auto k = nlohmann::json::parse(s.out.toStdString());
        QCOMPARE(k["split"].get<std::string>(), std::string("channels"));
        QVERIFY(k["splits"].is_object());
        QVERIFY(k["lower_bound"].get<double>() <= k["value"].get<double>() * (1 + 1e-12));
        // A placement is a device, or a split's devices joined by '+'.
        for (const auto& [layer, where] : k["assignment"].items()) {
            const QStringList devices = QString::fromStdString(where.get<std::string>()).split('+');
            for (const QString& d : devices)
                QVERIFY2(QStringList({"xeon8380", "a100", "l4"}).contains(d), (layer + ": " + d.toStdString()).c_str());
            QCOMPARE(devices.size() > 1, k["splits"].contains(layer));
        }
        const auto bad = cli({"partition", "--devices", "cpu_2gpu_node", "--workload", g, "--split", "rows"});
        QCOMPARE(bad.code, 2);
        QVERIFY(bad.err.contains("--split: expected none, batch or channels"));
    }

    void cliRefusesWhatDoesNotFit() {
        // One 1 MB device cannot hold ResNet-18's 11.7 M weights: exit 2 with the device and sizes.
        write("tiny.json", R"({"devices": [{"name": "tiny", "kind": "roofline", "memory_gb": 0.001,
            "peak_tmacs_per_s": {"fp16": 1}, "memory_bandwidth_gb_per_s": 1}]})");
        const auto r = cli({"partition", "--devices", m_dir.filePath("tiny.json"), "--workload", "resnet18"});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("device tiny needs") && r.err.contains("but has 1 MB"), qPrintable(r.err));
        const auto bad = cli({"partition", "--devices", "cpu_2gpu_node", "--workload", "resnet18", "--solver", "ilp"});
        QCOMPARE(bad.code, 2);
        QVERIFY(bad.err.contains("expected milp, branch-and-bound, heuristic, greedy or brute-force"));
    }

    void cliSigtermKeepsBest() {
        // A 200-node graph's MILP does not finish in a second; SIGTERM stops it and the best so far is written.
        const QString g = m_dir.filePath("g200.json");
        QCOMPARE(cli({"generate", "randwire", "--model", "ws", "--nodes", "200", "--seed", "3", "--output", g}).code,
                 0);
        QProcess p;
        p.start(ARCHSCAPE_CLI, {"partition", "--devices", "four_servers_ethernet", "--workload", g, "--solver", "milp",
                                "--objective", "throughput", "--time-limit", "600", "--format", "json"});
        QVERIFY(p.waitForStarted());
        QTest::qWait(3000);
        ::kill(static_cast<pid_t>(p.processId()), SIGTERM);
        QVERIFY(p.waitForFinished(120000));
        QCOMPARE(p.exitCode(), 1);
        const auto j = nlohmann::json::parse(p.readAllStandardOutput().toStdString());
        QCOMPARE(j["complete"].get<bool>(), false);
        QCOMPARE(j["optimal"].get<bool>(), false);
        QCOMPARE(j["assignment"].size(), std::size_t(200));
    }

    void generateDeterministic() {
        const QString a = m_dir.filePath("a.json"), b = m_dir.filePath("b.json"), c = m_dir.filePath("c.json");
        QCOMPARE(cli({"generate", "randwire", "--model", "ba", "--nodes", "40", "--seed", "9", "--output", a}).code, 0);
        QCOMPARE(cli({"generate", "randwire", "--model", "ba", "--nodes", "40", "--seed", "9", "--output", b}).code, 0);
        QCOMPARE(cli({"generate", "randwire", "--model", "ba", "--nodes", "40", "--seed", "10", "--output", c}).code,
                 0);
        auto read = [](const QString& path) {
            QFile f(path);
            f.open(QIODevice::ReadOnly);
            return f.readAll();
        };
        QCOMPARE(read(a), read(b));
        QVERIFY(read(a) != read(c));
        const auto net = io::readWorkloadFile(a.toStdString());
        QVERIFY(net.ok());
        QCOMPARE(net.value->layers.size(), std::size_t(40));
        QCOMPARE(net.value->edges.size(), std::size_t(35 * 5)); // BA m = 5: (40 − 5)·5 edges
        const auto bad = cli({"generate", "randwire", "--model", "xx", "--nodes", "4"});
        QCOMPARE(bad.code, 2);
    }
};

QTEST_GUILESS_MAIN(TestPartitionIo)
#include "tst_cli_partition.moc"
