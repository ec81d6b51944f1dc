#include "io/system_explore_stream.h"

#include <filesystem>
#include <fstream>

#include "io/json_file.h"

namespace archscape::io {

namespace {

constexpr const char* kStreamFormat = "archscape/system-explore-stream";
constexpr std::size_t kMaxLineBytes = std::size_t(64) << 20;
constexpr std::uintmax_t kMaxStreamBytes = std::uintmax_t(16) << 30;

std::string line(const nlohmann::json& j) {
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

/// The first 256 bytes of a file (empty when it cannot be read).
std::string head(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    char buf[256] = {};
    in.read(buf, sizeof buf - 1);
    return std::string(buf, std::size_t(in.gcount()));
}

} // namespace

SystemExploreStreamWriter::SystemExploreStreamWriter(const std::string& path, nlohmann::json header) : m_file(path) {
    header["format"] = kStreamFormat;
    for (const char* k : {"total", "finished", "complete", "front", "infeasible", "points"}) header.erase(k);
    m_file.append(line(header));
}

bool SystemExploreStreamWriter::point(const nlohmann::json& point) {
    ++m_points;
    return m_file.append(line({{"point", point}}));
}

bool SystemExploreStreamWriter::finish(bool complete, const std::vector<std::int64_t>& front,
                                       const std::array<std::int64_t, search::kNumInfeasibilities>& infeasible) {
    const nlohmann::json e{{"complete", complete},
                           {"evaluated_points", m_points},
                           {"front", front},
                           {"infeasible", infeasibleJson(infeasible)}};
    return m_file.append(line({{"end", e}})) && m_file.commit();
}

bool writeSystemExploreStream(const std::string& path, const SystemExploreFile& file, std::string* error) {
    const nlohmann::json doc = toJson(file);
    SystemExploreStreamWriter w(path, doc);
    bool ok = true;
    for (const auto& p : file.point_json) ok = ok && w.point(p);
    std::array<std::int64_t, search::kNumInfeasibilities> counts{};
    for (const auto& p : file.points) ++counts[int(p.point.reason)];
    ok = ok && w.finish(file.complete, file.front, counts);
    if (!ok && error) *error = w.error();
    return ok;
}

bool isSystemExploreStream(const std::string& path) { return head(path).find(kStreamFormat) != std::string::npos; }

bool isSystemExploreResult(const std::string& path) {
    const std::string h = head(path);
    return h.find(kStreamFormat) != std::string::npos || h.find("archscape/system-explore-result") != std::string::npos;
}

ParseResult<SystemExploreFile> readSystemExploreStream(const std::string& path) {
    using R = ParseResult<SystemExploreFile>;
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        return R::failure({{"", "cannot read: it is a directory, expected a file"}});
    if (const auto n = std::filesystem::file_size(path, ec); !ec && n > kMaxStreamBytes)
        return R::failure({{"", "the file has " + std::to_string(n) + " bytes, more than the 16 GiB accepted"}});
    std::ifstream in(path, std::ios::binary);
    if (!in) return R::failure({{"", "cannot open the file"}});
    std::vector<Diagnostic> errors;
    std::string text;
    std::size_t lineNo = 0;
    nlohmann::json doc, end;
    nlohmann::json points = nlohmann::json::array();
    const auto at = [&](const std::string& what) { return "line " + std::to_string(lineNo) + what; };
    while (std::getline(in, text) && errors.size() <= 20) {
        ++lineNo;
        if (text.size() > kMaxLineBytes) {
            errors.push_back({at(""), "line longer than 64 MiB"});
            break;
        }
        if (text.empty()) continue;
        auto j = parseJsonText(text);
        if (!j.ok()) {
            for (const auto& e : j.errors) errors.push_back({at(e.path.empty() ? "" : ", " + e.path), e.message});
            continue;
        }
        nlohmann::json& v = *j.value;
        if (lineNo == 1) {
            const auto format = v.is_object() ? v.find("format") : v.end();
            if (format == v.end() || !format->is_string() || *format != kStreamFormat) {
                errors.push_back({at(""), std::string("expected the header of an ") + kStreamFormat + " file"});
                break;
            }
            doc = std::move(v);
        } else if (!end.is_null()) {
            errors.push_back({at(""), "unexpected line after the end line"});
            break;
        } else if (v.is_object() && v.size() == 1 && v.contains("point")) {
            points.push_back(std::move(v["point"]));
        } else if (v.is_object() && v.size() == 1 && v.contains("end") && v["end"].is_object()) {
            end = std::move(v["end"]);
        } else {
            errors.push_back({at(""), "expected {\"point\": {...}} or {\"end\": {...}}"});
        }
    }
    if (errors.empty() && doc.is_null()) errors.push_back({"", "empty file: expected a system explore stream"});
    if (errors.empty() && end.is_null())
        errors.push_back({"line " + std::to_string(lineNo), "the stream ends without its end line (cut short)"});
    if (!errors.empty()) return R::failure(std::move(errors));
    // The header, points and end line make a result document: one validator for both forms.
    const auto evaluated = end.find("evaluated_points");
    if (evaluated == end.end() || !evaluated->is_number_integer() ||
        evaluated->get<std::int64_t>() != std::int64_t(points.size()))
        return R::failure(
            {{"end line, /evaluated_points", "expected the number of point lines, " + std::to_string(points.size())}});
    doc["format"] = "archscape/system-explore-result";
    for (const char* k : {"complete", "front", "infeasible"})
        if (end.contains(k)) doc[k] = end[k];
    doc["points"] = std::move(points);
    auto f = parseSystemExploreFile(doc);
    if (!f.ok())
        for (auto& e : f.errors)
            e.path = (e.path.starts_with("/points/") ? "point line, " : "header or end line, ") + e.path;
    return f;
}

ParseResult<SystemExploreFile> readSystemExploreAny(const std::string& path) {
    if (isSystemExploreStream(path)) return readSystemExploreStream(path);
    auto j = readJsonFile(path, {.max_bytes = std::uint64_t(4) << 30});
    if (!j.ok()) return ParseResult<SystemExploreFile>::failure(std::move(j.errors));
    return parseSystemExploreFile(*j.value);
}

} // namespace archscape::io
