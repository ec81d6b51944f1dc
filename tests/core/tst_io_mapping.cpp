// Mapping JSON: the documented example, every parse error with its pointer, single and per-layer
// files, exact round trips, and the split of work with mapping::check (coverage is checked there).
#include <QtTest/QtTest>

#include "io/accelerator_json.h"
#include "io/mapping_json.h"
#include "io_test_support.h"
#include "mapping/validity.h"
#include "test_support.h"

using namespace archscape;
using mapping::Mapping;
using workload::Dim;
using workload::Operand;

namespace {

// Three levels (DRAM, GlobalBuffer, RegisterFile per PE) on a 12x14 array, as in docs/formats.md.
hardware::Accelerator accelerator() {
    const auto r = io::parseAccelerator(test::jsonText(R"({
      "pe_array": {"rows": 12, "cols": 14},
      "levels": [
        {"name": "DRAM", "kind": "dram"},
        {"name": "GlobalBuffer", "kind": "sram", "capacity_bytes": 110592},
        {"name": "RegisterFile", "kind": "regfile", "capacity_bytes": 512, "per_pe": true}]})"));
    if (!r.ok()) qFatal("test accelerator does not parse:%s", test::listDiagnostics(r.errors).c_str());
    return *r.value;
}

// The example of docs/formats.md.
const QByteArray kExample = R"({
  "format": "archscape/mapping", "version": 1,
  "levels": [
    {"name": "DRAM", "factors": {"K": 2}, "order": "KCRSNGPQ"},
    {"name": "GlobalBuffer", "factors": {"K": 16, "P": 16}, "order": "KP", "bypass": ["output"]},
    {"name": "RegisterFile", "factors": {"K": 2, "R": 3}, "order": "KR"}
  ],
  "spatial": {"x": {"K": 14}, "y": {"C": 12}}
})";

// kExample with one level (or the spatial part) replaced.
QByteArray withLevel(int index, const QByteArray& level) {
    nlohmann::json j = test::jsonText(kExample);
    j["levels"][index] = test::jsonText(level);
    return QByteArray::fromStdString(j.dump());
}

} // namespace

class TestIoMapping : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void documentedExample();
    void errors_data();
    void errors();
    void networkForm();
    void networkErrors();
    void roundTrip();
    void coverageIsCheckedLater();
    void mappingFile();
    void mutationsNeverCrash();
};

void TestIoMapping::documentedExample() {
    const auto acc = accelerator();
    const auto r = io::parseMapping(test::jsonText(kExample), acc);
    QVERIFY2(r.ok(), test::listDiagnostics(r.errors).c_str());
    const Mapping& m = *r.value;
    QCOMPARE(m.num_levels, 3);
    QCOMPARE(m.levels[0].factors[Dim::K], 2);
    QCOMPARE(m.levels[0].factors[Dim::C], 1); // omitted factors are 1
    QCOMPARE(m.levels[1].factors[Dim::P], 16);
    QCOMPARE(m.levels[2].factors[Dim::R], 3);
    // "KP": K, P outermost, then the rest in N,G,K,C,P,Q,R,S order without K and P.
    const std::array<Dim, 8> order = {Dim::K, Dim::P, Dim::N, Dim::G, Dim::C, Dim::Q, Dim::R, Dim::S};
    QVERIFY(m.levels[1].order == order);
    QVERIFY(m.levels[1].bypass[Operand::Output]);
    QVERIFY(!m.levels[1].bypass[Operand::Weight]);
    QCOMPARE(m.spatial_x[Dim::K], 14);
    QCOMPARE(m.spatial_y[Dim::C], 12);
    // K: 2 (DRAM) * 16 (buffer) * 2 (RF) * 14 (columns) = 896.
    QCOMPARE(m.paddedBound(Dim::K), std::int64_t(896));
}

void TestIoMapping::errors_data() {
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("pointer");
    QTest::addColumn<QString>("fragment");
    QTest::newRow("not-object") << QByteArray("[]") << ""
                                << "expected an object, got an array";
    QTest::newRow("no-levels") << QByteArray(R"({"spatial": {}})") << "/levels"
                               << "missing required field";
    QTest::newRow("levels-not-array") << QByteArray(R"({"levels": 3})") << "/levels"
                                      << "expected an array with one entry per accelerator level, got 3";
    QTest::newRow("level-count") << QByteArray(R"({"levels": [{}, {}]})") << "/levels"
                                 << "expected 3 levels (one per accelerator level: DRAM, GlobalBuffer, "
                                    "RegisterFile), got 2";
    QTest::newRow("level-name") << withLevel(1, R"({"name": "L2"})") << "/levels/1/name"
                                << "expected \"GlobalBuffer\" (accelerator level 1), got \"L2\"";
    QTest::newRow("factor-zero") << withLevel(1, R"({"factors": {"K": 0}})") << "/levels/1/factors/K"
                                 << "expected a positive integer, got 0";
    QTest::newRow("factor-negative") << withLevel(2, R"({"factors": {"C": -2}})") << "/levels/2/factors/C"
                                     << "expected a positive integer, got -2";
    QTest::newRow("factor-fraction") << withLevel(2, R"({"factors": {"C": 1.5}})") << "/levels/2/factors/C"
                                     << "got 1.5";
    QTest::newRow("unknown-dim") << withLevel(0, R"({"factors": {"X": 2}})") << "/levels/0/factors/X"
                                 << "expected a dimension (N, G, K, C, P, Q, R, S), got \"X\"";
    QTest::newRow("lowercase-dim") << withLevel(0, R"({"factors": {"k": 2}})") << "/levels/0/factors/k"
                                   << "got \"k\"";
    QTest::newRow("factors-array") << withLevel(0, R"({"factors": [2]})") << "/levels/0/factors"
                                   << "expected an object of dimension factors";
    QTest::newRow("order-unknown-letter") << withLevel(0, R"({"order": "KCX"})") << "/levels/0/order"
                                          << "got \"KCX\" ('X' is not a dimension)";
    QTest::newRow("order-duplicate") << withLevel(1, R"({"order": "KPK"})") << "/levels/1/order"
                                     << "('K' appears twice)";
    QTest::newRow("order-not-string") << withLevel(1, R"({"order": ["K", "P"]})") << "/levels/1/order"
                                      << "expected a string, got an array";
    QTest::newRow("bypass-unknown") << withLevel(1, R"({"bypass": ["psum"]})") << "/levels/1/bypass/0"
                                    << "expected one of weight, input, output, got \"psum\"";
    QTest::newRow("bypass-top") << withLevel(0, R"({"bypass": ["input"]})") << "/levels/0/bypass"
                                << "expected no bypass at the outermost level";
    QTest::newRow("level-unknown-field") << withLevel(2, R"({"tile": 3})") << "/levels/2/tile"
                                         << "unknown field";
    QTest::newRow("level-not-object") << withLevel(2, "7") << "/levels/2"
                                      << "expected an object, got 7";
    QTest::newRow("spatial-axis") << QByteArray(kExample).replace("\"y\":", "\"z\":") << "/spatial/z"
                                  << "unknown field";
    QTest::newRow("spatial-factor") << QByteArray(kExample).replace("{\"K\": 14}", "{\"K\": 0}") << "/spatial/x/K"
                                    << "expected a positive integer, got 0";
    // 12 rows x 14 columns: 16 over the columns, or 4*4 = 16 over the rows, does not fit.
    QTest::newRow("spatial-too-wide") << QByteArray(kExample).replace("{\"K\": 14}", "{\"K\": 16}") << "/spatial/x"
                                      << "at most 14 (PE columns), got 16";
    QTest::newRow("spatial-too-tall") << QByteArray(kExample).replace("{\"C\": 12}", "{\"C\": 4, \"R\": 4}")
                                      << "/spatial/y"
                                      << "at most 12 (PE rows), got 16";
    QTest::newRow("wrong-format") << QByteArray(kExample).replace("archscape/mapping", "archscape/mappings")
                                  << "/format"
                                  << "expected \"archscape/mapping\"";
}

void TestIoMapping::errors() {
    QFETCH(QByteArray, json);
    QFETCH(QString, pointer);
    QFETCH(QString, fragment);
    const auto acc = accelerator();
    const auto r = io::parseMapping(test::jsonText(json), acc);
    ARCHSCAPE_EXPECT_DIAGNOSTIC(r, pointer, fragment);
    // The network reader accepts the same single-mapping documents and reports the same problems.
    const auto n = io::parseNetworkMappings(test::jsonText(json), acc);
    ARCHSCAPE_EXPECT_DIAGNOSTIC(n, pointer, fragment);
}

void TestIoMapping::networkForm() {
    const auto acc = accelerator();
    // A single mapping: one entry with the empty name (it applies to every layer).
    const auto single = io::parseNetworkMappings(test::jsonText(kExample), acc);
    QVERIFY2(single.ok(), test::listDiagnostics(single.errors).c_str());
    QCOMPARE(single.value->size(), std::size_t(1));
    QCOMPARE(single.value->at(0).first, std::string(""));
    QVERIFY(single.value->at(0).second == *io::parseMapping(test::jsonText(kExample), acc).value);

    const auto per_layer = io::parseNetworkMappings(test::jsonText(R"({
      "format": "archscape/mapping", "version": 1,
      "layers": {
        "conv2": {"levels": [{"factors": {"K": 4}}, {}, {}]},
        "conv1": {"levels": [{}, {"factors": {"P": 7}}, {}], "spatial": {"y": {"K": 3}}}}})"),
                                                    acc);
    QVERIFY2(per_layer.ok(), test::listDiagnostics(per_layer.errors).c_str());
    const auto& v = *per_layer.value;
    QCOMPARE(v.size(), std::size_t(2));
    QCOMPARE(v[0].first, std::string("conv1")); // name order
    QCOMPARE(v[0].second.levels[1].factors[Dim::P], 7);
    QCOMPARE(v[0].second.spatial_y[Dim::K], 3);
    QCOMPARE(v[1].first, std::string("conv2"));
    QCOMPARE(v[1].second.levels[0].factors[Dim::K], 4);
}

void TestIoMapping::networkErrors() {
    const auto acc = accelerator();
    const auto r = io::readMappingFile(test::sourcePath("tests/data/bad/mapping_errors.json"), acc);
    // Pointers go through the layer name; every planted mistake is reported.
    QVERIFY(test::hasDiagnostic(r.errors, "/layers/conv1/levels", "expected 3 levels"));
    QVERIFY(test::hasDiagnostic(r.errors, "/layers/conv1/levels/0/factors/K", "got 0"));
    QVERIFY(test::hasDiagnostic(r.errors, "/layers/conv1/levels/0/order", "'X' is not a dimension"));
    QVERIFY(test::hasDiagnostic(r.errors, "/layers/conv1/levels/1/name", "expected \"GlobalBuffer\""));
    QVERIFY(test::hasDiagnostic(r.errors, "/layers/conv1/levels/1/factors/Z", "got \"Z\""));
    QVERIFY(test::hasDiagnostic(r.errors, "/layers/conv1/levels/1/order", "'K' appears twice"));
    QVERIFY(test::hasDiagnostic(r.errors, "/layers/conv1/levels/1/bypass/0", "got \"psum\""));
    QVERIFY(test::hasDiagnostic(r.errors, "/layers/conv1/spatial/x/K", "got -1"));
    QVERIFY2(r.errors.size() == 8, test::listDiagnostics(r.errors).c_str());

    const auto empty = io::parseNetworkMappings(test::jsonText(R"({"layers": {}})"), acc);
    ARCHSCAPE_EXPECT_DIAGNOSTIC(empty, "/layers", "expected at least one layer's mapping");
    const auto notObject = io::parseNetworkMappings(test::jsonText(R"({"layers": [1]})"), acc);
    ARCHSCAPE_EXPECT_DIAGNOSTIC(notObject, "/layers", "expected an object {\"<layer name>\": <mapping>}");
    const auto slash = io::parseNetworkMappings(test::jsonText(R"({"layers": {"a/b": {"levels": []}}})"), acc);
    ARCHSCAPE_EXPECT_DIAGNOSTIC(slash, "/layers/a~1b/levels", "expected 3 levels");
}

void TestIoMapping::roundTrip() {
    const auto acc = accelerator();
    Mapping m;
    m.num_levels = 3;
    m.levels[0].factors[Dim::K] = 7;
    m.levels[0].factors[Dim::N] = 3;
    m.levels[0].order = {Dim::S, Dim::R, Dim::Q, Dim::P, Dim::C, Dim::K, Dim::G, Dim::N};
    m.levels[1].factors[Dim::G] = 5;
    m.levels[1].bypass[Operand::Input] = true;
    m.levels[1].bypass[Operand::Weight] = true;
    m.levels[2].factors[Dim::S] = 11;
    m.levels[2].order = {Dim::Q, Dim::N, Dim::G, Dim::K, Dim::C, Dim::P, Dim::R, Dim::S};
    m.spatial_x[Dim::P] = 14;
    m.spatial_y[Dim::C] = 4;
    m.spatial_y[Dim::R] = 3;
    const nlohmann::json written = io::toJson(m, acc);
    const auto back = io::parseMapping(nlohmann::json::parse(written.dump()), acc);
    QVERIFY2(back.ok(), (test::listDiagnostics(back.errors) + "\n" + written.dump(2)).c_str());
    QVERIFY2(*back.value == m, written.dump(2).c_str());
    QCOMPARE(written["levels"][1]["name"], nlohmann::json("GlobalBuffer"));
    // And the documented example survives parse -> write -> parse.
    const auto first = io::parseMapping(test::jsonText(kExample), acc);
    QVERIFY(first.ok());
    const auto second = io::parseMapping(io::toJson(*first.value, acc), acc);
    QVERIFY(second.ok());
    QVERIFY(*second.value == *first.value);
}

void TestIoMapping::coverageIsCheckedLater() {
    // The example's factors multiply to K = 2*16*2*14 = 896, C = 12, P = 16, R = 3 and 1 elsewhere.
    // A layer with exactly those bounds but Q = 14 parses fine (the file knows no layer) and
    // mapping::check then names Q: it needs 14 and the factors give 1.
    workload::Layer conv;
    conv.bounds[Dim::K] = 896;
    conv.bounds[Dim::C] = 12;
    conv.bounds[Dim::P] = 16;
    conv.bounds[Dim::Q] = 14;
    conv.bounds[Dim::R] = 3;
    const auto acc = accelerator();
    const auto r = io::parseMapping(test::jsonText(kExample), acc);
    QVERIFY(r.ok());
    const auto v = mapping::checkStructure(conv, acc, *r.value);
    QVERIFY(v.kind == mapping::Violation::Kind::FactorProduct);
    QVERIFY(v.dim == Dim::Q);
    QCOMPARE(v.need, 14.0);
    QCOMPARE(v.have, 1.0);
    // With Q = 1 every dimension is covered exactly.
    conv.bounds[Dim::Q] = 1;
    QVERIFY(mapping::checkStructure(conv, acc, *r.value).kind == mapping::Violation::Kind::None);
}

void TestIoMapping::mappingFile() {
    const auto acc = accelerator();
    const auto missing = io::readMappingFile(test::sourcePath("tests/data/bad/no_such_mapping.json"), acc);
    ARCHSCAPE_EXPECT_DIAGNOSTIC(missing, "", "cannot open");
    const auto truncated = io::readMappingFile(test::sourcePath("tests/data/bad/truncated_workload.json"), acc);
    ARCHSCAPE_EXPECT_DIAGNOSTIC(truncated, "line 5, column 1", "unexpected end of input");
}

void TestIoMapping::mutationsNeverCrash() {
    const auto acc = accelerator();
    const auto single = test::jsonText(kExample);
    nlohmann::json network = {{"layers", {{"conv1", single}, {"fc", single}}}};
    network["layers"]["conv1"].erase("format");
    network["layers"]["conv1"].erase("version");
    network["layers"]["fc"].erase("format");
    network["layers"]["fc"].erase("version");
    QVERIFY(io::parseNetworkMappings(network, acc).ok());
    int variants = 0;
    for (const auto& doc : {single, network})
        variants += test::forEachMutation(doc, [&](const nlohmann::json& j) {
            const auto r = io::parseNetworkMappings(j, acc);
            QVERIFY2(test::consistent(r), j.dump().c_str());
            const auto m = io::parseMapping(j, acc);
            QVERIFY2(test::consistent(m), j.dump().c_str());
            if (m.ok()) QVERIFY(*io::parseMapping(io::toJson(*m.value, acc), acc).value == *m.value);
        });
    QVERIFY(variants > 300);
}

QTEST_GUILESS_MAIN(TestIoMapping)
#include "tst_io_mapping.moc"
