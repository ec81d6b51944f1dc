// Systolic engine: every expected value is derived by hand from SCALE-Sim v2's published semantics
// (shared/reference/scalesim-v2.md, summarised in docs/systolic.md):
//   os: (Sr,Sc,T) = (M,N,K)  ws: (K,N,M)  is: (K,M,N);  Rf = ceil(Sr/R), Cf = ceil(Sc/C)
//   L = T+R+C-2 (os) | 2R+C+T-2 (ws, is);  compute cycles = Rf*Cf*L - 1
//   mapping eff = 100*Sr*Sc/(Rf*Cf*R*C);  compute util = 100*Sr*Sc*T/(Rf*Cf*R*C*L'), L' = L (os) | L+C-1 (ws, is)
//   SRAM: os  ifmap M*K*Cf, filter K*N*Rf, ofmap M*N + Rf*Cf*(R+C)
//         ws  ifmap M*K*Cf, filter K*N,    ofmap M*N*Rf
//         is  ifmap M*K,    filter K*N*Cf, ofmap M*N*Rf
#include <QtTest>

#include "hardware/technology.h"
#include "model/evaluate_layer.h"
#include "model/systolic_model.h"
#include "systolic_fixtures.h"

using namespace archscape;
using archscape::test::close;
using archscape::test::gemmLayer;
using archscape::test::systolicAcc;
using hardware::SystolicDataflow;
using workload::Dim;
using workload::Operand;

Q_DECLARE_METATYPE(SystolicDataflow)

class TestSystolic : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void computeFigures_data();
    void computeFigures();
    void convLowering();
    void sramWindows_data();
    void sramWindows();
    void layerCostAndGroups();
    void dispatch();
    void calcDramAmpleSram();
    void epochRuleRefetch_data();
    void epochRuleRefetch();
    void exactReplayMatchesClosedForm_data();
    void exactReplayMatchesClosedForm();
    void writeBufferDrains();
    void stallsWithLowBandwidth();
    void memoryLevelsToSrams();
};

void TestSystolic::computeFigures_data() {
    QTest::addColumn<int>("R");
    QTest::addColumn<int>("C");
    QTest::addColumn<SystolicDataflow>("df");
    QTest::addColumn<qint64>("M");
    QTest::addColumn<qint64>("N");
    QTest::addColumn<qint64>("K");
    QTest::addColumn<qint64>("Rf");
    QTest::addColumn<qint64>("Cf");
    QTest::addColumn<qint64>("L");
    QTest::addColumn<double>("cycles");
    QTest::addColumn<double>("mapEff");
    QTest::addColumn<double>("computeUtil");
    QTest::addColumn<double>("ifmapReads");
    QTest::addColumn<double>("filterReads");
    QTest::addColumn<double>("ofmapWrites");
    const auto OS = SystolicDataflow::OutputStationary, WS = SystolicDataflow::WeightStationary,
               IS = SystolicDataflow::InputStationary;
    // 4x4 os, 4x4x4: Sr=Sc=T=4, one fold, L=4+4+4-2=10, 9 cycles; util 100*64/(16*10)=40;
    // ofmap 16 + 1*(4+4) = 24.
    QTest::newRow("os 4x4 gemm 4,4,4") << 4 << 4 << OS << 4LL << 4LL << 4LL << 1LL << 1LL << 10LL << 9.0 << 100.0
                                       << 40.0 << 16.0 << 16.0 << 24.0;
    // 4x4 os, M=10 N=6 K=5: Rf=ceil(10/4)=3, Cf=ceil(6/4)=2, L=5+6=11, 6*11-1=65 cycles;
    // map 100*60/(6*16)=62.5; util 100*60*5/(6*16*11)=30000/1056; ifmap 10*5*2=100,
    // filter 5*6*3=90, ofmap 60+6*8=108.
    QTest::newRow("os 4x4 gemm 10,6,5") << 4 << 4 << OS << 10LL << 6LL << 5LL << 3LL << 2LL << 11LL << 65.0 << 62.5
                                        << 30000.0 / 1056 << 100.0 << 90.0 << 108.0;
    // ws: Sr=K=5, Sc=N=6, T=M=10: Rf=2, Cf=2, L=8+4+10-2=20, 4*20-1=79; map 100*30/64=46.875;
    // util 100*30*10/(4*16*(20+3))=30000/1472; ifmap 50*2=100, filter 30, ofmap 60*2=120.
    QTest::newRow("ws 4x4 gemm 10,6,5") << 4 << 4 << WS << 10LL << 6LL << 5LL << 2LL << 2LL << 20LL << 79.0 << 46.875
                                        << 30000.0 / 1472 << 100.0 << 30.0 << 120.0;
    // is: Sr=K=5, Sc=M=10, T=N=6: Rf=2, Cf=3, L=8+4+6-2=16, 6*16-1=95; map 100*50/96;
    // util 100*50*6/(6*16*19)=30000/1824; ifmap 50, filter 30*3=90, ofmap 60*2=120.
    QTest::newRow("is 4x4 gemm 10,6,5") << 4 << 4 << IS << 10LL << 6LL << 5LL << 2LL << 3LL << 16LL << 95.0
                                        << 5000.0 / 96 << 30000.0 / 1824 << 50.0 << 90.0 << 120.0;
    // Non-square, 8 rows x 4 cols, os, M=20 N=9 K=3: Rf=3, Cf=3, L=3+8+4-2=13, 9*13-1=116;
    // map 100*180/(9*32)=62.5; util 100*180*3/(9*32*13)=54000/3744; ifmap 60*3, filter 27*3,
    // ofmap 180+9*12=288.
    QTest::newRow("os 8x4 gemm 20,9,3") << 8 << 4 << OS << 20LL << 9LL << 3LL << 3LL << 3LL << 13LL << 116.0 << 62.5
                                        << 54000.0 / 3744 << 180.0 << 81.0 << 288.0;
    // The transposed array, 4 rows x 8 cols: Rf=5, Cf=2, L=13, 10*13-1=129 (R and C are not
    // interchangeable); map 100*180/320=56.25; util 54000/4160; ifmap 60*2, filter 27*5,
    // ofmap 180+10*12=300.
    QTest::newRow("os 4x8 gemm 20,9,3") << 4 << 8 << OS << 20LL << 9LL << 3LL << 5LL << 2LL << 13LL << 129.0 << 56.25
                                        << 54000.0 / 4160 << 120.0 << 135.0 << 300.0;
    // 8x8 ws, M=16 N=8 K=8 divides the array: one fold, L=16+8+16-2=38, 37 cycles; map 100;
    // util 100*64*16/(64*(38+7))=1600/45; ifmap 128, filter 64, ofmap 128.
    QTest::newRow("ws 8x8 gemm 16,8,8") << 8 << 8 << WS << 16LL << 8LL << 8LL << 1LL << 1LL << 38LL << 37.0 << 100.0
                                        << 1600.0 / 45 << 128.0 << 64.0 << 128.0;
    // 8x8 is, M=9 N=4 K=27 (the 5x5x3 conv with 3x3 filters below as a GEMM): Sr=27, Sc=9, T=4:
    // Rf=4, Cf=2, L=16+8+4-2=26, 8*26-1=207; map 100*243/512; util 100*243*4/(8*64*33);
    // ifmap 243, filter 108*2=216, ofmap 36*4=144.
    QTest::newRow("is 8x8 gemm 9,4,27") << 8 << 8 << IS << 9LL << 4LL << 27LL << 4LL << 2LL << 26LL << 207.0
                                        << 24300.0 / 512 << 97200.0 / 16896 << 243.0 << 216.0 << 144.0;
}

void TestSystolic::computeFigures() {
    QFETCH(int, R);
    QFETCH(int, C);
    QFETCH(SystolicDataflow, df);
    QFETCH(qint64, M);
    QFETCH(qint64, N);
    QFETCH(qint64, K);
    const auto r = model::systolicReport(model::scaleSimGemmProblem(M, N, K), systolicAcc(R, C, df));
    QTEST(qint64(r.row_folds), "Rf");
    QTEST(qint64(r.col_folds), "Cf");
    QTEST(qint64(r.lines_per_fold), "L");
    QTEST(r.compute_cycles, "cycles");
    QFETCH(double, cycles);
    QCOMPARE(r.total_cycles, cycles); // CALC mode: no stalls
    QCOMPARE(r.stall_cycles, 0.0);
    QFETCH(double, mapEff);
    QFETCH(double, computeUtil);
    QVERIFY2(close(r.mapping_efficiency_pct, mapEff), qPrintable(QString::number(r.mapping_efficiency_pct)));
    QVERIFY2(close(r.compute_util_pct, computeUtil), qPrintable(QString::number(r.compute_util_pct)));
    // Overall util = 100*M*N*K/(total cycles*R*C).
    QVERIFY(close(r.overall_util_pct, 100.0 * double(M * N * K) / (cycles * R * C)));
    QTEST(r.sram[Operand::Input].count, "ifmapReads");
    QTEST(r.sram[Operand::Weight].count, "filterReads");
    QTEST(r.sram[Operand::Output].count, "ofmapWrites");
}

void TestSystolic::convLowering() {
    // SCALE-Sim conv row 7x7 ifmap, 3x3 filter, 2 channels, 5 filters, stride 2:
    // E = F = ceil((7-3+2)/2) = 3, M = 9, K = 3*3*2 = 18, N = 5.
    const auto c1 = model::scaleSimConvProblem(7, 7, 3, 3, 2, 5, 2, 2);
    QCOMPARE(c1.m, 9);
    QCOMPARE(c1.k, 18);
    QCOMPARE(c1.n, 5);
    // Every ifmap row and column is under some window: (3-1)*2+3 = 7 -> 7*7*2 = 98 elements.
    QCOMPARE(c1.touchedIfmapElements(), 98);
    // On 4x4 os: Sr=9, Sc=5, T=18 -> Rf=3, Cf=2, L=18+6=24, 6*24-1 = 143 cycles;
    // map 100*45/96 = 46.875; util 100*45*18/(6*16*24) = 35.15625;
    // SRAM ifmap 9*18*2 = 324, filter 18*5*3 = 270, ofmap 45 + 6*8 = 93.
    const auto r1 = model::systolicReport(c1, systolicAcc(4, 4, SystolicDataflow::OutputStationary));
    QCOMPARE(r1.compute_cycles, 143.0);
    QCOMPARE(r1.mapping_efficiency_pct, 46.875);
    QVERIFY(close(r1.compute_util_pct, 35.15625));
    QCOMPARE(r1.sram[Operand::Input].count, 324.0);
    QCOMPARE(r1.sram[Operand::Weight].count, 270.0);
    QCOMPARE(r1.sram[Operand::Output].count, 93.0);

    // Ceil quirk: 8x8 ifmap, 3x3, stride 2 gives E = ceil((8-3+2)/2) = 4, where a real convolution
    // has floor((8-3)/2)+1 = 3.
    const auto c2 = model::scaleSimConvProblem(8, 8, 3, 3, 2, 5, 2, 2);
    QCOMPARE(c2.out_h, 4);
    QCOMPARE(c2.m, 16);
    QCOMPARE(c2.touchedIfmapElements(), 128); // windows reach row 8 > 7: clipped, all 8*8*2 touched
    // Stride 3 over a 2-tap filter on 8 rows: windows at 0, 3, 6 cover rows {0,1,3,4,6,7}: 6 of 8.
    QCOMPARE(model::scaleSimConvProblem(8, 8, 2, 2, 1, 1, 3, 3).touchedIfmapElements(), 36);

    // Window unions (used by the closed-form ifmap traffic), counted by hand on the ifmap grid.
    // 5x5, 3x3, stride 1 (3x3 outputs): the first output row covers rows 0-2 x cols 0-4 = 15;
    // pixel (1,0) adds row 3 x cols 0-2 = 3; all nine windows cover the 25 elements.
    const auto u = model::scaleSimConvProblem(5, 5, 3, 3, 1, 1, 1, 1);
    QCOMPARE(u.windowPrefix(3), 15.0);
    QCOMPARE(u.windowPrefix(4), 18.0);
    QCOMPARE(u.windowPrefix(9), 25.0);
    // Pixels (0,2), (1,0), (1,1): row 0 cols 2-4 (3), rows 1-2 cols 0-4 (5 + 5), row 3 cols 0-3 (4).
    QCOMPARE(u.windowUnion(2, 5), 17.0);
    // 7x7, 3x3, stride 2, 2 channels: output row 0 covers rows 0-2 x 7 cols = 21 per channel; pixel
    // (1,0) adds rows 3-4 x cols 0-2 = 6 (row 2 is shared).
    const auto v = model::scaleSimConvProblem(7, 7, 3, 3, 2, 1, 2, 2);
    QCOMPARE(v.windowPrefix(4), 2.0 * 27);
    QCOMPARE(v.windowUnion(0, 9), 2.0 * 49);

    // GEMM rows become an M x K ifmap with a 1 x K filter.
    const auto g = model::scaleSimGemmProblem(10, 6, 5);
    QCOMPARE(g.m, 10);
    QCOMPARE(g.n, 6);
    QCOMPARE(g.k, 5);
    QCOMPARE(g.touchedIfmapElements(), 50);

    // Archscape layers: batch folds into M; groups stay separate GEMMs.
    workload::Layer conv;
    conv.bounds[Dim::N] = 2;
    conv.bounds[Dim::C] = 3;
    conv.bounds[Dim::K] = 4;
    conv.bounds[Dim::P] = conv.bounds[Dim::Q] = 5;
    conv.bounds[Dim::R] = conv.bounds[Dim::S] = 3;
    conv.pad_h = conv.pad_w = 1;
    const auto lc = model::lowerToSystolic(conv);
    QCOMPARE(lc.m, 2 * 25);
    QCOMPARE(lc.k, 27);
    QCOMPARE(lc.n, 4);
    QCOMPARE(lc.groups, 1);
    QCOMPARE(lc.ifmap_h, 7); // the padded input: (5-1)*1 + 3
    workload::Layer dw = conv;
    dw.bounds[Dim::N] = 1;
    dw.bounds[Dim::G] = 8;
    dw.bounds[Dim::C] = dw.bounds[Dim::K] = 1;
    const auto ld = model::lowerToSystolic(dw);
    QCOMPARE(ld.groups, 8);
    QCOMPARE(ld.k, 9);
    QCOMPARE(ld.n, 1);
}

void TestSystolic::sramWindows_data() {
    QTest::addColumn<SystolicDataflow>("df");
    QTest::addColumn<QList<double>>("expected"); // ifmap start/stop, filter start/stop, ofmap start/stop
    // GEMM M=10 N=6 K=5 on 4x4. Reads carry the 1-cycle hit latency, writes do not.
    // os: Rf=3, Cf=2, L=11, T=5. Starts: ifmap 1, filter 1, ofmap T-1+R-min(R,Sr) = 4.
    //   Last fold (index 5, base 55) uses ru = 10-8 = 2 rows, cu = 6-4 = 2 columns: ifmap's last
    //   skewed line ru+T-2 = 5 -> 55+5+1 = 61; filter cu+T-2 = 5 -> 61; ofmap: T-1 empty lines, the
    //   flipped 4-row block (2 valid rows last), skewed over cu columns: T+R+cu-3 = 8 -> 63.
    QTest::newRow("os") << SystolicDataflow::OutputStationary << QList<double>{1, 61, 1, 61, 4, 63};
    // ws: Rf=2, Cf=2, L=20, T=10. Starts: ifmap R+1 = 5, filter R-min(R,Sr)+1 = 1, ofmap 2R-1 = 7.
    //   Last fold base 60, ru = 1, cu = 2: ifmap R+T+ru-2 = 13 -> 74; filter block ends at line
    //   R-1 = 3 -> 64; ofmap 2R+T+cu-3 = 17 -> 77.
    QTest::newRow("ws") << SystolicDataflow::WeightStationary << QList<double>{5, 74, 1, 64, 7, 77};
    // is: Rf=2, Cf=3, L=16, T=6. Starts: ifmap R-min(R,Sr)+1 = 1, filter R+1 = 5, ofmap 7.
    //   Last fold base 80, ru = 1, cu = 2: ifmap block ends at R-1 -> 84; filter R+T+ru-2 = 9 -> 90;
    //   ofmap 2R+T+cu-3 = 13 -> 93.
    QTest::newRow("is") << SystolicDataflow::InputStationary << QList<double>{1, 84, 5, 90, 7, 93};
}

void TestSystolic::sramWindows() {
    QFETCH(SystolicDataflow, df);
    QFETCH(QList<double>, expected);
    for (bool exact : {false, true}) {
        model::SystolicOptions o;
        o.exact_memory = exact;
        const auto r = model::systolicReport(model::scaleSimGemmProblem(10, 6, 5), systolicAcc(4, 4, df), o);
        const QList<double> got{r.sram[Operand::Input].start_cycle,  r.sram[Operand::Input].stop_cycle,
                                r.sram[Operand::Weight].start_cycle, r.sram[Operand::Weight].stop_cycle,
                                r.sram[Operand::Output].start_cycle, r.sram[Operand::Output].stop_cycle};
        QCOMPARE(got, expected);
    }
}

void TestSystolic::layerCostAndGroups() {
    const auto acc = systolicAcc(4, 4, SystolicDataflow::OutputStationary);
    const auto tables = hardware::costTables(acc);
    const auto c = model::evaluateSystolic(gemmLayer(10, 6, 5), acc);
    QVERIFY(c.valid());
    QCOMPARE(c.cycles, 65.0); // from computeFigures: 6 folds x 11 lines - 1
    QCOMPARE(c.compute_cycles, 65.0);
    QCOMPARE(c.macs, 300.0);
    QVERIFY(close(c.utilization, 300.0 / (65 * 16)));
    QVERIFY(close(c.energy.mac_pj, 300 * tables.mac_pj));
    // Ample SRAM: each distinct element crosses DRAM once (50 ifmap, 30 filter, 60 outputs).
    QCOMPARE(c.levels[0].reads[Operand::Input], 50.0);
    QCOMPARE(c.levels[0].reads[Operand::Weight], 30.0);
    QCOMPARE(c.levels[0].updates[Operand::Output], 60.0);
    QCOMPARE(c.levels[1].reads[Operand::Input], 100.0); // M*K*Cf
    QCOMPARE(c.levels[1].fills[Operand::Input], 50.0);
    QCOMPARE(c.levels[2].reads[Operand::Weight], 90.0);   // K*N*Rf
    QCOMPARE(c.levels[3].updates[Operand::Output], 60.0); // real writes, without the OS (R+C)/fold quirk
    QVERIFY(c.bound == model::Bound::Compute);

    // Depthwise 3x3 over 4x4 outputs, 3 channels: 3 groups of M=16, K=9, N=1. os 4x4: Sr=16, Sc=1,
    // T=9 -> Rf=4, Cf=1, L=9+6=15, 4*15-1 = 59 cycles per group, 177 in all (SCALE-Sim's DP split).
    workload::Layer dw;
    dw.bounds[Dim::G] = 3;
    dw.bounds[Dim::P] = dw.bounds[Dim::Q] = 4;
    dw.bounds[Dim::R] = dw.bounds[Dim::S] = 3;
    const auto d = model::evaluateSystolic(dw, acc);
    QCOMPARE(d.cycles, 177.0);
    QCOMPARE(d.macs, 3.0 * 16 * 9);
}

void TestSystolic::dispatch() {
    const auto sys = systolicAcc(4, 4, SystolicDataflow::WeightStationary);
    const auto layer = gemmLayer(10, 6, 5);
    QCOMPARE(model::evaluateLayer(layer, sys, nullptr).cycles, 79.0); // ws 4x4 10,6,5 above
    hardware::Accelerator dc = sys;
    dc.kind = hardware::AcceleratorKind::DataCentric;
    const auto none = model::evaluateLayer(layer, dc, nullptr);
    QVERIFY(!none.valid());
    QVERIFY(none.violation.kind == mapping::Violation::Kind::LevelCount);
    workload::Layer pool;
    pool.type = workload::LayerType::Pool;
    pool.bounds[Dim::G] = 4;
    pool.bounds[Dim::P] = pool.bounds[Dim::Q] = 4;
    pool.bounds[Dim::R] = pool.bounds[Dim::S] = 2;
    pool.stride_h = pool.stride_w = 2;
    QVERIFY(model::evaluateLayer(pool, dc, nullptr).valid()); // memory-only: no mapping needed
}

void TestSystolic::calcDramAmpleSram() {
    // 64 KB SRAMs: S = 65536 words, items = floor(S/100) = 655, epoch E = 50*655 = 32750 > any
    // operand here, so DRAM reads = distinct elements, preloaded before cycle 0:
    // start = -ceil(ceil(U/655)*655/10) = -ceil(65.5) = -66, stop = -1.
    for (bool exact : {false, true}) {
        model::SystolicOptions o;
        o.exact_memory = exact;
        const auto r = model::systolicReport(model::scaleSimGemmProblem(10, 6, 5),
                                             systolicAcc(4, 4, SystolicDataflow::OutputStationary), o);
        QCOMPARE(r.dram[Operand::Input].count, 50.0);
        QCOMPARE(r.dram[Operand::Input].start_cycle, -66.0);
        QCOMPARE(r.dram[Operand::Input].stop_cycle, -1.0);
        QCOMPARE(r.dram[Operand::Weight].count, 30.0);
        QVERIFY(close(r.dram[Operand::Input].averageBandwidth(), 50.0 / 66));
        // Ofmap: 60 writes fit the drain threshold D = S - ceil(S/2) = 32768: drained after the
        // run at C = 4 per cycle: start = Total Cycles = 65, stop = 65 + ceil(60/4) - 1 = 79.
        QCOMPARE(r.dram[Operand::Output].count, 60.0);
        QCOMPARE(r.dram[Operand::Output].start_cycle, 65.0);
        QCOMPARE(r.dram[Operand::Output].stop_cycle, 79.0);
        QVERIFY(close(r.dram[Operand::Output].averageBandwidth(), 4.0));
    }
    // ws writes a partial sum per row fold: 60*2 = 120 outputs, start 79, stop 79 + 30 - 1 = 108.
    const auto w = model::systolicReport(model::scaleSimGemmProblem(10, 6, 5),
                                         systolicAcc(4, 4, SystolicDataflow::WeightStationary));
    QCOMPARE(w.dram[Operand::Output].count, 120.0);
    QCOMPARE(w.dram[Operand::Output].stop_cycle, 108.0);
}

void TestSystolic::epochRuleRefetch_data() {
    QTest::addColumn<bool>("exact");
    QTest::newRow("closed form") << false;
    QTest::newRow("exact replay") << true;
}

void TestSystolic::epochRuleRefetch() {
    // GEMM M=8 N=8 K=25 on 4x4 os: Rf=2, Cf=2, L=25+6=31. Ifmap SRAM 200 words: items 2, E = 100.
    // The ifmap slices (4 pixels x 25 = 100 elements each) alternate A B A B over the four folds;
    // each fills an epoch exactly, which closes and forgets it: 4 x 100 = 400 DRAM reads (twice the
    // 200 distinct). Closes at the last element of each slice; the last one in fold 3 (base 93) at
    // line ru+T-2 = 27 -> stop = 93+27+1 = 121; start = first valid line 0 - ceil(E/10) = -10.
    // Filter SRAM 400 words: E = 200. Column fold 0 reads its 100-element slice twice: 100 misses,
    // then hits. Column fold 1's slice brings the epoch to 200 at its last element -> close, so its
    // second read misses all 100 again: 300 reads. The close is in fold 2 (base 62) at line
    // cu+T-2 = 27 -> stop 90; start = 0 - ceil(200/10) = -20.
    QFETCH(bool, exact);
    model::SystolicOptions o;
    o.exact_memory = exact;
    const auto r = model::systolicReport(model::scaleSimGemmProblem(8, 8, 25),
                                         systolicAcc(4, 4, SystolicDataflow::OutputStationary, 200, 400), o);
    QCOMPARE(r.dram[Operand::Input].count, 400.0);
    QCOMPARE(r.dram[Operand::Input].start_cycle, -10.0);
    QCOMPARE(r.dram[Operand::Input].stop_cycle, 121.0);
    QCOMPARE(r.dram[Operand::Weight].count, 300.0);
    QCOMPARE(r.dram[Operand::Weight].start_cycle, -20.0);
    QCOMPARE(r.dram[Operand::Weight].stop_cycle, 90.0);
    QCOMPARE(r.stall_cycles, 0.0);
}

void TestSystolic::exactReplayMatchesClosedForm_data() {
    QTest::addColumn<int>("R");
    QTest::addColumn<int>("C");
    QTest::addColumn<SystolicDataflow>("df");
    QTest::addColumn<qint64>("M");
    QTest::addColumn<qint64>("N");
    QTest::addColumn<qint64>("K");
    QTest::newRow("os 8x4") << 8 << 4 << SystolicDataflow::OutputStationary << 20LL << 9LL << 3LL;
    QTest::newRow("ws 4x8") << 4 << 8 << SystolicDataflow::WeightStationary << 20LL << 9LL << 13LL;
    QTest::newRow("is 8x8") << 8 << 8 << SystolicDataflow::InputStationary << 9LL << 4LL << 27LL;
    QTest::newRow("is 4x4") << 4 << 4 << SystolicDataflow::InputStationary << 10LL << 6LL << 5LL;
}

void TestSystolic::exactReplayMatchesClosedForm() {
    // Two independent derivations of the same GEMM figures (formulas vs. the demand matrices built
    // line by line) must agree wherever the closed form claims exactness: a GEMM with SRAMs that
    // hold every operand.
    QFETCH(int, R);
    QFETCH(int, C);
    QFETCH(SystolicDataflow, df);
    QFETCH(qint64, M);
    QFETCH(qint64, N);
    QFETCH(qint64, K);
    const auto acc = systolicAcc(R, C, df);
    const auto p = model::scaleSimGemmProblem(M, N, K);
    const auto a = model::systolicReport(p, acc);
    model::SystolicOptions o;
    o.exact_memory = true;
    const auto b = model::systolicReport(p, acc, o);
    QVERIFY(b.exact_memory);
    QCOMPARE(b.total_cycles, a.total_cycles);
    for (Operand op : workload::kAllOperands) {
        QCOMPARE(b.sram[op].start_cycle, a.sram[op].start_cycle);
        QCOMPARE(b.sram[op].stop_cycle, a.sram[op].stop_cycle);
        QCOMPARE(b.dram[op].count, a.dram[op].count);
        QCOMPARE(b.dram[op].start_cycle, a.dram[op].start_cycle);
        QCOMPARE(b.dram[op].stop_cycle, a.dram[op].stop_cycle);
    }
}

void TestSystolic::writeBufferDrains() {
    // Ofmap SRAM of 20 words: drain threshold D = 20 - 10 = 10, CALC drain rate C = 4 per cycle.
    // os 4x4, M=N=8, K=25: fold 0's 16 outputs leave on lines 24..30 (T-1 = 24 empty lines, a full
    // 4-row block skewed over 4 columns: 1,2,3,4,3,2,1 per line). The 11th output (line 28) makes
    // 11 > D waiting: the first drain starts at cycle 28.
    for (bool exact : {false, true}) {
        model::SystolicOptions o;
        o.exact_memory = exact;
        const auto r =
            model::systolicReport(model::scaleSimGemmProblem(8, 8, 25),
                                  systolicAcc(4, 4, SystolicDataflow::OutputStationary, 65536, 65536, 20), o);
        QCOMPARE(r.dram[Operand::Output].start_cycle, 28.0);
        // Every output is written; the drain-group quirk may count a closed partial line as full,
        // at most bw-1 = 3 extra words per drain (at most 64/10+1 drains here).
        QVERIFY(r.dram[Operand::Output].count >= 64);
        QVERIFY(r.dram[Operand::Output].count <= 64 + 3 * 8);
        // Draining at the array's peak output rate never fills the buffer: no stall (CALC).
        QCOMPARE(r.stall_cycles, 0.0);
        QVERIFY(r.dram[Operand::Output].stop_cycle >= r.total_cycles);
    }
}

void TestSystolic::stallsWithLowBandwidth() {
    // USER mode (DRAM bandwidth set). ws 4x4, M=10 N=6 K=5: 79 compute cycles.
    const auto p = model::scaleSimGemmProblem(10, 6, 5);
    // Ample: every operand fits the active half of its 64 KB SRAM and is preloaded before cycle 0,
    // and the 120 outputs fit the ofmap SRAM: no stall.
    const auto ample =
        model::systolicReport(p, systolicAcc(4, 4, SystolicDataflow::WeightStationary, 65536, 65536, 65536, 10));
    QVERIFY(ample.user_bandwidth);
    QCOMPARE(ample.stall_cycles, 0.0);
    QCOMPARE(ample.total_cycles, 79.0);
    // Too low: a 64-word ifmap SRAM holds 32 of the 50 ifmap elements, so the ifmap streams once per
    // column fold (2 x 40 padded words) at 1 word per cycle: ~160 cycles of transfer for 79 cycles of
    // compute. The array must stall, and Total Cycles = compute + stall.
    const auto low =
        model::systolicReport(p, systolicAcc(4, 4, SystolicDataflow::WeightStationary, 64, 65536, 65536, 1));
    QVERIFY(low.stall_cycles > 0);
    QCOMPARE(low.compute_cycles, 79.0);
    QCOMPARE(low.total_cycles, low.compute_cycles + low.stall_cycles);
    QVERIFY(close(low.overall_util_pct, 100.0 * 300 / (low.total_cycles * 16)));
    // Mapping efficiency and compute utilisation ignore stalls.
    QCOMPARE(low.mapping_efficiency_pct, ample.mapping_efficiency_pct);
    QCOMPARE(low.compute_util_pct, ample.compute_util_pct);
    const auto cost = model::evaluateSystolic(
        gemmLayer(10, 6, 5), systolicAcc(4, 4, SystolicDataflow::WeightStationary, 64, 65536, 65536, 1));
    QVERIFY(cost.bound == model::Bound::Memory);
    QCOMPARE(cost.bound_level, 0);
    QCOMPARE(cost.cycles, low.total_cycles);
}

void TestSystolic::memoryLevelsToSrams() {
    // The documented rule (docs/systolic.md §1): an operand's SRAM is the innermost shared level that
    // keeps it; a level chosen by several operands is split equally; per-PE levels are ignored.
    hardware::Accelerator a = systolicAcc(4, 4, SystolicDataflow::OutputStationary);
    a.levels.resize(1);
    a.levels[0].bandwidth_words_per_cycle = 8;
    a.levels[0].word_bits = 16;
    a.precision[Operand::Output] = Precision::integer(16);
    hardware::MemoryLevel shared;
    shared.name = "Shared";
    shared.capacity_bytes = 4096;
    shared.keeps[Operand::Weight] = false; // inputs and outputs
    hardware::MemoryLevel wbuf;
    wbuf.name = "WeightBuffer";
    wbuf.capacity_bytes = 1024;
    wbuf.keeps = workload::PerOperand<bool>::filled(false);
    wbuf.keeps[Operand::Weight] = true;
    hardware::MemoryLevel reg = wbuf;
    reg.name = "WeightReg";
    reg.kind = hardware::MemoryKind::RegFile;
    reg.capacity_bytes = 1;
    reg.per_pe = true;
    a.levels.insert(a.levels.end(), {shared, wbuf, reg});
    const auto mem = model::systolicMemory(a);
    QCOMPARE(mem.level[Operand::Input], 1);
    QCOMPARE(mem.level[Operand::Output], 1);
    QCOMPARE(mem.level[Operand::Weight], 2);              // not the per-PE register
    QCOMPARE(mem.sram_elements[Operand::Input], 2048.0);  // half of 4096 bytes, 8-bit inputs
    QCOMPARE(mem.sram_elements[Operand::Output], 1024.0); // the other half, 16-bit outputs
    QCOMPARE(mem.sram_elements[Operand::Weight], 1024.0);
    QVERIFY(mem.user_bandwidth);
    QCOMPARE(mem.dram_elements_per_cycle[Operand::Input], 16.0); // 8 words x 16 bits / 8 bits
    QCOMPARE(mem.dram_elements_per_cycle[Operand::Output], 8.0);

    // No on-chip level keeps the weights: every filter access is a DRAM access.
    hardware::Accelerator b = systolicAcc(4, 4, SystolicDataflow::OutputStationary);
    b.levels[2].keeps[Operand::Weight] = false;
    const auto r = model::systolicReport(model::scaleSimGemmProblem(10, 6, 5), b);
    QCOMPARE(model::systolicMemory(b).level[Operand::Weight], 0);
    QCOMPARE(r.dram[Operand::Weight].count, r.sram[Operand::Weight].count); // K*N*Rf = 90
    QCOMPARE(r.dram[Operand::Weight].count, 90.0);
}

QTEST_APPLESS_MAIN(TestSystolic)
#include "tst_systolic.moc"
