// Streaming explore results (issue 18): a run written as JSON Lines without keeping its points
// (keep_points = false) reads back into the same document as the run kept in memory; a stream cut
// short or with a bad line is refused with its line number.
#include <QtTest>

#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "core/explore_fixtures.h"
#include "core/search_fixtures.h"
#include "io/accelerator_json.h"
#include "io/design_space_json.h"
#include "io/explore_result_json.h"
#include "io/explore_stream.h"
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
                        test::conv("c4", 64, 32, 4, 4, 1, 1)};
    r.objectives = {Metric::Latency, Metric::Energy};
    return r;
}

/// Writes every point through the stream as it finishes (what explore --output R.jsonl does).
struct StreamingSink : ProgressSink {
    io::ExploreStreamWriter& w;
    explicit StreamingSink(io::ExploreStreamWriter& writer) : w(writer) {}
    void pointFinished(const PointResult& p, std::span<const mapping::Mapping>, bool) override { QVERIFY(w.point(p)); }
};

struct NullSink : ProgressSink {};

std::string tempPath(const char* name) {
    return (std::filesystem::temp_directory_path() / (std::to_string(::getpid()) + name)).string();
}

std::vector<std::string> lines(const std::string& path) {
    std::ifstream in(path);
    std::vector<std::string> out;
    for (std::string l; std::getline(in, l);) out.push_back(l);
    return out;
}

} // namespace

class TestExploreStream : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void streamEqualsDocument() {
        ExploreRequest req = request();
        NullSink null;
        const auto kept = run(req, null);
        const std::string path = tempPath("-stream.jsonl");
        req.keep_points = false;
        io::ExploreStreamWriter w(path, describeRequest(req));
        StreamingSink sink(w);
        const auto streamed = run(req, sink);
        QVERIFY(streamed.points.size() < kept.points.size()); // only the front's points are held
        QCOMPARE(streamed.points.size(), streamed.front.size());
        QCOMPARE(streamed.finished, std::int64_t(36));
        QVERIFY2(w.finish(req, streamed), w.error().c_str());
        // Header, 36 point lines, end line.
        QCOMPARE(lines(path).size(), std::size_t(38));
        QVERIFY(io::isExploreStream(path));
        const auto back = io::readExploreStream(path);
        QVERIFY2(back.ok(), back.errors.empty() ? "" : (back.errors[0].path + ": " + back.errors[0].message).c_str());
        // The same document as the in-memory run's (a document read back is merged alone to compare).
        req.keep_points = true;
        auto single = parseExploreFile(toJson(req, kept));
        QVERIFY(single.ok());
        const auto a = mergeExploreFiles({*single.value}), b = mergeExploreFiles({*back.value});
        QVERIFY(a.ok() && b.ok());
        QCOMPARE(toJson(*b.value).dump(), toJson(*a.value).dump());
        QCOMPARE(toJson(*b.value).dump(), toJson(req, kept).dump()); // and the run's own document
        std::filesystem::remove(path);
    }

    void damagedStreamsAreRefused_data() {
        QTest::addColumn<int>("damage"); // 0 no end line, 1 a bad point line, 2 a line after the end
        QTest::addColumn<QString>("where");
        QTest::addColumn<QString>("message");
        QTest::newRow("cut before the end line") << 0 << "line 37"
                                                 << "ends without its end line";
        QTest::newRow("point line not JSON") << 1 << "line 5"
                                             << "";
        QTest::newRow("line after the end") << 2 << "line 39"
                                            << "after the end line";
    }
    void damagedStreamsAreRefused() {
        QFETCH(int, damage);
        QFETCH(QString, where);
        QFETCH(QString, message);
        ExploreRequest req = request();
        NullSink null;
        const auto r = run(req, null);
        const std::string path = tempPath("-damaged.jsonl");
        std::string error;
        auto f = parseExploreFile(toJson(req, r));
        QVERIFY(f.ok() && io::writeExploreStream(path, *f.value, &error));
        auto ls = lines(path); // header, 36 points, end
        if (damage == 0) ls.pop_back();
        if (damage == 1) ls[4] = "{\"point\": {\"index\": 4,";
        if (damage == 2) ls.push_back("{\"point\": {}}");
        std::ofstream out(path, std::ios::trunc);
        for (const auto& l : ls) out << l << "\n";
        out.close();
        const auto back = io::readExploreStream(path);
        QVERIFY(!back.ok());
        QVERIFY2(QString::fromStdString(back.errors[0].path).startsWith(where), back.errors[0].path.c_str());
        QVERIFY2(QString::fromStdString(back.errors[0].message).contains(message), back.errors[0].message.c_str());
        std::filesystem::remove(path);
    }
};

QTEST_APPLESS_MAIN(TestExploreStream)
#include "tst_explore_stream.moc"
