// Design spaces and the explorer: validation errors, determinism across thread counts,
// cancellation, infeasible spaces, shard + merge equals a single run, and the CLI's exit codes.
#include <QtTest>

#include <atomic>
#include <thread>

#include "core/explore_fixtures.h"
#include "core/search_fixtures.h"
#include "io/accelerator_json.h"
#include "io/design_space_json.h"
#include "io/explore_result_json.h"
#include "search/explorer.h"
#include "test_support.h"

using namespace archscape;
using namespace archscape::search;
using namespace archscape::io; // the design-space and explore-result documents
using nlohmann::json;
using test::smallSpace;

namespace {

workload::Network smallNetwork() {
    workload::Network net;
    net.name = "mini";
    net.layers = {test::conv("c1", 16, 3, 16, 16, 3, 3), test::conv("c2", 32, 16, 8, 8, 3, 3),
                  test::conv("c3", 32, 16, 8, 8, 3, 3), test::conv("c4", 64, 32, 4, 4, 1, 1)};
    return net;
}

ExploreRequest request(const json& space) {
    auto s = parseDesignSpace(space);
    if (!s.ok()) qFatal("%s", formatDiagnostics("space", s.errors).c_str());
    ExploreRequest r;
    r.space = *s.value;
    r.network = smallNetwork();
    r.objectives = {Metric::Latency, Metric::Energy, Metric::Area};
    r.seed = 5;
    return r;
}

struct NullSink : ProgressSink {};

/// Counts calls and checks they never overlap (the explorer serialises them).
struct CheckingSink : ProgressSink {
    std::atomic<int> inside{0};
    std::atomic<bool> overlapped{false};
    std::int64_t points = 0, lastDone = 0;
    void pointFinished(const PointResult&, std::span<const mapping::Mapping> mappings, bool) override {
        if (inside.fetch_add(1) != 0) overlapped = true;
        ++points;
        QCOMPARE(mappings.size(), std::size_t(4));
        inside.fetch_sub(1);
    }
    void progress(const ExploreProgress& p) override {
        if (inside.fetch_add(1) != 0) overlapped = true;
        lastDone = p.done;
        inside.fetch_sub(1);
    }
};

} // namespace

class TestSearchExplorer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void spaceParses() {
        auto s = parseDesignSpace(smallSpace());
        QVERIFY2(s.ok(), s.errors.empty() ? "" : s.errors[0].message.c_str());
        QCOMPARE(s.value->size(), std::int64_t(36));
        // Geometric range 4..16 by x2 = 4, 8, 16.
        QCOMPARE(s.value->axes[1].values, (std::vector<double>{4, 8, 16}));
        // Axes in the documented order (pe_rows, pe_cols, clock_mhz, then levels), mixed radix with
        // the last axis fastest: index 1 = first values but the second buffer size; 2 = second clock.
        QCOMPARE(s.value->axes[2].name, std::string("clock_mhz"));
        QCOMPARE(s.value->axes[3].name, std::string("GlobalBuffer.capacity_bytes"));
        const auto p = s.value->pointAt(1);
        QCOMPARE(p.accelerator.levels[1].capacity_bytes, std::int64_t(65536));
        QCOMPARE(p.accelerator.clock_mhz, 200.0);
        QCOMPARE(s.value->pointAt(2).accelerator.clock_mhz, 400.0);
        QCOMPARE(p.accelerator.pe.rows, 4);
        const auto q = s.value->pointAt(35);
        QCOMPARE(q.accelerator.pe.rows, 16);
        QCOMPARE(q.accelerator.pe.cols, 16);
        QCOMPARE(q.accelerator.levels[1].capacity_bytes, std::int64_t(65536));
    }

    void badSpacesAreReported_data() {
        QTest::addColumn<QString>("patch"); // JSON merge patch applied to smallSpace()
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("message");
        QTest::newRow("empty list") << R"({"parameters": {"pe_rows": []}})"
                                    << "/parameters/pe_rows"
                                    << "at least one value";
        QTest::newRow("empty range") << R"({"parameters": {"pe_cols": {"min": 32, "max": 4, "step": 4}}})"
                                     << "/parameters/pe_cols/min"
                                     << "empty range";
        QTest::newRow("step and factor")
            << R"({"parameters": {"pe_cols": {"min": 4, "max": 8, "step": 4, "factor": 2}}})"
            << "/parameters/pe_cols"
            << "not both";
        QTest::newRow("unknown parameter") << R"({"parameters": {"pe_depth": [1]}})"
                                           << "/parameters/pe_depth"
                                           << "unknown field";
        QTest::newRow("unknown level") << R"({"parameters": {"levels": {"L3": {"capacity_bytes": [1024]}}}})"
                                       << "/parameters/levels/L3"
                                       << "no level named";
        QTest::newRow("unknown dataflow") << R"({"parameters": {"dataflow": ["ws", "diagonal"]}})"
                                          << "/parameters/dataflow/1"
                                          << "expected one of";
        QTest::newRow("zero rows") << R"({"parameters": {"pe_rows": [0, 4]}})"
                                   << "/parameters/pe_rows/0"
                                   << "";
        QTest::newRow("contradictory") << R"({"constraints": {"min_pe_count": 512, "max_pe_count": 64}})"
                                       << "/constraints/min_pe_count"
                                       << "contradictory";
        QTest::newRow("no point meets pe count") << R"({"constraints": {"min_pe_count": 1024}})"
                                                 << "/constraints/min_pe_count"
                                                 << "no design point";
        QTest::newRow("no point meets area") << R"({"constraints": {"max_area_mm2": 0.000001}})"
                                             << "/constraints/max_area_mm2"
                                             << "smallest area";
        QTest::newRow("unknown strategy") << R"({"mapper": {"strategy": "annealing"}})"
                                          << "/mapper/strategy"
                                          << "expected one of";
        QTest::newRow("wrong format") << R"({"format": "archscape/workload"})"
                                      << "/format"
                                      << "archscape/design-space";
        QTest::newRow("bad base") << R"({"base": {"levels": []}})"
                                  << "/base"
                                  << "";
        QTest::newRow("unknown pe mode") << R"({"parameters": {"pe_mode": ["fixed", "analog"]}})"
                                         << "/parameters/pe_mode/1"
                                         << "expected one of";
        QTest::newRow("pe mode needs power-of-two base")
            << R"({"base": {"pe_array": {"mode": "bit_serial", "base_bits": 6}},
                  "parameters": {"pe_mode": ["fixed", "precision_scalable"]}})"
            << "/parameters/pe_mode"
            << "power of two";
    }
    void badSpacesAreReported() {
        QFETCH(QString, patch);
        QFETCH(QString, path);
        QFETCH(QString, message);
        json j = smallSpace();
        j.merge_patch(json::parse(patch.toStdString()));
        const auto r = parseDesignSpace(j);
        QVERIFY(!r.ok());
        bool found = false;
        for (const auto& e : r.errors)
            found = found || (QString::fromStdString(e.path).startsWith(path) &&
                              QString::fromStdString(e.message).contains(message));
        QVERIFY2(found, formatDiagnostics("space", r.errors).c_str());
    }

    void peModeAxis() {
        // One 8x8 array, 8-bit base, three PE modes x two precisions = 6 points (precision axis first,
        // pe_mode after it, last fastest: index = 3*precision + mode).
        json j = smallSpace();
        j["parameters"] = {{"pe_rows", {8}},
                           {"pe_cols", {8}},
                           {"precision", {"int8", "int4"}},
                           {"pe_mode", {"fixed", "precision_scalable", "bit_serial"}}};
        auto req = request(j);
        QCOMPARE(req.space.size(), std::int64_t(6));
        QVERIFY(req.space.pointAt(1).accelerator.pe.mode == hardware::PeMode::PrecisionScalable);
        QVERIFY(req.space.pointAt(5).accelerator.pe.mode == hardware::PeMode::BitSerial);
        QVERIFY(req.space.pointAt(5).accelerator.precision[workload::Operand::Weight] == Precision::integer(4));
        NullSink sink;
        req.objectives = {Metric::Latency, Metric::Area};
        const auto r = run(req, sink);
        QCOMPARE(r.points.size(), std::size_t(6));
        const auto lat = [&](int i) { return r.find(i)->latency_s; };
        // Bit Fusion at INT4 on an 8-bit base runs (8/4)^2 = 4 MACs per PE per cycle, the fixed PE one:
        // at least as fast, faster on this compute-heavy network (docs/model.md, PE modes).
        QVERIFY(lat(4) < lat(3));
        // Stripes takes one cycle per activation bit: INT4 is faster than INT8, both slower than fixed.
        QVERIFY(lat(5) < lat(2));
        QVERIFY(lat(2) > lat(0));
        // A bit-serial PE holds an 8x1 multiplier row instead of an 8x8 multiplier: smaller.
        QVERIFY(r.find(2)->area_mm2 < r.find(0)->area_mm2);
    }

    void deterministicWithAnyThreadCount() {
        auto req = request(smallSpace());
        NullSink sink;
        req.threads = 1;
        const auto one = run(req, sink);
        req.threads = 2;
        CheckingSink checking;
        const auto two = run(req, checking);
        QVERIFY(!checking.overlapped);
        QCOMPARE(checking.points, std::int64_t(36));
        QCOMPARE(checking.lastDone, std::int64_t(36));
        QCOMPARE(one.points.size(), std::size_t(36));
        QVERIFY(!one.front.empty());
        QCOMPARE(one.front, two.front);
        for (std::size_t i = 0; i < one.points.size(); ++i) {
            QCOMPARE(one.points[i].latency_s, two.points[i].latency_s);
            QCOMPARE(one.points[i].energy_j, two.points[i].energy_j);
        }
        QCOMPARE(toJson(req, one), toJson(req, two));
        // The clock axis changes no cycles: half of the layer searches come from the cache.
        QVERIFY(one.cache_hits >= one.mapper_runs);
        // The front is the brute-force non-dominated set of the feasible points.
        QCOMPARE(one.front, paretoFrontOf(one.points, req.objectives));
        // Front points keep their per-layer mappings, and a re-evaluation reproduces them.
        QCOMPARE(one.front_mappings.size(), one.front.size());
        std::vector<mapping::Mapping> again;
        const auto p = evaluatePoint(req, one.front.front(), &again);
        QCOMPARE(p.latency_s, one.find(one.front.front())->latency_s);
        QVERIFY(again == one.front_mappings.at(one.front.front()));
    }

    void shardsMergeToTheSingleRun() {
        auto req = request(smallSpace());
        NullSink sink;
        const json single = toJson(req, run(req, sink));
        std::vector<ExploreFile> shards;
        for (int i = 2; i >= 0; --i) { // out of order on purpose
            req.shard_index = i;
            req.shard_count = 3;
            const auto parsed = parseExploreFile(toJson(req, run(req, sink)));
            QVERIFY(parsed.ok());
            shards.push_back(*parsed.value);
        }
        const auto merged = mergeExploreFiles(shards);
        QVERIFY(merged.ok());
        QVERIFY(merged.value->complete);
        const json m = toJson(*merged.value);
        for (const char* key :
             {"points", "front", "infeasible", "front_details", "space", "objectives", "seed", "shard"})
            QVERIFY2(m[key] == single[key], key);
        // A shard twice, or from another space, is refused.
        auto twice = shards;
        twice.push_back(shards[0]);
        QVERIFY(!mergeExploreFiles(twice).ok());
        auto other = shards;
        other[1].space_fingerprint ^= 1;
        QVERIFY(!mergeExploreFiles(other).ok());
    }

    void infeasibleSpaceCountsReasons() {
        json j = smallSpace();
        j["constraints"] = {{"max_latency_ms", 1e-6}, {"max_area_mm2", 0.3}};
        auto req = request(j);
        NullSink sink;
        const auto r = run(req, sink);
        QVERIFY(r.front.empty());
        QCOMPARE(r.points.size(), std::size_t(36));
        const auto area = r.infeasible[int(Infeasibility::Area)];
        const auto latency = r.infeasible[int(Infeasibility::Latency)];
        // Every point fails exactly one counted reason (area is checked first).
        QCOMPARE(area + latency, std::int64_t(36));
        std::int64_t bigger = 0;
        for (const auto& p : r.points) bigger += p.area_mm2 > 0.3;
        QCOMPARE(area, bigger);
    }

    void cancellationWithin100ms() {
        json j = smallSpace();
        j["mapper"]["budget"] = 200000;
        auto req = request(j);
        req.threads = 2;
        NullSink sink;
        std::stop_source stop;
        QElapsedTimer t;
        std::thread canceller([&] {
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
            t.start();
            stop.request_stop();
        });
        const auto r = run(req, sink, stop.get_token());
        const auto ms = t.elapsed();
        canceller.join();
        QVERIFY(r.cancelled);
        QVERIFY(r.points.size() < 36);
        QVERIFY2(ms < 100, qPrintable(QString::number(ms)));
    }

    void objectivesAreChecked() {
        QVERIFY(checkObjectives({Metric::Latency, Metric::Area}) == std::nullopt);
        QVERIFY(checkObjectives({}).has_value());
        QVERIFY(checkObjectives({Metric::Energy, Metric::Energy}).has_value());
        QVERIFY(checkObjectives({Metric::Accuracy}).has_value());
    }

    void presetSpacesParse_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<qint64>("size");
        // edge: 5 rows x 5 cols x 5 buffers (32..512 KiB by x2) x 4 RFs x 4 DRAM bandwidths x 5 clocks.
        QTest::newRow("edge") << "edge" << qint64(5 * 5 * 5 * 4 * 4 * 5);
        // huge: 15 x 15 arrays x 3 MACs per PE x 11 buffers x 5 buffer bandwidths x 6 register files x
        // 6 DRAM bandwidths x 4 NoC bandwidths x 4 dataflows x 5 nodes x 10 clocks.
        QTest::newRow("huge") << "huge" << qint64(15) * 15 * 3 * 11 * 5 * 6 * 6 * 4 * 4 * 5 * 10;
        // cloud: 3 rows x 2 cols x 4 buffers (8..64 MiB by x2) x 3 bandwidths x 3 clocks.
        QTest::newRow("cloud") << "cloud" << qint64(3 * 2 * 4 * 3 * 3);
        // dataflows: 7 dataflows (6 templates + free) x 3 buffers.
        QTest::newRow("dataflows") << "dataflows" << qint64(7 * 3);
        // quantized: 2 rows x 2 cols x 5 HAWQ-V3 precision assignments x 2 buffers.
        QTest::newRow("quantized") << "quantized" << qint64(2 * 2 * 5 * 2);
    }
    void presetSpacesParse() {
        QFETCH(QString, name);
        QFETCH(qint64, size);
        const auto s = readDesignSpaceFile(test::sourcePath("presets/spaces/" + name.toStdString() + ".json"));
        QVERIFY2(s.ok(), formatDiagnostics(name.toStdString(), s.errors).c_str());
        QCOMPARE(s.value->size(), std::int64_t(size));
    }
};

QTEST_MAIN(TestSearchExplorer)
#include "tst_search_explorer.moc"
