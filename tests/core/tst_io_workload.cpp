// Workload JSON: sizes derived from the convolution formula by hand, every error kind of the
// format (exact JSON pointer + the key part of the message), round trips, file-level errors
// (line/column), atomic saving and the preset catalog.
#include <QtTest/QtTest>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <sys/stat.h>
#include <unistd.h>

#include "common/atomic_file.h"
#include "common/presets_directory.h"
#include "io/json_file.h"
#include "io/preset_catalog.h"
#include "io/workload_json.h"
#include "io_test_support.h"
#include "test_support.h"

using namespace archscape;
using workload::Dim;
using workload::LayerType;
namespace fs = std::filesystem;

namespace {

workload::Network parseOk(const QByteArray& text) {
    auto r = io::parseWorkload(test::jsonText(text));
    if (!r.ok()) qWarning("%s", test::listDiagnostics(r.errors).c_str());
    return r.value.value_or(workload::Network{});
}

QByteArray oneLayer(const QByteArray& layer) {
    return R"({"format": "archscape/workload", "version": 1, "layers": [)" + layer + "]}";
}

std::string slurp(const std::string& path) {
    std::ifstream in(path);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// A fresh directory under the system temp dir, removed by the destructor.
struct TempDir {
    fs::path path;
    TempDir() {
        path = fs::temp_directory_path() /
               ("archscape-io-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++));
        fs::create_directories(path);
    }
    ~TempDir() {
        std::error_code ec;
        fs::permissions(path, fs::perms::owner_all, fs::perm_options::add, ec);
        fs::remove_all(path, ec);
    }
    static int& counter() {
        static int c = 0;
        return c;
    }
};

} // namespace

class TestIoWorkload : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void convOutputSize_data();
    void convOutputSize();
    void rectangularParameters();
    void groups_data();
    void groups();
    void otherLayerTypes();
    void edges();
    void errors_data();
    void errors();
    void collectsEveryProblem();
    void mutationsNeverCrash();
    void roundTrip();
    void fileErrors_data();
    void fileErrors();
    void badFixture();
    void duplicateKeys();
    void atomicWrite();
    void atomicWriteFailureKeepsOldContent();
    void atomicWriteReadOnlyDirectory();
    void presets();
};

void TestIoWorkload::convOutputSize_data() {
    QTest::addColumn<int>("H");
    QTest::addColumn<int>("R");
    QTest::addColumn<int>("stride");
    QTest::addColumn<int>("pad");
    QTest::addColumn<int>("dilation");
    QTest::addColumn<int>("P");
    // P = floor((H + 2*pad - dil*(R-1) - 1) / stride) + 1, worked by hand:
    // (224 + 6 - 6 - 1) / 2 = 223 / 2 -> 111, + 1 = 112 (ResNet conv1)
    QTest::newRow("resnet-conv1") << 224 << 7 << 2 << 3 << 1 << 112;
    // (56 + 2 - 2 - 1) / 2 = 55 / 2 -> 27, + 1 = 28 (ResNet stage-3 3x3 stride 2)
    QTest::newRow("stride2-3x3") << 56 << 3 << 2 << 1 << 1 << 28;
    // (32 + 4 - 4 - 1) / 1 = 31, + 1 = 32 (dilation 2 keeps "same" size with pad 2)
    QTest::newRow("dilated") << 32 << 3 << 1 << 2 << 2 << 32;
    // (7 + 0 - 6 - 1) / 1 = 0, + 1 = 1 (window covers the whole input)
    QTest::newRow("global") << 7 << 7 << 1 << 0 << 1 << 1;
    // (227 + 0 - 10 - 1) / 4 = 216 / 4 = 54, + 1 = 55 (AlexNet conv1, 11x11 stride 4)
    QTest::newRow("alexnet-conv1") << 227 << 11 << 4 << 0 << 1 << 55;
}

void TestIoWorkload::convOutputSize() {
    QFETCH(int, H);
    QFETCH(int, R);
    QFETCH(int, stride);
    QFETCH(int, pad);
    QFETCH(int, dilation);
    QFETCH(int, P);
    const auto net = parseOk(oneLayer(QString(R"({"name": "c", "type": "conv", "C": 3, "K": 8, "H": %1, "W": %1,
        "R": %2, "S": %2, "stride": %3, "padding": %4, "dilation": %5})")
                                          .arg(H)
                                          .arg(R)
                                          .arg(stride)
                                          .arg(pad)
                                          .arg(dilation)
                                          .toUtf8()));
    QCOMPARE(net.layers.size(), std::size_t(1));
    const auto& l = net.layers[0];
    QCOMPARE(l.bound(Dim::P), std::int64_t(P));
    QCOMPARE(l.bound(Dim::Q), std::int64_t(P));
    QCOMPARE(l.bound(Dim::R), std::int64_t(R));
    QCOMPARE(l.stride_h, stride);
    QCOMPARE(l.pad_h, pad);
    QCOMPARE(l.dilation_w, dilation);
    // The input tensor keeps all H rows, even those the floor leaves unused (ResNet conv1: 223 used).
    QCOMPARE(l.inputRows(), std::int64_t(H));
    QCOMPARE(l.inputCols(), std::int64_t(H));
    // The output form gives the same loop nest.
    const auto direct = parseOk(oneLayer(QString(R"({"name": "c", "type": "conv", "C": 3, "K": 8, "P": %1, "Q": %1,
        "R": %2, "S": %2, "stride": %3, "padding": %4, "dilation": %5})")
                                             .arg(P)
                                             .arg(R)
                                             .arg(stride)
                                             .arg(pad)
                                             .arg(dilation)
                                             .toUtf8()));
    const auto& d = direct.layers.at(0);
    QVERIFY(d.bounds == l.bounds);
    QCOMPARE(d.in_h, std::int64_t(0)); // derived from the window instead
    QCOMPARE(d.inputRows(), std::int64_t((P - 1) * stride + dilation * (R - 1) + 1 - 2 * pad));
}

void TestIoWorkload::rectangularParameters() {
    // Rows: (10 + 0 - 2 - 1)/1 + 1 = 8.  Columns: (10 + 2 - 2 - 1)/3 + 1 = 9/3 + 1 = 4.
    const auto net = parseOk(oneLayer(R"({"name": "c", "type": "conv", "C": 4, "K": 4, "H": 10, "W": 10,
        "R": 3, "S": 3, "stride": [1, 3], "padding": [0, 1]})"));
    const auto& l = net.layers.at(0);
    QCOMPARE(l.bound(Dim::P), std::int64_t(8));
    QCOMPARE(l.bound(Dim::Q), std::int64_t(4));
    QCOMPARE(l.stride_h, 1);
    QCOMPARE(l.stride_w, 3);
    QCOMPARE(l.pad_h, 0);
    QCOMPARE(l.pad_w, 1);
}

void TestIoWorkload::groups_data() {
    QTest::addColumn<int>("C");
    QTest::addColumn<int>("K");
    QTest::addColumn<int>("groups");
    QTest::addColumn<qint64>("macs");
    // Depthwise 3x3 on 112x112x32 (MobileNetV2 block 1): one filter per channel,
    // MACs = 32 channels * 112*112 outputs * 9 taps = 3,612,672.
    QTest::newRow("depthwise") << 32 << 32 << 32 << qint64(32) * 112 * 112 * 9;
    // Two groups of 32 -> 64: each output sees C/groups = 32 inputs: 2 * 64 * 32 * 112*112 * 9.
    QTest::newRow("two-groups") << 64 << 128 << 2 << qint64(2) * 64 * 32 * 112 * 112 * 9;
    QTest::newRow("dense") << 16 << 8 << 1 << qint64(8) * 16 * 112 * 112 * 9;
}

void TestIoWorkload::groups() {
    QFETCH(int, C);
    QFETCH(int, K);
    QFETCH(int, groups);
    QFETCH(qint64, macs);
    const auto net = parseOk(oneLayer(QString(R"({"name": "dw", "type": "conv", "C": %1, "K": %2, "groups": %3,
        "H": 112, "W": 112, "R": 3, "S": 3, "padding": 1})")
                                          .arg(C)
                                          .arg(K)
                                          .arg(groups)
                                          .toUtf8()));
    const auto& l = net.layers.at(0);
    QCOMPARE(l.bound(Dim::G), std::int64_t(groups));
    QCOMPARE(l.bound(Dim::C), std::int64_t(C / groups));
    QCOMPARE(l.bound(Dim::K), std::int64_t(K / groups));
    QCOMPARE(l.bound(Dim::P), std::int64_t(112)); // (112 + 2 - 2 - 1)/1 + 1
    QCOMPARE(l.macs(), std::int64_t(macs));
}

void TestIoWorkload::otherLayerTypes() {
    const auto net = parseOk(R"({"layers": [
        {"name": "fc", "type": "gemm", "M": 4, "N": 1000, "K": 2048},
        {"name": "qk", "type": "batched_matmul", "batch": 12, "M": 512, "N": 512, "K": 64},
        {"name": "pool", "type": "pool", "C": 64, "H": 112, "W": 112, "R": 3, "S": 3, "stride": 2, "padding": 1},
        {"name": "add", "type": "elementwise", "C": 256, "H": 56, "W": 56},
        {"name": "sm", "type": "softmax", "N": 12, "C": 512, "H": 512},
        {"name": "ln", "type": "norm", "C": 768, "H": 512}
    ]})");
    QCOMPARE(net.layers.size(), std::size_t(6));
    // GEMM (M x K)(K x N): P = M, C = K (reduction), K = N (outputs). MACs = 4 * 1000 * 2048.
    const auto& fc = net.layers[0];
    QVERIFY(fc.type == LayerType::Gemm);
    QCOMPARE(fc.bound(Dim::P), std::int64_t(4));
    QCOMPARE(fc.bound(Dim::C), std::int64_t(2048));
    QCOMPARE(fc.bound(Dim::K), std::int64_t(1000));
    QCOMPARE(fc.macs(), std::int64_t(4) * 1000 * 2048);
    // Attention QK^T for BERT-base: 12 heads x 512 x 512 x 64 MACs.
    const auto& qk = net.layers[1];
    QCOMPARE(qk.bound(Dim::G), std::int64_t(12));
    QCOMPARE(qk.macs(), std::int64_t(12) * 512 * 512 * 64);
    // Pooling: channels are groups; (112 + 2 - 2 - 1)/2 + 1 = 56; no MACs.
    const auto& pool = net.layers[2];
    QCOMPARE(pool.bound(Dim::G), std::int64_t(64));
    QCOMPARE(pool.bound(Dim::K), std::int64_t(1));
    QCOMPARE(pool.bound(Dim::P), std::int64_t(56));
    QCOMPARE(pool.macs(), std::int64_t(0));
    // Element-wise add: two operands by default.
    const auto& add = net.layers[3];
    QCOMPARE(add.elementwise_inputs, 2);
    QCOMPARE(add.bound(Dim::G), std::int64_t(256));
    QCOMPARE(add.bound(Dim::Q), std::int64_t(56));
    QCOMPARE(net.layers[4].bound(Dim::N), std::int64_t(12));
    QCOMPARE(net.layers[4].bound(Dim::Q), std::int64_t(1)); // W defaults to 1
    QVERIFY(net.layers[5].type == LayerType::Norm);
}

void TestIoWorkload::edges() {
    const auto net = parseOk(R"({"layers": [
        {"name": "a", "type": "gemm", "M": 1, "N": 4, "K": 4},
        {"name": "b", "type": "gemm", "M": 1, "N": 4, "K": 4},
        {"name": "c", "type": "elementwise", "C": 4, "inputs": ["a", "b"]},
        {"name": "d", "type": "gemm", "M": 1, "N": 4, "K": 4, "inputs": []},
        {"name": "e", "type": "gemm", "M": 1, "N": 4, "K": 4}
    ]})");
    // Default: each layer reads the previous one; the first reads the graph input.
    const std::vector<workload::Edge> expected = {{0, 1}, {0, 2}, {1, 2}, {3, 4}};
    QCOMPARE(net.edges.size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) QVERIFY(net.edges[i] == expected[i]);
}

void TestIoWorkload::errors_data() {
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("pointer");
    QTest::addColumn<QString>("fragment");
    const QByteArray conv = R"("type": "conv", "C": 8, "K": 8, "H": 8, "W": 8, "R": 3, "S": 3)";
    QTest::newRow("not-an-object") << QByteArray("[1, 2]") << ""
                                   << "expected an object, got an array";
    QTest::newRow("wrong-format") << QByteArray(R"({"format": "archscape/accelerator", "layers": []})") << "/format"
                                  << "expected \"archscape/workload\"";
    QTest::newRow("wrong-version") << oneLayer("").replace("\"version\": 1", "\"version\": 2") << "/version"
                                   << "expected 1 (the only version so far), got 2";
    QTest::newRow("no-layers") << QByteArray(R"({"name": "x"})") << "/layers"
                               << "missing required field \"layers\"";
    QTest::newRow("layers-not-array") << QByteArray(R"({"layers": {}})") << "/layers"
                                      << "expected an array";
    QTest::newRow("empty-layers") << oneLayer("") << "/layers"
                                  << "expected at least one layer";
    QTest::newRow("unknown-top-field") << QByteArray(R"({"layers": [{"name": "a", "type": "gemm", "M": 1,
        "N": 1, "K": 1}], "author": "me"})")
                                       << "/author"
                                       << "unknown field \"author\"";
    QTest::newRow("unknown-layer-field") << oneLayer(R"({"name": "a", )" + conv + R"(, "bias": true})")
                                         << "/layers/0/bias"
                                         << "unknown field \"bias\"";
    QTest::newRow("negative-K") << oneLayer(R"({"name": "a", "type": "conv", "C": 8, "K": -4, "H": 8, "W": 8,
        "R": 3, "S": 3})") << "/layers/0/K"
                                << "expected a positive integer, got -4";
    QTest::newRow("zero-R") << oneLayer(R"({"name": "a", "type": "conv", "C": 8, "K": 4, "H": 8, "W": 8,
        "R": 0, "S": 3})") << "/layers/0/R"
                            << "expected a positive integer, got 0";
    QTest::newRow("fractional") << oneLayer(R"({"name": "a", "type": "gemm", "M": 1, "N": 2, "K": 2.5})")
                                << "/layers/0/K"
                                << "expected a positive integer, got 2.5";
    QTest::newRow("string-size") << oneLayer(R"({"name": "a", "type": "gemm", "M": 1, "N": "2", "K": 2})")
                                 << "/layers/0/N"
                                 << "expected a positive integer, got \"2\"";
    QTest::newRow("missing-C") << oneLayer(R"({"name": "a", "type": "conv", "K": 4, "H": 8, "W": 8, "R": 3,
        "S": 3})") << "/layers/0/C"
                               << "missing required field \"C\"";
    QTest::newRow("missing-name") << oneLayer(R"({"type": "gemm", "M": 1, "N": 2, "K": 2})") << "/layers/0/name"
                                  << "missing required field \"name\"";
    QTest::newRow("missing-size") << oneLayer(R"({"name": "a", "type": "conv", "C": 8, "K": 4, "R": 3, "S": 3})")
                                  << "/layers/0/H"
                                  << "missing required field \"H\"";
    QTest::newRow("both-size-forms") << oneLayer(R"({"name": "a", )" + conv + R"(, "P": 6, "Q": 6})") << "/layers/0"
                                     << "not both";
    QTest::newRow("unknown-type") << oneLayer(R"({"name": "a", "type": "flash"})") << "/layers/0/type"
                                  << "expected one of conv, gemm, batched_matmul, pool, elementwise, softmax, norm, "
                                     "butterfly, pq, got \"flash\"";
    QTest::newRow("groups-not-dividing") << oneLayer(R"({"name": "a", "type": "conv", "C": 32, "K": 64,
        "groups": 3, "H": 8, "W": 8, "R": 3, "S": 3})")
                                         << "/layers/0/groups"
                                         << "expected a divisor of C (32) and K (64), got 3";
    QTest::newRow("zero-groups") << oneLayer(R"({"name": "a", )" + conv + R"(, "groups": 0})") << "/layers/0/groups"
                                 << "expected a positive integer, got 0";
    // Window 7 over 3 rows + 2*1 padding = 5: the filter cannot be placed even once.
    QTest::newRow("window-too-large") << oneLayer(R"({"name": "a", "type": "conv", "C": 8, "K": 8, "H": 3,
        "W": 8, "R": 7, "S": 3, "padding": 1})")
                                      << "/layers/0/R"
                                      << "dilation*(R-1)+1 = 7 > H + 2*padding = 5";
    // Dilation 3 makes a 3-tap filter span 7 columns; W = 6 without padding is too small.
    QTest::newRow("dilated-window-too-large") << oneLayer(R"({"name": "a", "type": "conv", "C": 8, "K": 8,
        "H": 8, "W": 6, "R": 3, "S": 3, "dilation": 3})")
                                              << "/layers/0/S"
                                              << "= 7 > W + 2*padding = 6";
    // Output form: (1-1)*1 + 1 + 1 - 2*1 = 0 input rows.
    QTest::newRow("padding-leaves-nothing") << oneLayer(R"({"name": "a", "type": "pool", "C": 2, "P": 1, "Q": 1,
        "R": 1, "S": 1, "padding": 1})") << "/layers/0/padding"
                                            << "at least one input row, got 1";
    QTest::newRow("zero-stride") << oneLayer(R"({"name": "a", )" + conv + R"(, "stride": 0})") << "/layers/0/stride"
                                 << "expected an integer from 1 to";
    QTest::newRow("negative-padding") << oneLayer(R"({"name": "a", )" + conv + R"(, "padding": -1})")
                                      << "/layers/0/padding"
                                      << "expected an integer from 0 to";
    QTest::newRow("pair-of-three") << oneLayer(R"({"name": "a", )" + conv + R"(, "stride": [1, 2, 3]})")
                                   << "/layers/0/stride"
                                   << "expected an integer or [h, w], got an array of 3";
    QTest::newRow("pair-element") << oneLayer(R"({"name": "a", )" + conv + R"(, "stride": [1, "x"]})")
                                  << "/layers/0/stride/1"
                                  << "got \"x\"";
    QTest::newRow("pool-dilation") << oneLayer(R"({"name": "a", "type": "pool", "C": 2, "H": 4, "W": 4, "R": 2,
        "S": 2, "dilation": 2})") << "/layers/0/dilation"
                                   << "unknown field";
    QTest::newRow("zero-operands") << oneLayer(R"({"name": "a", "type": "elementwise", "C": 2, "operands": 0})")
                                   << "/layers/0/operands"
                                   << "expected an integer from 1 to 64, got 0";
    QTest::newRow("layer-not-object") << oneLayer("42") << "/layers/0"
                                      << "expected an object, got 42";
    QTest::newRow("duplicate-name") << QByteArray(R"({"layers": [
        {"name": "a", "type": "gemm", "M": 1, "N": 2, "K": 2},
        {"name": "a", "type": "gemm", "M": 1, "N": 2, "K": 2}]})")
                                    << "/layers/1/name"
                                    << "expected a unique name, got \"a\" (also /layers/0)";
    QTest::newRow("unknown-input") << QByteArray(R"({"layers": [
        {"name": "a", "type": "gemm", "M": 1, "N": 2, "K": 2},
        {"name": "b", "type": "gemm", "M": 1, "N": 2, "K": 2, "inputs": ["zz"]}]})")
                                   << "/layers/1/inputs/0"
                                   << "got \"zz\" (no such layer)";
    QTest::newRow("later-input") << QByteArray(R"({"layers": [
        {"name": "a", "type": "gemm", "M": 1, "N": 2, "K": 2, "inputs": ["b"]},
        {"name": "b", "type": "gemm", "M": 1, "N": 2, "K": 2}]})")
                                 << "/layers/0/inputs/0"
                                 << "expected the name of an earlier layer, got \"b\" (layer 1, a later one)";
    QTest::newRow("self-input") << oneLayer(R"({"name": "a", "type": "gemm", "M": 1, "N": 2, "K": 2,
        "inputs": ["a"]})") << "/layers/0/inputs/0"
                                << "itself";
    QTest::newRow("inputs-not-array") << oneLayer(R"({"name": "a", "type": "gemm", "M": 1, "N": 2, "K": 2,
        "inputs": "x"})") << "/layers/0/inputs"
                                      << "expected an array of layer names, got \"x\"";
    QTest::newRow("huge-layer") << oneLayer(R"({"name": "a", "type": "batched_matmul", "batch": 1000000,
        "M": 1000000, "N": 1000000, "K": 1000000})")
                                << "/layers/0"
                                << "fewer than 1e18";
    // Per-layer precision (issue 5): names, the object form, and what a layer may not set.
    QTest::newRow("precision-unknown-name")
        << oneLayer(R"({"name": "a", )" + conv + R"(, "precision": "int1"})") << "/layers/0/precision"
        << "expected one of int2..int16, fp8_e4m3, fp8_e5m2, fp16, bf16, fp32, "
           "got \"int1\"";
    QTest::newRow("precision-object-name")
        << oneLayer(R"({"name": "a", )" + conv + R"(, "precision": {"weight": "int4", "input": "fp12"}})")
        << "/layers/0/precision/input"
        << "got \"fp12\"";
    QTest::newRow("precision-number") << oneLayer(R"({"name": "a", )" + conv + R"(, "precision": 8})")
                                      << "/layers/0/precision"
                                      << "expected a precision name or an object {weight, input}, got 8";
    QTest::newRow("precision-empty") << oneLayer(R"({"name": "a", )" + conv + R"(, "precision": {}})")
                                     << "/layers/0/precision"
                                     << "expected at least one of weight, input";
    // Outputs (partial sums) stay at the accelerator's accumulator precision.
    QTest::newRow("precision-output") << oneLayer(R"({"name": "a", )" + conv +
                                                  R"(, "precision": {"weight": "int4", "output": "int8"}})")
                                      << "/layers/0/precision/output"
                                      << "unknown field \"output\"";
    // A pooling layer has no weights: only its input precision can be set.
    QTest::newRow("pool-weight-precision") << oneLayer(R"({"name": "a", "type": "pool", "C": 2, "H": 4, "W": 4,
        "R": 2, "S": 2, "precision": {"weight": "int4"}})")
                                           << "/layers/0/precision/weight"
                                           << "unknown field";
    QTest::newRow("escaped-pointer") << QByteArray(R"({"layers": [{"name": "a", "type": "gemm", "M": 1, "N": 2,
        "K": 2}], "a/b~c": 1})") << "/a~1b~0c"
                                     << "unknown field";
}

void TestIoWorkload::errors() {
    QFETCH(QByteArray, json);
    QFETCH(QString, pointer);
    QFETCH(QString, fragment);
    const auto r = io::parseWorkload(test::jsonText(json));
    ARCHSCAPE_EXPECT_DIAGNOSTIC(r, pointer, fragment);
}

void TestIoWorkload::collectsEveryProblem() {
    // Three independent mistakes in three layers: all three are reported, not just the first.
    const auto r = io::parseWorkload(test::jsonText(R"({"layers": [
        {"name": "a", "type": "gemm", "M": 0, "N": 2, "K": 2},
        {"name": "b", "type": "gemm", "M": 1, "N": 2, "K": 2, "extra": 1},
        {"name": "c", "type": "gemm", "M": 1, "N": 2, "K": 2, "inputs": ["q"]}]})"));
    QCOMPARE(r.errors.size(), std::size_t(3));
    QVERIFY(test::hasDiagnostic(r.errors, "/layers/0/M", "positive integer"));
    QVERIFY(test::hasDiagnostic(r.errors, "/layers/1/extra", "unknown field"));
    QVERIFY(test::hasDiagnostic(r.errors, "/layers/2/inputs/0", "no such layer"));
}

void TestIoWorkload::mutationsNeverCrash() {
    const auto doc = test::jsonText(R"({"format": "archscape/workload", "version": 1, "name": "m", "layers": [
        {"name": "c", "type": "conv", "C": 4, "K": 8, "groups": 2, "H": 9, "W": 9, "R": 3, "S": 3,
         "stride": [2, 1], "padding": 1, "dilation": 1},
        {"name": "p", "type": "pool", "C": 8, "P": 2, "Q": 2, "R": 2, "S": 2, "stride": 2},
        {"name": "b", "type": "batched_matmul", "batch": 2, "M": 3, "N": 4, "K": 5, "inputs": ["c", "p"]},
        {"name": "e", "type": "elementwise", "C": 3, "H": 2, "W": 2, "operands": 3, "inputs": []}]})");
    QVERIFY(io::parseWorkload(doc).ok());
    int failures = 0;
    const int variants = test::forEachMutation(doc, [&](const nlohmann::json& j) {
        const auto r = io::parseWorkload(j);
        QVERIFY2(test::consistent(r), j.dump().c_str());
        if (!r.ok()) ++failures;
    });
    QVERIFY(variants > 300);
    QVERIFY(failures > variants / 2); // most odd values are rejected (strings and nulls everywhere)
}

void TestIoWorkload::roundTrip() {
    const auto first = io::parseWorkload(test::jsonText(R"({"name": "mixed", "layers": [
        {"name": "stem", "type": "conv", "N": 2, "C": 3, "K": 32, "H": 225, "W": 224, "R": 3, "S": 5,
         "stride": [2, 1], "padding": [1, 2], "dilation": [1, 2], "precision": {"weight": "int4", "input": "int8"}},
        {"name": "dw", "type": "conv", "C": 32, "K": 32, "groups": 32, "H": 113, "W": 224, "R": 3, "S": 3,
         "padding": 1, "precision": {"weight": "int2"}},
        {"name": "pool", "type": "pool", "C": 32, "H": 113, "W": 224, "R": 3, "S": 3, "stride": 2,
         "precision": "bf16"},
        {"name": "pq", "type": "conv", "C": 32, "K": 16, "P": 56, "Q": 111, "R": 1, "S": 3, "stride": 2},
        {"name": "fc", "type": "gemm", "M": 3, "N": 10, "K": 32, "precision": "fp8_e4m3"},
        {"name": "qk", "type": "batched_matmul", "batch": 4, "M": 16, "N": 16, "K": 8, "inputs": []},
        {"name": "sm", "type": "softmax", "N": 4, "C": 16, "H": 16},
        {"name": "add", "type": "elementwise", "C": 10, "W": 3, "operands": 3, "inputs": ["fc", "stem", "sm"]},
        {"name": "ln", "type": "norm", "C": 10, "H": 3, "inputs": ["add", "dw"]}]})"));
    QVERIFY2(first.ok(), test::listDiagnostics(first.errors).c_str());
    const nlohmann::json written = io::toJson(*first.value);
    // Through text, as a saved file would go.
    const auto second = io::parseWorkload(nlohmann::json::parse(written.dump(2)));
    QVERIFY2(second.ok(), (test::listDiagnostics(second.errors) + "\n" + written.dump(2)).c_str());
    const auto& a = *first.value;
    const auto& b = *second.value;
    QCOMPARE(b.name, a.name);
    QCOMPARE(b.layers.size(), a.layers.size());
    for (std::size_t i = 0; i < a.layers.size(); ++i) {
        QCOMPARE(b.layers[i].name, a.layers[i].name);
        QVERIFY2(b.layers[i].sameShape(a.layers[i]), a.layers[i].name.c_str());
    }
    QCOMPARE(b.edges.size(), a.edges.size());
    for (std::size_t i = 0; i < a.edges.size(); ++i) QVERIFY(b.edges[i] == a.edges[i]);
    QCOMPARE(io::toJson(b), written);
    // Each layer is written in the form it was read in: the stem with its input size, "pq" with its output.
    QCOMPARE(written["layers"][0]["H"], nlohmann::json(225));
    QVERIFY(!written["layers"][0].contains("P"));
    QCOMPARE(written["layers"][3]["Q"], nlohmann::json(111));
    QVERIFY(!written["layers"][3].contains("W"));
    // Per-layer precision: the object form, one operand only, one name for both, none.
    using archscape::Precision;
    QVERIFY(a.layers[0].weight_precision == Precision::integer(4));
    QVERIFY(a.layers[0].input_precision == Precision::integer(8));
    QVERIFY(a.layers[1].weight_precision == Precision::integer(2) && !a.layers[1].input_precision);
    QVERIFY(!a.layers[2].weight_precision && a.layers[2].input_precision == Precision::floating(16, 7));
    QVERIFY(a.layers[4].weight_precision == Precision::floating(8, 3));
    QVERIFY(a.layers[4].input_precision == Precision::floating(8, 3));
    QVERIFY(!a.layers[3].hasPrecision());
    QCOMPARE(written["layers"][4]["precision"], nlohmann::json("fp8_e4m3"));
    QCOMPARE(written["layers"][1]["precision"], nlohmann::json({{"weight", "int2"}}));
    QVERIFY(!written["layers"][3].contains("precision"));
    // A spot check that the round trip is not trivially equal: the stem really is rectangular.
    // Rows: (225 + 2 - 2 - 1)/2 + 1 = 113; columns: (224 + 4 - 8 - 1)/1 + 1 = 220.
    QCOMPARE(a.layers[0].bound(Dim::P), std::int64_t(113));
    QCOMPARE(a.layers[0].bound(Dim::Q), std::int64_t(220));
}

void TestIoWorkload::fileErrors_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("pointer");
    QTest::addColumn<QString>("fragment");
    // 4 lines, each ended by '\n', with the array and object never closed: input ends at line 5, column 1.
    QTest::newRow("truncated") << "tests/data/bad/truncated_workload.json"
                               << "line 5, column 1"
                               << "unexpected end of input";
    // Line 3 is `  "layers": [{"name": "a",, ...`: 2 spaces, "layers" (8), ':', ' ', '[', '{', "name" (6),
    // ':', ' ', "a" (3), ',' -> 26 characters, so the second comma is column 27.
    QTest::newRow("syntax-error") << "tests/data/bad/syntax_error_workload.json"
                                  << "line 3, column 27"
                                  << "unexpected ','";
    QTest::newRow("missing-file") << "tests/data/bad/does_not_exist.json"
                                  << ""
                                  << "cannot open";
    QTest::newRow("directory") << "tests/data/bad"
                               << ""
                               << "directory";
    QTest::newRow("device") << "/dev/zero"
                            << ""
                            << "it is a device"; // would never end
}

void TestIoWorkload::fileErrors() {
    QFETCH(QString, file);
    QFETCH(QString, pointer);
    QFETCH(QString, fragment);
    // Absolute paths as they are; the rest relative to the source tree.
    const std::string path = file.startsWith('/') ? file.toStdString() : test::sourcePath(file.toStdString());
    const auto r = io::readWorkloadFile(path);
    ARCHSCAPE_EXPECT_DIAGNOSTIC(r, pointer, fragment);
    QCOMPARE(r.errors.size(), std::size_t(1));
}

void TestIoWorkload::badFixture() {
    const std::string path = test::sourcePath("tests/data/bad/workload_errors.json");
    const auto r = io::readWorkloadFile(path);
    // One diagnostic per planted mistake, each checked (see the fixture):
    QVERIFY(test::hasDiagnostic(r.errors, "/layers/0/K", "expected a positive integer, got -4"));
    QVERIFY(test::hasDiagnostic(r.errors, "/layers/1/groups", "expected a divisor of C (32) and K (32), got 3"));
    QVERIFY(test::hasDiagnostic(r.errors, "/layers/2/name", "unique name, got \"conv1\""));
    QVERIFY(test::hasDiagnostic(r.errors, "/layers/2/R", "= 7 > H + 2*padding = 5"));
    QVERIFY(test::hasDiagnostic(r.errors, "/layers/3/type", "got \"flash\""));
    QVERIFY(test::hasDiagnostic(r.errors, "/layers/4/N", "got \"1000\""));
    QVERIFY(test::hasDiagnostic(r.errors, "/layers/4/bias", "unknown field"));
    QVERIFY(test::hasDiagnostic(r.errors, "/layers/4/inputs/0", "no such layer"));
    QVERIFY(test::hasDiagnostic(r.errors, "/layers/4/inputs/1", "a later one"));
    QVERIFY(test::hasDiagnostic(r.errors, "/layers/5/C", "got 0"));
    QVERIFY2(r.errors.size() == 10, test::listDiagnostics(r.errors).c_str());
    // The CLI's form: "file: pointer: message".
    const std::string shown = formatDiagnostics(path, r.errors);
    QVERIFY(shown.find(path + ": /layers/0/K: expected a positive integer, got -4\n") != std::string::npos);
}

void TestIoWorkload::duplicateKeys() {
    // JSON parsers keep the last of two equal keys; the reader refuses the ambiguity instead.
    // The fixture repeats "K" in the second layer and "name" at the top level.
    const auto r = io::readWorkloadFile(test::sourcePath("tests/data/bad/duplicate_keys.json"));
    ARCHSCAPE_EXPECT_DIAGNOSTIC(r, "/layers/1/K", "duplicate key \"K\"");
    ARCHSCAPE_EXPECT_DIAGNOSTIC(r, "/name", "duplicate key \"name\"");
    QCOMPARE(r.errors.size(), std::size_t(2));
}

void TestIoWorkload::atomicWrite() {
    TempDir dir;
    const std::string path = (dir.path / "out.json").string();
    std::string error;
    QVERIFY2(writeFileAtomically(path, "first", &error), error.c_str());
    QCOMPARE(slurp(path), std::string("first"));
    ::chmod(path.c_str(), 0640);
    QVERIFY2(writeFileAtomically(path, "second, longer content", &error), error.c_str());
    QCOMPARE(slurp(path), std::string("second, longer content"));
    struct stat st {};
    QCOMPARE(::stat(path.c_str(), &st), 0);
    QCOMPARE(int(st.st_mode & 0777), 0640); // replacing keeps the file's permissions
    // No temporary file is left beside it.
    int entries = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir.path)) ++entries;
    QCOMPARE(entries, 1);
}

void TestIoWorkload::atomicWriteFailureKeepsOldContent() {
    TempDir dir;
    std::string error;
    // A directory that does not exist: the temporary file cannot be created; nothing is written.
    const std::string missing = (dir.path / "no-such-dir" / "out.json").string();
    QVERIFY(!writeFileAtomically(missing, "x", &error));
    QVERIFY(error.find("cannot create") != std::string::npos);
    QVERIFY(!fs::exists(dir.path / "no-such-dir"));

    // The target is a non-empty directory: the temp file is written but the rename fails;
    // the old "content" stays and the temp file is cleaned up.
    const fs::path target = dir.path / "busy";
    fs::create_directories(target / "inside");
    error.clear();
    QVERIFY(!writeFileAtomically(target.string(), "x", &error));
    QVERIFY(error.find("cannot replace") != std::string::npos);
    QVERIFY(fs::is_directory(target / "inside"));
    int entries = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir.path)) ++entries;
    QCOMPARE(entries, 1);
}

void TestIoWorkload::atomicWriteReadOnlyDirectory() {
    // A read-only directory holding the old file (root ignores permissions, so only as a normal user).
    if (::geteuid() == 0) QSKIP("running as root: directory permissions do not stop writes");
    TempDir dir;
    std::string error;
    const std::string path = (dir.path / "kept.json").string();
    QVERIFY(writeFileAtomically(path, "old", &error));
    fs::permissions(dir.path, fs::perms::owner_read | fs::perms::owner_exec);
    QVERIFY(!writeFileAtomically(path, "new", &error));
    fs::permissions(dir.path, fs::perms::owner_all);
    QCOMPARE(slurp(path), std::string("old"));
}

void TestIoWorkload::presets() {
    TempDir dir;
    fs::create_directories(dir.path / "workloads");
    for (const char* name : {"vgg16", "alexnet", "resnet50"})
        std::ofstream(dir.path / "workloads" / (std::string(name) + ".json")) << "{}";
    std::ofstream(dir.path / "workloads" / "notes.txt") << "not a preset";
    const std::string local = (dir.path / "mine.json").string();
    std::ofstream(local) << "{}";
    ::setenv("ARCHSCAPE_PRESETS", dir.path.c_str(), 1);

    QCOMPARE(io::listPresets("workloads"), (std::vector<std::string>{"alexnet", "resnet50", "vgg16"}));
    QVERIFY(io::listPresets("accelerators").empty()); // no such directory: empty, not an error
    QVERIFY(io::listPresets("../workloads").empty()); // only the three kinds
    const std::string expected = (dir.path / "workloads" / "vgg16.json").string();
    QCOMPARE(io::resolvePreset("workloads", "vgg16").value_or(""), expected);
    QCOMPARE(io::resolvePreset("workloads", "vgg16.json").value_or(""), expected);
    QCOMPARE(io::resolvePreset("workloads", local).value_or(""), local); // an existing path wins
    QVERIFY(!io::resolvePreset("workloads", "resnet101").has_value());
    QVERIFY(!io::resolvePreset("accelerators", "vgg16").has_value());
    QVERIFY(!io::resolvePreset("workloads", "sub/vgg16").has_value());
    ::unsetenv("ARCHSCAPE_PRESETS");
    QCOMPARE(presetsDirectory(), std::string(ARCHSCAPE_PRESETS_DIR));
}

QTEST_GUILESS_MAIN(TestIoWorkload)
#include "tst_io_workload.moc"
