#include "io/explore_stream.h"

#include <algorithm>
#include <fstream>

#include "io/stream_lines.h"

namespace archscape::io {

namespace {

constexpr const char* kStreamFormat = "archscape/explore-stream";

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

namespace {

/// A stream's header and end line as a result document without points: one validator for both forms.
ParseResult<io::ExploreFile> documentOf(const nlohmann::json& header, const nlohmann::json& end) {
    nlohmann::json doc = header;
    doc["format"] = "archscape/explore-result";
    doc["points"] = nlohmann::json::array();
    if (end.is_object())
        for (auto it = end.begin(); it != end.end(); ++it) doc[it.key()] = it.value();
    else doc["front"] = nlohmann::json::array(); // a cut stream: its front was never written
    return io::parseExploreFile(doc);
}

} // namespace

ParseResult<ExploreStreamRead> readExploreStreamPoints(const std::string& path, const ExploreStreamPoint& point,
                                                       const ExploreStreamOptions& options) {
    using R = ParseResult<ExploreStreamRead>;
    StreamLineOptions lines{.format = kStreamFormat, .noun = "an explore stream", .allow_cut = options.allow_cut};
    lines.progress = options.progress;
    if (options.header)
        lines.header = [&](const nlohmann::json& header, std::vector<Diagnostic>& errors) {
            auto meta = documentOf(header, nullptr);
            if (!meta.ok()) {
                for (auto& e : meta.errors) errors.push_back({"line 1, " + e.path, e.message});
                return;
            }
            options.header(*meta.value, errors);
        };
    std::string pointer;
    auto frame =
        readStreamLines(path, lines, [&](nlohmann::json& j, std::size_t line, std::vector<Diagnostic>& errors) {
            pointer = "line " + std::to_string(line) + ": /point";
            const std::size_t before = errors.size();
            search::PointResult p = io::parsePointJson(j, pointer, errors);
            if (errors.size() == before) point(std::move(p), pointer, errors);
        });
    if (!frame.ok()) return R::failure(std::move(frame.errors));
    auto f = documentOf(frame.value->header, frame.value->end);
    if (!f.ok()) {
        for (auto& e : f.errors) e.path = "end line, " + e.path;
        return R::failure(std::move(f.errors));
    }
    ExploreStreamRead read{.file = std::move(*f.value),
                           .cut = frame.value->end.is_null() && !frame.value->stopped,
                           .stopped = frame.value->stopped,
                           .points = frame.value->points};
    if (read.cut || read.stopped) read.file.complete = false;
    return R::success(std::move(read));
}

ParseResult<io::ExploreFile> readExploreStream(const std::string& path) {
    std::vector<search::PointResult> points;
    auto r = readExploreStreamPoints(path, [&](search::PointResult&& p, const std::string&, std::vector<Diagnostic>&) {
        points.push_back(std::move(p));
    });
    if (!r.ok()) return ParseResult<io::ExploreFile>::failure(std::move(r.errors));
    std::sort(points.begin(), points.end(), [](const auto& a, const auto& b) { return a.index < b.index; });
    io::ExploreFile f = std::move(r.value->file);
    f.result.points = std::move(points);
    f.result.total = static_cast<std::int64_t>(f.result.points.size());
    return ParseResult<io::ExploreFile>::success(std::move(f));
}

} // namespace archscape::io
