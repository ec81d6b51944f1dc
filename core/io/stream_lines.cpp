#include "io/stream_lines.h"

#include <filesystem>
#include <fstream>

#include "io/json_file.h"

namespace archscape::io {

namespace {

constexpr std::size_t kMaxLineBytes = std::size_t(64) << 20;
constexpr std::uintmax_t kMaxStreamBytes = std::uintmax_t(16) << 30;
constexpr std::size_t kMaxErrors = 20;
constexpr std::size_t kProgressEveryLines = 4096;

std::string lineLabel(std::size_t line) { return "line " + std::to_string(line); }

/// Whether `v` is {key: ...} and nothing else.
bool isSingle(const nlohmann::json& v, const char* key) { return v.is_object() && v.size() == 1 && v.contains(key); }

} // namespace

ParseResult<StreamFrame> readStreamLines(const std::string& path, const StreamLineOptions& options,
                                         const StreamPoint& point) {
    using R = ParseResult<StreamFrame>;
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        return R::failure({{"", "cannot read: it is a directory, expected a file"}});
    const auto size = std::filesystem::file_size(path, ec);
    if (!ec && size > kMaxStreamBytes)
        return R::failure({{"", "the file has " + std::to_string(size) + " bytes, more than the 16 GiB accepted"}});
    std::ifstream in(path, std::ios::binary);
    if (!in) return R::failure({{"", "cannot open the file"}});
    const std::uint64_t fileBytes = ec ? 0 : size;
    std::vector<Diagnostic> errors;
    StreamFrame frame;
    std::string text;
    std::size_t& lineNo = frame.last_line;
    std::uint64_t readBytes = 0;
    while (errors.size() <= kMaxErrors && std::getline(in, text)) {
        ++lineNo;
        readBytes += text.size() + 1;
        if (options.progress && lineNo % kProgressEveryLines == 0 && !options.progress(readBytes, fileBytes)) {
            frame.stopped = true;
            break;
        }
        if (text.size() > kMaxLineBytes) {
            errors.push_back({lineLabel(lineNo), "line longer than 64 MiB"});
            break;
        }
        if (text.empty()) continue;
        auto j = parseJsonText(text);
        if (!j.ok()) {
            for (const auto& e : j.errors)
                errors.push_back({lineLabel(lineNo) + (e.path.empty() ? "" : ", " + e.path), e.message});
            if (frame.header.is_null()) break; // without its header no line can be read
            continue;
        }
        nlohmann::json& v = *j.value;
        if (frame.header.is_null()) {
            // Not v.value("format", ""): it throws when "format" is not a string (fuzzing, issue 18).
            const auto format = v.is_object() ? v.find("format") : v.end();
            if (format == v.end() || !format->is_string() || *format != options.format) {
                errors.push_back(
                    {lineLabel(lineNo), "expected the header of an " + std::string(options.format) + " file"});
                break;
            }
            frame.header = std::move(v);
            if (options.header) options.header(frame.header, errors);
            if (!errors.empty()) break;
        } else if (!frame.end.is_null()) {
            errors.push_back({lineLabel(lineNo), "unexpected line after the end line"});
            break;
        } else if (isSingle(v, "point")) {
            ++frame.points;
            point(v["point"], lineNo, errors);
        } else if (isSingle(v, "end") && v["end"].is_object()) {
            frame.end = std::move(v["end"]);
        } else {
            errors.push_back({lineLabel(lineNo), "expected {\"point\": {...}} or {\"end\": {...}}"});
        }
    }
    if (errors.empty() && frame.stopped) return R::success(std::move(frame));
    if (errors.empty() && frame.header.is_null())
        errors.push_back({"", "empty file: expected " + std::string(options.noun)});
    if (errors.empty() && frame.end.is_null() && !options.allow_cut)
        errors.push_back({lineLabel(lineNo), "the stream ends without its end line (cut short)"});
    if (errors.empty() && !frame.end.is_null()) {
        const auto evaluated = frame.end.find("evaluated_points");
        if (evaluated == frame.end.end() || !evaluated->is_number_integer() ||
            evaluated->get<std::int64_t>() != frame.points)
            errors.push_back(
                {"end line, /evaluated_points", "expected the number of point lines, " + std::to_string(frame.points)});
    }
    if (!errors.empty()) return R::failure(std::move(errors));
    return R::success(std::move(frame));
}

} // namespace archscape::io
