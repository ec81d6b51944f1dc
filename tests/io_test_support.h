#pragma once
// Helpers shared by the io tests: parse JSON text and look for one diagnostic.
#include <QtTest/QtTest>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/parse_result.h"

namespace archscape::test {

inline nlohmann::json jsonText(const QByteArray& text) { return nlohmann::json::parse(text.toStdString()); }

/// All diagnostics, one per line, for failure messages.
inline std::string listDiagnostics(const std::vector<Diagnostic>& errors) {
    std::string out;
    for (const auto& e : errors) out += "\n  " + e.path + ": " + e.message;
    return out.empty() ? std::string("\n  (no diagnostics)") : out;
}

/// True when some diagnostic sits at exactly `pointer` and its message contains `fragment`.
inline bool hasDiagnostic(const std::vector<Diagnostic>& errors, const QString& pointer, const QString& fragment) {
    for (const auto& e : errors)
        if (e.path == pointer.toStdString() && e.message.find(fragment.toStdString()) != std::string::npos)
            return true;
    return false;
}

} // namespace archscape::test

/// Fails the test unless `result` failed with a diagnostic at `pointer` whose message contains `fragment`.
#define ARCHSCAPE_EXPECT_DIAGNOSTIC(result, pointer, fragment)                                                   \
    do {                                                                                                        \
        QVERIFY2(!(result).ok(), "parsing should have failed");                                                 \
        QVERIFY2(!(result).value.has_value(), "a failed parse must not carry a value");                         \
        const std::string listed_ = ::archscape::test::listDiagnostics((result).errors);                       \
        QVERIFY2(::archscape::test::hasDiagnostic((result).errors, pointer, fragment),                         \
                 qPrintable(QString("no diagnostic at %1 containing \"%2\"; got:%3")                           \
                                .arg(pointer, fragment, QString::fromStdString(listed_))));                     \
    } while (false)
