// The format table (io/file_format.h) and the readers by kind (io/file_readers.h): every format is
// recognised by its content under a neutral or misleading name, and by its extension when the content
// says nothing; a file of the wrong kind, a directory, an empty or missing file get one clear message.
// Expected values come from the fixtures' text (sizes worked out in the comments), not from a run.
#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>

#include "format_fixtures.h"
#include "io/file_format.h"
#include "io/file_readers.h"
#include "io_test_support.h"

using namespace archscape;
using io::FileFormatId;
using Ids = std::vector<FileFormatId>;

Q_DECLARE_METATYPE(Ids)

namespace {

const char* const kMaestroNet = "tests/data/maestro/kcp_ws.m";
const char* const kMaestroHw = "tests/data/maestro/accelerator_1.m";
const char* const kTimeloopDir = "tests/data/timeloop/r3-16pe-cparallel/";
const char* const kScaleSimCfg = "tests/data/scalesim/os_4x4_calc.cfg";
const char* const kScaleSimConvs = "tests/data/scalesim/small_convs.csv";
const char* const kScaleSimGemms = "tests/data/scalesim/small_gemms.csv";

std::string json(const char* format) { return std::string("{\"format\": \"") + format + "\", \"version\": 1}\n"; }

QString names(const Ids& ids) {
    QStringList s;
    for (auto id : ids) s << QString::fromUtf8(io::fileFormat(id).noun.data(), int(io::fileFormat(id).noun.size()));
    return s.join(", ");
}

} // namespace

class TestFileFormat : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

    std::string write(const QString& name, const std::string& bytes) {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly)) qFatal("cannot write %s", qPrintable(path));
        f.write(bytes.data(), qint64(bytes.size()));
        return path.toStdString();
    }

    static std::string message(const std::vector<Diagnostic>& errors) {
        return errors.size() == 1 ? errors[0].path + "|" + errors[0].message : test::listDiagnostics(errors);
    }

private Q_SLOTS:
    void everyIdHasOneRow() {
        // The enum runs from ArchscapeJson to ScaleSimTopology; each value must have exactly one row,
        // with a noun, a family, an extension and a sniffing rule, and JSON rows distinct "format" values.
        const int last = int(FileFormatId::ScaleSimTopology);
        QCOMPARE(int(io::fileFormats().size()), last + 1);
        std::set<std::string_view> json_formats;
        for (int i = 0; i <= last; ++i) {
            const auto& row = io::fileFormat(FileFormatId(i));
            QCOMPARE(int(row.id), i);
            QVERIFY(!row.noun.empty() && !row.family.empty() && !row.sniff.empty());
            QVERIFY(!row.extensions.empty());
            for (const auto& e : row.extensions)
                QVERIFY(e.starts_with('.') && e == QString::fromStdString(e).toLower().toStdString());
            if (!row.json_format.empty()) QVERIFY(json_formats.insert(row.json_format).second);
        }
    }

    void byContent_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<Ids>("expected");
        const auto row = [](const char* tag, const char* name, const std::string& bytes, Ids ids) {
            QTest::newRow(tag) << name << QByteArray::fromStdString(bytes) << ids;
        };
        // Neutral names (.txt, no extension): only the content can decide.
        row("workload json", "a.txt", json("archscape/workload"), {FileFormatId::ArchscapeWorkload});
        row("accelerator json", "a.txt", json("archscape/accelerator"), {FileFormatId::ArchscapeAccelerator});
        row("mapping json", "a.txt", json("archscape/mapping"), {FileFormatId::ArchscapeMapping});
        row("design-space json", "a", json("archscape/design-space"), {FileFormatId::ArchscapeDesignSpace});
        row("project json", "a", json("archscape/project"), {FileFormatId::ArchscapeProject});
        row("explore-result json", "a", json("archscape/explore-result"), {FileFormatId::ArchscapeExploreResult});
        row("evaluation json", "a", json("archscape/evaluation"), {FileFormatId::ArchscapeEvaluation});
        row("search-result json", "a", json("archscape/search-result"), {FileFormatId::ArchscapeSearchResult});
        row("json without format", "a", "{\"name\": \"x\", \"layers\": []}", {FileFormatId::ArchscapeJson});
        row("json, unknown format", "a", json("other/thing"), {FileFormatId::ArchscapeJson});
        row("json, broken", "a", "{\"format\": \"archscape/workload\", ", {FileFormatId::ArchscapeJson});
        row("json array", "a", "[1, 2]", {FileFormatId::ArchscapeJson});
        row("json after BOM and space", "a", "\xEF\xBB\xBF \n\t" + json("archscape/workload"),
            {FileFormatId::ArchscapeWorkload});
        row("onnx", "model.bin", test::tinyOnnxModel(), {FileFormatId::Onnx});
        row("maestro mapping", "x.txt", test::sourceText(kMaestroNet), {FileFormatId::MaestroMapping});
        row("maestro mapping, one line", "x", "Network n { Layer L { Type: GEMM } }", {FileFormatId::MaestroMapping});
        row("maestro hardware", "x.txt", test::sourceText(kMaestroHw), {FileFormatId::MaestroHardware});
        row("maestro hardware, NumPEs", "x", "// old style\nNumPEs: 64\n", {FileFormatId::MaestroHardware});
        const std::string dir = kTimeloopDir;
        row("timeloop problem", "p", test::sourceText(dir + "prob.yaml"), {FileFormatId::TimeloopProblem});
        row("timeloop architecture", "a", test::sourceText(dir + "arch.yaml"), {FileFormatId::TimeloopArchitecture});
        row("timeloop mapping", "m", test::sourceText(dir + "map.yaml"), {FileFormatId::TimeloopMapping});
        row("accelergy ert", "e", test::sourceText(dir + "ERT_summary.yaml"), {FileFormatId::TimeloopEnergyTable});
        row("timeloop problem + architecture", "pa",
            test::sourceText(dir + "arch.yaml") + "\n" + test::sourceText(dir + "prob.yaml"),
            {FileFormatId::TimeloopProblem, FileFormatId::TimeloopArchitecture});
        row("scalesim config", "c.txt", test::sourceText(kScaleSimCfg), {FileFormatId::ScaleSimConfig});
        row("scalesim config, upper case", "c", "[GENERAL]\nrun_name = x\n", {FileFormatId::ScaleSimConfig});
        row("scalesim conv topology", "t.txt", test::sourceText(kScaleSimConvs), {FileFormatId::ScaleSimTopology});
        row("scalesim gemm topology", "t.txt", test::sourceText(kScaleSimGemms), {FileFormatId::ScaleSimTopology});
        row("topology, other header", "t", "name, a, b, c\nfc1, 10, 6, 5,\n", {FileFormatId::ScaleSimTopology});
        // Misleading extensions: the content wins.
        row("cfg named .json (a [section] is not JSON)", "a.json", test::sourceText(kScaleSimCfg),
            {FileFormatId::ScaleSimConfig});
        row("cfg named .csv", "net.csv", test::sourceText(kScaleSimCfg), {FileFormatId::ScaleSimConfig});
        row("workload json named .onnx", "model.onnx", json("archscape/workload"), {FileFormatId::ArchscapeWorkload});
        row("onnx named .json", "w.json", test::tinyOnnxModel(), {FileFormatId::Onnx});
        row("maestro hardware named .yaml", "hw.yaml", test::sourceText(kMaestroHw), {FileFormatId::MaestroHardware});
        row("maestro mapping named .hw.m", "x.hw.m", test::sourceText(kMaestroNet), {FileFormatId::MaestroMapping});
        row("topology named .cfg", "t.cfg", test::sourceText(kScaleSimGemms), {FileFormatId::ScaleSimTopology});
    }
    void byContent() {
        QFETCH(QString, name);
        QFETCH(QByteArray, bytes);
        QFETCH(Ids, expected);
        QVERIFY2(!bytes.isEmpty(), "fixture missing");
        const auto d = io::detect(write(name, bytes.toStdString()));
        QVERIFY2(d.ok(), message(d.errors).c_str());
        QVERIFY(d.value->by_content);
        QVERIFY2(d.value->formats == expected, qPrintable(names(d.value->formats) + " != " + names(expected)));
    }

    void byExtension_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<Ids>("expected");
        // "hello\n" matches no content rule, so only the name decides; several rows share .m and .yaml.
        QTest::newRow("onnx") << "m.onnx" << Ids{FileFormatId::Onnx};
        QTest::newRow("onnx, upper case") << "M.ONNX" << Ids{FileFormatId::Onnx};
        QTest::newRow("json") << "w.json" << Ids{FileFormatId::ArchscapeJson};
        QTest::newRow("cfg") << "a.cfg" << Ids{FileFormatId::ScaleSimConfig};
        QTest::newRow("csv") << "t.csv" << Ids{FileFormatId::ScaleSimTopology};
        QTest::newRow("m") << "n.m" << Ids{FileFormatId::MaestroMapping, FileFormatId::MaestroHardware};
        QTest::newRow("yaml") << "p.yaml"
                              << Ids{FileFormatId::TimeloopProblem, FileFormatId::TimeloopArchitecture,
                                     FileFormatId::TimeloopMapping, FileFormatId::TimeloopEnergyTable};
        QTest::newRow("yml") << "p.yml"
                             << Ids{FileFormatId::TimeloopProblem, FileFormatId::TimeloopArchitecture,
                                    FileFormatId::TimeloopMapping, FileFormatId::TimeloopEnergyTable};
    }
    void byExtension() {
        QFETCH(QString, name);
        QFETCH(Ids, expected);
        const auto d = io::detect(write(name, "hello\n"));
        QVERIFY2(d.ok(), message(d.errors).c_str());
        QVERIFY(!d.value->by_content);
        QVERIFY2(d.value->formats == expected, qPrintable(names(d.value->formats) + " != " + names(expected)));
    }

    void largeFiles() {
        // ONNX: weights of 100,000 raw bytes put the graph's end beyond the 64 KiB head.
        const auto onnx = io::detect(write("big.onnx.bin", test::tinyOnnxModel(100000)));
        QVERIFY(onnx.ok());
        QVERIFY(onnx.value->formats == Ids{FileFormatId::Onnx});
        // JSON: "format" after 70,000 bytes of another field is still found (the whole file is read).
        const std::string big = "{\"aaa\": \"" + std::string(70000, 'x') + "\", \"format\": \"archscape/project\"}";
        const auto j = io::detect(write("big", big));
        QVERIFY(j.ok());
        QVERIFY(j.value->formats == Ids{FileFormatId::ArchscapeProject});
    }

    void notOnnx_data() {
        QTest::addColumn<QByteArray>("bytes");
        // Each starts with 0x08 like a ModelProto, then breaks its rules.
        QTest::newRow("field 9 is not ModelProto's") << QByteArray("\x08\x08\x4a\x01x", 5);
        QTest::newRow("ir_version 0") << QByteArray("\x08\x00\x3a\x00", 4);
        QTest::newRow("graph as varint") << QByteArray("\x08\x08\x38\x01", 4);
        QTest::newRow("length past the end") << QByteArray("\x08\x08\x3a\x7f\x01", 5);
        QTest::newRow("ir_version only") << QByteArray("\x08\x08", 2);
    }
    void notOnnx() {
        QFETCH(QByteArray, bytes);
        const auto d = io::detectContent(std::string_view(bytes.constData(), std::size_t(bytes.size())), "x.bin");
        QVERIFY2(d.formats.empty(), qPrintable(names(d.formats)));
    }

    void fileProblems_data() {
        QTest::addColumn<QString>("kind"); // what the path is
        QTest::addColumn<QString>("expected");
        QTest::newRow("directory") << "directory"
                                   << "|cannot read: it is a directory, expected a file";
        QTest::newRow("device") << "device"
                                << "|cannot read: it is a device or a pipe, not a file";
        QTest::newRow("missing") << "missing"
                                 << "|cannot open: No such file or directory";
        QTest::newRow("empty") << "empty"
                               << "|the file is empty";
        QTest::newRow("white space") << "space"
                                     << "|the file is empty (only white space)";
    }
    void fileProblems() {
        QFETCH(QString, kind);
        QFETCH(QString, expected);
        std::string path;
        if (kind == "directory") path = m_dir.path().toStdString();
        else if (kind == "device") path = "/dev/null";
        else if (kind == "missing") path = m_dir.filePath("nope.json").toStdString();
        else if (kind == "empty") path = write("empty.json", "");
        else path = write("space.onnx", " \n\t\n");
        // detect() and both readers answer the same single diagnostic.
        const auto d = io::detect(path);
        QVERIFY(!d.ok());
        QCOMPARE(QString::fromStdString(message(d.errors)), expected);
        const auto w = io::readWorkloadAny(path);
        QVERIFY(!w.ok());
        QCOMPARE(QString::fromStdString(message(w.errors)), expected);
        const auto a = io::readAcceleratorAny(path);
        QVERIFY(!a.ok());
        QCOMPARE(QString::fromStdString(message(a.errors)), expected);
    }

    void unknownFormat() {
        const auto d = io::detect(write("notes.txt", "just some notes\n"));
        QVERIFY(!d.ok());
        QCOMPARE(d.errors.size(), std::size_t(1));
        QVERIFY(d.errors[0].path.empty());
        QVERIFY2(d.errors[0].message.starts_with("not a format Archscape reads"), d.errors[0].message.c_str());
        // The message lists the extensions of the table.
        for (const char* e : {".json", ".onnx", ".m", ".yaml", ".yml", ".cfg", ".csv"})
            QVERIFY2(d.errors[0].message.find(e) != std::string::npos, e);
    }

    void wrongKind_data() {
        QTest::addColumn<bool>("as_workload"); // false: read as an accelerator
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("expected");
        const auto row = [](const char* tag, bool w, const char* name, const std::string& bytes, const char* msg) {
            QTest::newRow(tag) << w << name << QByteArray::fromStdString(bytes) << QString(msg);
        };
        const std::string dir = kTimeloopDir;
        row("accelerator json as workload", true, "a.json", json("archscape/accelerator"),
            "looks like an Archscape accelerator (expected a workload)");
        row("maestro hardware as workload", true, "hw.m", test::sourceText(kMaestroHw),
            "looks like a MAESTRO hardware file (expected a workload)");
        row("scalesim config as workload", true, "c.cfg", test::sourceText(kScaleSimCfg),
            "looks like a SCALE-Sim configuration (expected a workload)");
        row("timeloop architecture as workload", true, "a.yaml", test::sourceText(dir + "arch.yaml"),
            "looks like a Timeloop architecture (expected a workload)");
        row("timeloop mapping as workload", true, "m.yaml", test::sourceText(dir + "map.yaml"),
            "looks like a Timeloop mapping (expected a workload)");
        row("project as workload", true, "p.json", json("archscape/project"),
            "looks like an Archscape project (expected a workload)");
        row("cfg by extension as workload", true, "c.cfg", "hello\n",
            "looks like a SCALE-Sim configuration (expected a workload)");
        row("workload json as accelerator", false, "w.json", json("archscape/workload"),
            "looks like an Archscape workload (expected an accelerator)");
        row("onnx as accelerator", false, "m.onnx", test::tinyOnnxModel(),
            "looks like an ONNX model (expected an accelerator)");
        row("maestro mapping as accelerator", false, "n.m", test::sourceText(kMaestroNet),
            "looks like a MAESTRO mapping file (expected an accelerator)");
        row("timeloop problem as accelerator", false, "p.yaml", test::sourceText(dir + "prob.yaml"),
            "looks like a Timeloop problem (expected an accelerator)");
        row("problem + mapping as accelerator", false, "pm.yaml",
            test::sourceText(dir + "prob.yaml") + "\n" + test::sourceText(dir + "map.yaml"),
            "looks like a Timeloop problem and a Timeloop mapping (expected an accelerator)");
        row("topology as accelerator", false, "t.csv", test::sourceText(kScaleSimGemms),
            "looks like a SCALE-Sim topology (expected an accelerator)");
        row("design space as accelerator", false, "s.json", json("archscape/design-space"),
            "looks like an Archscape design space (expected an accelerator)");
    }
    void wrongKind() {
        QFETCH(bool, as_workload);
        QFETCH(QString, name);
        QFETCH(QByteArray, bytes);
        QFETCH(QString, expected);
        const std::string path = write(name, bytes.toStdString());
        const auto errors = as_workload ? io::readWorkloadAny(path).errors : io::readAcceleratorAny(path).errors;
        QCOMPARE(QString::fromStdString(message(errors)), "|" + expected);
        // As the CLI and GUI print it: the file name in front.
        QCOMPARE(QString::fromStdString(formatDiagnostics(path, errors)),
                 QString::fromStdString(path) + ": " + expected + "\n");
    }

    void readsWorkloads() {
        const std::string dir = kTimeloopDir;
        {
            // ONNX under a .json name: Conv 4x3x3x3 on 8x8 → 6x6, 3888 MACs (format_fixtures.h); the Relu that
            // only reads the Conv is fused into it (issue 15), so one layer.
            const auto r = io::readWorkloadAny(write("tiny.json", test::tinyOnnxModel()));
            QVERIFY2(r.ok(), message(r.errors).c_str());
            QCOMPARE(int(r.value->format), int(FileFormatId::Onnx));
            QCOMPARE(r.value->network.totalMacs(), std::int64_t(3888));
            QCOMPARE(r.value->network.layers.size(), std::size_t(1));
        }
        {
            // kcp_ws.m: CONV1 K64 C3 R=S=7 on 229x229 with stride 2 → P = Q = (229 − 7)/2 + 1 = 112;
            // CONV2 K128 C64 R=S=3 on 58x58 → 56x56. MACs = 64·3·49·112² + 128·64·9·56².
            const auto r = io::readWorkloadAny(test::sourcePath(kMaestroNet));
            QVERIFY2(r.ok(), message(r.errors).c_str());
            QCOMPARE(int(r.value->format), int(FileFormatId::MaestroMapping));
            const auto& net = r.value->network;
            QCOMPARE(net.name, std::string("kcp_test"));
            QCOMPARE(net.layers.size(), std::size_t(2));
            QCOMPARE(net.edges.size(), std::size_t(1)); // MAESTRO runs layers in sequence
            QCOMPARE(net.totalMacs(), std::int64_t(64) * 3 * 49 * 112 * 112 + std::int64_t(128) * 64 * 9 * 56 * 56);
            QVERIFY(!r.value->notes.empty()); // the dataflows are not used: said so
        }
        {
            // r3 problem: C 32, K 32, R 3, P 16 → 32·32·3·16 = 49152 MACs, one layer.
            const auto r = io::readWorkloadAny(test::sourcePath(dir + "prob.yaml"));
            QVERIFY2(r.ok(), message(r.errors).c_str());
            QCOMPARE(int(r.value->format), int(FileFormatId::TimeloopProblem));
            QCOMPARE(r.value->network.layers.size(), std::size_t(1));
            QCOMPARE(r.value->network.totalMacs(), std::int64_t(49152));
        }
        {
            // small_gemms.csv: fc1 M10 N6 K5 = 300, fc2 4·4·4 = 64 → 364 MACs.
            const auto r = io::readWorkloadAny(test::sourcePath(kScaleSimGemms));
            QVERIFY2(r.ok(), message(r.errors).c_str());
            QCOMPARE(int(r.value->format), int(FileFormatId::ScaleSimTopology));
            QCOMPARE(r.value->network.totalMacs(), std::int64_t(364));
        }
        {
            // A hand-written workload without "format" is read as the workload asked for.
            const auto r = io::readWorkloadAny(write(
                "hand.json", R"({"name": "h", "layers": [{"name": "fc", "type": "gemm", "M": 2, "N": 3, "K": 4}]})"));
            QVERIFY2(r.ok(), message(r.errors).c_str());
            QCOMPARE(int(r.value->format), int(FileFormatId::ArchscapeJson));
            QCOMPARE(r.value->network.totalMacs(), std::int64_t(24)); // 2·3·4
        }
        {
            // A broken JSON keeps the JSON reader's diagnostic (line and column), not a format guess.
            const auto r = io::readWorkloadAny(write("broken.json", "{\"layers\": [\n"));
            QVERIFY(!r.ok());
            QCOMPARE(r.errors.size(), std::size_t(1));
            QVERIFY2(r.errors[0].path.starts_with("line 2"), r.errors[0].path.c_str());
        }
    }

    void readsAccelerators() {
        const std::string dir = kTimeloopDir;
        {
            // accelerator_1.m: 256 PEs (one row), L2 3000 and L1 100 8-bit elements (bytes).
            const auto r = io::readAcceleratorAny(test::sourcePath(kMaestroHw));
            QVERIFY2(r.ok(), message(r.errors).c_str());
            QCOMPARE(int(r.value->format), int(FileFormatId::MaestroHardware));
            const auto& acc = r.value->accelerator;
            QCOMPARE(acc.pe.rows * acc.pe.cols, 256);
            QCOMPARE(acc.levels.size(), std::size_t(3));
            QCOMPARE(acc.levels[1].capacity_bytes, std::int64_t(3000));
            QCOMPARE(acc.name, std::string("accelerator_1"));
        }
        {
            // r3 architecture: spatial {meshX: 16} → 16 PEs.
            const auto r = io::readAcceleratorAny(test::sourcePath(dir + "arch.yaml"));
            QVERIFY2(r.ok(), message(r.errors).c_str());
            QCOMPARE(int(r.value->format), int(FileFormatId::TimeloopArchitecture));
            QCOMPARE(r.value->accelerator.pe.rows * r.value->accelerator.pe.cols, 16);
        }
        {
            // os_4x4_calc.cfg: ArrayHeight 4, ArrayWidth 4, Dataflow os → systolic 4x4.
            const auto r = io::readAcceleratorAny(test::sourcePath(kScaleSimCfg));
            QVERIFY2(r.ok(), message(r.errors).c_str());
            QCOMPARE(int(r.value->format), int(FileFormatId::ScaleSimConfig));
            QVERIFY(r.value->accelerator.kind == hardware::AcceleratorKind::Systolic);
            QCOMPARE(r.value->accelerator.pe.rows, 4);
            QCOMPARE(r.value->accelerator.pe.cols, 4);
        }
        {
            // One Timeloop file holding a problem and an architecture is both a workload and an accelerator.
            const std::string both =
                write("both.yaml", test::sourceText(dir + "prob.yaml") + "\n" + test::sourceText(dir + "arch.yaml"));
            const auto w = io::readWorkloadAny(both);
            const auto a = io::readAcceleratorAny(both);
            QVERIFY2(w.ok(), message(w.errors).c_str());
            QVERIFY2(a.ok(), message(a.errors).c_str());
            QCOMPARE(w.value->network.totalMacs(), std::int64_t(49152));
            QCOMPARE(a.value->accelerator.pe.rows * a.value->accelerator.pe.cols, 16);
        }
        {
            // A MAESTRO hardware file with a bad value: the MAESTRO reader's diagnostic at its line.
            const auto r = io::readAcceleratorAny(write("bad.m", "num_pes: 64\nl1_size_cstr: -3\n"));
            QVERIFY(!r.ok());
            QVERIFY2(test::hasDiagnostic(r.errors, "line 2", "expected a positive number"), message(r.errors).c_str());
        }
    }

    void truncationsNeverCrash() {
        // Every prefix of every fixture (under its own name, so both content and extension rules run):
        // each reader answers a value or at least one diagnostic with a message, and never throws.
        const std::string dir = kTimeloopDir;
        const std::pair<const char*, std::string> fixtures[] = {
            {"t.onnx", test::tinyOnnxModel()},
            {"n.m", test::sourceText(kMaestroNet)},
            {"hw.m", test::sourceText(kMaestroHw)},
            {"p.yaml", test::sourceText(dir + "prob.yaml")},
            {"a.yaml", test::sourceText(dir + "arch.yaml")},
            {"c.cfg", test::sourceText(kScaleSimCfg)},
            {"t.csv", test::sourceText(kScaleSimConvs)},
            {"w.json", test::sourceText("presets/workloads/alexnet.json")},
        };
        int reads = 0;
        for (const auto& [name, bytes] : fixtures) {
            QVERIFY2(!bytes.empty(), name);
            const std::size_t step = std::max<std::size_t>(1, bytes.size() / 150);
            for (std::size_t n = 0; n < bytes.size(); n += step) {
                const std::string path = write(name, bytes.substr(0, n));
                const auto answered = [](const auto& r) {
                    if (r.ok()) return true;
                    if (r.errors.empty()) return false;
                    for (const auto& e : r.errors)
                        if (e.message.empty()) return false;
                    return true;
                };
                const auto w = io::readWorkloadAny(path);
                const auto a = io::readAcceleratorAny(path);
                QVERIFY2(answered(w) && answered(a), qPrintable(QString("%1, %2 bytes").arg(name).arg(n)));
                reads += 2;
            }
        }
        QVERIFY(reads > 1000); // the fixtures are cut at least 150 times each, or byte by byte
    }

    void docsListEveryRow() {
        // docs/formats.md's "Reading any format" table must name every row's extensions and JSON format.
        const std::string doc = test::sourceText("docs/formats.md");
        const auto begin = doc.find("## Reading any format");
        QVERIFY(begin != std::string::npos);
        const std::string section = doc.substr(begin, doc.find("\n## ", begin + 1) - begin);
        for (const auto& row : io::fileFormats()) {
            for (const auto& e : row.extensions) QVERIFY2(section.find("`" + e + "`") != std::string::npos, e.c_str());
            if (!row.json_format.empty())
                QVERIFY2(section.find("`" + std::string(row.json_format) + "`") != std::string::npos,
                         std::string(row.json_format).c_str());
        }
    }

    void dialogFilter() {
        const QString f = QString::fromStdString(io::fileDialogFilter());
        QVERIFY(f.startsWith("All readable files (*."));
        QVERIFY(f.endsWith(";;All files (*)"));
        for (const auto& row : io::fileFormats())
            for (const auto& e : row.extensions) QVERIFY2(f.contains("*" + QString::fromStdString(e)), e.c_str());
        QVERIFY(f.contains("MAESTRO files (*.m)"));
        QVERIFY(f.contains("Timeloop files (*.yaml *.yml)"));
        QVERIFY(f.contains("SCALE-Sim files (*.cfg *.csv)"));
        QVERIFY(f.contains("ONNX files (*.onnx)"));
        QVERIFY(f.contains("Archscape files (*.json)"));
    }
};

QTEST_APPLESS_MAIN(TestFileFormat)
#include "tst_file_format.moc"
