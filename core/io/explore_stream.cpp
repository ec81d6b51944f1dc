#include "io/explore_stream.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "io/json_file.h"

namespace archscape::io {

namespace {

constexpr const char* kStreamFormat = "archscape/explore-stream";
constexpr std::size_t kMaxLineBytes = std::size_t(64) << 20;
constexpr std::uintmax_t kMaxStreamBytes = std::uintmax_t(16) << 30;

nlohmann::json streamHeader(const io::ExploreFile& meta) {
    nlohmann::json h = io::headerJson(meta);
    h["format"] = kStreamFormat;
    h.erase("complete");
    return h;
}

std::string line(const nlohmann::json& j) {
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

nlohmann::json infeasibleJson(const search::ExploreResult& r) {
    nlohmann::json inf = nlohmann::json::object();
    for (int i = 1; i < search::kNumInfeasibilities; ++i)
        if (r.infeasible[i] > 0)
            inf[std::string(search::toString(static_cast<search::Infeasibility>(i)))] = r.infeasible[i];
    return inf;
}

} // namespace

ExploreStreamWriter::ExploreStreamWriter(const std::string& path, io::ExploreFile meta)
    : m_file(path), m_meta(std::move(meta)) {
    m_file.append(line(streamHeader(m_meta)));
}

bool ExploreStreamWriter::point(const search::PointResult& p) {
    ++m_points;
    return m_file.append(line({{"point", io::pointJson(p, m_meta)}}));
}

bool ExploreStreamWriter::end(bool complete, std::int64_t evaluated, const search::ExploreResult& r,
                              nlohmann::json details) {
    nlohmann::json e{{"complete", complete},
                     {"evaluated_points", evaluated},
                     {"front", r.front},
                     {"infeasible", infeasibleJson(r)},
                     {"front_details", std::move(details)}};
    if (!r.front.empty()) e["hypervolume"] = io::hypervolumeJson(r, m_meta.objectives, m_meta.hypervolume_reference);
    return m_file.append(line({{"end", std::move(e)}})) && m_file.commit();
}

bool ExploreStreamWriter::finish(const search::ExploreRequest& req, const search::ExploreResult& r) {
    return end(!r.cancelled, m_points, r, io::frontDetailsJson(req, r));
}

bool ExploreStreamWriter::finish(const io::ExploreFile& f) {
    nlohmann::json details = nlohmann::json::object();
    for (const auto& [index, d] : f.details) details[std::to_string(index)] = d;
    return end(f.complete, m_points, f.result, std::move(details));
}

bool writeExploreStream(const std::string& path, const io::ExploreFile& file, std::string* error) {
    ExploreStreamWriter w(path, file);
    bool ok = true;
    for (const auto& p : file.result.points) ok = ok && w.point(p);
    ok = ok && w.finish(file);
    if (!ok && error) *error = w.error();
    return ok;
}

bool isExploreStream(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    char head[256] = {};
    in.read(head, sizeof head - 1);
    return std::string_view(head, static_cast<std::size_t>(in.gcount())).find(kStreamFormat) != std::string::npos;
}

ParseResult<io::ExploreFile> readExploreStream(const std::string& path) {
    using R = ParseResult<io::ExploreFile>;
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
    nlohmann::json header, end;
    std::vector<search::PointResult> points;
    const auto at = [&](const std::string& what) { return "line " + std::to_string(lineNo) + what; };
    while (std::getline(in, text)) {
        ++lineNo;
        if (text.size() > kMaxLineBytes) {
            errors.push_back({at(""), "line longer than 64 MiB"});
            break;
        }
        if (text.empty()) continue;
        auto j = parseJsonText(text);
        if (!j.ok()) {
            for (const auto& e : j.errors) errors.push_back({at(e.path.empty() ? "" : ", " + e.path), e.message});
            if (errors.size() > 20) break;
            continue;
        }
        if (lineNo == 1) {
            header = std::move(*j.value);
            // Not header.value("format", ""): it throws when "format" is not a string (fuzzing, issue 18).
            const auto format = header.is_object() ? header.find("format") : header.end();
            if (format == header.end() || !format->is_string() || *format != kStreamFormat) {
                errors.push_back({at(""), std::string("expected the header of an ") + kStreamFormat + " file"});
                break;
            }
        } else if (!end.is_null()) {
            errors.push_back({at(""), "unexpected line after the end line"});
            break;
        } else if (j.value->is_object() && j.value->size() == 1 && j.value->contains("point")) {
            points.push_back(io::parsePointJson((*j.value)["point"], at(": /point"), errors));
        } else if (j.value->is_object() && j.value->size() == 1 && j.value->contains("end")) {
            end = std::move((*j.value)["end"]);
        } else {
            errors.push_back({at(""), "expected {\"point\": {...}} or {\"end\": {...}}"});
        }
        if (errors.size() > 20) break;
    }
    if (errors.empty() && header.is_null()) errors.push_back({"", "empty file: expected an explore stream"});
    if (errors.empty() && end.is_null())
        errors.push_back({"line " + std::to_string(lineNo), "the stream ends without its end line (cut short)"});
    if (!errors.empty()) return R::failure(std::move(errors));
    // The header and end line make a result document without points: one validator for both forms.
    nlohmann::json doc = header;
    doc["format"] = "archscape/explore-result";
    if (end.is_object())
        for (auto it = end.begin(); it != end.end(); ++it) doc[it.key()] = it.value();
    const std::int64_t evaluated =
        end.is_object() && end.contains("evaluated_points") && end["evaluated_points"].is_number_integer()
            ? end["evaluated_points"].get<std::int64_t>()
            : -1;
    doc["points"] = nlohmann::json::array();
    auto f = io::parseExploreFile(doc);
    if (!f.ok()) {
        for (auto& e : f.errors) e.path = "end line, " + e.path;
        return f;
    }
    if (evaluated != static_cast<std::int64_t>(points.size()))
        return R::failure(
            {{"end line, /evaluated_points",
              "says " + std::to_string(evaluated) + " points, the file has " + std::to_string(points.size())}});
    std::sort(points.begin(), points.end(), [](const auto& a, const auto& b) { return a.index < b.index; });
    f.value->result.points = std::move(points);
    f.value->result.total = static_cast<std::int64_t>(f.value->result.points.size());
    return f;
}

} // namespace archscape::io
