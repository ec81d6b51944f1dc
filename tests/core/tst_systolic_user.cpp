// SCALE-Sim v2 USER mode (DRAM bandwidth B words/cycle): the exact replay (SystolicOptions::exact_memory)
// against values derived by hand from the rules of shared/reference/scalesim-v2.md §6.2, §6.5 and
// SCALE-Sim's memory/read_buffer.py and memory/write_buffer.py (docs/systolic.md, "USER mode"):
//   read buffer of S words: active A = ceil(S/2), prefetch Pb = S - A; the prefetch matrix (P entries,
//   -1 padding included) is cut into sets of e = ceil(S/100) valid words; num_sets = floor(V/e) + 1;
//   the window holds na = min(num_sets, ceil(A/e)) sets and moves by np = min(num_sets - na, ceil(Pb/e));
//   preload: min(ceil(A/B), ceil(P/B)) lines ending at cycle -1; every move: ceil(Pb/B) lines issued
//   right after the previous prefetch, done ceil(Pb/B) + 1 cycles later; a demand at cycle c stalls
//   until that completion; DRAM reads = lines * B.
//   write buffer: lines of B words; when more than D = S - ceil(S/2) wait and no drain runs, ceil(D/B)
//   lines drain (one per cycle, space freed at once); a full buffer during a drain stalls to its end.
//   Per demand line the array stalls by max(ifmap, filter, ofmap stall); Total = compute + stall.
#include <QtTest>

#include "model/systolic_dram_span.h"
#include "model/systolic_geometry.h"
#include "model/systolic_memory.h"
#include "model/systolic_model.h"
#include "model/systolic_prefetch.h"
#include "systolic_fixtures.h"

using namespace archscape;
using archscape::test::close;
using archscape::test::systolicAcc;
using hardware::SystolicDataflow;
using workload::Operand;

Q_DECLARE_METATYPE(SystolicDataflow)

namespace {

model::SystolicReport exactUser(const model::SystolicProblem& p, const hardware::Accelerator& acc) {
    model::SystolicOptions o;
    o.exact_memory = true;
    return model::systolicReport(p, acc, o);
}

} // namespace

class TestSystolicUser : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void noWindowMoveClosedForm_data();
    void noWindowMoveClosedForm();
    void windowMovesByHand();
    void writeBufferStalls_data();
    void writeBufferStalls();
    void stallsVanishWithBandwidth();
    void totalIsComputePlusStall_data();
    void totalIsComputePlusStall();
    void fastMatchesExactByHand_data();
    void fastMatchesExactByHand();
    void prefetchPositions();
    void dramSpanByHand();
    void dramSpanHoldsThePortsBandwidth_data();
    void dramSpanHoldsThePortsBandwidth();
};

void TestSystolicUser::noWindowMoveClosedForm_data() {
    QTest::addColumn<SystolicDataflow>("df");
    QTest::addColumn<qint64>("M");
    QTest::addColumn<qint64>("N");
    QTest::addColumn<qint64>("K");
    QTest::addColumn<qint64>("S");
    QTest::addColumn<int>("B");
    QTest::addColumn<double>("P_if");
    QTest::addColumn<double>("P_fil");
    // 4x4 array. Padded prefetch sizes (reference §6.5): os ifmap Rf*K*R, filter Cf*K*C; ws ifmap
    // Rf*M*R, filter Cf*K*C; is ifmap Cf*K*C, filter Rf*N*R.
    // M=10 N=6 K=5, 64 KB: every operand (<= 60 valid words) is one set of e = 656: no move.
    //   os: Rf=3 Cf=2 -> P 60, 40;  ws: Rf=2 Cf=2 -> 80, 40;  is: Rf=2 Cf=3 -> 60, 48.
    QTest::newRow("os B=2") << SystolicDataflow::OutputStationary << 10LL << 6LL << 5LL << 65536LL << 2 << 60.0 << 40.0;
    QTest::newRow("os B=3") << SystolicDataflow::OutputStationary << 10LL << 6LL << 5LL << 65536LL << 3 << 60.0 << 40.0;
    QTest::newRow("ws B=3") << SystolicDataflow::WeightStationary << 10LL << 6LL << 5LL << 65536LL << 3 << 80.0 << 40.0;
    QTest::newRow("is B=7") << SystolicDataflow::InputStationary << 10LL << 6LL << 5LL << 65536LL << 7 << 60.0 << 48.0;
    // os M=5 N=4 K=20, S=260 words: A=130, e=3. Ifmap V=100 valid -> 34 sets <= ceil(130/3) = 44:
    // no move, but the padded P = Rf*K*R = 2*20*4 = 160 exceeds A, so the preload is capped by A:
    // B=4 -> 4*min(33, 40) = 132; B=3 -> 3*min(44, 54) = 132; B=1 -> 130. Filter: V = 80 (27 sets),
    // P = Cf*K*C = 80 -> B*min(ceil(130/B), ceil(80/B)).
    QTest::newRow("os capped B=4") << SystolicDataflow::OutputStationary << 5LL << 4LL << 20LL << 260LL << 4 << 160.0
                                   << 80.0;
    QTest::newRow("os capped B=3") << SystolicDataflow::OutputStationary << 5LL << 4LL << 20LL << 260LL << 3 << 160.0
                                   << 80.0;
    QTest::newRow("os capped B=1") << SystolicDataflow::OutputStationary << 5LL << 4LL << 20LL << 260LL << 1 << 160.0
                                   << 80.0;
}

void TestSystolicUser::noWindowMoveClosedForm() {
    // Without a window move the only DRAM traffic is the preload of min(ceil(A/B), ceil(P/B)) lines,
    // counted as whole lines of B words (padding included), in cycles -lines .. -1, and nothing stalls.
    QFETCH(SystolicDataflow, df);
    QFETCH(qint64, M);
    QFETCH(qint64, N);
    QFETCH(qint64, K);
    QFETCH(qint64, S);
    QFETCH(int, B);
    QFETCH(double, P_if);
    QFETCH(double, P_fil);
    const auto acc = systolicAcc(4, 4, df, S, S, 65536, B);
    const auto p = model::scaleSimGemmProblem(M, N, K);
    const double A = std::ceil(double(S) / 2);
    const auto lines = [&](double P) { return std::min(std::ceil(A / B), std::ceil(P / B)); };
    for (bool exact : {false, true}) {
        model::SystolicOptions o;
        o.exact_memory = exact;
        const auto r = model::systolicReport(p, acc, o);
        QVERIFY(r.user_bandwidth);
        QCOMPARE(r.dram[Operand::Input].count, B * lines(P_if));
        QCOMPARE(r.dram[Operand::Weight].count, B * lines(P_fil));
        QCOMPARE(r.dram[Operand::Input].start_cycle, -lines(P_if));
        QCOMPARE(r.dram[Operand::Input].stop_cycle, -1.0);
        QCOMPARE(r.stall_cycles, 0.0);
        QCOMPARE(r.total_cycles, r.compute_cycles);
    }
}

void TestSystolicUser::windowMovesByHand() {
    // ws 2x2, GEMM M=1 N=2 K=4: Sr=K=4 -> Rf=2, Cf=1, T=M=1, L = 2R+C+T-2 = 5, 10 lines, 9 compute cycles.
    // Filter FM[k][n] = n*K + k. Filter SRAM S=4 words, B=1: A=2, Pb=2, e=1. Prefetch matrix (ws filter,
    // row-major K x C): 0,4,1,5,2,6,3,7 -> 8 one-word sets + an empty one: num_sets=9, na=2, np=2.
    // Preload 2 lines (cycles -2, -1): window {set0=0, set1=4}. A move: 2 lines, done 3 cycles later.
    // Demand (stationary load, flipped): line 0 = {1,5}, line 1 = {0,4}, line 5 = {3,7}, line 6 = {2,6}.
    //  line 0 @0: 1 misses -> window [2,4) = {1,5}, prefetch done 2 -> served 2: stall 1.
    //  line 1 @1+1=2: 0 misses -> [4,6), [6,8), [8,1) (wraps to set 0): done 5, 8, 11; then 4 (set 1)
    //    misses -> [1,3): done 14 -> served 14: stall 14-2-1 = 11 (total 12).
    //  line 5 @5+12=17: 3 (set 6): [3,5), [5,7) -> done 17, 20; 7 (set 7): [7,0) -> 23: stall 5 (17).
    //  line 6 @6+17=23: 2 (set 4): [0,2), [2,4), [4,6) -> 26, 29, 32: stall 8 (25).
    // Ifmap and ofmap have 64 KB: no stall. Stall 25, Total 9 + 25 = 34. Filter DRAM: 2 + 11 moves * 2
    // = 24 words, cycles -2 .. 32; filter SRAM served 2 (line 0) .. 32 (line 6).
    // Ifmap (ws: M x R per row fold, 4 valid words, B=1): preload 4 lines, -4 .. -1; its demand lines
    // are 2, 3, 7, 8 -> served (2+12)+1 = 15 .. (8+25)+1 = 34.
    // Ofmap: 4 partial sums (M*N*Rf), drained after the run at B=1: cycles 34 .. 37.
    const auto r = exactUser(model::scaleSimGemmProblem(1, 2, 4),
                             systolicAcc(2, 2, SystolicDataflow::WeightStationary, 65536, 4, 65536, 1));
    QVERIFY(r.exact_memory);
    QCOMPARE(r.compute_cycles, 9.0);
    QCOMPARE(r.stall_cycles, 25.0);
    QCOMPARE(r.total_cycles, 34.0);
    QCOMPARE(r.dram[Operand::Weight].count, 24.0);
    QCOMPARE(r.dram[Operand::Weight].start_cycle, -2.0);
    QCOMPARE(r.dram[Operand::Weight].stop_cycle, 32.0);
    QCOMPARE(r.sram[Operand::Weight].start_cycle, 2.0);
    QCOMPARE(r.sram[Operand::Weight].stop_cycle, 32.0);
    QCOMPARE(r.dram[Operand::Input].count, 4.0);
    QCOMPARE(r.dram[Operand::Input].start_cycle, -4.0);
    QCOMPARE(r.dram[Operand::Input].stop_cycle, -1.0);
    QCOMPARE(r.sram[Operand::Input].start_cycle, 15.0);
    QCOMPARE(r.sram[Operand::Input].stop_cycle, 34.0);
    QCOMPARE(r.dram[Operand::Output].count, 4.0);
    QCOMPARE(r.dram[Operand::Output].start_cycle, 34.0);
    QCOMPARE(r.dram[Operand::Output].stop_cycle, 37.0);
    // Overall Util uses the stalled Total Cycles: 100 * M*N*K / (34 * R*C) = 800/136.
    QVERIFY(close(r.overall_util_pct, 800.0 / 136));
    QVERIFY(close(r.averageSramBandwidth(Operand::Weight), 8.0 / 34));
}

void TestSystolicUser::writeBufferStalls_data() {
    QTest::addColumn<int>("B");
    QTest::addColumn<double>("stall");
    QTest::addColumn<double>("writes");
    QTest::addColumn<double>("start");
    QTest::addColumn<double>("stop");
    // os 4x4, GEMM M=N=4, K=1: one fold, L = 1+4+4-2 = 7 lines, 6 compute cycles. The flipped 4x4
    // output block skewed over 4 columns leaves 1,2,3,4,3,2,1 outputs on lines 0..6. Ofmap SRAM S=8:
    // D = 4, a drain starts once free < 4 (more than 4 waiting).
    // B=1 (< C=4): each output is a line; drains of 4 lines (4 cycles).
    //   line 0 @0: free 7. line 1 @1: free 5. line 2 @2: the 2nd output leaves free 3 < 4 -> drain
    //   2..5 (free 7), the 3rd: free 6. line 3 @3: free 2. line 4 @4: free 1, then 0 while the drain
    //   runs -> wait to 5 (stall 1); the 3rd output finds no drain running -> drain 5..8 (free 3).
    //   line 5 @6: free 2, 1. line 6 @7: free 0 during the drain -> wait to 8 (stall 1).
    //   Stall 2, Total 8. The 8 lines left drain from 8: 8..11, 12..15. Writes 16, cycles 2..15.
    QTest::newRow("B=1 stalls") << 1 << 2.0 << 16.0 << 2.0 << 15.0;
    // B=2: lines of 2, drains of 2 lines (4 words, 2 cycles) at cycles 2, 3 and 4, each ending
    // before the buffer fills: no stall. The drain at 3 takes the partial line closed at cycle 2
    // (1 word) and a full one and counts 2*2 = 4 (the drain-group quirk: +1). After the run
    // (cycle 6): 2 full lines at 6..7, then the last partial line (1 word) at 8.
    // Writes 4+4+4+4+1 = 17 for 16 outputs, cycles 2..8.
    QTest::newRow("B=2 no stall, quirk") << 2 << 0.0 << 17.0 << 2.0 << 8.0;
}

void TestSystolicUser::writeBufferStalls() {
    QFETCH(int, B);
    QFETCH(double, stall);
    QFETCH(double, writes);
    QFETCH(double, start);
    QFETCH(double, stop);
    const auto r = exactUser(model::scaleSimGemmProblem(4, 4, 1),
                             systolicAcc(4, 4, SystolicDataflow::OutputStationary, 65536, 65536, 8, B));
    QCOMPARE(r.compute_cycles, 6.0);
    QCOMPARE(r.stall_cycles, stall);
    QCOMPARE(r.total_cycles, 6.0 + stall);
    QCOMPARE(r.dram[Operand::Output].count, writes);
    QCOMPARE(r.dram[Operand::Output].start_cycle, start);
    QCOMPARE(r.dram[Operand::Output].stop_cycle, stop);
    // Reads: K*R = 4 ifmap and K*C = 4 filter words preloaded in ceil(4/B) lines; they never stall.
    QCOMPARE(r.dram[Operand::Input].count, B * std::ceil(4.0 / B));
}

void TestSystolicUser::stallsVanishWithBandwidth() {
    // os 4x4, GEMM M=N=16, K=64 (Rf=Cf=4, L=70, 1119 compute cycles); ifmap and filter SRAMs of 256
    // words (A = Pb = 128, e = 3): each operand (1024 words) needs window moves of ~43 sets = 129
    // words. The array consumes at most 4 words of an operand per line, so a move lasts >= 32 lines.
    // B=1: a move takes ceil(128/1)+1 = 129 cycles > 32: the prefetch falls behind, the array stalls.
    // B=64: a move takes 2+1 = 3 cycles < 32: every prefetch ends before its data is needed.
    const auto p = model::scaleSimGemmProblem(16, 16, 64);
    const auto slow = exactUser(p, systolicAcc(4, 4, SystolicDataflow::OutputStationary, 256, 256, 65536, 1));
    const auto fast = exactUser(p, systolicAcc(4, 4, SystolicDataflow::OutputStationary, 256, 256, 65536, 64));
    QCOMPARE(slow.compute_cycles, 1119.0);
    QVERIFY(slow.stall_cycles > 0);
    // At 1 word per cycle, the filter's DRAM reads cannot finish before the run does.
    QVERIFY(slow.total_cycles >= slow.dram[Operand::Weight].count - 128);
    QCOMPARE(fast.stall_cycles, 0.0);
    QCOMPARE(fast.total_cycles, 1119.0);
    // Window moves did happen (DRAM reads beyond the 1024-word operand, stop after cycle 0).
    QVERIFY(fast.dram[Operand::Weight].count > 1024);
    QVERIFY(fast.dram[Operand::Weight].stop_cycle > 0);
}

void TestSystolicUser::totalIsComputePlusStall_data() {
    QTest::addColumn<SystolicDataflow>("df");
    QTest::addColumn<int>("B");
    QTest::newRow("os B=1") << SystolicDataflow::OutputStationary << 1;
    QTest::newRow("ws B=2") << SystolicDataflow::WeightStationary << 2;
    QTest::newRow("is B=3") << SystolicDataflow::InputStationary << 3;
    QTest::newRow("ws B=16") << SystolicDataflow::WeightStationary << 16;
}

void TestSystolicUser::totalIsComputePlusStall() {
    // A convolution (overlapping windows, ceil-rule edge windows) with small SRAMs: whatever the
    // stalls, Total = Rf*Cf*L - 1 + Stall (reference §6.5), the stall-free figures are unchanged, and
    // SRAM counts are the demand sizes.
    QFETCH(SystolicDataflow, df);
    QFETCH(int, B);
    const auto p = model::scaleSimConvProblem(12, 12, 3, 3, 4, 8, 2, 2); // E = F = ceil(11/2) = 6
    const auto acc = systolicAcc(8, 4, df, 300, 200, 100, B);
    const auto calc = model::systolicReport(p, systolicAcc(8, 4, df, 300, 200, 100));
    const auto r = exactUser(p, acc);
    QCOMPARE(r.compute_cycles, calc.compute_cycles);
    QCOMPARE(r.total_cycles, r.compute_cycles + r.stall_cycles);
    QCOMPARE(r.mapping_efficiency_pct, calc.mapping_efficiency_pct);
    QCOMPARE(r.compute_util_pct, calc.compute_util_pct);
    for (Operand o : workload::kAllOperands) QCOMPARE(r.sram[o].count, calc.sram[o].count);
    QVERIFY(close(r.overall_util_pct, 100.0 * double(p.macs()) / (r.total_cycles * 32)));
    // Every DRAM read request is a whole line of B words.
    QCOMPARE(std::fmod(r.dram[Operand::Input].count, double(B)), 0.0);
    QCOMPARE(std::fmod(r.dram[Operand::Weight].count, double(B)), 0.0);
}

void TestSystolicUser::fastMatchesExactByHand_data() {
    QTest::addColumn<SystolicDataflow>("df");
    QTest::addColumn<int>("m");
    QTest::addColumn<int>("n");
    QTest::addColumn<int>("k");
    QTest::addColumn<int>("filter_sram");
    QTest::addColumn<double>("compute");
    QTest::addColumn<double>("stall");
    QTest::addColumn<double>("words");
    QTest::addColumn<double>("stop");
    // The fast estimate follows the window fold slice by fold slice (docs/systolic.md §5); for GEMMs
    // whose other buffers never move it places every move as the replay does. Move n (of Lp request
    // lines) completes at -1 + n*(Lp+1); the array waits until then: Stall = max_n (n*(Lp+1) - 2 - line_n).
    // ws stationary filter: the case of windowMovesByHand (sets = positions, na = np = 2, 9 sets, Lp = 2).
    //  fold 0: row k=1 (sets 2,3) at line 0: 1 move (n=1 -> 3-2-0 = 1); row k=0 at line 1: set 0 is
    //  7 sets ahead cyclically: 3 moves (n=4 -> 12-2-1 = 9), set 1: 1 move (n=5 -> 12).
    //  fold 1 (lines from 5): row k=3 (sets 6,7) at line 5: 2 + 1 moves (n=8 -> 24-2-5 = 17); row k=2
    //  (sets 4,5) at line 6: 3 moves (n=11 -> 33-2-6 = 25). Stall 25; DRAM 2 + 11*2 = 24 words, stop 11*3-1.
    QTest::newRow("ws filter, flipped stationary rows")
        << SystolicDataflow::WeightStationary << 1 << 2 << 4 << 4 << 9.0 << 25.0 << 24.0 << 32.0;
    // os 2x2, GEMM M=4 N=2 K=2: Rf=2, Cf=1, L = T+R+C-2 = 4, compute 2*4-1 = 7. Filter SRAM 2 words, B=1:
    // A=1, Pb=1, e=1; os filter prefetch (Cf*K x C, anti-diagonals): FM[0][0]=0, FM[1][0]=1,
    // FM[0][1]=2, FM[1][1]=3 -> 4 sets + an empty one, na=np=1, Lp=1 (a move completes 2 cycles
    // later). Preload 1 line (cycle -1): set 0. Each row fold reads the slice again: lines 0,1,1,2
    // demand sets 0 | 1,2 | 3 -> moves 1,2 (line 1: 4-2-1 = 1), 3 (line 2: 6-2-2 = 2). Row fold 1
    // (lines from 4): set 0 is 2 sets ahead cyclically: moves 4,5 at line 4 (10-2-4 = 4); sets 1,2 at
    // line 5: moves 6,7 (14-2-5 = 7); set 3 at line 6: move 8 (16-2-6 = 8). Stall 8; DRAM 1 + 8 = 9
    // words, stop 8*2-1 = 15.
    QTest::newRow("os filter, re-read per row fold")
        << SystolicDataflow::OutputStationary << 4 << 2 << 2 << 2 << 7.0 << 8.0 << 9.0 << 15.0;
}

void TestSystolicUser::fastMatchesExactByHand() {
    QFETCH(SystolicDataflow, df);
    QFETCH(int, m);
    QFETCH(int, n);
    QFETCH(int, k);
    QFETCH(int, filter_sram);
    QFETCH(double, compute);
    QFETCH(double, stall);
    QFETCH(double, words);
    QFETCH(double, stop);
    const auto p = model::scaleSimGemmProblem(m, n, k);
    const auto acc = systolicAcc(2, 2, df, 65536, filter_sram, 65536, 1);
    for (const bool exact : {false, true}) {
        const auto r = exact ? exactUser(p, acc) : model::systolicReport(p, acc);
        QCOMPARE(r.exact_memory, exact);
        QCOMPARE(r.compute_cycles, compute);
        QCOMPARE(r.stall_cycles, stall);
        QCOMPARE(r.total_cycles, compute + stall);
        QCOMPARE(r.dram[Operand::Weight].count, words);
        QCOMPARE(r.dram[Operand::Weight].stop_cycle, stop);
    }
}

void TestSystolicUser::prefetchPositions() {
    // A 4 x 2 prefetch matrix of two blocks of height 2 whose last block has one valid column
    // (folded = 3): padding at rows 2, 3 of column 1.
    model::PrefetchLayout l;
    l.height = 2, l.width = 2, l.blocks = 2, l.folded = 3;
    QCOMPARE(l.valid(), 6);
    QCOMPARE(l.size(), 8);
    // Row by row: (0,0) (0,1) (1,0) (1,1) (2,0) (3,0).
    const int rows[6][2] = {{0, 0}, {0, 1}, {1, 0}, {1, 1}, {2, 0}, {3, 0}};
    for (int i = 0; i < 6; ++i) QCOMPARE(l.position(rows[i][0], rows[i][1]), std::int64_t(i));
    // Anti-diagonals, each from its highest row down: d0 (0,0); d1 (1,0) (0,1); d2 (2,0) (1,1);
    // d3 (3,0) [(2,1) padding]; d4 [(3,1) padding].
    l.diagonal = true;
    const int diag[6][2] = {{0, 0}, {1, 0}, {0, 1}, {2, 0}, {1, 1}, {3, 0}};
    for (int i = 0; i < 6; ++i) QCOMPARE(l.position(diag[i][0], diag[i][1]), std::int64_t(i));
}

void TestSystolicUser::dramSpanByHand() {
    // Issue 15 (TPU roofline): SCALE-Sim moves DRAM data outside the array's Total Cycles without a
    // stall, so a layer's DRAM span can be longer than its cycles.
    // 1. The window-move case above (exact replay): filter -2 .. 32, ifmap preload -4 .. -1, ofmap drain
    //    34 .. 37 after Total 34: the ports work from cycle -4 to 37, 42 cycles.
    const auto moving = exactUser(model::scaleSimGemmProblem(1, 2, 4),
                                  systolicAcc(2, 2, SystolicDataflow::WeightStationary, 65536, 4, 65536, 1));
    QCOMPARE(model::dramSpanCycles(moving), 42.0);
    // 2. No window move (fast estimate), os 4x4, GEMM 4x4x4: L = T+R+C-2 = 10, Total = 9, no stall.
    //    Ifmap and filter prefetch matrices: K*R = K*C = 16 entries, S = 1024 -> A = 512 > 16: preloaded in
    //    16 one-word lines, cycles -16 .. -1. Ofmap: 16 writes <= D = 512: drained after the run at the
    //    port's rate b, cycles 9 .. 9 + ceil(16/b) - 1. Span = 16 + 9 + ceil(16/b).
    const auto acc = systolicAcc(4, 4, SystolicDataflow::OutputStationary, 1024, 1024, 1024, 1);
    const auto r = model::systolicReport(model::scaleSimGemmProblem(4, 4, 4), acc, {});
    QCOMPARE(r.total_cycles, 9.0);
    QCOMPARE(r.stall_cycles, 0.0);
    const double b = model::systolicMemory(acc).dram_elements_per_cycle[Operand::Output];
    QCOMPARE(model::dramSpanCycles(r), 16 + 9 + std::ceil(16 / b));
    // 3. CALC mode's windows count too (its preload at an assumed 10 words per cycle); a span is
    //    never shorter than the run.
    const auto calc = model::systolicReport(model::scaleSimGemmProblem(4, 4, 4),
                                            systolicAcc(4, 4, SystolicDataflow::OutputStationary), {});
    QVERIFY(model::dramSpanCycles(calc) >= calc.total_cycles);
}

void TestSystolicUser::dramSpanHoldsThePortsBandwidth_data() {
    QTest::addColumn<SystolicDataflow>("df");
    QTest::addColumn<int>("array");
    QTest::addColumn<qint64>("M");
    QTest::addColumn<qint64>("N");
    QTest::addColumn<qint64>("K");
    QTest::addColumn<qint64>("S");
    QTest::addColumn<int>("B");
    // ResNet-50 conv1's GEMM (M = 112*112 pixels, N = 64 filters, K = 7*7*3) on TPU-like buffers (256x256,
    // 12 MiB SRAMs, 48 words per cycle): under ws its 12544 x 256 ifmap prefetch matrix (3.21M entries)
    // is preloaded before cycle 0, more than 48 words per cycle of its 13k cycles.
    QTest::newRow("tpu conv1 ws") << SystolicDataflow::WeightStationary << 256 << qint64(12544) << qint64(64)
                                  << qint64(147) << qint64(12582912) << 48;
    QTest::newRow("tpu conv1 os") << SystolicDataflow::OutputStationary << 256 << qint64(12544) << qint64(64)
                                  << qint64(147) << qint64(12582912) << 48;
    QTest::newRow("tpu conv1 is") << SystolicDataflow::InputStationary << 256 << qint64(12544) << qint64(64)
                                  << qint64(147) << qint64(12582912) << 48;
    QTest::newRow("moves ws") << SystolicDataflow::WeightStationary << 8 << qint64(300) << qint64(40) << qint64(90)
                              << qint64(2048) << 2;
    QTest::newRow("moves os") << SystolicDataflow::OutputStationary << 8 << qint64(300) << qint64(40) << qint64(90)
                              << qint64(2048) << 2;
    QTest::newRow("moves is") << SystolicDataflow::InputStationary << 8 << qint64(300) << qint64(40) << qint64(90)
                              << qint64(2048) << 2;
    QTest::newRow("drains os B=1") << SystolicDataflow::OutputStationary << 4 << qint64(64) << qint64(64) << qint64(8)
                                   << qint64(256) << 1;
}

void TestSystolicUser::dramSpanHoldsThePortsBandwidth() {
    // Each port moves at most its bandwidth per cycle of its window (reads: whole lines of floor(b)
    // words, one per cycle; writes: drains at b per cycle), and every window lies in the span: so each
    // port's words over the span stay at or under its bandwidth, fast estimate and exact replay alike.
    QFETCH(SystolicDataflow, df);
    QFETCH(int, array);
    QFETCH(qint64, M);
    QFETCH(qint64, N);
    QFETCH(qint64, K);
    QFETCH(qint64, S);
    QFETCH(int, B);
    const auto acc = systolicAcc(array, array, df, S, S, S, B);
    const auto mem = model::systolicMemory(acc);
    for (bool exact : {false, true}) {
        if (exact && M * K > 100000) continue; // the exact replay of conv1 is measured in docs/systolic.md §9
        model::SystolicOptions o;
        o.exact_memory = exact;
        const auto r = model::systolicReport(model::scaleSimGemmProblem(M, N, K), acc, o);
        const double span = model::dramSpanCycles(r);
        QVERIFY(span >= r.total_cycles);
        for (Operand op : workload::kAllOperands)
            QVERIFY2(r.dram[op].count <= mem.dram_elements_per_cycle[op] * span * (1 + 1e-12),
                     qPrintable(QStringLiteral("operand %1, exact %2: %3 words in %4 cycles at %5")
                                    .arg(int(op))
                                    .arg(exact)
                                    .arg(r.dram[op].count)
                                    .arg(span)
                                    .arg(mem.dram_elements_per_cycle[op])));
    }
}

QTEST_APPLESS_MAIN(TestSystolicUser)
#include "tst_systolic_user.moc"
