#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "common/parse_result.h"

namespace archscape::accuracy {

/// A CSV file read as text: a header and rows of fields (RFC 4180 quoting), with line numbers
/// so that every later validation error can name "line N".
struct CsvTable {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
    std::vector<int> row_line; ///< 1-based line of each row in the file

    /// Column index by header name, or -1.
    int column(std::string_view name) const;
};

/// Parses CSV text; rows with a different field count than the header are errors.
ParseResult<CsvTable> parseCsv(std::string_view text);
/// Reads and parses a file; a missing file is an error naming it.
ParseResult<CsvTable> readCsv(const std::string& path);

/// Typed access to a table's cells that collects every problem as "line N: column 'x': ...".
class CsvReader {
public:
    explicit CsvReader(const CsvTable& t) : m_table(t) {}
    /// Index of a required column; records an error when absent.
    int require(std::string_view name);
    double number(int row, int col);
    long long integer(int row, int col);
    const std::string& text(int row, int col) const { return m_table.rows[row][col]; }
    std::vector<Diagnostic>& errors() { return m_errors; }

private:
    const CsvTable& m_table;
    std::vector<Diagnostic> m_errors;
};

} // namespace archscape::accuracy
