#include "accuracy/csv_table.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace archscape::accuracy {

int CsvTable::column(std::string_view name) const {
    for (std::size_t i = 0; i < header.size(); ++i)
        if (header[i] == name) return static_cast<int>(i);
    return -1;
}

ParseResult<CsvTable> parseCsv(std::string_view text) {
    CsvTable t;
    std::vector<Diagnostic> errors;
    std::vector<std::string> fields;
    std::string field;
    bool quoted = false, any = false;
    int line = 1, record_line = 1;
    auto endRecord = [&] {
        fields.push_back(std::move(field));
        field.clear();
        const bool blank = fields.size() == 1 && fields[0].empty();
        if (!blank) {
            if (t.header.empty()) {
                t.header = std::move(fields);
            } else if (fields.size() != t.header.size()) {
                errors.push_back({"line " + std::to_string(record_line), "expected " + std::to_string(t.header.size()) +
                                                                             " fields, found " +
                                                                             std::to_string(fields.size())});
            } else {
                t.rows.push_back(std::move(fields));
                t.row_line.push_back(record_line);
            }
        }
        fields.clear();
        any = false;
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (!any) record_line = line;
        any = true;
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') quoted = false;
            else {
                if (c == '\n') ++line;
                field += c;
            }
        } else if (c == '"') quoted = true;
        else if (c == ',') {
            fields.push_back(std::move(field));
            field.clear();
        } else if (c == '\n') {
            endRecord();
            ++line;
        } else if (c != '\r') field += c;
    }
    if (quoted) errors.push_back({"line " + std::to_string(record_line), "unterminated quoted field"});
    else if (any) endRecord();
    if (t.header.empty()) errors.push_back({"line 1", "empty file: expected a header row"});
    if (!errors.empty()) return ParseResult<CsvTable>::failure(std::move(errors));
    return ParseResult<CsvTable>::success(std::move(t));
}

ParseResult<CsvTable> readCsv(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return ParseResult<CsvTable>::failure({{"", "cannot open file"}});
    std::ostringstream ss;
    ss << in.rdbuf();
    return parseCsv(ss.str());
}

int CsvReader::require(std::string_view name) {
    const int c = m_table.column(name);
    if (c < 0) m_errors.push_back({"line 1", "missing column '" + std::string(name) + "'"});
    return c;
}

double CsvReader::number(int row, int col) {
    if (col < 0) return 0;
    const std::string& s = m_table.rows[row][col];
    char* end = nullptr;
    errno = 0;
    const double v = std::strtod(s.c_str(), &end);
    if (s.empty() || end != s.c_str() + s.size() || errno == ERANGE || !std::isfinite(v)) {
        m_errors.push_back({"line " + std::to_string(m_table.row_line[row]),
                            "column '" + m_table.header[col] + "': expected a finite number, found '" + s + "'"});
        return 0;
    }
    return v;
}

long long CsvReader::integer(int row, int col) {
    if (col < 0) return 0;
    const std::string& s = m_table.rows[row][col];
    char* end = nullptr;
    errno = 0;
    const long long v = std::strtoll(s.c_str(), &end, 10);
    if (s.empty() || end != s.c_str() + s.size() || errno == ERANGE) {
        m_errors.push_back({"line " + std::to_string(m_table.row_line[row]),
                            "column '" + m_table.header[col] + "': expected an integer, found '" + s + "'"});
        return 0;
    }
    return v;
}

} // namespace archscape::accuracy
