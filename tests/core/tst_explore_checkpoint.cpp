// Checkpoint and resume (issue 18): the binary checkpoint round-trips and refuses damaged files;
// a run stopped part-way and resumed from its checkpoint gives the same document, byte for byte,
// as an uninterrupted run (whole space and one shard); so does completing a partial merge
// (--only-missing), whose points carry no per-shape costs.
#include <QtTest>

#include <stop_token>

#include "core/explore_fixtures.h"
#include "core/search_fixtures.h"
#include "io/accelerator_json.h"
#include "io/design_space_json.h"
#include "io/explore_checkpoint.h"
#include "io/explore_result_json.h"
#include "search/explorer.h"

using namespace archscape;
using namespace archscape::search;
using namespace archscape::io; // the design-space and explore-result documents
using nlohmann::json;

namespace {

/// The 36-point test::smallSpace() on a small network.
ExploreRequest request() {
    auto s = parseDesignSpace(test::smallSpace());
    if (!s.ok()) qFatal("%s", formatDiagnostics("space", s.errors).c_str());
    ExploreRequest r;
    r.space = *s.value;
    r.network.name = "mini";
    r.network.layers = {test::conv("c1", 16, 3, 16, 16, 3, 3), test::conv("c2", 32, 16, 8, 8, 3, 3),
                        test::conv("c3", 32, 16, 8, 8, 3, 3), test::conv("c4", 64, 32, 4, 4, 1, 1)};
    r.objectives = {Metric::Latency, Metric::Energy, Metric::Area};
    r.seed = 5;
    return r;
}

struct NullSink : ProgressSink {};

/// Keeps every finished point (what the CLI's checkpoint sink does) and stops the run after `limit`.
struct StoppingSink : ProgressSink {
    std::stop_source source;
    std::int64_t limit;
    std::vector<PointResult> points;
    explicit StoppingSink(std::int64_t n) : limit(n) {}
    void pointFinished(const PointResult& p, std::span<const mapping::Mapping>, bool) override {
        points.push_back(p);
        if (static_cast<std::int64_t>(points.size()) >= limit) source.request_stop();
    }
};

std::string document(const ExploreRequest& req, const ExploreResult& r) { return toJson(req, r).dump(1); }

} // namespace

class TestExploreCheckpoint : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void roundTrip() {
        io::ExploreCheckpoint c;
        c.key = {0x1234, 36, 0x9876, {Metric::Latency, Metric::Accuracy}, 7, 1, 3};
        PointResult p;
        p.index = 4; // 4 % 3 == 1: a point of shard 1/3
        p.choice = {1, 0, 2};
        p.reason = Infeasibility::Power;
        p.latency_s = 1.25e-3;
        p.energy_j = 3.5e-6;
        p.area_mm2 = 2.0;
        p.power_w = 0.1;
        p.accuracy_top1 = 71.5;
        p.accuracy_uncertainty = 0.25f;
        p.accuracy_extrapolating = true;
        p.unmapped = 2;
        p.shapes = {{100.f, 2.5f}, {7.f, 0.125f}};
        c.points = {p, p};
        c.points[1].index = 31; // 31 % 3 == 1
        c.points[1].shapes.clear();
        const std::string bytes = io::encodeCheckpoint(c);
        const auto d = io::decodeCheckpoint(bytes);
        QVERIFY2(d.ok(), d.errors.empty() ? "" : d.errors[0].message.c_str());
        QVERIFY(d.value->key == c.key);
        QCOMPARE(d.value->points.size(), std::size_t(2));
        const auto& q = d.value->points[0];
        QCOMPARE(q.index, p.index);
        QCOMPARE(q.choice, p.choice);
        QVERIFY(q.reason == p.reason);
        QCOMPARE(q.latency_s, p.latency_s);
        QCOMPARE(q.energy_j, p.energy_j);
        QCOMPARE(q.area_mm2, p.area_mm2);
        QCOMPARE(q.power_w, p.power_w);
        QCOMPARE(q.accuracy_top1, p.accuracy_top1);
        QCOMPARE(q.accuracy_uncertainty, p.accuracy_uncertainty);
        QCOMPARE(q.accuracy_extrapolating, true);
        QCOMPARE(q.unmapped, 2);
        QCOMPARE(q.shapes.size(), std::size_t(2));
        QCOMPARE(q.shapes[1].energy_pj, 0.125f);
        QCOMPARE(d.value->points[1].index, std::int64_t(31));
        QVERIFY(d.value->points[1].shapes.empty());
    }

    void damagedFilesAreRefused_data() {
        QTest::addColumn<int>("damage"); // 0 flip a byte, 1 truncate, 2 wrong magic, 3 point outside the shard
        QTest::addColumn<QString>("message");
        QTest::newRow("flipped byte") << 0 << "checksum mismatch";
        QTest::newRow("truncated") << 1 << "checksum mismatch";
        QTest::newRow("not a checkpoint") << 2 << "expected an archscape/explore-checkpoint file";
        QTest::newRow("point of another shard") << 3 << "is not a point of shard 1/3";
    }
    void damagedFilesAreRefused() {
        QFETCH(int, damage);
        QFETCH(QString, message);
        io::ExploreCheckpoint c;
        c.key = {1, 36, 2, {Metric::Latency}, 1, 1, 3};
        PointResult p;
        p.index = damage == 3 ? 5 : 4; // 5 % 3 == 2: not shard 1
        p.choice = {0, 1};
        c.points = {p};
        std::string bytes = io::encodeCheckpoint(c);
        if (damage == 0) bytes[40] ^= 0x10;
        if (damage == 1) bytes.resize(bytes.size() - 5);
        if (damage == 2) bytes[0] = 'X';
        const auto d = io::decodeCheckpoint(bytes);
        QVERIFY(!d.ok());
        QVERIFY2(QString::fromStdString(d.errors[0].message).contains(message), d.errors[0].message.c_str());
        QVERIFY(d.errors[0].path.rfind("byte ", 0) == 0);
    }

    void resumeEqualsUninterrupted_data() {
        QTest::addColumn<int>("shard");
        QTest::addColumn<int>("shards");
        QTest::addColumn<int>("stopAfter");
        QTest::newRow("whole space, stopped after 1") << 0 << 1 << 1;
        QTest::newRow("whole space, stopped after 20") << 0 << 1 << 20;
        QTest::newRow("shard 1/3, stopped after 5") << 1 << 3 << 5;
    }
    void resumeEqualsUninterrupted() {
        QFETCH(int, shard);
        QFETCH(int, shards);
        QFETCH(int, stopAfter);
        ExploreRequest req = request();
        req.shard_index = shard;
        req.shard_count = shards;
        NullSink null;
        const auto full = run(req, null);
        QVERIFY(!full.cancelled);

        StoppingSink stopping(stopAfter);
        req.threads = 1; // stops soon after the limit (with more threads a few more points finish)
        const auto partial = run(req, stopping, stopping.source.get_token());
        QVERIFY(partial.cancelled);
        QVERIFY(partial.points.size() < full.points.size());

        // Through the file format, as --checkpoint / --resume do.
        io::ExploreCheckpoint c{io::checkpointKey(req), stopping.points};
        const auto back = io::decodeCheckpoint(io::encodeCheckpoint(c));
        QVERIFY(back.ok());
        QVERIFY(!io::checkpointMismatch(back.value->key, io::checkpointKey(req)));
        req.threads = 0;
        req.done = std::make_shared<const std::vector<PointResult>>(back.value->points);
        const auto resumed = run(req, null);
        QVERIFY(!resumed.cancelled);
        QCOMPARE(resumed.points.size(), full.points.size());
        QCOMPARE(document(req, resumed), document(req, full));
    }

    void onlyMissingEqualsUninterrupted() {
        // Every third point from a merged document (no per-shape costs, like parseExploreFile's).
        ExploreRequest req = request();
        NullSink null;
        const auto full = run(req, null);
        auto done = std::make_shared<std::vector<PointResult>>();
        for (const auto& p : full.points)
            if (p.index % 3 == 0) {
                done->push_back(p);
                done->back().shapes.clear();
            }
        req.done = done;
        const auto completed = run(req, null);
        QCOMPARE(completed.points.size(), std::size_t(36));
        QCOMPARE(document(req, completed), document(req, full));
    }

    void mismatchIsExplained() {
        const ExploreRequest req = request();
        auto key = io::checkpointKey(req);
        auto other = key;
        other.seed = 9;
        QVERIFY(io::checkpointMismatch(other, key)->find("seed 9 differs from the run's 5") != std::string::npos);
        other = key;
        other.shard_index = 1;
        other.shard_count = 2;
        QVERIFY(io::checkpointMismatch(other, key)->find("shard 1/2") != std::string::npos);
        ExploreRequest bigger = request();
        bigger.network.layers[0].bounds[workload::Dim::K] = 32; // another layer shape: another workload
        QVERIFY(io::checkpointMismatch(io::checkpointKey(bigger), key)->find("another workload") != std::string::npos);
    }
};

QTEST_APPLESS_MAIN(TestExploreCheckpoint)
#include "tst_explore_checkpoint.moc"
