#pragma once
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "common/parse_result.h"

namespace archscape::io {

/// Parses YAML text; a syntax error gives one diagnostic at "line L, column C" (never throws).
ParseResult<YAML::Node> parseYaml(const std::string& text);
/// Reads and parses a YAML file; a missing file gives one diagnostic with an empty path.
ParseResult<YAML::Node> readYamlFile(const std::string& path);

/// "line N" (1-based) of a node, as Diagnostic::path for text formats.
std::string yamlLine(const YAML::Node& n);

/// Reads one YAML mapping while collecting every problem with its line: wrong node kinds,
/// missing required keys, values that are not numbers, and (at finish()) keys nobody asked for.
/// Timeloop and Accelergy reject unknown keys too, so a misspelled key never goes unnoticed.
class YamlMapReader {
public:
    /// Records "expected a mapping" at `what` when `n` is not one.
    YamlMapReader(const YAML::Node& n, std::string what, std::vector<Diagnostic>& errors);

    bool ok() const { return m_node.IsMap(); }
    const YAML::Node& node() const { return m_node; }
    /// The value of a key (marked as known); an undefined node when absent. Records "missing" when required.
    YAML::Node get(std::string_view key, bool required = false);
    /// Marks keys as known without reading them (fields Archscape accepts but does not model).
    void allow(std::initializer_list<std::string_view> keys);
    /// Scalar as a string; nullopt (and a diagnostic) when not a scalar.
    std::optional<std::string> string(std::string_view key, bool required);
    /// Positive integer (or >= min); integral floats such as "64.0" are accepted.
    std::optional<std::int64_t> integer(std::string_view key, bool required, std::int64_t min = 1);
    /// Finite number >= min.
    std::optional<double> number(std::string_view key, bool required, double min = 0);
    void error(const YAML::Node& at, std::string message);
    /// Records "unknown key" for every key that no getter asked for.
    void finish();

private:
    YAML::Node m_node;
    std::string m_what;
    std::vector<Diagnostic>& m_errors;
    std::vector<std::string> m_known;
};

/// A scalar node as a number, or nullopt (no diagnostic) when it is not one.
std::optional<double> yamlNumber(const YAML::Node& n);
/// A scalar node as an integer, or nullopt when it is not an integral number.
std::optional<std::int64_t> yamlInteger(const YAML::Node& n);

} // namespace archscape::io
