// archscape-cli explore --strategy random|nsga2|genesys --budget N [--islands K] (issue 16): the
// result document says which search chose its points and carries the front's hypervolume with its reference point
// (checked against a 2-D hypervolume computed here from the document's own points), random
// shards merge into the single run, and misuse of the options is bad input with a clear message.
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <fstream>

#include <nlohmann/json.hpp>

#include "cli/cli_run.h"

using archscape::test::runCli;
using nlohmann::json;

namespace {

json load(const QString& path) {
    std::ifstream in(path.toStdString());
    return json::parse(in);
}

/// The 2-D hypervolume of the front points (latency, energy) below `ref`: sort by latency and sum
/// the strips between consecutive latencies, each as high as the best energy so far.
double hypervolume2d(const json& doc, double refLatency, double refEnergy) {
    std::vector<std::pair<double, double>> pts;
    for (const auto& p : doc["points"])
        if (std::find(doc["front"].begin(), doc["front"].end(), p["index"]) != doc["front"].end())
            pts.emplace_back(p["latency_s"].get<double>(), p["energy_j"].get<double>());
    std::sort(pts.begin(), pts.end());
    double volume = 0, best = refEnergy;
    for (std::size_t i = 0; i < pts.size(); ++i) {
        best = std::min(best, pts[i].second);
        const double next = i + 1 < pts.size() ? pts[i + 1].first : refLatency;
        volume += (next - pts[i].first) * (refEnergy - best);
    }
    return volume;
}

const QStringList kBase = {"explore",         "--space", "edge",         "--workload",     "alexnet",
                           "--mapper-budget", "30",      "--objectives", "latency,energy", "--quiet"};

} // namespace

class TestCliExploreSearch : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void nsga2Document() {
        QTemporaryDir dir;
        const QString out = dir.filePath("nsga2.json");
        const auto r = runCli(kBase + QStringList{"--strategy", "nsga2", "--budget", "60", "--output", out});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const json doc = load(out);
        QCOMPARE(doc["search"]["strategy"].get<std::string>(), std::string("nsga2"));
        QCOMPARE(doc["search"]["budget"].get<int>(), 60);
        QCOMPARE(doc["evaluated_points"].get<int>(), 60);
        QVERIFY(doc["complete"].get<bool>());
        // The reference is 1.1 x the front's worst latency and energy.
        double worstL = 0, worstE = 0;
        for (const auto& p : doc["points"])
            if (std::find(doc["front"].begin(), doc["front"].end(), p["index"]) != doc["front"].end()) {
                worstL = std::max(worstL, p["latency_s"].get<double>());
                worstE = std::max(worstE, p["energy_j"].get<double>());
            }
        const auto& hv = doc["hypervolume"];
        QVERIFY(!hv["reference_given"].get<bool>());
        QCOMPARE(hv["reference"]["latency"].get<double>(), 1.1 * worstL);
        QCOMPARE(hv["reference"]["energy"].get<double>(), 1.1 * worstE);
        const double expected = hypervolume2d(doc, 1.1 * worstL, 1.1 * worstE);
        QVERIFY2(std::abs(hv["value"].get<double>() - expected) <= 1e-9 * expected,
                 qPrintable(QString("%1 vs %2").arg(hv["value"].get<double>()).arg(expected)));
        QVERIFY2(r.err.contains("front hypervolume"), qPrintable(r.err));

        // A given reference is kept and used.
        const QString given = dir.filePath("given.json");
        const auto g = runCli(
            kBase + QStringList{"--strategy", "nsga2", "--budget", "60", "--reference", "1,1", "--output", given});
        QVERIFY2(g.code == 0, qPrintable(g.err));
        const json gd = load(given);
        QVERIFY(gd["hypervolume"]["reference_given"].get<bool>());
        QCOMPARE(gd["hypervolume"]["value"].get<double>(), hypervolume2d(gd, 1, 1));
        QVERIFY(gd["points"] == doc["points"]); // the reference does not steer the search
    }

    void genesysIslandsDocument() {
        // The genetic search with islands: the document records strategy, budget, islands and
        // migration interval, and parses back (merge of the one shard keeps them).
        QTemporaryDir dir;
        const QString out = dir.filePath("genesys.json");
        const auto r = runCli(kBase + QStringList{"--strategy", "genesys", "--budget", "40", "--islands", "2",
                                                  "--migration-interval", "1", "--output", out});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const json doc = load(out);
        QCOMPARE(doc["search"]["strategy"].get<std::string>(), std::string("genesys"));
        QCOMPARE(doc["search"]["islands"].get<int>(), 2);
        QCOMPARE(doc["search"]["migration_interval"].get<int>(), 1);
        QCOMPARE(doc["evaluated_points"].get<int>(), 40);
        const auto m = runCli(QStringList{"merge", out, "--output", dir.filePath("merged.json")});
        QVERIFY2(m.code == 0, qPrintable(m.err));
        QVERIFY(load(dir.filePath("merged.json"))["search"] == doc["search"]);
    }

    void randomShardsMerge() {
        // Two shards of a random search split its one sample sequence: merged, the single run.
        QTemporaryDir dir;
        const QStringList random = kBase + QStringList{"--strategy", "random", "--budget", "40"};
        QCOMPARE(runCli(random + QStringList{"--output", dir.filePath("all.json")}).code, 0);
        QStringList parts;
        for (int i = 0; i < 2; ++i) {
            parts << dir.filePath(QString("part%1.json").arg(i));
            QCOMPARE(runCli(random + QStringList{"--shard", QString("%1/2").arg(i), "--output", parts.back()}).code, 0);
        }
        const auto m = runCli(QStringList{"merge"} + parts + QStringList{"--output", dir.filePath("merged.json")});
        QVERIFY2(m.code == 0, qPrintable(m.err));
        const json all = load(dir.filePath("all.json")), merged = load(dir.filePath("merged.json"));
        QCOMPARE(all["evaluated_points"].get<int>(), 40);
        QVERIFY(all["points"] == merged["points"]);
        QVERIFY(all["front"] == merged["front"]);
        QVERIFY(all["hypervolume"] == merged["hypervolume"]);
        QVERIFY(merged["search"] == all["search"]);
    }

    void misuse_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("mapper strategy") << QStringList{"--strategy", "decoupled"} << "--mapper-strategy";
        QTest::newRow("unknown") << QStringList{"--strategy", "annealing"} << "expected grid, random, nsga2 or genesys";
        QTest::newRow("no budget") << QStringList{"--strategy", "nsga2"} << "needs --budget";
        QTest::newRow("grid budget") << QStringList{"--budget", "50"} << "--mapper-budget";
        QTest::newRow("nsga2 shard") << QStringList{"--strategy", "nsga2", "--budget", "10", "--shard", "0/2"}
                                     << "does not split into shards";
        QTest::newRow("reference size") << QStringList{"--strategy", "random", "--budget", "10", "--reference", "1"}
                                        << "1 values for 2 objectives";
        QTest::newRow("reference value") << QStringList{"--strategy", "random", "--budget", "10", "--reference", "1,-2"}
                                         << "expected positive numbers";
        QTest::newRow("population on random")
            << QStringList{"--strategy", "random", "--budget", "10", "--population", "8"} << "nsga2 or genesys only";
        QTest::newRow("islands on grid") << QStringList{"--islands", "2"} << "--islands applies to";
        QTest::newRow("migration without islands")
            << QStringList{"--strategy", "nsga2", "--budget", "10", "--migration-interval", "2"} << "--islands K";
        QTest::newRow("genesys shard") << QStringList{"--strategy", "genesys", "--budget", "10", "--shard", "1/2"}
                                       << "genesys search does not split into shards";
        QTest::newRow("islands 0") << QStringList{"--strategy", "nsga2", "--budget", "10", "--islands", "0"}
                                   << "--islands";
    }
    void misuse() {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const auto r = runCli(kBase + args);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
    }
};

QTEST_MAIN(TestCliExploreSearch)
#include "tst_cli_explore_search.moc"
