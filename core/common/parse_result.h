#pragma once
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace archscape {

/// One problem found in an input file: where (JSON pointer, or "line N") and what was expected.
struct Diagnostic {
    std::string path;    ///< JSON pointer such as "/layers/3/K", or "line 12" for text formats
    std::string message; ///< what was wrong and what was expected
};

/// Every problem of one input, collected before anything is built (validate, then build).
template <class T>
struct ParseResult {
    std::optional<T> value;         ///< set only when errors is empty
    std::vector<Diagnostic> errors; ///< all problems, in document order

    bool ok() const { return value.has_value() && errors.empty(); }
    static ParseResult success(T v) { return ParseResult{std::move(v), {}}; }
    static ParseResult failure(std::vector<Diagnostic> e) { return ParseResult{std::nullopt, std::move(e)}; }
};

/// Formats diagnostics as "file: path: message" lines, as the CLI and GUI show them.
std::string formatDiagnostics(const std::string& file, const std::vector<Diagnostic>& errors);

} // namespace archscape
