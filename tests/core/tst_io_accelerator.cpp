// Accelerator JSON: the documented example parses to the values written in it, every structural
// rule and error kind gives its exact pointer and message, and toJson round-trips exactly
// (overrides included).
#include <QtTest/QtTest>

#include "io/accelerator_json.h"
#include "io_test_support.h"
#include "mapping/mapping.h"
#include "test_support.h"

using namespace archscape;
using archscape::Precision;
using hardware::Accelerator;
using hardware::MemoryKind;
using workload::Operand;

namespace {

// The example of docs/formats.md (Eyeriss-like: 12x14 PEs, 108 KiB global buffer, 512 B RF per PE).
const QByteArray kEyeriss = R"json({
  "format": "archscape/accelerator", "version": 1,
  "name": "eyeriss", "description": "Eyeriss-like row-stationary array (Chen et al., ISCA 2016)",
  "kind": "data-centric",
  "clock_mhz": 200, "technology_nm": 65,
  "precision": {"weight": "int16", "input": "int16", "output": "int16"},
  "pe_array": {"rows": 12, "cols": 14, "macs_per_pe": 1},
  "noc": {"bandwidth_words_per_cycle": 0, "multicast": true, "reduction": true},
  "levels": [
    {"name": "DRAM", "kind": "dram", "word_bits": 16, "bandwidth_words_per_cycle": 4, "double_buffered": true},
    {"name": "GlobalBuffer", "kind": "sram", "capacity_bytes": 110592, "word_bits": 16,
     "bandwidth_words_per_cycle": 16, "double_buffered": true},
    {"name": "RegisterFile", "kind": "regfile", "capacity_bytes": 512, "word_bits": 16, "per_pe": true}
  ]
})json";

// The smallest valid accelerator with one field replaced by `patch` (a JSON merge patch).
QByteArray withPatch(const QByteArray& patch) {
    nlohmann::json base = test::jsonText(R"({
      "pe_array": {"rows": 2, "cols": 2},
      "levels": [
        {"name": "DRAM", "kind": "dram"},
        {"name": "Buffer", "kind": "sram", "capacity_bytes": 1024},
        {"name": "RF", "kind": "regfile", "capacity_bytes": 64, "per_pe": true}]})");
    base.merge_patch(test::jsonText(patch));
    return QByteArray::fromStdString(base.dump());
}

// Field-by-field equality: Accelerator has no operator== (the engine never needs one).
bool sameLevel(const hardware::MemoryLevel& a, const hardware::MemoryLevel& b) {
    return a.name == b.name && a.kind == b.kind && a.capacity_bytes == b.capacity_bytes && a.word_bits == b.word_bits &&
           a.block_words == b.block_words && a.bandwidth_words_per_cycle == b.bandwidth_words_per_cycle &&
           a.double_buffered == b.double_buffered && a.per_pe == b.per_pe && a.keeps == b.keeps &&
           a.read_energy_pj == b.read_energy_pj && a.write_energy_pj == b.write_energy_pj &&
           a.leak_pj_per_cycle == b.leak_pj_per_cycle && a.area_um2 == b.area_um2;
}

bool sameAccelerator(const Accelerator& a, const Accelerator& b) {
    if (a.levels.size() != b.levels.size()) return false;
    for (std::size_t i = 0; i < a.levels.size(); ++i)
        if (!sameLevel(a.levels[i], b.levels[i])) return false;
    return a.name == b.name && a.description == b.description && a.kind == b.kind &&
           a.systolic_dataflow == b.systolic_dataflow && a.pe.rows == b.pe.rows && a.pe.cols == b.pe.cols &&
           a.pe.macs_per_pe == b.pe.macs_per_pe && a.pe.mode == b.pe.mode && a.pe.base_bits == b.pe.base_bits &&
           a.noc.bandwidth_words_per_cycle == b.noc.bandwidth_words_per_cycle && a.noc.multicast == b.noc.multicast &&
           a.noc.reduction == b.noc.reduction && a.noc.hop_energy_pj == b.noc.hop_energy_pj &&
           a.clock_mhz == b.clock_mhz && a.tech_node_nm == b.tech_node_nm && a.precision == b.precision &&
           a.mac_energy_pj == b.mac_energy_pj && a.mac_area_um2 == b.mac_area_um2;
}

} // namespace

class TestIoAccelerator : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void documentedExample();
    void defaults();
    void errors_data();
    void errors();
    void badFixture();
    void mutationsNeverCrash();
    void roundTrip_data();
    void roundTrip();
};

void TestIoAccelerator::documentedExample() {
    const auto r = io::parseAccelerator(test::jsonText(kEyeriss));
    QVERIFY2(r.ok(), test::listDiagnostics(r.errors).c_str());
    const Accelerator& a = *r.value;
    QCOMPARE(a.name, std::string("eyeriss"));
    QVERIFY(a.kind == hardware::AcceleratorKind::DataCentric);
    QCOMPARE(a.clock_mhz, 200.0);
    QCOMPARE(a.tech_node_nm, 65);
    QVERIFY(a.precision[Operand::Weight] == Precision::integer(16));
    QVERIFY(a.precision[Operand::Output] == Precision::integer(16));
    QCOMPARE(a.pe.count(), std::int64_t(12 * 14));
    QCOMPARE(a.numLevels(), 3);
    QVERIFY(a.levels[0].kind == MemoryKind::Dram);
    QCOMPARE(a.levels[0].capacity_bytes, std::int64_t(0)); // unbounded
    QCOMPARE(a.levels[1].capacity_bytes, std::int64_t(110592));
    QCOMPARE(a.levels[1].bandwidth_words_per_cycle, 16.0);
    QVERIFY(a.levels[2].per_pe);
    QCOMPARE(a.fanoutLevel(), 2); // the array fan-out sits above the register file
    QVERIFY(!a.levels[1].read_energy_pj.has_value());
}

void TestIoAccelerator::defaults() {
    const auto r = io::parseAccelerator(test::jsonText(withPatch(R"({"precision": "fp8_e4m3",
        "kind": "systolic", "systolic": {"dataflow": "ws"}})")));
    QVERIFY2(r.ok(), test::listDiagnostics(r.errors).c_str());
    const Accelerator& a = *r.value;
    QVERIFY(a.kind == hardware::AcceleratorKind::Systolic);
    QVERIFY(a.systolic_dataflow == hardware::SystolicDataflow::WeightStationary);
    // One precision name applies to all three operands.
    for (Operand o : workload::kAllOperands) QVERIFY(a.precision[o] == Precision::floating(8, 3));
    // Documented defaults: word_bits 8, block_words 1, unlimited bandwidth, keeps everything, NoC with
    // multicast and reduction, 1 MAC per PE.
    QCOMPARE(a.levels[1].word_bits, 8);
    QCOMPARE(a.levels[1].block_words, 1);
    QCOMPARE(a.levels[1].bandwidth_words_per_cycle, 0.0);
    QVERIFY(!a.levels[1].double_buffered);
    QVERIFY(a.levels[1].keeps == workload::PerOperand<bool>::filled(true));
    QVERIFY(a.noc.multicast && a.noc.reduction);
    QCOMPARE(a.pe.macs_per_pe, 1);
}

void TestIoAccelerator::errors_data() {
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("pointer");
    QTest::addColumn<QString>("fragment");
    QTest::newRow("not-object") << QByteArray("\"eyeriss\"") << ""
                                << "expected an object, got \"eyeriss\"";
    QTest::newRow("wrong-format") << withPatch(R"({"format": "archscape/workload"})") << "/format"
                                  << "expected \"archscape/accelerator\", got \"archscape/workload\"";
    QTest::newRow("unknown-field") << withPatch(R"({"frequency": 1})") << "/frequency"
                                   << "unknown field";
    QTest::newRow("missing-pe-array") << withPatch(R"({"pe_array": null})") << "/pe_array"
                                      << "missing required field \"pe_array\"";
    QTest::newRow("missing-levels") << withPatch(R"({"levels": null})") << "/levels"
                                    << "missing required field";
    QTest::newRow("no-levels") << withPatch(R"({"levels": []})") << "/levels"
                               << "expected 1 to 8 memory levels, got 0";
    QTest::newRow("too-many-levels") << withPatch(R"({"levels": [{"name": "DRAM", "kind": "dram"},
        {"name": "a", "kind": "sram", "capacity_bytes": 1}, {"name": "b", "kind": "sram", "capacity_bytes": 1},
        {"name": "c", "kind": "sram", "capacity_bytes": 1}, {"name": "d", "kind": "sram", "capacity_bytes": 1},
        {"name": "e", "kind": "sram", "capacity_bytes": 1}, {"name": "f", "kind": "sram", "capacity_bytes": 1},
        {"name": "g", "kind": "sram", "capacity_bytes": 1}, {"name": "h", "kind": "sram", "capacity_bytes": 1}]})")
                                     << "/levels"
                                     << "expected 1 to 8 memory levels, got 9";
    QTest::newRow("levels-not-array") << withPatch(R"({"levels": {"name": "DRAM"}})") << "/levels"
                                      << "expected an array of memory levels, got an object";
    QTest::newRow("level0-not-dram") << withPatch(R"({"levels": [{"name": "Buffer", "kind": "sram",
        "capacity_bytes": 64}]})") << "/levels/0/kind"
                                     << "expected \"dram\" for the outermost level, got \"sram\"";
    QTest::newRow("level0-per-pe") << withPatch(R"({"levels": [{"name": "DRAM", "kind": "dram",
        "per_pe": true}]})") << "/levels/0/per_pe"
                                   << "expected false for the outermost level";
    QTest::newRow("level0-bypasses") << withPatch(R"({"levels": [{"name": "DRAM", "kind": "dram",
        "keeps": ["weight", "input"]}]})")
                                     << "/levels/0/keeps"
                                     << "keep weight, input and output";
    QTest::newRow("capacity-missing") << withPatch(R"({"levels": [{"name": "DRAM", "kind": "dram"},
        {"name": "Buffer", "kind": "sram"}]})")
                                      << "/levels/1/capacity_bytes"
                                      << "missing required field \"capacity_bytes\"";
    QTest::newRow("capacity-zero") << withPatch(R"({"levels": [{"name": "DRAM", "kind": "dram"},
        {"name": "Buffer", "kind": "regfile", "capacity_bytes": 0}]})")
                                   << "/levels/1/capacity_bytes"
                                   << "got 0";
    QTest::newRow("capacity-negative-dram") << withPatch(R"({"levels": [{"name": "DRAM", "kind": "dram",
        "capacity_bytes": -1}]})") << "/levels/0/capacity_bytes"
                                            << "got -1";
    QTest::newRow("shared-after-per-pe") << withPatch(R"({"levels": [{"name": "DRAM", "kind": "dram"},
        {"name": "RF", "kind": "regfile", "capacity_bytes": 64, "per_pe": true},
        {"name": "Buffer", "kind": "sram", "capacity_bytes": 1024}]})")
                                         << "/levels/2/per_pe"
                                         << "shared levels must come before every per-PE level (level 1 is per-PE)";
    QTest::newRow("unknown-memory-kind") << withPatch(R"({"levels": [{"name": "DRAM", "kind": "dram"},
        {"name": "Flash", "kind": "flash", "capacity_bytes": 64}]})")
                                         << "/levels/1/kind"
                                         << "expected one of dram, sram, regfile, got \"flash\"";
    QTest::newRow("missing-level-kind") << withPatch(R"({"levels": [{"name": "DRAM"}]})") << "/levels/0/kind"
                                        << "missing required field \"kind\"";
    QTest::newRow("duplicate-level-name") << withPatch(R"({"levels": [{"name": "DRAM", "kind": "dram"},
        {"name": "DRAM", "kind": "sram", "capacity_bytes": 64}]})")
                                          << "/levels/1/name"
                                          << "expected a unique level name, got \"DRAM\" twice";
    QTest::newRow("unknown-level-field") << withPatch(R"({"levels": [{"name": "DRAM", "kind": "dram",
        "banks": 4}]})") << "/levels/0/banks"
                                         << "unknown field \"banks\"";
    QTest::newRow("word-bits-zero") << withPatch(R"({"levels": [{"name": "DRAM", "kind": "dram",
        "word_bits": 0}]})") << "/levels/0/word_bits"
                                    << "expected an integer from 1 to 1024, got 0";
    QTest::newRow("negative-bandwidth") << withPatch(R"({"levels": [{"name": "DRAM", "kind": "dram",
        "bandwidth_words_per_cycle": -2}]})")
                                        << "/levels/0/bandwidth_words_per_cycle"
                                        << "expected a non-negative number, got -2";
    QTest::newRow("bool-as-string") << withPatch(R"({"levels": [{"name": "DRAM", "kind": "dram",
        "double_buffered": "yes"}]})")
                                    << "/levels/0/double_buffered"
                                    << "expected true or false, got \"yes\"";
    QTest::newRow("unknown-keeps") << withPatch(R"({"levels": [{"name": "DRAM", "kind": "dram"},
        {"name": "B", "kind": "sram", "capacity_bytes": 8, "keeps": ["weight", "psum"]}]})")
                                   << "/levels/1/keeps/1"
                                   << "expected one of weight, input, output, got \"psum\"";
    QTest::newRow("negative-override") << withPatch(R"({"levels": [{"name": "DRAM", "kind": "dram",
        "read_energy_pj": -1}]})") << "/levels/0/read_energy_pj"
                                       << "expected a non-negative number";
    QTest::newRow("rows-zero") << withPatch(R"({"pe_array": {"rows": 0}})") << "/pe_array/rows"
                               << "expected an integer from 1 to 65536, got 0";
    QTest::newRow("cols-negative") << withPatch(R"({"pe_array": {"cols": -3}})") << "/pe_array/cols"
                                   << "got -3";
    QTest::newRow("pe-unknown") << withPatch(R"({"pe_array": {"clusters": 2}})") << "/pe_array/clusters"
                                << "unknown field";
    QTest::newRow("clock-zero") << withPatch(R"({"clock_mhz": 0})") << "/clock_mhz"
                                << "expected a positive number, got 0";
    QTest::newRow("clock-string") << withPatch(R"({"clock_mhz": "1GHz"})") << "/clock_mhz"
                                  << "got \"1GHz\"";
    QTest::newRow("node-zero") << withPatch(R"({"technology_nm": 0})") << "/technology_nm"
                               << "got 0";
    QTest::newRow("precision-int1")
        << withPatch(R"({"precision": "int1"})") << "/precision"
        << "expected one of int2..int16, fp8_e4m3, fp8_e5m2, fp16, bf16, fp32, got \"int1\"";
    QTest::newRow("precision-per-operand") << withPatch(R"({"precision": {"weight": "int4", "input": "fp12",
        "output": "int16"}})") << "/precision/input"
                                           << "got \"fp12\"";
    QTest::newRow("precision-missing-operand")
        << withPatch(R"({"precision": {"weight": "int4", "input": "int8"}})") << "/precision/output"
        << "missing required field \"output\"";
    QTest::newRow("precision-number") << withPatch(R"({"precision": 8})") << "/precision"
                                      << "expected a precision name or an object";
    // PE modes (issue 5): Bit Fusion's bricks fuse in powers of two; a fixed PE has no base width.
    QTest::newRow("pe-mode-unknown") << withPatch(R"({"pe_array": {"mode": "bit_parallel"}})") << "/pe_array/mode"
                                     << "expected one of fixed, precision_scalable, bit_serial, got \"bit_parallel\"";
    QTest::newRow("pe-base-not-pow2") << withPatch(R"({"pe_array": {"mode": "precision_scalable", "base_bits": 6}})")
                                      << "/pe_array/base_bits"
                                      << "expected a power of two from 2 to 64";
    QTest::newRow("pe-base-fixed") << withPatch(R"({"pe_array": {"base_bits": 8}})") << "/pe_array/base_bits"
                                   << "expected no base_bits for mode \"fixed\"";
    QTest::newRow("pe-base-zero") << withPatch(R"({"pe_array": {"mode": "bit_serial", "base_bits": 0}})")
                                  << "/pe_array/base_bits"
                                  << "expected an integer from 1 to 64, got 0";
    QTest::newRow("accelerator-kind") << withPatch(R"({"kind": "tpu"})") << "/kind"
                                      << "expected one of data-centric, systolic, fpga, butterfly, lookup, got \"tpu\"";
    QTest::newRow("systolic-dataflow") << withPatch(R"({"kind": "systolic", "systolic": {"dataflow": "rs"}})")
                                       << "/systolic/dataflow"
                                       << "expected one of os, ws, is, got \"rs\"";
    QTest::newRow("noc-type") << withPatch(R"({"noc": {"multicast": 1}})") << "/noc/multicast"
                              << "expected true or false, got 1";
    QTest::newRow("energy-unknown") << withPatch(R"({"energy": {"dram_pj": 1}})") << "/energy/dram_pj"
                                    << "unknown field";
}

void TestIoAccelerator::errors() {
    QFETCH(QByteArray, json);
    QFETCH(QString, pointer);
    QFETCH(QString, fragment);
    const auto r = io::parseAccelerator(test::jsonText(json));
    ARCHSCAPE_EXPECT_DIAGNOSTIC(r, pointer, fragment);
}

void TestIoAccelerator::badFixture() {
    const auto r = io::readAcceleratorFile(test::sourcePath("tests/data/bad/accelerator_errors.json"));
    // Every planted mistake of the fixture, and nothing else.
    QVERIFY(test::hasDiagnostic(r.errors, "/clock_mhz", "expected a positive number, got 0"));
    QVERIFY(test::hasDiagnostic(r.errors, "/precision", "got \"int1\""));
    QVERIFY(test::hasDiagnostic(r.errors, "/pe_array/rows", "got 0"));
    QVERIFY(test::hasDiagnostic(r.errors, "/levels/0/kind", "expected \"dram\" for the outermost level"));
    QVERIFY(test::hasDiagnostic(r.errors, "/levels/1/kind", "got \"flash\""));
    QVERIFY(test::hasDiagnostic(r.errors, "/levels/2/capacity_bytes", "missing required field"));
    QVERIFY(test::hasDiagnostic(r.errors, "/levels/2/per_pe", "level 1 is per-PE"));
    QVERIFY2(r.errors.size() == 7, test::listDiagnostics(r.errors).c_str());
}

void TestIoAccelerator::mutationsNeverCrash() {
    const auto doc = test::jsonText(kEyeriss);
    int variants = test::forEachMutation(doc, [](const nlohmann::json& j) {
        const auto r = io::parseAccelerator(j);
        QVERIFY2(test::consistent(r), j.dump().c_str());
        if (r.ok()) QVERIFY(io::parseAccelerator(io::toJson(*r.value)).ok()); // whatever parses, writes back
    });
    QVERIFY(variants > 400);
}

void TestIoAccelerator::roundTrip_data() {
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("eyeriss") << kEyeriss;
    // Every optional field set to a value other than its default, including all overrides.
    QTest::newRow("everything") << QByteArray(R"({
      "name": "full", "description": "all fields", "kind": "systolic", "systolic": {"dataflow": "is"},
      "clock_mhz": 937.5, "technology_nm": 7,
      "precision": {"weight": "int4", "input": "fp8_e5m2", "output": "bf16"},
      "pe_array": {"rows": 128, "cols": 64, "macs_per_pe": 4},
      "noc": {"bandwidth_words_per_cycle": 12.25, "multicast": false, "reduction": false},
      "energy": {"mac_pj": 0.1234567890123, "mac_area_um2": 310.5, "hop_pj": 0.07},
      "levels": [
        {"name": "HBM", "kind": "dram", "capacity_bytes": 17179869184, "word_bits": 64, "block_words": 8,
         "bandwidth_words_per_cycle": 0.3333333333333333, "double_buffered": true,
         "read_energy_pj": 512.5, "write_energy_pj": 600},
        {"name": "L2", "kind": "sram", "capacity_bytes": 4194304, "word_bits": 32, "keeps": ["weight", "output"],
         "leak_pj_per_cycle": 3.5, "area_um2": 1e7},
        {"name": "Acc", "kind": "regfile", "capacity_bytes": 256, "word_bits": 32, "per_pe": true,
         "keeps": ["output"], "read_energy_pj": 0}]})");
    QTest::newRow("precision-scalable") << withPatch(
        R"({"pe_array": {"mode": "precision_scalable", "base_bits": 16}})");
    QTest::newRow("bit-serial") << withPatch(R"({"pe_array": {"mode": "bit_serial", "base_bits": 12}})");
    // A data-centric accelerator that still remembers a systolic dataflow choice.
    QTest::newRow("dataflow-kept") << withPatch(R"({"systolic": {"dataflow": "ws"}})");
}

void TestIoAccelerator::roundTrip() {
    QFETCH(QByteArray, json);
    const auto first = io::parseAccelerator(test::jsonText(json));
    QVERIFY2(first.ok(), test::listDiagnostics(first.errors).c_str());
    const nlohmann::json written = io::toJson(*first.value);
    const auto second = io::parseAccelerator(nlohmann::json::parse(written.dump(2)));
    QVERIFY2(second.ok(), (test::listDiagnostics(second.errors) + "\n" + written.dump(2)).c_str());
    QVERIFY2(sameAccelerator(*first.value, *second.value), written.dump(2).c_str());
    QCOMPARE(io::toJson(*second.value), written);
}

QTEST_GUILESS_MAIN(TestIoAccelerator)
#include "tst_io_accelerator.moc"
