// The FPGA template (issue 17): M20K block counts, the compute-in-BRAM cycle models (BRAMAC-2SA,
// BRAMAC-1DA, M4BRAM), DSP packing, resource use and the refusal of designs larger than their
// device, and a layer's cycles on the PE array, on the computing blocks and split between them.
// Every expected value is worked out by hand in the comments from docs/templates.md's formulas.
#include <QtTest>

#include "hardware/bram_compute.h"
#include "hardware/fpga_resources.h"
#include "hardware/m20k.h"
#include "hardware/technology.h"
#include "io/accelerator_json.h"
#include "io/design_space_json.h"
#include "io/explore_result_json.h"
#include "io/fpga_resources_json.h"
#include "mapping/violation.h"
#include "model/cost_model.h"
#include "model/evaluate_layer.h"
#include "model/fpga_model.h"
#include "search/explorer.h"
#include "search/shape_key.h"
#include "test_support.h"

Q_DECLARE_METATYPE(archscape::Precision)

using namespace archscape;
using hardware::BramCompute;
using hardware::FpgaResource;
using workload::Dim;

namespace {

// qvec 2 × cvec 4 × kvec 8 = 64 INT8 lanes on a device large enough for it; 1 KiB filter cache,
// 4 KiB stream buffer, 1000 control ALMs; DRAM 8-bit words, unlimited bandwidth.
hardware::Accelerator tinyFpga(BramCompute mode = BramCompute::None) {
    hardware::Accelerator a;
    a.name = "tiny";
    a.kind = hardware::AcceleratorKind::Fpga;
    a.fpga.device = {"test device", 100, 100, 100000};
    a.fpga.qvec = 2;
    a.fpga.cvec = 4;
    a.fpga.kvec = 8;
    a.fpga.bram_compute = mode;
    a.fpga.filter_cache_bytes = 1024;
    a.fpga.stream_buffer_bytes = 4096;
    a.fpga.control_alms = 1000;
    a.pe.rows = 8;
    a.pe.cols = 8;
    a.precision = {Precision::integer(8), Precision::integer(8), Precision::integer(16)};
    hardware::MemoryLevel dram;
    dram.name = "DRAM";
    dram.kind = hardware::MemoryKind::Dram;
    dram.word_bits = 8;
    a.levels = {dram};
    return a;
}

// K16 C8 P4 Q4 R3 S3: 16·8·16·9 = 18432 MACs; on tinyFpga's PE array 4·ceil(4/2)·9·ceil(8/4)·ceil(16/8)
// = 288 tiles of 64 lanes, exactly 18432 / 64.
workload::Layer conv(std::int64_t k = 16, std::int64_t q = 4) {
    workload::Layer l;
    l.name = "conv";
    l.bounds[Dim::K] = k;
    l.bounds[Dim::C] = 8;
    l.bounds[Dim::P] = 4;
    l.bounds[Dim::Q] = q;
    l.bounds[Dim::R] = 3;
    l.bounds[Dim::S] = 3;
    return l;
}

workload::Layer atPrecision(workload::Layer l, int bits) {
    l.weight_precision = Precision::integer(bits);
    l.input_precision = Precision::integer(bits);
    return l;
}

} // namespace

class TstFpga : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void m20kBlocks_data();
    void m20kBlocks();
    void bramDotProduct_data();
    void bramDotProduct();
    void dspPacking_data();
    void dspPacking();
    void devicePeakRatios_data();
    void devicePeakRatios();
    void resources();
    void refusesOversizedDesigns_data();
    void refusesOversizedDesigns();
    void peArrayCycles_data();
    void peArrayCycles();
    void computeInBram_data();
    void computeInBram();
    void dramRoofline();
    void memoryOnlyLayer();
    void presetResources_data();
    void presetResources();
    void jsonRoundTrip();
    void jsonErrors_data();
    void jsonErrors();
    void absurdTemplate();
    void designSpaceAxes();
    void cibArea_data();
    void cibArea();
    void utilizationObjectives();
    void utilizationNeedsFpga();
};

void TstFpga::m20kBlocks_data() {
    QTest::addColumn<qint64>("width");
    QTest::addColumn<qint64>("depth");
    QTest::addColumn<qint64>("blocks");
    QTest::newRow("one 512x40") << 40LL << 512LL << 1LL;
    QTest::newRow("41 bits: two across") << 41LL << 512LL << 2LL;
    QTest::newRow("1Kx20") << 20LL << 1024LL << 1LL;
    QTest::newRow("16Kx1") << 1LL << 16384LL << 1LL;
    QTest::newRow("16K+1 deep") << 1LL << 16385LL << 2LL;
    // 64 x 100: 512x40 needs ceil(64/40) = 2, 1Kx20 needs 4.
    QTest::newRow("64x100") << 64LL << 100LL << 2LL;
    // 4096 x 2048: 512x40 103·4 = 412, 1Kx20 205·2 = 410, 2Kx10 410·1 = 410, 4Kx5 820.
    QTest::newRow("4096x2048") << 4096LL << 2048LL << 410LL;
    QTest::newRow("empty") << 0LL << 10LL << 0LL;
}

void TstFpga::m20kBlocks() {
    QFETCH(qint64, width);
    QFETCH(qint64, depth);
    QFETCH(qint64, blocks);
    QCOMPARE(qint64(hardware::m20kBlocks(width, depth)), blocks);
}

void TstFpga::bramDotProduct_data() {
    // One block computing dot products of `length` elements: ceil(length / elements) iterations.
    // BRAMAC: MAC2 (2 elements), a + 2 steps (copy, a input bits, accumulate), 40/w lanes;
    // 2SA: 2 dummy arrays at the main clock; 1DA: 1 at twice the clock, ceil((a+2)/2) + 1 cycles.
    // M4BRAM: 1 element, a cycles, 32/w lanes, 4 BPEs.
    QTest::addColumn<int>("mode");
    QTest::addColumn<int>("wbits");
    QTest::addColumn<int>("abits");
    QTest::addColumn<qint64>("length");
    QTest::addColumn<qint64>("cycles");
    QTest::addColumn<int>("dots"); // dot products computed at once: lanes × copies
    QTest::addColumn<double>("portBusy");
    QTest::newRow("2SA 2-bit") << int(BramCompute::Bramac2sa) << 2 << 2 << 8LL << 16LL << 40 << 0.25; // 4·4; 20·2
    QTest::newRow("2SA 8-bit") << int(BramCompute::Bramac2sa) << 8 << 8 << 8LL << 40LL << 10 << 0.1;  // 4·10; 5·2
    QTest::newRow("2SA odd length") << int(BramCompute::Bramac2sa) << 2 << 2 << 7LL << 16LL << 40 << 0.25;
    QTest::newRow("1DA 2-bit") << int(BramCompute::Bramac1da) << 2 << 2 << 8LL << 12LL << 20 << 1.0 / 3; // 4·3
    QTest::newRow("1DA 8-bit") << int(BramCompute::Bramac1da) << 8 << 8 << 8LL << 24LL << 5 << 1.0 / 6;  // 4·6
    QTest::newRow("M4BRAM 2-bit") << int(BramCompute::M4bram) << 2 << 2 << 8LL << 16LL << 64 << 0.0;     // 8·2; 16·4
    QTest::newRow("M4BRAM 8-bit") << int(BramCompute::M4bram) << 8 << 8 << 8LL << 64LL << 16 << 0.0;     // 8·8; 4·4
    QTest::newRow("M4BRAM w4 a3") << int(BramCompute::M4bram) << 4 << 3 << 8LL << 24LL << 32 << 0.0;     // 8·3; 8·4
}

void TstFpga::bramDotProduct() {
    QFETCH(int, mode);
    QFETCH(int, wbits);
    QFETCH(int, abits);
    QFETCH(qint64, length);
    QFETCH(qint64, cycles);
    QFETCH(int, dots);
    QFETCH(double, portBusy);
    const auto m = BramCompute(mode);
    const auto w = Precision::integer(wbits), a = Precision::integer(abits);
    const auto got = hardware::dotProductCycles(m, length, w, a);
    QVERIFY(got.has_value());
    QCOMPARE(qint64(*got), cycles);
    const auto r = hardware::bramComputeRate(m, w, a);
    QCOMPARE(r->lanes * r->copies, dots);
    QCOMPARE(r->portBusyFraction(), portBusy);
    // Peak: every lane of every copy finishes `length` MACs in `cycles` (length even for BRAMAC).
    if (length % 2 == 0) QCOMPARE(r->macsPerCycle(), double(dots) * double(length) / double(cycles));
}

void TstFpga::dspPacking_data() {
    QTest::addColumn<Precision>("w");
    QTest::addColumn<Precision>("a");
    QTest::addColumn<int>("products");
    // Two 18×19 multipliers, each packing floor(18 / (w + a)) products when that exceeds one.
    QTest::newRow("int8") << Precision::integer(8) << Precision::integer(8) << 2;      // 18/16 = 1
    QTest::newRow("int4") << Precision::integer(4) << Precision::integer(4) << 4;      // 18/8 = 2
    QTest::newRow("int2") << Precision::integer(2) << Precision::integer(2) << 8;      // 18/4 = 4
    QTest::newRow("int8xint4") << Precision::integer(8) << Precision::integer(4) << 2; // 18/12 = 1
    QTest::newRow("int16") << Precision::integer(16) << Precision::integer(16) << 2;
    QTest::newRow("fp32") << Precision::floating(32, 23) << Precision::floating(32, 23) << 1;
}

void TstFpga::dspPacking() {
    QFETCH(Precision, w);
    QFETCH(Precision, a);
    QFETCH(int, products);
    QCOMPARE(hardware::dspProductsPerBlock(w, a), products);
}

void TstFpga::devicePeakRatios_data() {
    // docs/templates.md's table: the peak MACs per cycle of an Arria 10 GX 1150 whose 2,713 M20K
    // blocks all compute, over its 1,518 DSP blocks' alone, at one clock:
    // 1 + 2713·(lanes·copies·elements / cycles) / (1518·products per DSP).
    QTest::addColumn<int>("mode");
    QTest::addColumn<int>("bits");
    QTest::addColumn<double>("ratio");
    QTest::newRow("2SA 2-bit") << int(BramCompute::Bramac2sa) << 2 << 1 + 2713.0 * 80 / 4 / (1518 * 8);
    QTest::newRow("2SA 4-bit") << int(BramCompute::Bramac2sa) << 4 << 1 + 2713.0 * 40 / 6 / (1518 * 4);
    QTest::newRow("2SA 8-bit") << int(BramCompute::Bramac2sa) << 8 << 1 + 2713.0 * 20 / 10 / (1518 * 2);
    QTest::newRow("1DA 2-bit") << int(BramCompute::Bramac1da) << 2 << 1 + 2713.0 * 40 / 3 / (1518 * 8);
    QTest::newRow("1DA 4-bit") << int(BramCompute::Bramac1da) << 4 << 1 + 2713.0 * 20 / 4 / (1518 * 4);
    QTest::newRow("1DA 8-bit") << int(BramCompute::Bramac1da) << 8 << 1 + 2713.0 * 10 / 6 / (1518 * 2);
    QTest::newRow("M4BRAM 2-bit") << int(BramCompute::M4bram) << 2 << 1 + 2713.0 * 64 / 2 / (1518 * 8);
    QTest::newRow("M4BRAM 4-bit") << int(BramCompute::M4bram) << 4 << 1 + 2713.0 * 32 / 4 / (1518 * 4);
    QTest::newRow("M4BRAM 8-bit") << int(BramCompute::M4bram) << 8 << 1 + 2713.0 * 16 / 8 / (1518 * 2);
}

void TstFpga::devicePeakRatios() {
    QFETCH(int, mode);
    QFETCH(int, bits);
    QFETCH(double, ratio);
    const auto p = Precision::integer(bits);
    const double dsp = 1518.0 * hardware::dspProductsPerBlock(p, p);
    const double bram = 2713.0 * hardware::bramComputeRate(BramCompute(mode), p, p)->macsPerCycle();
    QCOMPARE((dsp + bram) / dsp, ratio);
    // The rounded figures docs/templates.md prints.
    const double printed[3][3] = {{5.47, 3.98, 2.79}, {3.98, 3.23, 2.49}, {8.15, 4.57, 2.79}};
    const int row = mode - int(BramCompute::Bramac2sa), col = bits == 2 ? 0 : bits == 4 ? 1 : 2;
    QCOMPARE(std::round(ratio * 100) / 100, printed[row][col]);
}

void TstFpga::resources() {
    // 64 lanes / 2 products = 32 DSPs. Filter cache: 8192 bits read 4·8·8 = 256 at a time, 32 deep:
    // 512x40 ceil(256/40) = 7 blocks. Stream buffer: 32768 bits read 2·4·8 = 64 at a time, 512 deep: 2.
    auto acc = tinyFpga();
    auto r = hardware::fpgaResources(acc);
    QCOMPARE(r.usedOf(FpgaResource::Dsp), 32LL);
    QCOMPARE(r.filter_cache_brams, 7LL);
    QCOMPARE(r.stream_buffer_brams, 2LL);
    QCOMPARE(r.usedOf(FpgaResource::Bram), 9LL);
    QCOMPARE(r.usedOf(FpgaResource::Alm), 1000LL);
    QCOMPARE(r.utilization(FpgaResource::Dsp), 0.32);
    QVERIFY(!r.exceeded());
    // Soft logic: an 8×8 multiplier is 64 adder cells = 32 ALMs, the 16-bit accumulator 8: 40 per MAC.
    acc.fpga.pe = hardware::FpgaPe::SoftLogic;
    r = hardware::fpgaResources(acc);
    QCOMPARE(r.usedOf(FpgaResource::Dsp), 0LL);
    QCOMPARE(r.alms_per_mac, 40);
    QCOMPARE(r.usedOf(FpgaResource::Alm), 1000LL + 64 * 40);
    // Other kinds use no FPGA resources.
    acc.kind = hardware::AcceleratorKind::DataCentric;
    QCOMPARE(hardware::fpgaResources(acc).usedOf(FpgaResource::Alm), 0LL);
}

void TstFpga::refusesOversizedDesigns_data() {
    QTest::addColumn<int>("resource");
    QTest::addColumn<qint64>("available");
    QTest::addColumn<bool>("softLogic");
    QTest::addColumn<double>("need");
    QTest::addColumn<QString>("message");
    QTest::newRow("DSP") << int(FpgaResource::Dsp) << 31LL << false << 32.0
                         << "the design needs 32 DSP blocks, the device has 31";
    QTest::newRow("BRAM") << int(FpgaResource::Bram) << 8LL << false << 9.0
                          << "the design needs 9 M20K blocks, the device has 8";
    QTest::newRow("ALM") << int(FpgaResource::Alm) << 3559LL << true << 3560.0
                         << "the design needs 3560 ALMs, the device has 3559";
}

void TstFpga::refusesOversizedDesigns() {
    QFETCH(int, resource);
    QFETCH(qint64, available);
    QFETCH(bool, softLogic);
    QFETCH(double, need);
    QFETCH(QString, message);
    auto acc = tinyFpga();
    if (softLogic) acc.fpga.pe = hardware::FpgaPe::SoftLogic;
    const auto res = FpgaResource(resource);
    if (res == FpgaResource::Dsp) acc.fpga.device.dsp_blocks = available;
    if (res == FpgaResource::Bram) acc.fpga.device.m20k_blocks = available;
    if (res == FpgaResource::Alm) acc.fpga.device.alms = available;
    QVERIFY(hardware::fpgaResources(acc).exceeded() == res);
    // Every layer, MAC or memory-only, is refused with the resource named.
    workload::Layer pool = conv();
    pool.type = workload::LayerType::Pool;
    for (const auto& l : {conv(), pool}) {
        const auto c = model::evaluateLayer(l, acc, nullptr);
        QVERIFY(!c.valid());
        QVERIFY(c.violation.kind == mapping::Violation::Kind::Resource);
        QVERIFY(c.violation.resource == res);
        QCOMPARE(c.violation.need, need);
        QCOMPARE(c.violation.have, double(available));
        QCOMPARE(QString::fromStdString(mapping::describe(c.violation)), message);
    }
}

void TstFpga::peArrayCycles_data() {
    QTest::addColumn<qint64>("q");
    QTest::addColumn<double>("cycles");
    QTest::addColumn<double>("utilization");
    QTest::newRow("exact tiles") << 4LL << 288.0 << 1.0;
    // Q = 5: ceil(5/2) = 3 column tiles: 4·3·9·2·2 = 432 cycles for 16·8·4·5·9 = 23040 MACs.
    QTest::newRow("edge tile") << 5LL << 432.0 << 23040.0 / (432 * 64);
}

void TstFpga::peArrayCycles() {
    QFETCH(qint64, q);
    QFETCH(double, cycles);
    QFETCH(double, utilization);
    const auto c = model::evaluateLayer(conv(16, q), tinyFpga(), nullptr);
    QVERIFY(c.valid());
    QCOMPARE(c.cycles, cycles);
    QCOMPARE(c.compute_cycles, cycles);
    QCOMPARE(c.utilization, utilization);
    QVERIFY(c.bound == model::Bound::Compute);
    QCOMPARE(c.macs, double(conv(16, q).macs()));
}

void TstFpga::computeInBram_data() {
    // 7 filter-cache blocks compute. PE share of kd channels: ceil(144·ceil(kd/8) / (1 − busy));
    // BRAM share of kb channels: ceil(kb·16 outputs·ceil(72/elements) / (7·lanes·copies))·cycles.
    QTest::addColumn<int>("mode");
    QTest::addColumn<int>("bits");
    QTest::addColumn<qint64>("k");
    QTest::addColumn<qint64>("peChannels");
    QTest::addColumn<double>("cycles");
    QTest::addColumn<double>("peak");
    // 2SA at 8 bits: all on BRAM ceil(16·16·36/70)·10 = 1320 > 320 on the stalled PEs; split at 8:
    // max(160, 660): the PE array alone (unstalled, 288) wins. Peak 64 + 7·20/10.
    QTest::newRow("2SA int8: PEs alone") << int(BramCompute::Bramac2sa) << 8 << 16LL << 16LL << 288.0 << 78.0;
    // 2SA at 2 bits: all on BRAM ceil(9216/280)·4 = 33·4 = 132; split at 8: max(192, 68) = 192;
    // PEs alone (stalled by 1/4) 384. Peak 64 + 7·80/4.
    QTest::newRow("2SA int2: BRAM alone") << int(BramCompute::Bramac2sa) << 2 << 16LL << 0LL << 132.0 << 204.0;
    // M4BRAM at 2 bits: ceil(18432/448)·2 = 42·2 = 84; split at 8: max(144, 42) = 144. Peak 64 + 7·64/2.
    QTest::newRow("M4BRAM int2: BRAM alone") << int(BramCompute::M4bram) << 2 << 16LL << 0LL << 84.0 << 288.0;
    // M4BRAM at 8 bits, K = 64: PEs alone 144·8 = 1152; BRAM alone ceil(64·16·72/112)·8 = 659·8 = 5272;
    // balance at 5272/6424·64 = 52.5 channels → kd 48: max(864, ceil(16·16·72/112)·8 = 1320) = 1320,
    // kd 56: max(1008, ceil(8·16·72/112)·8 = 664) = 1008. Peak 64 + 7·16/8.
    QTest::newRow("M4BRAM int8: split") << int(BramCompute::M4bram) << 8 << 64LL << 56LL << 1008.0 << 78.0;
    // The fix of d79deb0: the PE array alone does not stall. 1DA at 8 bits (lanes 5, copies 1,
    // elements 2, 6 cycles, port busy 1/6), K = 64: PEs alone 144·8 = 1152 unstalled, 1383 stalled;
    // BRAM alone ceil(64·16·36/35)·6 = 6324; balance at 6324/7707·64 = 52.5 → kd 48:
    // max(ceil(864·6/5) = 1037, ceil(16·16·36/35)·6 = 1584) = 1584; kd 56: max(ceil(1008·6/5) = 1210,
    // ceil(8·16·36/35)·6 = 792) = 1210. Compared stalled (1383) the PEs alone lost to kd 56 (1210);
    // unstalled (1152) they win. Peak 64 + 7·10/6.
    QTest::newRow("1DA int8: PEs alone, unstalled")
        << int(BramCompute::Bramac1da) << 8 << 64LL << 64LL << 1152.0 << 64 + 70.0 / 6;
}

void TstFpga::computeInBram() {
    QFETCH(int, mode);
    QFETCH(int, bits);
    QFETCH(qint64, k);
    QFETCH(qint64, peChannels);
    QFETCH(double, cycles);
    QFETCH(double, peak);
    const auto acc = tinyFpga(BramCompute(mode));
    const auto layer = atPrecision(conv(k), bits);
    const auto s = model::fpgaSplit(layer, acc);
    QCOMPARE(qint64(s.pe_channels), peChannels);
    QCOMPARE(qint64(s.bram_channels), k - peChannels);
    QCOMPARE(s.peak_macs_per_cycle, peak);
    const auto c = model::evaluateLayer(layer, acc, nullptr);
    QVERIFY(c.valid());
    QCOMPARE(c.compute_cycles, cycles);
    QCOMPARE(c.utilization, double(layer.macs()) / (cycles * peak));
    // Compute in BRAM never makes a layer slower than the PE array alone.
    QVERIFY(c.compute_cycles <= model::evaluateLayer(layer, tinyFpga(), nullptr).compute_cycles);
}

void TstFpga::dramRoofline() {
    // Weights 16·8·9 = 1152 × 8 bits = 9216; inputs 8·6·6 = 288 × 8 = 2304; outputs 16·16 = 256 × 16 = 4096.
    // The stream buffer (32768 bits) holds inputs and outputs: one pass. 15616 bits = 1952 DRAM words.
    auto acc = tinyFpga();
    acc.levels[0].bandwidth_words_per_cycle = 1;
    auto c = model::evaluateLayer(conv(), acc, nullptr);
    QCOMPARE(c.levels[0].words, 1952.0);
    QCOMPARE(c.cycles, 1952.0);
    QVERIFY(c.bound == model::Bound::Memory);
    QCOMPARE(c.bound_level, 0);
    // A 512-byte stream buffer (4096 bits < 6400): the inputs come again for each of the
    // ceil(9216 / 8192) = 2 filter-cache loads: 15616 + 2304 bits = 2240 words.
    acc.fpga.stream_buffer_bytes = 512;
    c = model::evaluateLayer(conv(), acc, nullptr);
    QCOMPARE(c.levels[0].words, 2240.0);
    QCOMPARE(c.levels[0].reads[workload::Operand::Input], 576.0);
    // Energy: MACs at the technology's MAC energy plus DRAM words at its per-access energy.
    const auto tables = hardware::costTables(acc);
    QCOMPARE(c.energy.mac_pj, 18432 * tables.mac_pj);
    QCOMPARE(c.energy.level_pj[0], 2240 * tables.level[0].read_pj);
}

void TstFpga::memoryOnlyLayer() {
    // A pool streams through the PE array's lanes like on every other engine.
    auto acc = tinyFpga();
    workload::Layer pool = conv();
    pool.type = workload::LayerType::Pool;
    const auto c = model::evaluateLayer(pool, acc, nullptr);
    QVERIFY(c.valid());
    QCOMPARE(c.cycles, model::evaluateMemoryOnly(pool, acc, hardware::costTables(acc)).cycles);
}

void TstFpga::presetResources_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("mode");
    QTest::newRow("dsp") << "arria10_dsp" << int(BramCompute::None);
    QTest::newRow("bramac_2sa") << "arria10_bramac_2sa" << int(BramCompute::Bramac2sa);
    QTest::newRow("bramac_1da") << "arria10_bramac_1da" << int(BramCompute::Bramac1da);
    QTest::newRow("m4bram") << "arria10_m4bram" << int(BramCompute::M4bram);
}

void TstFpga::presetResources() {
    QFETCH(QString, name);
    QFETCH(int, mode);
    const auto r = io::readAcceleratorFile(test::sourcePath("presets/accelerators/" + name.toStdString() + ".json"));
    QVERIFY(r.ok());
    const auto& acc = *r.value;
    QVERIFY(acc.kind == hardware::AcceleratorKind::Fpga);
    QVERIFY(acc.fpga.bram_compute == BramCompute(mode));
    // Arria 10 GX 1150: 1,518 DSP blocks, 2,713 M20K blocks, 427,200 ALMs (presets/README.md).
    QCOMPARE(acc.fpga.device.dsp_blocks, 1518LL);
    QCOMPARE(acc.fpga.device.m20k_blocks, 2713LL);
    QCOMPARE(acc.fpga.device.alms, 427200LL);
    // 4·8·64 = 2048 INT8 lanes, 2 per DSP: 1024. Filter cache 8 Mibit read 8·64·8 = 4096 bits at a
    // time, 2048 deep: 410 blocks (m20kBlocks row "4096x2048"). Stream buffer 16 Mibit read 4·8·8 =
    // 256 at a time, 65536 deep: 512x40 7·128 = 896, 1Kx20 13·64 = 832, 2Kx10 26·32 = 832, 4Kx5
    // 52·16 = 832, 8Kx2 128·8 = 1024: 832.
    const auto res = hardware::fpgaResources(acc);
    QCOMPARE(res.usedOf(FpgaResource::Dsp), 1024LL);
    QCOMPARE(res.filter_cache_brams, 410LL);
    QCOMPARE(res.stream_buffer_brams, 832LL);
    QCOMPARE(res.usedOf(FpgaResource::Alm), 100000LL);
    QVERIFY(!res.exceeded());
}

void TstFpga::jsonRoundTrip() {
    auto acc = tinyFpga(BramCompute::M4bram);
    acc.fpga.pe = hardware::FpgaPe::SoftLogic;
    const auto back = io::parseAccelerator(io::toJson(acc));
    QVERIFY(back.ok());
    QVERIFY(back.value->kind == hardware::AcceleratorKind::Fpga);
    QVERIFY(back.value->fpga == acc.fpga);
    QCOMPARE(back.value->pe.rows, 8); // kvec
    QCOMPARE(back.value->pe.cols, 8); // qvec·cvec
}

void TstFpga::jsonErrors_data() {
    QTest::addColumn<QString>("patch"); // a JSON merge patch applied to a valid document
    QTest::addColumn<QString>("pointer");
    QTest::addColumn<QString>("message");
    QTest::newRow("no fpga block") << R"({"fpga": null})"
                                   << "/fpga"
                                   << "missing";
    QTest::newRow("unknown mode") << R"({"fpga": {"bram_compute": "cim"}})"
                                  << "/fpga/bram_compute"
                                  << "none, bramac_2sa, bramac_1da, m4bram";
    QTest::newRow("unknown pe") << R"({"fpga": {"pe": "lut"}})"
                                << "/fpga/pe"
                                << "dsp, soft_logic";
    QTest::newRow("no DSP count") << R"({"fpga": {"device": {"dsp_blocks": null}}})"
                                  << "/fpga/device/dsp_blocks"
                                  << "missing";
    QTest::newRow("zero kvec") << R"({"fpga": {"kvec": 0}})"
                               << "/fpga/kvec"
                               << "expected";
    QTest::newRow("pe_array") << R"({"pe_array": {"rows": 2, "cols": 2}})"
                              << "/pe_array"
                              << "qvec x cvec x kvec";
    QTest::newRow("two levels")
        << R"({"levels": [{"name": "DRAM", "kind": "dram"}, {"name": "B", "kind": "sram", "capacity_bytes": 64}]})"
        << "/levels"
        << "only the DRAM level";
    QTest::newRow("fpga on systolic") << R"({"kind": "systolic", "pe_array": {"rows": 2, "cols": 2}})"
                                      << "/fpga"
                                      << "expected no fpga block";
}

void TstFpga::jsonErrors() {
    QFETCH(QString, patch);
    QFETCH(QString, pointer);
    QFETCH(QString, message);
    nlohmann::json j = io::toJson(tinyFpga());
    j.merge_patch(nlohmann::json::parse(patch.toStdString()));
    const auto r = io::parseAccelerator(j);
    QVERIFY(!r.ok());
    bool found = false;
    for (const auto& d : r.errors)
        if (QString::fromStdString(d.path) == pointer && QString::fromStdString(d.message).contains(message))
            found = true;
    if (!found)
        for (const auto& d : r.errors) qWarning("%s: %s", d.path.c_str(), d.message.c_str());
    QVERIFY(found);
}

void TstFpga::absurdTemplate() {
    // 65536³ lanes: no overflow anywhere, the PE array shown clamps, and the design is refused for
    // its 2^48 / 2 DSP blocks.
    auto acc = tinyFpga();
    acc.fpga.qvec = acc.fpga.cvec = acc.fpga.kvec = 65536;
    const auto back = io::parseAccelerator(io::toJson(acc));
    QVERIFY(back.ok());
    QCOMPARE(back.value->pe.cols, INT32_MAX);
    const auto c = model::evaluateLayer(conv(), *back.value, nullptr);
    QVERIFY(c.violation.kind == mapping::Violation::Kind::Resource);
    QVERIFY(c.violation.resource == FpgaResource::Dsp);
    QCOMPARE(c.violation.need, double(std::int64_t(1) << 47));
}

void TstFpga::designSpaceAxes() {
    // presets/spaces/fpga.json: 4 modes × 4 qvec × 5 cvec × 5 kvec × 5 filter caches × 5 precisions.
    const auto r = io::readDesignSpaceFile("fpga");
    QVERIFY(r.ok());
    const auto& space = *r.value;
    QCOMPARE(space.size(), 10000LL);
    // Axes in the documented order: qvec, cvec, kvec, filter cache, precision, compute mode (fastest).
    const auto last = space.pointAt(space.size() - 1).accelerator;
    QCOMPARE(last.fpga.qvec, 4);
    QCOMPARE(last.fpga.cvec, 16);
    QCOMPARE(last.fpga.kvec, 192);
    QCOMPARE(last.fpga.filter_cache_bytes, 4194304LL);
    QVERIFY(last.precision[workload::Operand::Weight] == Precision::integer(8));
    QVERIFY(last.fpga.bram_compute == BramCompute::M4bram);
    QCOMPARE(last.pe.rows, 192);
    QCOMPARE(last.pe.cols, 64);
    QVERIFY(space.pointAt(0).accelerator.fpga.bram_compute == BramCompute::None);
    // Designs differing only in an FPGA field must not share the explorer's cached layer costs.
    QVERIFY(search::mappingRelevantHash(space.pointAt(0).accelerator) !=
            search::mappingRelevantHash(space.pointAt(1).accelerator));
    // FPGA axes on a base of another kind are an error at the axis.
    auto j = nlohmann::json::parse(R"({"format": "archscape/design-space", "version": 1, "name": "x",
        "base": "eyeriss", "parameters": {"fpga_kvec": [8], "fpga_bram_compute": ["m4bram"]}})");
    const auto bad = io::parseDesignSpace(j);
    QVERIFY(!bad.ok());
    int found = 0;
    for (const auto& d : bad.errors)
        if ((d.path == "/parameters/fpga_kvec" || d.path == "/parameters/fpga_bram_compute") &&
            d.message.find("kind \"fpga\"") != std::string::npos)
            ++found;
    QCOMPARE(found, 2);
}

void TstFpga::cibArea_data() {
    // tinyFpga's 7 filter-cache blocks on a device of 100: the paper's whole-device overhead
    // (BRAMAC-2SA 6.8 %, 1DA 3.4 % of the core, arXiv 2304.03974) × 7 / 100.
    QTest::addColumn<int>("mode");
    QTest::addColumn<double>("percent");
    QTest::newRow("none") << int(BramCompute::None) << 0.0;
    QTest::newRow("2SA") << int(BramCompute::Bramac2sa) << 6.8 * 7 / 100;
    QTest::newRow("1DA") << int(BramCompute::Bramac1da) << 3.4 * 7 / 100;
    QTest::newRow("M4BRAM: not known") << int(BramCompute::M4bram) << double(NAN);
}

void TstFpga::cibArea() {
    QFETCH(int, mode);
    QFETCH(double, percent);
    const auto r = hardware::fpgaResources(tinyFpga(BramCompute(mode)));
    if (std::isnan(percent)) QVERIFY(std::isnan(r.cib_area_percent));
    else QCOMPARE(r.cib_area_percent, percent);
    const auto j = io::toJson(r, tinyFpga(BramCompute(mode)));
    QCOMPARE(j["cib_area_percent"].is_null(), std::isnan(percent));
}

void TstFpga::utilizationObjectives() {
    // arria10_dsp (qvec 4, cvec 8, INT8: 2 products a DSP block) with kvec 16, 64 and 128:
    // 512, 2048 and 4096 lanes → 256, 1024 and 2048 DSP blocks of 1518 (the last one too many).
    // M20K at kvec 16: filter cache 1 MiB read 8·16·8 = 1024 bits wide, 8192 deep → 4K×5 mode
    // 205·2 = 410 blocks; stream buffer 2 MiB read 4·8·8 = 256 bits, 65536 deep → 1K×20 mode
    // 13·64 = 832; 1242 of 2713. ALMs: the 100,000 control ALMs of 427,200.
    auto j = nlohmann::json::parse(R"({"format": "archscape/design-space", "version": 1, "name": "use",
        "base": "arria10_dsp", "parameters": {"fpga_kvec": [16, 64, 128]}})");
    auto space = io::parseDesignSpace(j);
    QVERIFY(space.ok());
    search::ExploreRequest req;
    req.space = *space.value;
    req.network.name = "one";
    req.network.layers = {conv(64)};
    req.objectives = {search::Metric::Latency, search::Metric::DspUse};
    search::ProgressSink sink;
    auto result = search::run(req, sink);
    QVERIFY(result.diagnostics.empty());
    QCOMPARE(int(result.points.size()), 3);
    const auto& p16 = result.points[0];
    QCOMPARE(p16.metric(search::Metric::DspUse), 100.0 * 256 / 1518);
    QCOMPARE(p16.metric(search::Metric::BramUse), 100.0 * 1242 / 2713);
    QCOMPARE(p16.metric(search::Metric::AlmUse), 100.0 * 100000 / 427200);
    QCOMPARE(result.points[1].metric(search::Metric::DspUse), 100.0 * 1024 / 1518);
    // Over the device: refused, its utilisation still reported.
    QVERIFY(result.points[2].reason == search::Infeasibility::Resource);
    QCOMPARE(result.points[2].metric(search::Metric::DspUse), 100.0 * 2048 / 1518);
    // kvec 64 is faster (K = 64 in one tile instead of four), kvec 16 uses fewer DSPs: both on the front.
    QVERIFY(result.points[1].latency_s < p16.latency_s);
    QCOMPARE(result.front, (std::vector<std::int64_t>{0, 1}));
    const auto out = io::toJson(req, result);
    QCOMPARE(out["points"][0]["fpga_use_percent"]["dsp"].get<double>(), 100.0 * 256 / 1518);
    QVERIFY(out["points"][0]["cib_area_percent"].is_number()); // 0: nothing computes in BRAM

    // A budget of half the DSP blocks leaves kvec 16 alone, refused for the resource.
    j["constraints"] = {{"max_dsp_percent", 50}};
    space = io::parseDesignSpace(j);
    QVERIFY(space.ok());
    req.space = *space.value;
    result = search::run(req, sink);
    QCOMPARE(result.front, (std::vector<std::int64_t>{0}));
    QVERIFY(result.points[1].reason == search::Infeasibility::Resource);
    QCOMPARE(result.infeasible[int(search::Infeasibility::Resource)], 2LL);
}

void TstFpga::utilizationNeedsFpga() {
    // Utilisation objectives and budgets are refused on spaces of other kinds, with the reason.
    auto j = nlohmann::json::parse(R"({"format": "archscape/design-space", "version": 1, "name": "x",
        "base": "eyeriss", "parameters": {"pe_rows": [8, 12]}, "constraints": {"max_bram_percent": 50}})");
    const auto bad = io::parseDesignSpace(j);
    QVERIFY(!bad.ok());
    QCOMPARE(QString::fromStdString(bad.errors[0].path), QStringLiteral("/constraints/max_bram_percent"));
    j.erase("constraints");
    const auto space = io::parseDesignSpace(j);
    QVERIFY(space.ok());
    search::ExploreRequest req;
    req.space = *space.value;
    req.network.layers = {conv()};
    req.objectives = {search::Metric::Latency, search::Metric::AlmUse};
    const auto why = search::checkRequest(req);
    QVERIFY(why.has_value());
    QVERIFY(why->find("\"alm\"") != std::string::npos && why->find("kind \"fpga\"") != std::string::npos);
    QVERIFY(search::parseMetric("bram") == search::Metric::BramUse);
}

QTEST_GUILESS_MAIN(TstFpga)
#include "tst_fpga.moc"
