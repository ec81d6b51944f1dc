// The house's layering, measured from the code (DESIGN.md, docs/architecture.md):
// - core/ is Qt-free;
// - core folders include only lower layers: common < workload < hardware < mapping < model <
//   schedule, accuracy < search < io (schedule and accuracy not each other), and never app/ or widgets/;
// - widgets/ (views) include nothing from app/; app/session and app/cli never include app/shell.
// Quoted includes are resolved as the compiler does: beside the including file first, then in the
// include folders CMake gives (core, app/session, app/shell, app/cli, widgets).
// The checker runs on a small tree made here with one known violation of each rule, so it can fail.
#include <QDir>
#include <QDirIterator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <map>

namespace {

const QStringList kIncludeRoots = {"core", "app/session", "app/shell", "app/cli", "widgets"};

/// Rank of a core folder (files directly under core/ count as common).
int coreRank(const QString& folder) {
    static const std::map<QString, int> rank = {{"common", 0},   {"workload", 1}, {"hardware", 2},
                                                {"mapping", 3},  {"model", 4},    {"schedule", 5},
                                                {"accuracy", 5}, {"search", 6},   {"io", 7}};
    const auto it = rank.find(folder);
    return it == rank.end() ? -1 : it->second;
}

/// "core/<folder>", "widgets", "app/<part>", or "" for anything else.
QString area(const QString& rel) {
    const QStringList p = rel.split('/');
    if (p.size() >= 3 && (p[0] == "core" || p[0] == "app")) return p[0] + "/" + p[1];
    if (p[0] == "core") return "core/common";
    if (p[0] == "widgets") return "widgets";
    return {};
}

QString resolve(const QDir& root, const QString& rel, const QString& inc) {
    const QString beside = QDir::cleanPath(QFileInfo(rel).path() + "/" + inc);
    if (QFileInfo::exists(root.filePath(beside))) return beside;
    for (const QString& r : kIncludeRoots)
        if (QFileInfo::exists(root.filePath(r + "/" + inc))) return QDir::cleanPath(r + "/" + inc);
    return {};
}

/// Why `from` may not include `to` (both areas), or an empty string when it may.
QString breaks(const QString& from, const QString& to) {
    if (from == to || to.isEmpty()) return {};
    if (from.startsWith("core/")) {
        if (!to.startsWith("core/")) return "core includes " + to;
        const int rf = coreRank(from.mid(5)), rt = coreRank(to.mid(5));
        if (rf < 0 || rt < 0 || rt >= rf) return from + " includes " + to + " (a layer that is not below it)";
        return {};
    }
    if (from == "widgets" && to.startsWith("app/")) return "a view includes " + to;
    if ((from == "app/session" || from == "app/cli") && to == "app/shell") return from + " includes the shell";
    return {};
}

/// Every broken rule under `root`, one line each ("file:line: why").
QStringList violations(const QString& rootPath) {
    const QDir root(rootPath);
    const QString hash = QStringLiteral("#"); // moc's tokenizer trips over a directive in a literal
    const QRegularExpression quoted("^\\s*" + hash + "\\s*include\\s*\"([^\"]+)\"");
    const QRegularExpression qt(hash + QStringLiteral("\\s*include\\s*[<\"](Q[A-Z]\\w*|Qt\\w+/|qcustomplot)"));
    QStringList out;
    for (const QString top : {"core", "app", "widgets"}) {
        QDirIterator it(root.filePath(top), {"*.h", "*.cpp"}, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString rel = root.relativeFilePath(it.next());
            QFile f(root.filePath(rel));
            if (!f.open(QIODevice::ReadOnly)) continue;
            const QStringList lines = QString::fromUtf8(f.readAll()).split('\n');
            for (int i = 0; i < lines.size(); ++i) {
                const QString where = rel + ":" + QString::number(i + 1) + ": ";
                if (top == "core" && qt.match(lines[i]).hasMatch()) out << where + "core includes a Qt header";
                const auto m = quoted.match(lines[i]);
                if (!m.hasMatch()) continue;
                const QString target = resolve(root, rel, m.captured(1));
                const QString why = breaks(area(rel), area(target));
                if (!why.isEmpty()) out << where + why;
            }
        }
    }
    return out;
}

void write(const QString& path, const QByteArray& text) {
    QDir().mkpath(QFileInfo(path).path());
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(text);
}

} // namespace

class TestLayering : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void checkerFindsEachKindOfViolation() {
        QTemporaryDir dir;
        const QString r = dir.path();
        write(r + "/core/common/a.h", "#pragma once\n");
        write(r + "/core/workload/layer.h", "#include \"common/a.h\"\n#include \"hardware/acc.h\"\n");
        write(r + "/core/hardware/acc.h", "#include \"workload/layer.h\"\n#include <QString>\n");
        write(r + "/core/model/m.cpp", "#include \"../search/s.h\"\n#include \"session.h\"\n");
        write(r + "/core/search/s.h", "#include \"model/m.h\"\n");
        write(r + "/core/model/m.h", "\n");
        write(r + "/core/schedule/x.h", "#include \"accuracy/y.h\"\n");
        write(r + "/core/accuracy/y.h", "\n");
        write(r + "/app/session/session.h", "#include \"main_window.h\"\n#include \"search/s.h\"\n");
        write(r + "/app/shell/main_window.h", "#include \"session.h\"\n#include \"chart.h\"\n");
        write(r + "/widgets/chart.h", "#include \"session.h\"\n#include \"model/m.h\"\n");
        const QStringList v = violations(r);
        const QStringList expected = {
            "core/workload/layer.h:2: core/workload includes core/hardware (a layer that is not below it)",
            "core/hardware/acc.h:2: core includes a Qt header",
            "core/model/m.cpp:1: core/model includes core/search (a layer that is not below it)",
            "core/model/m.cpp:2: core includes app/session",
            "core/schedule/x.h:1: core/schedule includes core/accuracy (a layer that is not below it)",
            "app/session/session.h:1: app/session includes the shell",
            "widgets/chart.h:1: a view includes app/session",
        };
        for (const QString& e : expected) QVERIFY2(v.contains(e), qPrintable(e + "\nfound:\n" + v.join('\n')));
        QCOMPARE(v.size(), expected.size());
    }

    void theHouseKeepsItsLayers() {
        const QStringList v = violations(ARCHSCAPE_SOURCE_DIR);
        QVERIFY2(v.isEmpty(), qPrintable(v.join('\n')));
    }
};

QTEST_GUILESS_MAIN(TestLayering)
#include "tst_layering.moc"
