#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace archscape::io {

/// Small text helpers shared by the SCALE-Sim readers.

/// `s` without leading and trailing blanks (spaces, tabs, CR).
std::string_view trimmed(std::string_view s);
/// Splits on `sep`, trimming each field.
std::vector<std::string_view> splitFields(std::string_view s, char sep);
/// The whole of `s` as a decimal integer, or nullopt.
std::optional<std::int64_t> parseInteger(std::string_view s);
/// The whole of `s` as a finite number, or nullopt.
std::optional<double> parseNumber(std::string_view s);
/// Reads a whole file; nullopt when it cannot be opened.
std::optional<std::string> readTextFile(const std::string& path);
/// "line N" as a Diagnostic path.
std::string linePath(std::size_t line);

} // namespace archscape::io
