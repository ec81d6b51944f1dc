// Resuming, merging and streaming system explorations (issue 12): a run resumed from the designs
// of an interrupted one equals the uninterrupted run; the result document and its JSON Lines form
// read back exactly; shards merge into the single run's result; checkpoints of another run are
// refused with the reason.
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>
#include <stop_token>

#include "io/preset_catalog.h"
#include "io/system_explore_json.h"
#include "io/system_explore_stream.h"
#include "io/system_space_json.h"
#include "io/workload_json.h"
#include "io_test_support.h"
#include "search/system_explorer.h"

using namespace archscape;

namespace {

search::SystemExploreRequest request() {
    auto s = io::readSystemSpaceFile("hda_kcp_yxp_rs"); // 45 designs
    auto n = io::readWorkloadFile(*io::resolvePreset("workloads", "mobilenetv2"));
    if (!s.ok() || !n.ok()) qFatal("presets missing");
    search::SystemExploreRequest req;
    req.space = std::move(*s.value);
    req.mix = workload::mixOfOne(std::move(*n.value));
    req.objectives = {search::Metric::Edp, search::Metric::Area};
    return req;
}

/// Counts the designs it is given; asks to stop once it has seen `stop_after`.
class CountingSink : public search::SystemProgressSink {
public:
    explicit CountingSink(std::int64_t stop_after = -1) : m_stop_after(stop_after) {}
    void systemPointFinished(const search::SystemPointResult& r, bool) override {
        seen.push_back(r.point.index);
        if (std::int64_t(seen.size()) == m_stop_after) stop.request_stop();
    }
    std::vector<std::int64_t> seen;
    std::stop_source stop;

private:
    std::int64_t m_stop_after;
};

/// Every figure of two runs' designs, bit for bit, and their fronts and reasons.
void compareResults(const search::SystemExploreResult& a, const search::SystemExploreResult& b) {
    QCOMPARE(a.points.size(), b.points.size());
    for (std::size_t i = 0; i < a.points.size(); ++i) {
        const auto &p = a.points[i], &q = b.points[i];
        QCOMPARE(p.point.index, q.point.index);
        QCOMPARE(int(p.point.reason), int(q.point.reason));
        QCOMPARE(p.point.latency_s, q.point.latency_s);
        QCOMPARE(p.point.energy_j, q.point.energy_j);
        QCOMPARE(p.point.area_mm2, q.point.area_mm2);
        QCOMPARE(p.point.power_w, q.point.power_w);
        QCOMPARE(p.point.unmapped, q.point.unmapped);
        QCOMPARE(p.makespan_cycles, q.makespan_cycles);
        QCOMPARE(p.lower_bound_cycles, q.lower_bound_cycles);
        QCOMPARE(p.deadline_misses, q.deadline_misses);
    }
    QCOMPARE(a.front, b.front);
    QVERIFY(a.infeasible == b.infeasible);
    QCOMPARE(a.finished, b.finished);
}

} // namespace

class TestSystemResume : public QObject {
    Q_OBJECT
    search::SystemExploreRequest m_req = request();
    search::SystemExploreResult m_all;

private Q_SLOTS:
    void initTestCase() {
        CountingSink sink;
        m_all = search::exploreSystems(m_req, sink);
        QCOMPARE(m_all.finished, std::int64_t(45));
        QVERIFY(!m_all.cancelled);
        QVERIFY(!m_all.front.empty());
    }
    void resumeEqualsUninterrupted_data() {
        QTest::addColumn<int>("stop_after");
        QTest::newRow("after 1") << 1;
        QTest::newRow("after 17") << 17;
        QTest::newRow("after 44") << 44;
    }
    void resumeEqualsUninterrupted() {
        QFETCH(int, stop_after);
        CountingSink first(stop_after);
        search::SystemExploreRequest req = m_req;
        req.threads = 1; // the stop lands right after the designs counted
        const auto part = search::exploreSystems(req, first, first.stop.get_token());
        QVERIFY(part.cancelled);
        QVERIFY(part.finished >= stop_after && part.finished < 45);
        req.threads = 0;
        req.done = std::make_shared<const std::vector<search::SystemPointResult>>(part.points);
        CountingSink second;
        const auto resumed = search::exploreSystems(req, second);
        QVERIFY(!resumed.cancelled);
        compareResults(resumed, m_all);
        // Only the missing designs were evaluated and passed on.
        QCOMPARE(std::int64_t(second.seen.size()), 45 - part.finished);
        for (std::int64_t i : second.seen) QVERIFY(!part.find(i));
    }
    void documentRoundTrip() {
        // The document's numbers read back bit for bit: resuming from it evaluates nothing.
        const auto doc = nlohmann::json::parse(io::toJson(m_req, m_all).dump(1));
        const auto f = io::parseSystemExploreFile(doc);
        QVERIFY2(f.ok(), test::listDiagnostics(f.errors).c_str());
        QVERIFY(f.value->complete);
        QCOMPARE(f.value->space_fingerprint, m_req.space.fingerprint());
        QVERIFY(!io::systemFileMismatch(*f.value, m_req, true));
        search::SystemExploreRequest req = m_req;
        req.done = std::make_shared<const std::vector<search::SystemPointResult>>(f.value->points);
        CountingSink sink;
        const auto again = search::exploreSystems(req, sink);
        QVERIFY(sink.seen.empty());
        compareResults(again, m_all);
    }
    void frontOnlyWithoutKeepPoints() {
        search::SystemExploreRequest req = m_req;
        req.keep_points = false;
        CountingSink sink;
        const auto r = search::exploreSystems(req, sink);
        QCOMPARE(r.front, m_all.front);
        QCOMPARE(r.points.size(), m_all.front.size());
        for (std::size_t i = 0; i < r.points.size(); ++i) QCOMPARE(r.points[i].point.index, m_all.front[i]);
        QCOMPARE(std::int64_t(sink.seen.size()), std::int64_t(45));
    }
    void shardsMerge() {
        std::vector<io::SystemExploreFile> files;
        for (int k = 0; k < 3; ++k) {
            search::SystemExploreRequest req = m_req;
            req.shard_index = k;
            req.shard_count = 3;
            CountingSink sink;
            auto f = io::parseSystemExploreFile(io::toJson(req, search::exploreSystems(req, sink)));
            QVERIFY2(f.ok(), test::listDiagnostics(f.errors).c_str());
            files.push_back(std::move(*f.value));
        }
        const auto merged = io::mergeSystemExploreFiles(files);
        QVERIFY2(merged.ok(), test::listDiagnostics(merged.errors).c_str());
        QVERIFY(merged.value->complete);
        QCOMPARE(merged.value->front, m_all.front);
        QCOMPARE(merged.value->points.size(), m_all.points.size());
        for (std::size_t i = 0; i < m_all.points.size(); ++i) {
            QCOMPARE(merged.value->points[i].point.index, m_all.points[i].point.index);
            QCOMPARE(merged.value->points[i].point.energy_j, m_all.points[i].point.energy_j);
        }
        // The merge is a whole-space result: --only-missing takes it, --resume of a shard does not.
        QVERIFY(!io::systemFileMismatch(*merged.value, m_req, false));
        // Two shards of three: written, incomplete.
        const auto two = io::mergeSystemExploreFiles({files[0], files[2]});
        QVERIFY(two.ok());
        QVERIFY(!two.value->complete);
        QCOMPARE(two.value->points.size(), std::size_t(15 + 15));
        // A shard twice, or of another seed: refused, naming the input.
        QVERIFY(!io::mergeSystemExploreFiles({files[0], files[0]}).ok());
        auto other = files[1];
        other.seed = 7;
        const auto bad = io::mergeSystemExploreFiles({files[0], other});
        QVERIFY(!bad.ok());
        QCOMPARE(bad.errors[0].path, std::string("2:/seed"));
    }
    void streamRoundTrip() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("r.jsonl").toStdString();
        io::SystemExploreStreamWriter w(path, io::systemHeaderJson(m_req));
        for (auto it = m_all.points.rbegin(); it != m_all.points.rend(); ++it) // any order
            QVERIFY(w.point(io::systemPointJson(m_req, *it)));
        QVERIFY(w.finish(true, m_all.front, m_all.infeasible));
        QVERIFY(io::isSystemExploreStream(path));
        QVERIFY(io::isSystemExploreResult(path));
        const auto f = io::readSystemExploreAny(path);
        QVERIFY2(f.ok(), test::listDiagnostics(f.errors).c_str());
        QVERIFY(f.value->complete);
        QCOMPARE(f.value->front, m_all.front);
        QCOMPARE(f.value->points.size(), m_all.points.size());
        for (std::size_t i = 0; i < m_all.points.size(); ++i) {
            QCOMPARE(f.value->points[i].point.index, m_all.points[i].point.index);
            QCOMPARE(f.value->points[i].makespan_cycles, m_all.points[i].makespan_cycles);
        }
        // Cut before its end line: refused.
        std::ifstream in(path);
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        text.erase(text.rfind("{\"end\""));
        const std::string cut = dir.filePath("cut.jsonl").toStdString();
        std::ofstream(cut) << text;
        const auto c = io::readSystemExploreStream(cut);
        QVERIFY(!c.ok());
        QVERIFY2(c.errors[0].message.find("without its end line") != std::string::npos, c.errors[0].message.c_str());
    }
    void mismatches_data() {
        QTest::addColumn<int>("what");
        QTest::addColumn<QString>("fragment");
        QTest::newRow("seed") << 0 << "seed 1 differs from the run's 2";
        QTest::newRow("shard") << 1 << "it is shard 0/1, the run is shard 1/2";
        QTest::newRow("scheduler") << 2 << "scheduler herald differs";
        QTest::newRow("mix") << 3 << "another workload";
        QTest::newRow("space") << 4 << "another system space";
        QTest::newRow("objectives") << 5 << "objectives differ";
    }
    void mismatches() {
        QFETCH(int, what);
        QFETCH(QString, fragment);
        const auto f = io::parseSystemExploreFile(io::toJson(m_req, m_all));
        QVERIFY(f.ok());
        search::SystemExploreRequest req = m_req;
        switch (what) {
        case 0: req.seed = 2; break;
        case 1: req.shard_index = 1, req.shard_count = 2; break;
        case 2: req.scheduler = search::SystemScheduler::Baseline; break;
        case 3: req.mix.entries[0].instances = 2; break;
        case 4: req.space.buffer_scales = {1, 2}; break;
        default: req.objectives = {search::Metric::Latency}; break;
        }
        const auto why = io::systemFileMismatch(*f.value, req, true);
        QVERIFY(why);
        QVERIFY2(why->find(fragment.toStdString()) != std::string::npos, why->c_str());
    }
    void fingerprint() {
        // What decides the designs changes it; the name does not.
        search::SystemSpace s = m_req.space;
        const std::uint64_t base = s.fingerprint();
        s.name = "renamed";
        QCOMPARE(s.fingerprint(), base);
        s.constraints.max_energy_mj = 5;
        QVERIFY(s.fingerprint() != base);
        s = m_req.space;
        s.templates[0].accelerator.levels[1].capacity_bytes *= 2;
        QVERIFY(s.fingerprint() != base);
        s = m_req.space;
        s.templates[0].policy.dataflow = mapping::Dataflow::WeightStationary;
        QVERIFY(s.fingerprint() != base);
    }
    void badDocument_data() {
        QTest::addColumn<QString>("pointer");
        QTest::addColumn<QString>("fragment");
        QTest::newRow("index outside the space") << "/points/0/index"
                                                 << "is not a design of shard 0/1";
        QTest::newRow("unknown reason") << "/points/1/reason"
                                        << "expected one of";
        QTest::newRow("fingerprint") << "/space_fingerprint"
                                     << "hexadecimal";
    }
    void badDocument() {
        QFETCH(QString, pointer);
        QFETCH(QString, fragment);
        nlohmann::json doc = io::toJson(m_req, m_all);
        doc["points"][0]["index"] = 45;
        doc["points"][1]["reason"] = "too_hot";
        doc["space_fingerprint"] = "xyz";
        const auto f = io::parseSystemExploreFile(doc);
        QVERIFY(!f.ok());
        bool found = false;
        for (const auto& d : f.errors)
            found = found ||
                    (d.path == pointer.toStdString() && d.message.find(fragment.toStdString()) != std::string::npos);
        QVERIFY2(found, test::listDiagnostics(f.errors).c_str());
    }
};

QTEST_GUILESS_MAIN(TestSystemResume)
#include "tst_system_resume.moc"
