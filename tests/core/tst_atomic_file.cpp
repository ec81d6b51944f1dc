// writeFileAtomically under kill -9 and with stale temporary files (issue 18): the target is
// always the old or the new content, and temporary files of dead writers are cleaned up.
#include <QtTest>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <string>
#include <thread>

#include <sys/wait.h>
#include <unistd.h>

#include "common/atomic_file.h"

namespace fs = std::filesystem;
using namespace archscape;

namespace {

struct TempDir {
    fs::path path;
    TempDir() {
        char tmpl[] = "/tmp/archscape-atomic-XXXXXX";
        path = ::mkdtemp(tmpl);
    }
    ~TempDir() { fs::remove_all(path); }
};

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void touch(const fs::path& p) { std::ofstream(p) << "partial"; }

std::string host() {
    char buf[256] = {};
    ::gethostname(buf, sizeof buf - 1);
    return buf;
}

/// A pid that no process has: a child that has exited and been reaped.
pid_t deadPid() {
    const pid_t child = ::fork();
    if (child == 0) ::_exit(0);
    ::waitpid(child, nullptr, 0);
    return child;
}

int countTemporaries(const fs::path& dir) {
    int n = 0;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.path().filename().string().find(".tmp-") != std::string::npos) ++n;
    return n;
}

} // namespace

class TestAtomicFile : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void staleTemporariesAreRemoved();
    void killDuringSaveKeepsOldOrNew();
    void preparedFileReplacesOnlyOnCommit_data();
    void preparedFileReplacesOnlyOnCommit();
};

void TestAtomicFile::staleTemporariesAreRemoved() {
    TempDir dir;
    const fs::path target = dir.path / "R.json";
    const std::string h = host();
    // Which temporary files a writer may remove (by name and owner):
    //   this host, dead pid             → stale (a writer killed with SIGKILL)
    //   this host, pid 1 (always alive) → kept (a write may be in progress)
    //   another host, just written      → kept (its owner cannot be asked)
    //   another file's temporary        → kept (not this target's)
    //   not our pattern                 → kept
    const fs::path dead = dir.path / ("R.json.tmp-" + h + "-" + std::to_string(deadPid()) + "-0");
    const fs::path alive = dir.path / ("R.json.tmp-" + h + "-1-3");
    const fs::path otherHost = dir.path / "R.json.tmp-some-other-node-12345-0";
    const fs::path otherFile = dir.path / ("S.json.tmp-" + h + "-" + std::to_string(deadPid()) + "-0");
    const fs::path notOurs = dir.path / "R.json.tmp-notes";
    for (const auto& p : {dead, alive, otherHost, otherFile, notOurs}) touch(p);
    std::string error;
    QVERIFY2(writeFileAtomically(target.string(), "new", &error), error.c_str());
    QCOMPARE(slurp(target), std::string("new"));
    QVERIFY(!fs::exists(dead));
    QVERIFY(fs::exists(alive));
    QVERIFY(fs::exists(otherHost));
    QVERIFY(fs::exists(otherFile));
    QVERIFY(fs::exists(notOurs));
    // An old file of another host (more than a day) is stale too.
    fs::last_write_time(otherHost, fs::file_time_type::clock::now() - std::chrono::hours(25));
    QCOMPARE(removeStaleTemporaryFiles(target.string()), 1);
    QVERIFY(!fs::exists(otherHost));
}

void TestAtomicFile::killDuringSaveKeepsOldOrNew() {
    // A child saves ~8 MB contents over and over; SIGKILL at a random moment. The target is then one
    // of the complete contents (never a prefix), and the next save removes the child's temporary file.
    TempDir dir;
    const fs::path target = dir.path / "R.json";
    const std::string a(8 << 20, 'a'), b(8 << 20, 'b');
    std::string error;
    QVERIFY(writeFileAtomically(target.string(), a, &error));
    std::mt19937 rng(18);
    int sawTemporary = 0;
    for (int round = 0; round < 12; ++round) {
        const pid_t child = ::fork();
        if (child == 0) {
            for (int i = 0;; ++i) writeFileAtomically(target.string(), i % 2 ? a : b, nullptr);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20 + rng() % 200));
        ::kill(child, SIGKILL);
        ::waitpid(child, nullptr, 0);
        const std::string now = slurp(target);
        QVERIFY2(now == a || now == b, ("round " + std::to_string(round) + ": target has " +
                                        std::to_string(now.size()) + " bytes, neither content")
                                           .c_str());
        sawTemporary += countTemporaries(dir.path);
        QVERIFY(writeFileAtomically(target.string(), a, &error));
        QCOMPARE(countTemporaries(dir.path), 0);
    }
    qInfo("kills that left a temporary file behind: %d of 12 (all removed by the next save)", sawTemporary);
}

void TestAtomicFile::preparedFileReplacesOnlyOnCommit_data() {
    QTest::addColumn<bool>("commit");
    QTest::newRow("prepared, then abandoned") << false;
    QTest::newRow("prepared, then committed") << true;
}

void TestAtomicFile::preparedFileReplacesOnlyOnCommit() {
    // prepare() (issue 18: convert's files all or none) puts the whole new content on disk beside
    // the target; the target changes only with commit(), and without it the temporary file goes.
    QFETCH(bool, commit);
    TempDir dir;
    const fs::path target = dir.path / "out.txt";
    std::ofstream(target) << "old";
    {
        AtomicFileWriter w(target.string());
        QVERIFY(w.append("new content"));
        QVERIFY(w.prepare());
        QVERIFY(w.prepare()); // a second call changes nothing
        QCOMPARE(slurp(target), std::string("old"));
        QCOMPARE(countTemporaries(dir.path), 1);
        if (commit) QVERIFY2(w.commit(), w.error().c_str());
    }
    QCOMPARE(slurp(target), std::string(commit ? "new content" : "old"));
    QCOMPARE(countTemporaries(dir.path), 0);
}

QTEST_APPLESS_MAIN(TestAtomicFile)
#include "tst_atomic_file.moc"
