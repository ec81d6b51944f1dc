// Quantizer arithmetic against hand-computed values.
#include <QtTest>

#include <cmath>
#include <vector>

#include "accuracy/quantizer.h"

using namespace archscape;
using accuracy::QuantScheme;
using archscape::Precision;

class TstAccuracyQuantizer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void integer_data();
    void integer();
    void floating_data();
    void floating();
    void perChannelBeatsPerTensor();
    void errorSquared();
    void errorShrinksWithBits();
};

void TstAccuracyQuantizer::integer_data() {
    QTest::addColumn<double>("lo");
    QTest::addColumn<double>("hi");
    QTest::addColumn<int>("bits");
    QTest::addColumn<bool>("symmetric");
    QTest::addColumn<double>("x");
    QTest::addColumn<double>("expected");
    // INT4 symmetric over ±3.5: qmax = 2^3−1 = 7, scale = 3.5/7 = 0.5.
    QTest::newRow("int4 sym exact") << -3.5 << 3.5 << 4 << true << 2.0 << 2.0;
    QTest::newRow("int4 sym 0.3") << -3.5 << 3.5 << 4 << true << 0.3 << 0.5;            // 0.6 -> 1 -> 0.5
    QTest::newRow("int4 sym tie even") << -3.5 << 3.5 << 4 << true << 0.75 << 1.0;      // 1.5 -> 2 (even) -> 1.0
    QTest::newRow("int4 sym tie even down") << -3.5 << 3.5 << 4 << true << 1.25 << 1.0; // 2.5 -> 2 -> 1.0
    QTest::newRow("int4 sym clamp") << -3.5 << 3.5 << 4 << true << 9.0 << 3.5;          // q clamps at 7
    QTest::newRow("int4 sym clamp neg") << -1.0 << 3.5 << 4 << true << -9.0 << -3.5;    // narrow range: qmin = −7
    // INT8 symmetric over ±1.27: scale = 0.01; 0.123 -> 12.3 -> 12 -> 0.12.
    QTest::newRow("int8 sym") << -1.27 << 1.27 << 8 << true << 0.123 << 0.12;
    // INT2 asymmetric over [−1, 2]: 0..3, scale = 3/3 = 1, zero point round(1/1) = 1.
    QTest::newRow("int2 asym 0.6") << -1.0 << 2.0 << 2 << false << 0.6 << 1.0;        // round(0.6)+1 = 2 -> (2−1)·1
    QTest::newRow("int2 asym clamp lo") << -1.0 << 2.0 << 2 << false << -2.0 << -1.0; // q = −1 clamps to 0
    QTest::newRow("int2 asym clamp hi") << -1.0 << 2.0 << 2 << false << 5.0 << 2.0;
    // Asymmetric over [2, 6] with 3 bits: range extended to [0, 6], scale 6/7, zp 0;
    // 5.0 -> 5.833 -> 6 -> 36/7.
    QTest::newRow("int3 asym positive") << 2.0 << 6.0 << 3 << false << 5.0 << 36.0 / 7.0;
    // INT16 symmetric over ±32767: scale 1, integers exact.
    QTest::newRow("int16 sym") << -32767.0 << 32767.0 << 16 << true << 1234.4 << 1234.0;
}

void TstAccuracyQuantizer::integer() {
    QFETCH(double, lo);
    QFETCH(double, hi);
    QFETCH(int, bits);
    QFETCH(bool, symmetric);
    QFETCH(double, x);
    QFETCH(double, expected);
    const auto p = accuracy::affineParams(lo, hi, bits, symmetric);
    QVERIFY(std::abs(accuracy::fakeQuantize(x, p) - expected) < 1e-12);
}

void TstAccuracyQuantizer::floating_data() {
    QTest::addColumn<QString>("format");
    QTest::addColumn<double>("x");
    QTest::addColumn<double>("expected");
    // FP8 E4M3 (bias 7, 3 mantissa bits). 0.3 lies in [0.25, 0.5): quantum 2^(−2−3) = 1/32;
    // 0.3·32 = 9.6 -> 10 -> 0.3125.
    QTest::newRow("e4m3 0.3") << "fp8_e4m3" << 0.3 << 0.3125;
    QTest::newRow("e4m3 1.1") << "fp8_e4m3" << 1.1 << 1.125; // quantum 1/8: 8.8 -> 9
    QTest::newRow("e4m3 -1.1") << "fp8_e4m3" << -1.1 << -1.125;
    QTest::newRow("e4m3 max") << "fp8_e4m3" << 448.0 << 448.0; // 1.75·2^8
    QTest::newRow("e4m3 saturate") << "fp8_e4m3" << 1000.0 << 448.0;
    // Smallest subnormal 2^(1−7−3) = 2^−9; 0.001·512 = 0.512 -> 1 -> 2^−9.
    QTest::newRow("e4m3 subnormal") << "fp8_e4m3" << 0.001 << 0.001953125;
    QTest::newRow("e4m3 underflow") << "fp8_e4m3" << 0.0009 << 0.0; // 0.46 quanta -> 0
    // FP8 E5M2 (bias 15, 2 mantissa bits): 1.1 -> quantum 1/4: 4.4 -> 4 -> 1.0; max 1.75·2^15.
    QTest::newRow("e5m2 1.1") << "fp8_e5m2" << 1.1 << 1.0;
    QTest::newRow("e5m2 0.3") << "fp8_e5m2" << 0.3 << 0.3125; // quantum 1/16: 4.8 -> 5
    QTest::newRow("e5m2 saturate") << "fp8_e5m2" << 1e6 << 57344.0;
    // FP16: 1 + 2^−11 is halfway between 1 and 1 + 2^−10 -> even mantissa (1.0).
    QTest::newRow("fp16 tie even") << "fp16" << 1.0 + std::ldexp(1.0, -11) << 1.0;
    // 1 + 3·2^−11 is halfway between mantissas 1 and 2 -> 2: 1 + 2^−9.
    QTest::newRow("fp16 tie up") << "fp16" << 1.0 + 3 * std::ldexp(1.0, -11) << 1.0 + std::ldexp(1.0, -9);
    QTest::newRow("fp16 max") << "fp16" << 70000.0 << 65504.0;
    // Smallest FP16 subnormal 2^−24.
    QTest::newRow("fp16 subnormal") << "fp16" << 1.4e-7 << std::ldexp(1.0, -23); // 2.35 quanta -> 2
    // BF16 (7 mantissa bits): π in [2, 4): quantum 2^(1−7) = 1/64: 201.06 -> 201 -> 3.140625.
    QTest::newRow("bf16 pi") << "bf16" << 3.14159265 << 3.140625;
    QTest::newRow("bf16 tie even") << "bf16" << 1.0 + std::ldexp(1.0, -8) << 1.0;
    QTest::newRow("fp32") << "fp32" << 0.1 << double(0.1f);
    QTest::newRow("zero") << "fp8_e4m3" << 0.0 << 0.0;
}

void TstAccuracyQuantizer::floating() {
    QFETCH(QString, format);
    QFETCH(double, x);
    QFETCH(double, expected);
    const auto p = parsePrecision(format.toStdString());
    QVERIFY(p.has_value());
    QCOMPARE(accuracy::roundToFloat(x, *p), expected);
}

void TstAccuracyQuantizer::perChannelBeatsPerTensor() {
    // Two output channels of very different range: per-tensor INT4 (scale 10/7) wipes out the small
    // channel {0.1, −0.2} (both round to 0); per-channel (scale 0.2/7) keeps it:
    // 0.1/(0.2/7) = 3.5 -> 4 (even) -> 0.114..., −0.2 -> −7 -> −0.2.
    std::vector<float> w{0.1f, -0.2f, 10.0f, 5.0f};
    std::vector<float> per_tensor = w, per_channel = w;
    accuracy::quantizeTensor(per_tensor, 2, {Precision::integer(4), true, false});
    accuracy::quantizeTensor(per_channel, 2, {Precision::integer(4), true, true});
    QCOMPARE(per_tensor[0], 0.0f);
    QCOMPARE(per_tensor[1], 0.0f);
    QVERIFY(std::abs(per_channel[0] - 0.4 / 3.5) < 1e-6); // 4 · 0.2/7
    QVERIFY(std::abs(per_channel[1] + 0.2) < 1e-6);
    // Second channel identical either way: scale 10/7, 5 -> 3.5 -> 4 -> 40/7.
    QVERIFY(std::abs(per_tensor[3] - 40.0 / 7.0) < 1e-5);
    QVERIFY(std::abs(per_channel[3] - 40.0 / 7.0) < 1e-5);
}

void TstAccuracyQuantizer::errorSquared() {
    // {3.5, 0.3, −0.75} at INT4 symmetric: scale 0.5; 0.3 -> 0.5 (err 0.2), −0.75 -> −1.5 -> −2 (even)
    // -> −1.0 (err 0.25), 3.5 exact: Σ = 0.04 + 0.0625 = 0.1025.
    const std::vector<float> w{3.5f, 0.3f, -0.75f};
    const double e = accuracy::quantizationErrorSq(w, 1, {Precision::integer(4), true, false});
    QVERIFY(std::abs(e - 0.1025) < 1e-6);
}

void TstAccuracyQuantizer::errorShrinksWithBits() {
    // A uniform-rounding error bound: each element is off by at most scale/2 = max|x|/(2·(2^(b−1)−1)),
    // so the error must drop at every extra bit on a spread of values.
    std::vector<float> w;
    for (int i = 0; i < 101; ++i) w.push_back(std::sin(0.37 * i) * 2.0f);
    double prev = 1e300;
    for (int b = 2; b <= 16; ++b) {
        const double e = accuracy::quantizationErrorSq(w, 1, {Precision::integer(b), true, false});
        const double bound = w.size() * std::pow(2.0 / (2.0 * ((1 << (b - 1)) - 1)), 2);
        QVERIFY2(e <= bound, qPrintable(QString("bits %1").arg(b)));
        QVERIFY2(e < prev, qPrintable(QString("bits %1").arg(b)));
        prev = e;
    }
}

QTEST_APPLESS_MAIN(TstAccuracyQuantizer)
#include "tst_accuracy_quantizer.moc"
