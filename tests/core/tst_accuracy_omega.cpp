// HAWQ-V2 Ω model on the shipped ResNet-18/50 data, and its a − b·ln Ω fit.
#include <QtTest>

#include <cmath>
#include <fstream>

#include "accuracy/csv_table.h"
#include "accuracy/hawq_data.h"
#include "accuracy/log_fit.h"
#include "accuracy/omega_model.h"
#include "io/workload_json.h"
#include "test_support.h"

using namespace archscape;
using namespace archscape::accuracy;

class TstAccuracyOmega : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void omegaHandSum();
    void omegaAgreesWithDataset_data();
    void omegaAgreesWithDataset();
    void fitMatchesIndependentFit_data();
    void fitMatchesIndependentFit();
    void leaveOneOutByHand();
    void extrapolationFlags();
    void interpolationHitsMeasuredPoints();
    void predictThroughNetwork();
    void badCsv_data();
    void badCsv();
};

void TstAccuracyOmega::omegaHandSum() {
    // bit_config_resnet18_modelsize_0.75: layers 13 and 18 at 4 bits, the rest at 8. The sum below is
    // Tr(H)/n × ‖ΔW‖²(b) written out term by term from hawq_resnet18_layers.csv.
    const double hand = 0.06857826 * 0.0235 + 0.03162379 * 0.0125 + 0.03298575 * 0.0102 + 0.01205663 * 0.0082 +
                        0.02222431 * 0.0145 + 0.00596336 * 0.0344 + 0.06931772 * 0.0023 + 0.00807129 * 0.0287 +
                        0.00372905 * 0.0148 + 0.00530698 * 0.0333 + 0.00209011 * 0.0682 + 0.00737569 * 0.0027 +
                        0.00210454 * 0.0448 + 0.00151197 * 10.9651 + 0.00158041 * 0.0576 + 0.00078146 * 0.1130 +
                        0.00451841 * 0.0102 + 0.00098745 * 0.0947 + 0.00072944 * 17.4016;
    auto m = OmegaModel::preset("resnet18");
    QVERIFY2(m.ok(), m.errors.empty() ? "" : m.errors[0].message.c_str());
    std::vector<int> bits(19, 8);
    bits[13] = bits[18] = 4;
    QVERIFY(std::abs(m.value->omega(PrecisionAssignment::fromBits(bits)) - hand) < 1e-12);
    // And the data set's own computation, printed with 6 significant digits: 0.0334406.
    QVERIFY(std::abs(hand - 0.0334406) < 5e-8);
}

void TstAccuracyOmega::omegaAgreesWithDataset_data() {
    QTest::addColumn<QString>("network");
    QTest::newRow("resnet18") << "resnet18";
    QTest::newRow("resnet50") << "resnet50";
}

void TstAccuracyOmega::omegaAgreesWithDataset() {
    // The configs file carries omega_computed, calculated when the data set was assembled (6 s.f.).
    QFETCH(QString, network);
    auto m = OmegaModel::preset(network.toStdString());
    QVERIFY(m.ok());
    auto csv = readCsv(test::sourcePath("presets/accuracy/hawq_v3_configs.csv"));
    QVERIFY(csv.ok());
    const int net = csv.value->column("network"), om = csv.value->column("omega_computed"),
              key = csv.value->column("bit_config_key");
    int checked = 0;
    for (const auto& row : csv.value->rows) {
        if (row[net] != network.toStdString()) continue;
        const double expected = std::stod(row[om]);
        for (const auto& c : m.value->configs())
            if (c.key == row[key]) {
                const double got = m.value->omega(PrecisionAssignment::fromBits(c.bits));
                QVERIFY2(std::abs(got - expected) <= 1e-5 * expected, row[key].c_str());
                ++checked;
            }
    }
    QCOMPARE(checked, 11);
}

void TstAccuracyOmega::fitMatchesIndependentFit_data() {
    // The data set's README reports its own OLS fit of top1 on ln Ω over the 11 configurations,
    // agreeing with a second independent fit: a, b, in-sample RMSE.
    QTest::addColumn<QString>("network");
    QTest::addColumn<double>("a");
    QTest::addColumn<double>("b");
    QTest::addColumn<double>("rmse");
    QTest::newRow("resnet18") << "resnet18" << 68.739 << 0.6174 << 0.409;
    QTest::newRow("resnet50") << "resnet50" << 73.363 << 0.7424 << 0.457;
}

void TstAccuracyOmega::fitMatchesIndependentFit() {
    QFETCH(QString, network);
    QFETCH(double, a);
    QFETCH(double, b);
    QFETCH(double, rmse);
    auto m = OmegaModel::preset(network.toStdString());
    QVERIFY(m.ok());
    const LogFit& f = m.value->fit();
    QCOMPARE(f.n, 11);
    QVERIFY(std::abs(f.a - a) < 2e-3);
    QVERIFY(std::abs(f.b - b) < 2e-4);
    QVERIFY(std::abs(f.rmse - rmse) < 2e-3);
    // Leave-one-out error can only be worse than the in-sample error of the same model.
    QVERIFY(f.loo_rmse > f.rmse);
    qInfo("%s: a=%.3f b=%.4f rmse=%.3f loo_rmse=%.3f loo_max=%.3f", qPrintable(network), f.a, f.b, f.rmse, f.loo_rmse,
          f.loo_max);
}

void TstAccuracyOmega::leaveOneOutByHand() {
    // ln Ω = 0, 1, 2 with accuracies 10, 9, 9. Leaving out x=0: line through (1,9),(2,9) predicts 9,
    // error 1; x=1: line through (0,10),(2,9) predicts 9.5, error −0.5; x=2: line through (0,10),(1,9)
    // predicts 8, error 1. LOO RMSE = sqrt((1 + 0.25 + 1)/3) = sqrt(0.75).
    // Full fit: mean x 1, mean y 28/3, Sxy = −1, Sxx = 2 -> b = 0.5, a = 28/3 + 0.5.
    const double omega[] = {1.0, std::exp(1.0), std::exp(2.0)};
    const double acc[] = {10, 9, 9};
    const LogFit f = fitLogOmega(omega, acc);
    QCOMPARE(f.n, 3);
    QVERIFY(std::abs(f.b - 0.5) < 1e-12);
    QVERIFY(std::abs(f.a - (28.0 / 3 + 0.5)) < 1e-12);
    QVERIFY(std::abs(f.loo_rmse - std::sqrt(0.75)) < 1e-12);
    QVERIFY(std::abs(f.loo_max - 1.0) < 1e-12);
    // Too few points: no fit.
    QCOMPARE(fitLogOmega(std::span(omega, 2), std::span(acc, 2)).n, 0);
}

void TstAccuracyOmega::extrapolationFlags() {
    auto m = OmegaModel::preset("resnet18");
    QVERIFY(m.ok());
    const auto& model = *m.value;
    // Uniform 4 and 8 bits are in the fitted data: not extrapolating, and 8 bits predict higher accuracy.
    const auto p4 = model.predict(PrecisionAssignment::fromBits(std::vector<int>(19, 4)));
    const auto p8 = model.predict(PrecisionAssignment::fromBits(std::vector<int>(19, 8)));
    QVERIFY(!p4.extrapolating);
    QVERIFY(!p8.extrapolating);
    QVERIFY(p8.top1 > p4.top1);
    QVERIFY(p4.uncertainty > 0);
    // Uniform 4 bit: a − b ln(1.30771) = 68.739 − 0.6174 · 0.26829 = 68.573 (README's fit).
    QVERIFY(std::abs(p4.top1 - 68.573) < 0.01);
    // 2 bits: never measured; 4-bit weights with 8-bit activations: never measured.
    QVERIFY(model.predict(PrecisionAssignment::fromBits(std::vector<int>(19, 2))).extrapolating);
    auto mixed = PrecisionAssignment::fromBits(std::vector<int>(19, 4));
    mixed.layers[0].activation = Precision::integer(8);
    QVERIFY(model.predict(mixed).extrapolating);
}

void TstAccuracyOmega::interpolationHitsMeasuredPoints() {
    // δ(b) = δ4 (δ8/δ4)^((b−4)/4) must return the measured values at 4 and 8 bits, and halve the
    // log-distance at 6 bits: δ(6) = sqrt(δ4 δ8).
    QVERIFY(std::abs(interpolateErrorSq(6.7430, 0.0235, 4) - 6.7430) < 1e-12);
    QVERIFY(std::abs(interpolateErrorSq(6.7430, 0.0235, 8) - 0.0235) < 1e-12);
    QVERIFY(std::abs(interpolateErrorSq(6.7430, 0.0235, 6) - std::sqrt(6.7430 * 0.0235)) < 1e-12);
}

void TstAccuracyOmega::predictThroughNetwork() {
    // The ResNet-18 preset workload has the stem conv and the FC besides HAWQ's 19 convs; predict()
    // through the network must skip them and give the same answer as the model's own indexing.
    auto m = OmegaModel::preset("resnet18");
    QVERIFY(m.ok());
    auto net = io::readWorkloadFile(test::sourcePath("presets/workloads/resnet18.json"));
    if (!net.ok()) QSKIP("resnet18 workload preset not readable");
    auto all = PrecisionAssignment::uniform(static_cast<int>(net.value->layers.size()), Precision::integer(8));
    const auto match = matchLayers(m.value->layers(), *net.value);
    QVERIFY2(match.has_value(), "HAWQ's 19 convolutions not found in presets/workloads/resnet18.json");
    for (int i : {13, 18}) all.layers[(*match)[i]] = {Precision::integer(4), Precision::integer(4)};
    const auto viaNet = predict(*m.value, *net.value, all);
    QVERIFY(viaNet.value.has_value());
    std::vector<int> bits(19, 8);
    bits[13] = bits[18] = 4;
    QCOMPARE(viaNet.value->top1, m.value->predict(PrecisionAssignment::fromBits(bits)).top1);
    // Wrong size: a message, no value.
    all.layers.pop_back();
    QVERIFY(!predict(*m.value, *net.value, all).value.has_value());
}

void TstAccuracyOmega::badCsv_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("where");
    QTest::addColumn<QString>("what");
    const QString header =
        "index,layer_key,K,C,R,S,stride,P,Q,hessian_trace_per_param,delta_w_sq_8bit,"
        "delta_w_sq_4bit,parameters,macs,latency_int8_ms_t4,latency_int4_ms_t4\n";
    QTest::newRow("nan") << header + "0,a,64,64,3,3,1,56,56,nan,0.02,6.7,36864,115605504,0.3,0.2\n"
                         << "line 2"
                         << "hessian_trace_per_param";
    QTest::newRow("missing column") << "index,layer_key\n0,a\n"
                                    << "line 1"
                                    << "missing column 'K'";
    QTest::newRow("short row") << header + "0,a,64\n"
                               << "line 2"
                               << "expected 16 fields";
    QTest::newRow("zero K") << header + "0,a,0,64,3,3,1,56,56,0.1,0.02,6.7,36864,115605504,0.3,0.2\n"
                            << "line 2"
                            << ">= 1";
}

void TstAccuracyOmega::badCsv() {
    QFETCH(QString, text);
    QFETCH(QString, where);
    QFETCH(QString, what);
    const QString path = QDir::temp().filePath("tst_accuracy_omega_bad.csv");
    {
        std::ofstream out(path.toStdString());
        out << text.toStdString();
    }
    const auto r = readHawqLayers(path.toStdString());
    QVERIFY(!r.ok());
    QVERIFY(!r.errors.empty());
    QCOMPARE(QString::fromStdString(r.errors[0].path), where);
    QVERIFY2(QString::fromStdString(r.errors[0].message).contains(what), r.errors[0].message.c_str());
    QFile::remove(path);
}

QTEST_APPLESS_MAIN(TstAccuracyOmega)
#include "tst_accuracy_omega.moc"
