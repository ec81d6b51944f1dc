// Measured accuracy: the C++ trainer on real data, post-training quantization, the weight cache.
//
// The Fashion-MNIST CNN is trained once (2 epochs, about 30-60 s of CPU on 2 cores) and cached in the
// user's cache folder ($XDG_CACHE_HOME/archscape or ~/.cache/archscape); later runs load it in
// milliseconds. The digits networks train in a couple of seconds and use a private temp cache.
#include <QtTest>

#include <filesystem>
#include <fstream>

#include "accuracy/dataset.h"
#include "accuracy/measured_model.h"
#include "accuracy/weight_cache.h"

using namespace archscape;
using namespace archscape::accuracy;
using archscape::Precision;

class TstAccuracyMeasured : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void missingDatasetNamesPackage();
    void digitsDataset();
    void cacheRoundTrip();
    void fashionCnnReachesTarget();
    void degradesAsBitsShrink();
    void workloadShapes();

private:
    std::shared_ptr<const Dataset> dataset(const char* name);
    QTemporaryDir m_tmp;
};

std::shared_ptr<const Dataset> TstAccuracyMeasured::dataset(const char* name) {
    auto d = loadDataset(name);
    if (!d.ok()) return nullptr;
    return std::make_shared<const Dataset>(std::move(*d.value));
}

void TstAccuracyMeasured::missingDatasetNamesPackage() {
    const auto f = loadFashionMnist("/nonexistent/fashion-mnist");
    QVERIFY(!f.ok());
    QVERIFY(f.errors[0].message.find("sudo apt-get install -y dataset-fashion-mnist") != std::string::npos);
    QVERIFY(f.errors[0].path.find("train-images-idx3-ubyte.gz") != std::string::npos);
    const auto d = loadDigits("/nonexistent/digits.csv.gz");
    QVERIFY(!d.ok());
    QVERIFY(d.errors[0].message.find("apt-get install -y python3-sklearn") != std::string::npos);
    QVERIFY(!loadDataset("cifar").ok());
}

void TstAccuracyMeasured::digitsDataset() {
    auto d = dataset("digits");
    if (!d) QSKIP("python3-sklearn not installed");
    // 1,797 images; every 5th (indices 0, 5, ..., 1795) is held out: ceil(1797/5) = 360.
    QCOMPARE(d->testSize(), 360);
    QCOMPARE(d->trainSize(), 1437);
    QCOMPARE(d->height, 8);
    // First line of digits.csv.gz is a 0; its first row of pixels is 0,0,5,13,9,1,0,0.
    QCOMPARE(int(d->test_labels[0]), 0);
    QCOMPARE(int(d->test_pixels[3]), 13);
}

void TstAccuracyMeasured::cacheRoundTrip() {
    auto d = dataset("digits");
    if (!d) QSKIP("python3-sklearn not installed");
    MeasuredOptions opt;
    opt.arch = NetArch::Mlp;
    opt.train.epochs = 5;
    opt.cache_dir = m_tmp.path().toStdString() + "/cache";
    auto first = MeasuredModel::create(d, opt);
    QVERIFY(first.ok());
    QVERIFY(!first.value->fromCache());
    QVERIFY(std::filesystem::exists(first.value->cachePath()));
    auto second = MeasuredModel::create(d, opt);
    QVERIFY(second.ok());
    QVERIFY(second.value->fromCache());
    QCOMPARE(second.value->baselineTop1(), first.value->baselineTop1());
    // Different training options -> a different file, never the stale one.
    MeasuredOptions other = opt;
    other.train.seed = 7;
    const CacheKey k1{NetArch::Mlp, "digits", d->fingerprint(), opt.train};
    const CacheKey k2{NetArch::Mlp, "digits", d->fingerprint(), other.train};
    QVERIFY(k1.fileName() != k2.fileName());
    // A truncated file is detected and the network retrained.
    std::filesystem::resize_file(first.value->cachePath(), 100);
    auto third = MeasuredModel::create(d, opt);
    QVERIFY(third.ok());
    QVERIFY(!third.value->fromCache());
    QCOMPARE(third.value->baselineTop1(), first.value->baselineTop1()); // training is deterministic
}

void TstAccuracyMeasured::fashionCnnReachesTarget() {
    auto d = dataset("fashion-mnist");
    if (!d) QSKIP("dataset-fashion-mnist not installed (sudo apt-get install -y dataset-fashion-mnist)");
    QCOMPARE(d->trainSize(), 60000);
    QCOMPARE(d->testSize(), 10000);
    auto m = MeasuredModel::create(d, MeasuredOptions{}); // default: CNN, 2 epochs, user cache
    QVERIFY(m.ok());
    qInfo("fashion CNN FP32 %.2f%% (%s, %.1f s training)", m.value->baselineTop1(),
          m.value->fromCache() ? "cached" : "trained", m.value->trainSeconds());
    // Issue 5's stated target for the small CNN.
    QVERIFY(m.value->baselineTop1() >= 85.0);
    // INT8 post-training quantization costs well under a point on a network this size.
    const auto p8 = m.value->predict(PrecisionAssignment::uniform(3, Precision::integer(8)));
    QVERIFY(std::abs(p8.top1 - m.value->baselineTop1()) < 1.0);
    QVERIFY(!p8.extrapolating);
    // Binomial standard error at ~88% on 10,000 images: 100·sqrt(0.88·0.12/10000) ≈ 0.32 pp.
    QVERIFY(p8.uncertainty > 0.2 && p8.uncertainty < 0.5);
}

void TstAccuracyMeasured::degradesAsBitsShrink() {
    // Average over the two digits networks (and the Fashion CNN when installed) of the uniform-precision
    // accuracy: must not rise as bits shrink (allowing 1 pp of noise between neighbours) and must
    // fall clearly from 8 to 2 bits (2-bit uniform quantization destroys these nets).
    std::vector<const MeasuredModel*> models;
    std::vector<MeasuredModel> owned;
    MeasuredOptions opt;
    opt.train.epochs = 10;
    opt.cache_dir = m_tmp.path().toStdString() + "/cache";
    if (auto d = dataset("digits")) {
        for (NetArch a : {NetArch::Mlp, NetArch::Cnn}) {
            opt.arch = a;
            auto m = MeasuredModel::create(d, opt);
            QVERIFY(m.ok());
            owned.push_back(std::move(*m.value));
        }
    }
    if (auto d = dataset("fashion-mnist")) {
        auto m = MeasuredModel::create(d, MeasuredOptions{});
        QVERIFY(m.ok());
        owned.push_back(std::move(*m.value));
    }
    if (owned.empty()) QSKIP("no dataset installed");
    const int bits[] = {16, 8, 6, 4, 3, 2};
    std::vector<double> mean;
    for (int b : bits) {
        double sum = 0;
        for (const auto& m : owned) sum += m.predict(PrecisionAssignment::uniform(3, Precision::integer(b))).top1;
        mean.push_back(sum / owned.size());
        qInfo("int%d: mean %.2f%%", b, mean.back());
    }
    for (std::size_t i = 1; i < mean.size(); ++i) QVERIFY(mean[i] <= mean[i - 1] + 1.0);
    QVERIFY(mean.back() < mean[1] - 10.0);
    // Per layer too: lowering one layer to 2 bits never helps on average.
    double one = 0;
    for (const auto& m : owned)
        for (int l = 0; l < 3; ++l) {
            auto a = PrecisionAssignment::uniform(3, Precision::integer(8));
            a.layers[l] = {Precision::integer(2), Precision::integer(2)};
            one += m.predict(a).top1 / 3;
        }
    QVERIFY(one / owned.size() < mean[1]);
}

void TstAccuracyMeasured::workloadShapes() {
    // 28×28 CNN: conv1 K=6 C=1 P=Q=28 (pad 1), conv2 K=12 C=6 P=Q=14, FC 12·7·7 = 588 -> 10.
    const SmallNet n = SmallNet::make(NetArch::Cnn, 28, 28, 10, 1);
    const auto w = n.toWorkload("cnn");
    QCOMPARE(int(w.layers.size()), 3);
    QCOMPARE(w.layers[0].macs(), std::int64_t(6) * 1 * 28 * 28 * 9);
    QCOMPARE(w.layers[1].macs(), std::int64_t(12) * 6 * 14 * 14 * 9);
    QCOMPARE(w.layers[2].macs(), std::int64_t(588) * 10);
}

QTEST_APPLESS_MAIN(TstAccuracyMeasured)
#include "tst_accuracy_measured.moc"
