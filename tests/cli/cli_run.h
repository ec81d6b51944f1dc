#pragma once
// Runs archscape-cli (the path CMake passes as ARCHSCAPE_CLI) and keeps its exit code and output.
#include <QFile>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <string>

namespace archscape::test {

struct CliRun {
    int code = -1;
    QString out, err;
};

inline CliRun runCli(const QStringList& args, int timeout_ms = 120000) {
    QProcess p;
    p.start(QStringLiteral(ARCHSCAPE_CLI), args);
    p.waitForFinished(timeout_ms);
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
}

/// Writes TEXT to NAME in DIR (a test's input file) and returns its path.
inline QString writeFile(const QTemporaryDir& dir, const char* name, const std::string& text) {
    const QString path = dir.filePath(name);
    QFile f(path);
    if (f.open(QIODevice::WriteOnly)) f.write(text.c_str());
    return path;
}

} // namespace archscape::test
