// archscape-cli on FPGA designs (issue 17): evaluate prints and writes each resource's use,
// refuses a design larger than its device with the resource named, rejects bad fpga blocks with
// their JSON pointer, and explore marks over-budget points infeasible for that reason.
#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

#include "cli/cli_run.h"

using namespace archscape;

namespace {

// The arria10_dsp preset with another template: `fpga` replaces its fpga block's fields.
std::string design(const std::string& fpga_fields) {
    return R"({"format": "archscape/accelerator", "version": 1, "name": "custom", "kind": "fpga",
  "fpga": {"device": {"name": "Arria 10 GX 1150", "dsp_blocks": 1518, "m20k_blocks": 2713, "alms": 427200},
           "filter_cache_bytes": 1048576, "stream_buffer_bytes": 2097152, "control_alms": 100000, )" +
           fpga_fields + R"(},
  "clock_mhz": 300, "precision": {"weight": "int8", "input": "int8", "output": "int16"},
  "levels": [{"name": "DRAM", "kind": "dram", "word_bits": 8, "bandwidth_words_per_cycle": 64}]})";
}

} // namespace

class TestCliFpga : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString write(const char* name, const std::string& text) { return archscape::test::writeFile(m_dir, name, text); }

private Q_SLOTS:
    void tableShowsResources() {
        // 4·8·64 = 2048 INT8 lanes / 2 per DSP = 1024 of 1518 (67.5 %); 410 + 832 = 1242 of 2713 M20K
        // blocks (45.8 %); 100,000 of 427,200 ALMs (23.4 %) (tst_fpga, presetResources).
        const auto r = test::runCli({"evaluate", "--accelerator", "arria10_bramac_2sa", "--workload", "resnet34"});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("resnet34 on arria10_bramac_2sa"));
        QVERIFY2(r.out.contains("compute in BRAM: bramac_2sa: DSP blocks 1024/1518 (67.5%) M20K blocks 1242/2713 "
                                "(45.8%) ALMs 100000/427200 (23.4%)"),
                 qPrintable(r.out.left(400)));
        QVERIFY(r.out.contains("total: 3.664 GMACs")); // 3,663,761,408 (tst_presets)
    }
    void jsonHasResources() {
        const auto r =
            test::runCli({"evaluate", "--accelerator", "arria10_m4bram", "--workload", "resnet34", "--format", "json"});
        QCOMPARE(r.code, 0);
        const auto j = nlohmann::json::parse(r.out.toStdString());
        const auto& res = j["fpga_resources"];
        QCOMPARE(res["dsp"]["used"].get<int>(), 1024);
        QCOMPARE(res["bram"]["used"].get<int>(), 1242);
        QCOMPARE(res["filter_cache_brams"].get<int>(), 410);
        QCOMPARE(res["bram_compute"].get<std::string>(), std::string("m4bram"));
        QVERIFY(res["exceeds"].is_null());
        QCOMPARE(j["totals"]["unmapped_layers"].get<int>(), 0);
    }
    void oversizedDesignIsRefused() {
        // 8·8·128 = 8192 lanes / 2 = 4096 DSP blocks > 1518.
        const QString path = write("big.json", design(R"("qvec": 8, "cvec": 8, "kvec": 128)"));
        auto r = test::runCli({"evaluate", "--accelerator", path, "--workload", "resnet34"});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("conv1: the design needs 4096 DSP blocks, the device has 1518"), qPrintable(r.err));
        r = test::runCli({"evaluate", "--accelerator", path, "--workload", "resnet34", "--format", "json"});
        QCOMPARE(r.code, 1);
        const auto j = nlohmann::json::parse(r.out.toStdString());
        QCOMPARE(j["fpga_resources"]["exceeds"].get<std::string>(), std::string("DSP blocks"));
        QCOMPARE(j["totals"]["unmapped_layers"].get<int>(), 55);
    }
    void badFpgaBlockIsBadInput() {
        const QString path = write("bad.json", design(R"("qvec": 2, "cvec": 4, "kvec": 8, "bram_compute": "cim")"));
        const auto r = test::runCli({"evaluate", "--accelerator", path, "--workload", "resnet34"});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("/fpga/bram_compute"), qPrintable(r.err));
        QVERIFY(r.err.contains("bramac_2sa"));
    }
    void exploreMarksOverBudgetPoints() {
        // kvec 64 fits (1024 DSPs); kvec 256: 4·8·256 / 2 = 4096 DSPs does not; 4 modes each.
        const std::string space = R"({"format": "archscape/design-space", "version": 1, "name": "tiny-fpga",
          "base": "arria10_dsp",
          "parameters": {"fpga_kvec": [64, 256], "fpga_bram_compute": ["none", "bramac_2sa", "bramac_1da", "m4bram"]}})";
        const QString path = write("space.json", space);
        const auto r = test::runCli({"explore", "--space", path, "--workload", "resnet34", "--quiet"});
        QCOMPARE(r.code, 0);
        const auto j = nlohmann::json::parse(r.out.toStdString());
        QCOMPARE(j["infeasible"]["fpga_resource"].get<int>(), 4);
        int feasible = 0;
        for (const auto& p : j["points"]) {
            if (p["feasible"].get<bool>()) ++feasible;
            else QCOMPARE(p["reason"].get<std::string>(), std::string("fpga_resource"));
        }
        QCOMPARE(feasible, 4);
    }
};

QTEST_GUILESS_MAIN(TestCliFpga)
#include "tst_cli_fpga.moc"
