// Accuracy as the explorer's fourth objective: the front keeps a slower but more accurate design,
// a point's accuracy is the Ω model's prediction for its precisions (checked against a hand sum over
// the shipped HAWQ data), design-space errors for bad assignments and models, result JSON and
// merge keep accuracy, and the `quantize` and `explore ... accuracy` commands end to end.
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <fstream>
#include <sstream>

#include "accuracy/model_catalog.h"
#include "accuracy/omega_model.h"
#include "core/search_fixtures.h"
#include "io/accelerator_json.h"
#include "io/design_space_json.h"
#include "io/explore_result_json.h"
#include "io/workload_json.h"
#include "search/explorer.h"
#include "search/precision_variant.h"
#include "test_support.h"

using namespace archscape;
using namespace archscape::search;
using namespace archscape::io;
using nlohmann::json;

namespace {

/// Σ_i Tr(H_i)/n_i · ‖ΔW_i‖² at 8 or 4 bits for every layer, read straight from the CSV (columns
/// hessian_trace_per_param, delta_w_sq_8bit, delta_w_sq_4bit), independently of the library's reader.
double handOmega(const std::string& network, int bits) {
    std::ifstream in(test::sourcePath("presets/accuracy/hawq_" + network + "_layers.csv"));
    std::string line;
    std::getline(in, line); // header
    double sum = 0;
    while (std::getline(in, line)) {
        std::vector<std::string> cells;
        std::stringstream ss(line);
        for (std::string c; std::getline(ss, c, ',');) cells.push_back(c);
        if (cells.size() < 12) continue;
        sum += std::stod(cells[9]) * std::stod(cells[bits == 8 ? 10 : 11]);
    }
    return sum;
}

json edgeBase() { return io::toJson(test::edgeAccelerator()); }

/// One 8x8 array at two precisions (or quantizations) on ResNet-18 with the hawq:resnet18 model.
json accuracySpace(const json& parameters) {
    return json{{"format", "archscape/design-space"},
                {"version", 1},
                {"name", "acc"},
                {"base", edgeBase()},
                {"accuracy", {{"model", "hawq:resnet18"}}},
                {"parameters", parameters},
                {"mapper", {{"strategy", "random"}, {"budget", 20}}}};
}

workload::Network resnet18() {
    auto net = io::readWorkloadFile(test::sourcePath("presets/workloads/resnet18.json"));
    if (!net.ok()) qFatal("resnet18 preset: %s", formatDiagnostics("resnet18", net.errors).c_str());
    return *net.value;
}

/// A request on ResNet-18 over accuracySpace(parameters); the test stops if the space is refused.
ExploreRequest resnet18Request(const json& parameters, std::vector<Metric> objectives) {
    auto s = parseDesignSpace(accuracySpace(parameters));
    if (!s.ok()) qFatal("%s", formatDiagnostics("space", s.errors).c_str());
    ExploreRequest req;
    req.space = *s.value;
    req.network = resnet18();
    req.objectives = std::move(objectives);
    return req;
}

PointResult point(std::int64_t index, double latency, double energy, double top1) {
    PointResult p;
    p.index = index;
    p.latency_s = latency;
    p.energy_j = energy;
    p.accuracy_top1 = top1;
    return p;
}

struct NullSink : ProgressSink {};

struct CliRun {
    int code;
    std::string out, err;
};

CliRun cli(const QStringList& args) {
    QProcess p;
    p.start(ARCHSCAPE_CLI, args);
    p.waitForFinished(120000);
    return {p.exitCode(), p.readAllStandardOutput().toStdString(), p.readAllStandardError().toStdString()};
}

} // namespace

class TestExploreAccuracy : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void accuracyChangesTheFront() {
        // A is fastest and cheapest at 70 %; B costs twice as much at 76 %; C is worse than B in all
        // three (3 > 2 s, 3 > 2 J, 75 < 76 %). Over (latency, energy) only A survives; adding accuracy
        // (maximised) keeps B too, because nothing is at least as accurate as B and as cheap.
        const std::vector<PointResult> pts = {point(0, 1, 1, 70), point(1, 2, 2, 76), point(2, 3, 3, 75)};
        QCOMPARE(paretoFrontOf(pts, {Metric::Latency, Metric::Energy}), (std::vector<std::int64_t>{0}));
        QCOMPARE(paretoFrontOf(pts, {Metric::Latency, Metric::Energy, Metric::Accuracy}),
                 (std::vector<std::int64_t>{0, 1}));
        // Two objectives (the staircase path of ParetoFront): latency against accuracy gives the same.
        QCOMPARE(paretoFrontOf(pts, {Metric::Latency, Metric::Accuracy}), (std::vector<std::int64_t>{0, 1}));
        // Accuracy alone: only the most accurate.
        QCOMPARE(paretoFrontOf(pts, {Metric::Accuracy}), (std::vector<std::int64_t>{1}));
        QCOMPARE(pts[1].metric(Metric::Accuracy), 76.0);
    }

    void uniformPrecisionAccuracyIsTheOmegaPrediction() {
        // Precision axis int8, int4: every HAWQ layer at that width. Expected top-1 = min(a − b ln Ω,
        // FP32 baseline) with Ω summed by hand from the CSV; the hand Ω must also match the data set's
        // own omega_computed for bit_config_resnet18_uniform8 (0.00425787, 6 s.f.).
        const auto req =
            resnet18Request({{"pe_rows", {8}}, {"precision", {"int8", "int4"}}}, {Metric::Latency, Metric::Accuracy});
        QCOMPARE(checkRequest(req), std::nullopt);
        NullSink sink;
        const auto r = run(req, sink);
        QCOMPARE(r.points.size(), std::size_t(2));
        const double omega8 = handOmega("resnet18", 8), omega4 = handOmega("resnet18", 4);
        QVERIFY(std::abs(omega8 - 0.00425787) < 5e-9);
        const auto* omega = dynamic_cast<const accuracy::OmegaModel*>(req.space.accuracy_model.get());
        QVERIFY(omega);
        const auto& fit = omega->fit();
        const double expect8 = std::min(fit.a - fit.b * std::log(omega8), omega->baselineTop1());
        const double expect4 = std::min(fit.a - fit.b * std::log(omega4), omega->baselineTop1());
        QVERIFY(std::abs(r.points[0].accuracy_top1 - expect8) < 1e-9);
        QVERIFY(std::abs(r.points[1].accuracy_top1 - expect4) < 1e-9);
        // Both widths are measured by the data (4 and 8 bits), weights = activations: not extrapolating.
        QVERIFY(!r.points[0].accuracy_extrapolating);
        QCOMPARE(double(r.points[0].accuracy_uncertainty), double(float(fit.loo_rmse)));
        // The published W8A8 top-1 (71.56 %) is within 3 leave-one-out RMSEs of the prediction.
        QVERIFY(std::abs(expect8 - 71.56) < 3 * fit.loo_rmse);
        // INT4 halves the MAC width: less accurate, smaller (MAC area scales with the width product).
        QVERIFY(r.points[1].accuracy_top1 < r.points[0].accuracy_top1);
        QVERIFY(r.points[1].area_mm2 < r.points[0].area_mm2);
        // Each point is better in one objective: both on the (latency, accuracy) front unless INT4 is
        // also no faster — it is never slower (same array, smaller words), so the INT8 point survives
        // only through accuracy.
        QVERIFY(std::binary_search(r.front.begin(), r.front.end(), std::int64_t(0)));
    }

    void quantizationAxisUsesPerLayerPrecision() {
        // hawq:modelsize_0.75 = bit_config_resnet18_modelsize_0.75, layers 13 and 18 at 4 bits (the
        // hand sum of tst_accuracy_omega: Ω = 0.0334406). uniform:int4 runs every layer at INT4.
        const auto req = resnet18Request(
            {{"pe_rows", {8}}, {"quantization", {"uniform:int8", "hawq:modelsize_0.75", "uniform:int4"}}},
            {Metric::Energy, Metric::Accuracy});
        QCOMPARE(checkRequest(req), std::nullopt);
        NullSink sink;
        const auto r = run(req, sink);
        QCOMPARE(r.points.size(), std::size_t(3));
        const auto& fit = dynamic_cast<const accuracy::OmegaModel&>(*req.space.accuracy_model).fit();
        QVERIFY(std::abs(r.points[1].accuracy_top1 - (fit.a - fit.b * std::log(0.0334406))) < 1e-4);
        // Mixed precision: the two INT4 layers form their own groups, so the point has more groups
        // than the network has shapes; uniform assignments keep the network's grouping.
        const auto base = req.network.uniqueShapes().size();
        QCOMPARE(shapesOf(req, 0).size(), base);
        QVERIFY(shapesOf(req, 1).size() > base);
        QCOMPARE(r.points[1].shapes.size(), shapesOf(req, 1).size());
        QCOMPARE(shapesOf(req, 2).size(), base);
        // The INT8 base runs the stem and FC of the mixed point, so its area is the INT8 design's;
        // uniform INT4 is smaller.
        QCOMPARE(r.points[1].area_mm2, r.points[0].area_mm2);
        QVERIFY(r.points[2].area_mm2 < r.points[0].area_mm2);
        // Result JSON keeps accuracy, and a merge of two shards too.
        ExploreRequest a = req, b = req;
        a.shard_count = b.shard_count = 2;
        b.shard_index = 1;
        auto fa = parseExploreFile(toJson(a, run(a, sink)));
        auto fb = parseExploreFile(toJson(b, run(b, sink)));
        QVERIFY(fa.ok() && fb.ok());
        QCOMPARE(fa.value->accuracy_model, std::string("hawq:resnet18"));
        auto merged = mergeExploreFiles({*fa.value, *fb.value});
        QVERIFY(merged.ok());
        QCOMPARE(merged.value->result.front, r.front);
        for (std::size_t i = 0; i < 3; ++i)
            QCOMPARE(merged.value->result.points[i].accuracy_top1, r.points[i].accuracy_top1);
    }

    void badAccuracyInputIsReported_data() {
        QTest::addColumn<QString>("patch");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("message");
        QTest::newRow("bad precision") << R"({"parameters": {"quantization": ["uniform:int8", "8,8,x"]}})"
                                       << "/parameters/quantization/1"
                                       << "'x' is not a precision";
        QTest::newRow("wrong length") << R"({"parameters": {"quantization": ["8,8,4"]}})"
                                      << "/parameters/quantization/0"
                                      << "expected 19 comma-separated precisions";
        QTest::newRow("unknown config") << R"({"parameters": {"quantization": ["hawq:tiny"]}})"
                                        << "/parameters/quantization/0"
                                        << "no published HAWQ-V3 configuration";
        QTest::newRow("bad uniform") << R"({"parameters": {"quantization": ["uniform:int3,int4"]}})"
                                     << "/parameters/quantization/0"
                                     << "expected uniform:P";
        QTest::newRow("not a list") << R"({"parameters": {"quantization": "uniform:int8"}})"
                                    << "/parameters/quantization"
                                    << "non-empty list";
        QTest::newRow("unknown model") << R"({"accuracy": {"model": "hawq:vgg16"}})"
                                       << "/accuracy/model"
                                       << "expected hawq:resnet18 or hawq:resnet50";
        QTest::newRow("unknown kind") << R"({"accuracy": {"model": "oracle"}})"
                                      << "/accuracy/model"
                                      << "expected an accuracy model";
        QTest::newRow("missing fitted file") << R"({"accuracy": {"model": "fitted:nope.csv"}})"
                                             << "/accuracy/model"
                                             << "nope.csv";
        QTest::newRow("no model for a per-layer list")
            << R"({"accuracy": null, "parameters": {"quantization": ["8,8,4"]}})"
            << "/parameters/quantization/0"
            << "add \"accuracy\"";
    }
    void badAccuracyInputIsReported() {
        QFETCH(QString, patch);
        QFETCH(QString, path);
        QFETCH(QString, message);
        json j = accuracySpace({{"pe_rows", {8}}});
        j.merge_patch(json::parse(patch.toStdString()));
        const auto s = parseDesignSpace(j);
        QVERIFY(!s.ok());
        bool found = false;
        for (const auto& e : s.errors)
            found =
                found || (e.path == path.toStdString() && e.message.find(message.toStdString()) != std::string::npos);
        QVERIFY2(found, formatDiagnostics("space", s.errors).c_str());
    }

    void requestsAreChecked() {
        QVERIFY(checkObjectives({Metric::Accuracy}).has_value());
        QCOMPARE(checkObjectives({Metric::Latency, Metric::Accuracy}, true), std::nullopt);
        auto s = parseDesignSpace(accuracySpace({{"pe_rows", {8}}}));
        QVERIFY(s.ok());
        ExploreRequest req;
        req.space = *s.value;
        req.network.name = "mini";
        req.network.layers = {test::conv("c1", 16, 3, 16, 16, 3, 3)};
        req.objectives = {Metric::Latency, Metric::Accuracy};
        const auto e = checkRequest(req);
        QVERIFY(e && e->find("does not contain the 19 layers") != std::string::npos);
        // The catalogue refuses a dataset it does not know, naming the spec and the known ones.
        const auto m = accuracy::loadAccuracyModel("measured:imagenet-cnn");
        QVERIFY(!m.ok());
        QCOMPARE(m.errors[0].path, std::string("measured:imagenet-cnn: imagenet"));
        QVERIFY(m.errors[0].message.find("expected 'fashion-mnist' or 'digits'") != std::string::npos);
        QVERIFY(!accuracy::loadAccuracyModel("measured:digits-transformer").ok());
    }

    void quantizeCli() {
        // One assignment: all 19 layers at 8 bits; expected = a − b ln Ω with the hand Ω above, capped
        // at the FP32 baseline (a − b ln 0.00426 ≈ 72.1 % exceeds ResNet-18's 71.47 %).
        std::string eights;
        for (int i = 0; i < 19; ++i) eights += i ? ",8" : "8";
        const auto one = cli({"quantize", "--model", "hawq:resnet18", "--assignment", QString::fromStdString(eights),
                              "--format", "json"});
        QCOMPARE(one.code, 0);
        const auto j = json::parse(one.out);
        auto m = accuracy::OmegaModel::preset("resnet18");
        QVERIFY(m.ok());
        const double expect =
            std::min(m.value->fit().a - m.value->fit().b * std::log(handOmega("resnet18", 8)), m.value->baselineTop1());
        QCOMPARE(m.value->baselineTop1(), 71.47); // HAWQ-V3's FP32 ResNet-18 (hawq_v3_configs.csv)
        QVERIFY(std::abs(j["prediction"]["top1"].get<double>() - expect) < 1e-9);
        // A target above the FP32 baseline (71.47 %) cannot be reached: exit 1 and the reason.
        const auto unreachable = cli({"quantize", "--model", "hawq:resnet18", "--target", "90"});
        QCOMPARE(unreachable.code, 1);
        QVERIFY2(unreachable.out.find("unreachable") != std::string::npos, unreachable.out.c_str());
        // Bad model: exit 2 with what was expected.
        const auto bad = cli({"quantize", "--model", "hawq:vgg16", "--assignment", "8"});
        QCOMPARE(bad.code, 2);
        QVERIFY2(bad.err.find("hawq:resnet18 or hawq:resnet50") != std::string::npos, bad.err.c_str());
        // Wrong number of entries: exit 2.
        QCOMPARE(cli({"quantize", "--model", "hawq:resnet18", "--assignment", "8,8"}).code, 2);
    }

    void exploreCliWithAccuracy() {
        QTemporaryDir dir;
        const QString spacePath = dir.filePath("space.json");
        {
            std::ofstream f(spacePath.toStdString());
            f << accuracySpace({{"pe_rows", {8}}, {"precision", {"int8", "int4"}}}).dump();
        }
        const QString out = dir.filePath("r.json");
        const auto r = cli({"explore", "--space", spacePath, "--workload", "resnet18", "--objectives",
                            "latency,energy,accuracy", "--quiet", "--output", out});
        QVERIFY2(r.code == 0, r.err.c_str());
        std::ifstream in(out.toStdString());
        const auto j = json::parse(in);
        QCOMPARE(j["accuracy_model"].get<std::string>(), std::string("hawq:resnet18"));
        QCOMPARE(j["points"].size(), std::size_t(2));
        QVERIFY(j["points"][0]["accuracy_top1"].get<double>() > j["points"][1]["accuracy_top1"].get<double>());
        // The INT8 point is the most accurate, so it is on the front whatever its latency and energy.
        QVERIFY(std::find(j["front"].begin(), j["front"].end(), json(0)) != j["front"].end());
        // Accuracy without a model: exit 2 naming the fix; --accuracy-model supplies one.
        json noModel = accuracySpace({{"pe_rows", {8}}});
        noModel.erase("accuracy");
        const QString plain = dir.filePath("plain.json");
        {
            std::ofstream f(plain.toStdString());
            f << noModel.dump();
        }
        const auto refused =
            cli({"explore", "--space", plain, "--workload", "resnet18", "--objectives", "latency,accuracy"});
        QCOMPARE(refused.code, 2);
        QVERIFY2(refused.err.find("needs an accuracy model") != std::string::npos, refused.err.c_str());
        const auto given = cli({"explore", "--space", plain, "--workload", "resnet18", "--objectives",
                                "latency,accuracy", "--accuracy-model", "hawq:resnet18", "--quiet"});
        QVERIFY2(given.code == 0, given.err.c_str());
        QVERIFY(json::parse(given.out)["points"][0].contains("accuracy_top1"));
        // A model whose layers are not in the workload: exit 2.
        const auto mismatch = cli({"explore", "--space", plain, "--workload", "vgg16", "--objectives",
                                   "latency,accuracy", "--accuracy-model", "hawq:resnet18", "--quiet"});
        QCOMPARE(mismatch.code, 2);
        QVERIFY2(mismatch.err.find("does not contain") != std::string::npos, mismatch.err.c_str());
    }
};

QTEST_GUILESS_MAIN(TestExploreAccuracy)
#include "tst_explore_accuracy.moc"
