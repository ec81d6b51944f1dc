#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/parse_result.h"

namespace archscape::io {

/// Bounds on what readJsonFile accepts (issue 18: absurd inputs get an error, not minutes or gigabytes).
struct JsonReadLimits {
    std::uint64_t max_bytes = std::uint64_t(256) << 20; ///< larger files are refused before reading
    int max_depth = 256;                                ///< nesting of objects and arrays
    int max_duplicate_reports = 20;                     ///< duplicate-key diagnostics before "... more"
};

/// Reads and parses a JSON file. A missing or unreadable file gives one diagnostic with an empty
/// path; a syntax error gives one whose path is "line L, column C" (computed from the parser's
/// byte offset) and whose message is the parser's explanation; so do nesting deeper than the
/// limit and a number outside the range of a double (1e400). A directory, a device or a file
/// larger than the limit is refused without reading it.
ParseResult<nlohmann::json> readJsonFile(const std::string& path, const JsonReadLimits& limits = {});
/// The same on text in memory (the fuzz harnesses and tests use it).
ParseResult<nlohmann::json> parseJsonText(const std::string& text, const JsonReadLimits& limits = {});

/// `base` extended by one object key, escaped as RFC 6901 requires ("~" → "~0", "/" → "~1").
std::string childPointer(const std::string& base, std::string_view key);
/// `base` extended by one array index.
std::string childPointer(const std::string& base, std::size_t index);

/// A short description of a JSON value for "got ..." in messages: scalars as written,
/// containers as "an object" / "an array".
std::string describeValue(const nlohmann::json& j);

/// Integer limits a field accepts; the message names them when the value is outside.
struct IntRange {
    std::int64_t min = 1;
    std::int64_t max = 2147483647;
};

/// Checks that `j` is an integer within `range` (an integral float such as 4.0 is accepted);
/// otherwise records "expected ..., got ..." at `pointer` and returns nullopt.
std::optional<std::int64_t> checkInteger(const nlohmann::json& j, const std::string& pointer, IntRange range,
                                         std::vector<Diagnostic>& errors);
/// Checks that `j` is a number >= min (> min when `exclusive`); records a diagnostic otherwise.
std::optional<double> checkNumber(const nlohmann::json& j, const std::string& pointer, double min, bool exclusive,
                                  std::vector<Diagnostic>& errors);
/// Checks that `j` is a string; records a diagnostic otherwise.
std::optional<std::string> checkString(const nlohmann::json& j, const std::string& pointer,
                                       std::vector<Diagnostic>& errors);

/// Reads the fields of one JSON object while collecting every problem: wrong types, missing
/// required fields, out-of-range values, and (at finish()) fields nobody asked for.
/// Getters return nullopt when the field is absent or wrong; a diagnostic is recorded when it
/// is wrong, or absent and required. Callers fall back to defaults with value_or().
class ObjectReader {
public:
    /// Records "expected an object" when `j` is not one; the getters then return nullopt.
    /// Keeps references to `j` and `errors`: both must outlive the reader.
    ObjectReader(const nlohmann::json& j, std::string pointer, std::vector<Diagnostic>& errors);

    /// Whether the value is an object (otherwise one diagnostic was recorded already).
    bool isObject() const { return m_json.is_object(); }
    /// JSON pointer of this object.
    const std::string& pointer() const { return m_pointer; }
    /// JSON pointer of one field of this object.
    std::string at(std::string_view key) const { return childPointer(m_pointer, key); }
    /// Whether the field is present (does not mark it as known).
    bool has(std::string_view key) const;
    /// The field's value, marking it as known; nullptr when absent. Records "missing" when required.
    const nlohmann::json* field(std::string_view key, bool required = false);
    /// Marks fields as known without reading them (documentation-only fields).
    void allow(std::initializer_list<std::string_view> keys);
    /// Records a diagnostic at `pointer`.
    void error(std::string pointer, std::string message);
    /// The list diagnostics go to, for the free check functions.
    std::vector<Diagnostic>& errors() { return m_errors; }

    /// An integer within `range` (default: positive, below 2^31).
    std::optional<std::int64_t> integer(std::string_view key, bool required, IntRange range = {});
    /// A finite number >= min (> min when `exclusive`).
    std::optional<double> number(std::string_view key, bool required, double min = 0, bool exclusive = false);
    /// A string.
    std::optional<std::string> string(std::string_view key, bool required);
    /// true or false (never required: every flag has a default).
    std::optional<bool> boolean(std::string_view key);

    /// A field holding a name parsed by `parse` (e.g. hardware::parseMemoryKind); unknown names
    /// give "expected one of <choices>, got \"flash\"".
    template <class Parse>
    auto enumeration(std::string_view key, bool required, Parse parse, std::string_view choices)
        -> decltype(parse(std::string_view{})) {
        const auto s = string(key, required);
        if (!s) return std::nullopt;
        auto v = parse(*s);
        if (!v) error(at(key), "expected one of " + std::string(choices) + ", got \"" + *s + "\"");
        return v;
    }

    /// Checks the optional "format" and "version" header of a top-level document.
    void header(std::string_view format);
    /// Records "unknown field" for every field that no getter asked for.
    void finish();

private:
    const nlohmann::json& m_json;
    std::string m_pointer;
    std::vector<Diagnostic>& m_errors;
    std::vector<std::string> m_known;
};

} // namespace archscape::io
