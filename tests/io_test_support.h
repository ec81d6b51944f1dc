#pragma once
// Helpers shared by the io tests: parse JSON text and look for one diagnostic.
#include <QtTest/QtTest>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/parse_result.h"
#include "io/json_file.h"

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
        if (e.path == pointer.toStdString() && e.message.find(fragment.toStdString()) != std::string::npos) return true;
    return false;
}

namespace detail {
inline void collectPointers(const nlohmann::json& j, const std::string& at, std::vector<std::string>& out) {
    if (!at.empty()) out.push_back(at);
    if (j.is_object())
        for (auto it = j.begin(); it != j.end(); ++it) collectPointers(it.value(), io::childPointer(at, it.key()), out);
    else if (j.is_array())
        for (std::size_t i = 0; i < j.size(); ++i) collectPointers(j[i], io::childPointer(at, i), out);
}
} // namespace detail

/// Calls check(variant) for every variant of `doc` with one value (leaf or container) replaced by
/// an odd value (null, negative, zero, fraction, huge, out of int64 range, string, array, object,
/// bool) or one object key removed: a parser must answer every one without crashing or throwing.
template <class Check>
int forEachMutation(const nlohmann::json& doc, Check check) {
    const nlohmann::json odd[] = {nullptr,
                                  -1,
                                  0,
                                  0.5,
                                  1e300,
                                  -9223372036854775807LL - 1,
                                  18446744073709551615ULL,
                                  "x",
                                  nlohmann::json::array(),
                                  nlohmann::json::object(),
                                  true};
    std::vector<std::string> pointers;
    detail::collectPointers(doc, "", pointers);
    int count = 0;
    for (const auto& p : pointers) {
        const nlohmann::json::json_pointer ptr(p);
        for (const auto& v : odd) {
            nlohmann::json copy = doc;
            copy[ptr] = v;
            check(copy);
            ++count;
        }
        if (doc[ptr.parent_pointer()].is_object()) {
            nlohmann::json copy = doc;
            copy[ptr.parent_pointer()].erase(ptr.back());
            check(copy);
            ++count;
        }
    }
    return count;
}

/// A parse result is either a value with no diagnostics or diagnostics with no value.
template <class T>
bool consistent(const ParseResult<T>& r) {
    return r.value.has_value() == r.errors.empty();
}

} // namespace archscape::test

/// Fails the test unless `result` failed with a diagnostic at `pointer` whose message contains `fragment`.
#define ARCHSCAPE_EXPECT_DIAGNOSTIC(result, pointer, fragment)                              \
    do {                                                                                    \
        QVERIFY2(!(result).ok(), "parsing should have failed");                             \
        QVERIFY2(!(result).value.has_value(), "a failed parse must not carry a value");     \
        const std::string listed_ = ::archscape::test::listDiagnostics((result).errors);    \
        QVERIFY2(::archscape::test::hasDiagnostic((result).errors, pointer, fragment),      \
                 qPrintable(QString("no diagnostic at %1 containing \"%2\"; got:%3")        \
                                .arg(pointer, fragment, QString::fromStdString(listed_)))); \
    } while (false)
