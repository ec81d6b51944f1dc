// Absurd inputs (issue 18), end to end through archscape-cli: each gets a clear error naming the
// file, the location and what was expected, with exit 2 (bad input) or 1 (I/O), and finishes
// (the 120 s wait bounds the time; before the fixes several of these ran for minutes or took
// gigabytes), or a correct result when the input is legal but large.
#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <fstream>

#include <onnx/onnx_pb.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

struct File {
    QString name;
    QByteArray content;
    qint64 sparse_size = 0; ///< when > 0: a sparse file of this size (content ignored)
};
using Files = QList<File>;

QByteArray workloadWith(const QByteArray& layer) {
    return "{\"format\": \"archscape/workload\", \"version\": 1, \"name\": \"w\",\n \"layers\": [\n  " + layer +
           "\n]}\n";
}

/// 20,000 nested arrays around a number (issue 18: over 20 s before the depth limit).
QByteArray deeplyNested(int levels) { return QByteArray(levels, '[') + "1" + QByteArray(levels, ']'); }

/// One object whose key "a" appears 5,000 times: diagnostics are capped.
QByteArray manyDuplicates(int n) {
    QByteArray s = "{";
    for (int i = 0; i < n; ++i) s += QByteArray(i ? "," : "") + "\"a\": 1";
    return s + "}";
}

/// An ONNX model whose one Conv has stride 0 (issue 18: SIGFPE inside ONNX's shape inference).
QByteArray onnxStrideZero() {
    onnx::ModelProto m;
    m.set_ir_version(8);
    m.add_opset_import()->set_version(13);
    auto* g = m.mutable_graph();
    g->set_name("g");
    auto* in = g->add_input();
    in->set_name("x");
    auto* t = in->mutable_type()->mutable_tensor_type();
    t->set_elem_type(onnx::TensorProto::FLOAT);
    for (int d : {1, 3, 8, 8}) t->mutable_shape()->add_dim()->set_dim_value(d);
    auto* w = g->add_initializer();
    w->set_name("w");
    w->set_data_type(onnx::TensorProto::FLOAT);
    for (int d : {4, 3, 3, 3}) w->add_dims(d);
    auto* n = g->add_node();
    n->set_op_type("Conv");
    n->set_name("conv0");
    n->add_input("x");
    n->add_input("w");
    n->add_output("y");
    auto* a = n->add_attribute();
    a->set_name("strides");
    a->set_type(onnx::AttributeProto::INTS);
    a->add_ints(0);
    a->add_ints(0);
    g->add_output()->set_name("y");
    const std::string bytes = m.SerializeAsString();
    return QByteArray(bytes.data(), qsizetype(bytes.size()));
}

/// The edge preset's base with axes whose sizes multiply past 2^63 (60,000^4 ≈ 1.3·10^19) or to
/// 10^12 (10^4 · 10^4 · 10^4), to test the size checks.
QByteArray spaceWith(const QByteArray& parameters) {
    std::ifstream in(std::string(ARCHSCAPE_SOURCE_DIR) + "/presets/spaces/edge.json");
    std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto a = s.find("\"parameters\"");
    const auto b = s.find("\"constraints\"");
    return QByteArray::fromStdString(s.substr(0, a)) + "\"parameters\": " + parameters + ",\n  " +
           QByteArray::fromStdString(s.substr(b));
}

/// A tmpfs mounted on `dir` for one test (needs root, as CI runs): `flags` MS_RDONLY for a
/// read-only folder, `options` "size=N" for a small disk that fills up.
class TmpfsMount {
public:
    TmpfsMount(const QString& dir, unsigned long flags, const QByteArray& options) : m_dir(dir.toStdString()) {
        m_mounted = ::geteuid() == 0 && ::mount("tmpfs", m_dir.c_str(), "tmpfs", flags, options.constData()) == 0;
    }
    ~TmpfsMount() {
        if (m_mounted) ::umount2(m_dir.c_str(), MNT_DETACH);
    }
    TmpfsMount(const TmpfsMount&) = delete;
    TmpfsMount& operator=(const TmpfsMount&) = delete;
    bool mounted() const { return m_mounted; }

private:
    std::string m_dir;
    bool m_mounted = false;
};

/// The names of the files in `dir`.
QStringList filesIn(const QString& dir) {
    QStringList names;
    for (const auto& e : std::filesystem::directory_iterator(dir.toStdString()))
        names << QString::fromStdString(e.path().filename().string());
    names.sort();
    return names;
}

} // namespace

Q_DECLARE_METATYPE(Files)

class TestAbsurdInputs : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void rejected_data();
    void rejected();
    void stdoutWriteErrorIsReported();
    void hugeLayerBoundsFinish();
    void readOnlyOutputFolder_data();
    void readOnlyOutputFolder();
    void convertOnFullDiskWritesNothing();
    void hundredThousandLayers();
};

void TestAbsurdInputs::rejected_data() {
    QTest::addColumn<Files>("files");
    QTest::addColumn<QStringList>("args"); // "@" stands for the temporary folder
    QTest::addColumn<int>("code");
    QTest::addColumn<QStringList>("expected"); // fragments of stderr, in any order

    const QByteArray cfg =
        "[general]\nrun_name = r\n[architecture_presets]\nArrayHeight: 4\nArrayWidth: 4\n"
        "IfmapSramSzkB: 64\nFilterSramSzkB: 64\nOfmapSramSzkB = 1e30\nDataflow : os\n";
    // Line 8 holds OfmapSramSzkB (counted above); 1e30 kB wrapped to a negative capacity before.
    QTest::newRow("scalesim cfg size 1e30")
        << Files{{"a.cfg", cfg}} << QStringList{"evaluate", "--accelerator", "@/a.cfg", "--workload", "resnet18"} << 2
        << QStringList{"a.cfg: line 8", "OfmapSramSzkB", "at most 1e9"};

    // Byte 0xFF at the start of line 2 (the first data row's layer name).
    QTest::newRow("scalesim topology name not UTF-8")
        << Files{{"t.csv",
                  "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num "
                  "Filter, Strides,\n\xff"
                  "conv, 7, 7, 3, 3, 2, 5, 1,\n"}}
        << QStringList{"evaluate", "--accelerator", "eyeriss", "--workload", "@/t.csv"} << 2
        << QStringList{"t.csv: line 2, column 1", "not valid UTF-8 (byte 0xFF)"};

    QTest::newRow("timeloop yaml name not UTF-8")
        << Files{{"p.yaml", "problem:\n  shape:\n    name: \"c\xc3\x28nv\"\n"}}
        << QStringList{"convert", "--from", "timeloop", "@/p.yaml", "--output-dir", "@"} << 2
        << QStringList{"p.yaml: line 3, column 13", "not valid UTF-8 (byte 0xC3)"};

    // "1e400" starts at column 46 of line 3: 2 spaces of indentation and 43 characters of the layer before it.
    QTest::newRow("json number 1e400")
        << Files{{"w.json", workloadWith("{\"name\": \"c\", \"type\": \"conv\", \"C\": 3, \"K\": 1e400, "
                                         "\"H\": 8, \"W\": 8, \"R\": 3, \"S\": 3}")}}
        << QStringList{"evaluate", "--accelerator", "eyeriss", "--workload", "@/w.json"} << 2
        << QStringList{"w.json: line 3, column 46", "number 1e400 is outside the range of a double"};

    // The 257th '[' (column 257) is the first beyond the 256 levels allowed.
    QTest::newRow("json nested 20000 levels")
        << Files{{"w.json", deeplyNested(20000)}}
        << QStringList{"evaluate", "--accelerator", "eyeriss", "--workload", "@/w.json"} << 2
        << QStringList{"w.json: line 1, column 257", "nested deeper than 256 levels"};

    QTest::newRow("json 5000 duplicate keys")
        << Files{{"w.json", manyDuplicates(5000)}}
        << QStringList{"evaluate", "--accelerator", "eyeriss", "--workload", "@/w.json"} << 2
        << QStringList{"w.json: /a: duplicate key \"a\"", "more duplicate keys (only the first 20 are listed)"};

    // 7 bounds of 2^31 - 1: the product (~2^217) overflows int64 MAC and tensor counts.
    QTest::newRow("dimension product overflows 64 bits")
        << Files{{"w.json", workloadWith("{\"name\": \"c\", \"type\": \"conv\", \"N\": 2147483647, \"C\": 2147483647, "
                                         "\"K\": 2147483647, \"H\": 2147483647, \"W\": 2147483647, \"R\": 2147483647, "
                                         "\"S\": 2147483647}")}}
        << QStringList{"evaluate", "--accelerator", "eyeriss", "--workload", "@/w.json"} << 2
        << QStringList{"w.json: /layers/0", "fewer than 1e18 loop iterations"};

    // Products within 1e18 loop iterations whose other counts overflowed int64 (issue 18, audit of
    // the readers' size products); each product is worked by hand in its comment.
    // 1e9 · 1e9 elements read by each of 64 operands: 6.4e19 > 2^63 ≈ 9.2e18.
    QTest::newRow("elementwise operands overflow 64 bits")
        << Files{{"w.json", workloadWith("{\"name\": \"e\", \"type\": \"elementwise\", \"N\": 1000000000, "
                                         "\"C\": 1000000000, \"operands\": 64}")}}
        << QStringList{"evaluate", "--accelerator", "eyeriss", "--workload", "@/w.json"} << 2
        << QStringList{"w.json: /layers/0", "an input tensor of fewer than 1e18 elements"};
    // A 1e9 x 1e9 output at stride 2^20 reads (1e9 - 1) · 2^20 + 1 ≈ 1.05e15 rows and as many
    // columns: ~1.1e30 input elements, though the loop nest has 1e18 iterations.
    QTest::newRow("strided input overflows 64 bits")
        << Files{{"w.json", workloadWith("{\"name\": \"c\", \"type\": \"conv\", \"C\": 1, \"K\": 1, \"P\": 1000000000, "
                                         "\"Q\": 1000000000, \"R\": 1, \"S\": 1, \"stride\": 1048576}")}}
        << QStringList{"evaluate", "--accelerator", "eyeriss", "--workload", "@/w.json"} << 2
        << QStringList{"w.json: /layers/0", "an input tensor of fewer than 1e18 elements"};
    // Encoding MACs rows · codebook · K = 1e9 · 2^20 · 1e9 ≈ 1.05e24 (the loop nest: 1e18).
    QTest::newRow("pq codebook overflows 64 bits")
        << Files{{"w.json", workloadWith("{\"name\": \"q\", \"type\": \"pq\", \"M\": 1000000000, \"K\": 1000000000, "
                                         "\"N\": 1, \"sub_vectors\": 1, \"codebook\": 1048576}")}}
        << QStringList{"evaluate", "--accelerator", "eyeriss", "--workload", "@/w.json"} << 2
        << QStringList{"w.json: /layers/0", "a PQ layer with fewer than 1e18 encoding MACs"};
    // Ten GEMMs of 1e9 · 1e9 · 1 = 1e18 MACs each: 1e19 in all > 2^63 (each layer passes).
    {
        QByteArray layers;
        for (int i = 0; i < 10; ++i)
            layers += QByteArray(i ? ",\n  " : "") + "{\"name\": \"g" + QByteArray::number(i) +
                      "\", \"type\": \"gemm\", \"M\": 1000000000, \"N\": 1000000000, \"K\": 1}";
        QTest::newRow("network MACs overflow 64 bits")
            << Files{{"w.json", workloadWith(layers)}}
            << QStringList{"evaluate", "--accelerator", "eyeriss", "--workload", "@/w.json"} << 2
            << QStringList{"w.json: /layers", "a network with fewer than 1e18 MACs in all", "at layer 'g1'"};
    }
    // A stride of 2^32 became 0 as an int: SIGFPE in the Release CLI.
    QTest::newRow("maestro stride 2^32")
        << Files{{"l.m",
                  "Network s {\n Layer L {\n  Type: CONV\n  Stride { X: 4294967296, Y: 1 }\n"
                  "  Dimensions { K: 4, C: 3, R: 3, S: 3, Y: 9, X: 9 }\n"
                  "  Dataflow {\n   TemporalMap(1,1) K;\n  }\n }\n}\n"}}
        << QStringList{"evaluate", "--accelerator", "eyeriss", "--workload", "@/l.m"} << 2
        << QStringList{"l.m", "line 4", "Stride X: expected a size from 1 to 1048576, got 4294967296"};
    // (2^31 - 1)^3 ≈ 9.9e27 MACs: printed as a negative count before.
    QTest::newRow("maestro gemm overflows 64 bits")
        << Files{{"l.m",
                  "Network s {\n Layer L {\n  Type: GEMM\n"
                  "  Dimensions { M: 2147483647, N: 2147483647, K: 2147483647 }\n"
                  "  Dataflow {\n   TemporalMap(1,1) M;\n  }\n }\n}\n"}}
        << QStringList{"evaluate", "--accelerator", "eyeriss", "--workload", "@/l.m"} << 2
        << QStringList{"l.m", "layer L: expected a layer with fewer than 1e18 loop iterations"};
    // (2e9)^3 = 8e27 MACs: "-1.07e+08 GMACs" before.
    QTest::newRow("scalesim gemm overflows 64 bits")
        << Files{{"g.csv", "Layer name, M, N, K,\ng, 2000000000, 2000000000, 2000000000,\n"}}
        << QStringList{"evaluate", "--accelerator", "eyeriss", "--workload", "@/g.csv"} << 2
        << QStringList{"g.csv: line 2", "expected a layer with fewer than 1e18 loop iterations"};
    // K · R · P = (2^31 - 1)^3 ≈ 9.9e27.
    QTest::newRow("timeloop instance overflows 64 bits")
        << Files{{"p.yaml",
                  "problem:\n  shape:\n    name: c\n    dimensions: [K, R, P]\n    data_spaces:\n"
                  "    - name: Weights\n      projection: [[[K]], [[R]]]\n"
                  "    - name: Inputs\n      projection: [[[R], [P]]]\n"
                  "    - name: Outputs\n      projection: [[[K]], [[P]]]\n      read_write: True\n"
                  "  instance:\n    K: 2147483647\n    R: 2147483647\n    P: 2147483647\n"}}
        << QStringList{"convert", "--from", "timeloop", "@/p.yaml", "--output-dir", "@"} << 2
        << QStringList{"p.yaml: line 14", "problem.instance: expected a layer with fewer than 1e18 loop iterations"};

    // A 1 GiB (sparse) file is refused before reading: 2-4 GB of memory before.
    QTest::newRow("json file of 1 GiB") << Files{{"w.json", {}, qint64(1) << 30}}
                                        << QStringList{"evaluate", "--accelerator", "eyeriss", "--workload", "@/w.json"}
                                        << 2 << QStringList{"w.json", "1073741824 bytes", "256 MiB"};
    QTest::newRow("scalesim cfg of 1 GiB")
        << Files{{"a.cfg", {}, qint64(1) << 30}}
        << QStringList{"evaluate", "--accelerator", "@/a.cfg", "--workload", "resnet18"} << 2
        << QStringList{"a.cfg", "1073741824 bytes", "256 MiB"};

    QTest::newRow("directory as ONNX model")
        << Files{{"model.onnx/keep", "x"}} << QStringList{"convert", "--from", "onnx", "@/model.onnx"} << 2
        << QStringList{"model.onnx", "it is a directory, expected a file"};
    QTest::newRow("directory as SCALE-Sim topology")
        << Files{{"t.csv/keep", "x"}} << QStringList{"evaluate", "--accelerator", "eyeriss", "--workload", "@/t.csv"}
        << 2 << QStringList{"t.csv", "it is a directory, expected a file"};

    // MAESTRO hardware values are range-checked before conversion to integers (UB before).
    QTest::newRow("maestro num_pes 1e40")
        << Files{{"hw.m", "num_pes: 1e40\nl1_size_cstr: 100\nl2_size_cstr: 3000\nnoc_bw_cstr: 1000\n"}}
        << QStringList{"evaluate", "--accelerator", "@/hw.m", "--workload", "resnet18"} << 2
        << QStringList{"hw.m: line 1", "num_pes: expected an integer from 1 to 16777216, got '1e40'"};
    QTest::newRow("maestro num_pes 1e11")
        << Files{{"hw.m", "num_pes: 100000000000\nl1_size_cstr: 100\nl2_size_cstr: 3000\n"}}
        << QStringList{"evaluate", "--accelerator", "@/hw.m", "--workload", "resnet18"} << 2
        << QStringList{"hw.m: line 1", "expected an integer from 1 to 16777216"};

    QTest::newRow("onnx conv stride 0") << Files{{"m.onnx", onnxStrideZero()}}
                                        << QStringList{"convert", "--from", "onnx", "@/m.onnx", "--output-dir", "@"}
                                        << 2 << QStringList{"m.onnx", "conv0", "attribute strides", "from 1"};

    QTest::newRow("space over 2^63 points")
        << Files{{"s.json", spaceWith("{\"pe_rows\": {\"min\": 1, \"max\": 60000, \"step\": 1}, "
                                      "\"pe_cols\": {\"min\": 1, \"max\": 60000, \"step\": 1}, "
                                      "\"clock_mhz\": {\"min\": 1, \"max\": 60000, \"step\": 1}, "
                                      "\"levels\": {\"RegisterFile\": {\"capacity_bytes\": "
                                      "{\"min\": 1, \"max\": 60000, \"step\": 1}}}}")}}
        << QStringList{"explore", "--space", "@/s.json", "--workload", "resnet18", "--quiet"} << 2
        << QStringList{"s.json", "more than 2^63 - 1 points"};

    // 10^4 · 10^4 · 10^4 = 10^12 points, above the default --max-points 10^8.
    QTest::newRow("space of 1e12 points")
        << Files{{"s.json", spaceWith("{\"pe_rows\": {\"min\": 1, \"max\": 10000, \"step\": 1}, "
                                      "\"pe_cols\": {\"min\": 1, \"max\": 10000, \"step\": 1}, "
                                      "\"clock_mhz\": {\"min\": 1, \"max\": 10000, \"step\": 1}}")}}
        << QStringList{"explore", "--space", "@/s.json", "--workload", "resnet18", "--quiet"} << 2
        << QStringList{"s.json", "1000000000000 points to evaluate", "--max-points"};

    // Found by fuzz_explore_stream: a header whose "format" is not a string threw nlohmann's
    // type_error ("internal error"); the stream is told by its first bytes naming the format.
    QTest::newRow("jsonl header format not a string")
        << Files{{"a.jsonl", "{\"format\": 5, \"note\": \"archscape/explore-stream\"}\n"}}
        << QStringList{"merge", "@/a.jsonl", "--output", "@/m.json"} << 2
        << QStringList{"a.jsonl", "line 1", "expected the header of an archscape/explore-stream file"};

    // The output folder is checked before the work (it failed only after all of it before).
    QTest::newRow("explore output in a missing folder")
        << Files{} << QStringList{"explore", "--space", "edge", "--workload", "resnet50", "--output", "@/no/r.json"}
        << 1 << QStringList{"no/r.json", "does not exist"};
    QTest::newRow("search output is a folder")
        << Files{{"out/keep", "x"}}
        << QStringList{"search", "--workload", "resnet50", "--accelerator", "eyeriss", "--output", "@/out"} << 1
        << QStringList{"out: is a folder"};
}

void TestAbsurdInputs::rejected() {
    QFETCH(Files, files);
    QFETCH(QStringList, args);
    QFETCH(int, code);
    QFETCH(QStringList, expected);
    QTemporaryDir dir;
    for (const auto& f : files) {
        const std::filesystem::path p = dir.filePath(f.name).toStdString();
        std::filesystem::create_directories(p.parent_path());
        std::ofstream out(p, std::ios::binary);
        out.write(f.content.constData(), f.content.size());
        out.close();
        if (f.sparse_size > 0) QCOMPARE(::truncate(p.c_str(), f.sparse_size), 0);
    }
    for (auto& a : args) a.replace("@", dir.path());
    QProcess p;
    p.start(ARCHSCAPE_CLI, args);
    QVERIFY2(p.waitForFinished(120000), "did not finish within 120 s");
    const QString err = QString::fromUtf8(p.readAllStandardError());
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QVERIFY2(p.exitCode() == code, qPrintable(QString("exit %1, stderr:\n%2").arg(p.exitCode()).arg(err)));
    QVERIFY2(!err.contains("internal error"), qPrintable(err));
    for (const auto& e : expected) QVERIFY2(err.contains(e), qPrintable("missing \"" + e + "\" in:\n" + err));
}

void TestAbsurdInputs::stdoutWriteErrorIsReported() {
    // /dev/full fails every write with ENOSPC: exit 1 and a message, not exit 0 with cut JSON.
    QProcess p;
    p.setStandardOutputFile("/dev/full");
    p.start(ARCHSCAPE_CLI, {"evaluate", "--accelerator", "eyeriss", "--workload", "resnet18", "--format", "json"});
    QVERIFY(p.waitForFinished(120000));
    const QString err = QString::fromUtf8(p.readAllStandardError());
    QCOMPARE(p.exitCode(), 1);
    QVERIFY2(err.contains("cannot write to standard output") && err.contains("No space left on device"),
             qPrintable(err));
}

void TestAbsurdInputs::hugeLayerBoundsFinish() {
    // K = 2^31 - 1 (a prime) in a 1x1 conv over one pixel: legal, so a result is due. The template
    // mapper's divisor search was linear in the bound (38-101 s); now O(sqrt(bound)).
    // MACs = K·C = (2^31 - 1)·1 = 2147483647.
    QTemporaryDir dir;
    const QString w = dir.filePath("w.json");
    std::ofstream(w.toStdString()) << workloadWith(
                                          "{\"name\": \"c\", \"type\": \"conv\", \"C\": 1, \"K\": 2147483647, "
                                          "\"H\": 1, \"W\": 1, \"R\": 1, \"S\": 1}")
                                          .toStdString();
    QProcess p;
    p.start(ARCHSCAPE_CLI,
            {"evaluate", "--accelerator", "eyeriss", "--workload", w, "--dataflow", "ws", "--format", "csv"});
    QVERIFY2(p.waitForFinished(120000), "did not finish within 120 s");
    const QString out = QString::fromUtf8(p.readAllStandardOutput());
    const QString err = QString::fromUtf8(p.readAllStandardError());
    QVERIFY2(p.exitCode() == 0 || p.exitCode() == 1, qPrintable(err));
    QVERIFY2(out.contains("2147483647"), qPrintable(out + err));
}

void TestAbsurdInputs::readOnlyOutputFolder_data() {
    QTest::addColumn<QStringList>("args"); // "@" stands for the read-only folder
    QTest::addColumn<QString>("expected");
    // Single-threaded, the edge sweep of ResNet-50 and the exhaustive search take tens of seconds:
    // an answer within 10 s means the folder was checked before the work.
    QTest::newRow("explore --output") << QStringList{"explore",   "--space", "edge",     "--workload", "resnet50",
                                                     "--threads", "1",       "--output", "@/r.json"}
                                      << "r.json: cannot write in";
    QTest::newRow("explore --checkpoint")
        << QStringList{"explore",   "--space", "edge",         "--workload", "resnet50",
                       "--threads", "1",       "--checkpoint", "@/c.ckpt"}
        << "c.ckpt: cannot write in";
    QTest::newRow("search --output") << QStringList{"search",  "--workload", "resnet50",   "--accelerator",
                                                    "eyeriss", "--strategy", "exhaustive", "--budget",
                                                    "0",       "--threads",  "1",          "--output",
                                                    "@/s.json"}
                                     << "s.json: cannot write in";
}

void TestAbsurdInputs::readOnlyOutputFolder() {
    // Issue 18: a read-only output folder is an I/O error (exit 1) found before the work starts.
    // As root (CI) access(2) ignores permission bits, so the folder is a read-only tmpfs; otherwise
    // a folder without write permission.
    QFETCH(QStringList, args);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    const QString ro = dir.filePath("ro");
    QVERIFY(QDir().mkpath(ro));
    const TmpfsMount mount(ro, MS_RDONLY, "size=64k");
    if (!mount.mounted()) {
        if (::geteuid() == 0) QSKIP("root but cannot mount a tmpfs here");
        QCOMPARE(::chmod(ro.toLocal8Bit().constData(), 0555), 0);
    }
    for (auto& a : args) a.replace("@", ro);
    QElapsedTimer clock;
    clock.start();
    QProcess p;
    p.start(ARCHSCAPE_CLI, args);
    QVERIFY2(p.waitForFinished(120000), "did not finish within 120 s");
    const QString err = QString::fromUtf8(p.readAllStandardError());
    const qint64 ms = clock.elapsed();
    if (!mount.mounted()) ::chmod(ro.toLocal8Bit().constData(), 0755);
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QVERIFY2(p.exitCode() == 1, qPrintable(QString("exit %1, stderr:\n%2").arg(p.exitCode()).arg(err)));
    QVERIFY2(err.contains(expected), qPrintable(err));
    QVERIFY2(err.contains(mount.mounted() ? "Read-only file system" : "Permission denied"), qPrintable(err));
    QVERIFY2(ms < 10000, qPrintable(QString("took %1 ms: the work ran before the check").arg(ms)));
    QVERIFY(filesIn(ro).isEmpty());
}

void TestAbsurdInputs::convertOnFullDiskWritesNothing() {
    // Issue 18: `convert` on a full disk wrote 2 of its 3 files and stopped. Now its files appear
    // all or none. The disk is a tmpfs (root only) with room for the first file the conversion
    // writes and one more page, less than all of them: measured by converting to a normal folder.
    const QStringList convert{"convert",  "--from",        "json",    "--to",       "timeloop", "--workload",
                              "resnet18", "--accelerator", "eyeriss", "--dataflow", "rs",       "--output-dir"};
    QTemporaryDir dir;
    const QString normal = dir.filePath("normal"), full = dir.filePath("full");
    QVERIFY(QDir().mkpath(normal) && QDir().mkpath(full));
    QProcess calibrate;
    calibrate.start(ARCHSCAPE_CLI, convert + QStringList{normal});
    QVERIFY(calibrate.waitForFinished(120000));
    QCOMPARE(calibrate.exitCode(), 0);
    const QStringList written = QString::fromUtf8(calibrate.readAllStandardOutput()).split('\n', Qt::SkipEmptyParts);
    QVERIFY(written.size() >= 3);
    const auto pages = [](qint64 bytes) { return (bytes + 4095) / 4096; };
    qint64 totalPages = 0;
    for (const QString& f : written) totalPages += pages(QFileInfo(f).size());
    const qint64 roomPages = pages(QFileInfo(written.first()).size()) + 1;
    QVERIFY2(roomPages < totalPages, "the conversion's files must not fit");

    const TmpfsMount mount(full, 0, "size=" + QByteArray::number(roomPages * 4096));
    if (!mount.mounted()) QSKIP("needs root to mount a small tmpfs (a full disk)");
    QProcess p;
    p.start(ARCHSCAPE_CLI, convert + QStringList{full});
    QVERIFY(p.waitForFinished(120000));
    const QString err = QString::fromUtf8(p.readAllStandardError());
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QVERIFY2(p.exitCode() == 1, qPrintable(QString("exit %1, stderr:\n%2").arg(p.exitCode()).arg(err)));
    QVERIFY2(err.contains("No space left on device") && err.contains("no file written"), qPrintable(err));
    QCOMPARE(filesIn(full), QStringList{}); // no file, partial or complete, and no temporary file
}

void TestAbsurdInputs::hundredThousandLayers() {
    // Issue 18: 100,000 layers (legal, if absurd) get a correct result in bounded time and memory.
    // Every layer is the same 1x1 conv (K 16, C 16, 4x4 pixels: 16·16·16 = 4,096 MACs), so the
    // network has 100,000 · 4,096 = 409,600,000 MACs = 0.4096 GMACs.
    constexpr int kLayers = 100000;
    std::string layers;
    layers.reserve(std::size_t(kLayers) * 100);
    for (int i = 0; i < kLayers; ++i)
        layers += std::string(i ? ",\n  " : "") + "{\"name\": \"c" + std::to_string(i) +
                  "\", \"type\": \"conv\", \"C\": 16, \"K\": 16, \"H\": 4, \"W\": 4, \"R\": 1, \"S\": 1}";
    QTemporaryDir dir;
    const QString w = dir.filePath("w.json");
    std::ofstream(w.toStdString()) << workloadWith(QByteArray::fromStdString(layers)).toStdString();
    QElapsedTimer clock;
    clock.start();
    QProcess p;
    p.start(ARCHSCAPE_CLI, {"evaluate", "--accelerator", "eyeriss", "--workload", w, "--dataflow", "ws"});
    QVERIFY2(p.waitForFinished(120000), "did not finish within 120 s");
    const QString out = QString::fromUtf8(p.readAllStandardOutput());
    const QString err = QString::fromUtf8(p.readAllStandardError());
    qInfo("100,000 layers evaluated in %lld ms", clock.elapsed());
    QVERIFY2(p.exitCode() == 0, qPrintable(err));
    QVERIFY2(out.contains("total: 0.4096 GMACs"), qPrintable(out.right(400) + err));
}

QTEST_GUILESS_MAIN(TestAbsurdInputs)
#include "tst_absurd_inputs.moc"
