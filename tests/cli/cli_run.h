#pragma once
// Runs archscape-cli (the path CMake passes as ARCHSCAPE_CLI) and keeps its exit code and output.
#include <QProcess>
#include <QString>
#include <QStringList>

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

} // namespace archscape::test
