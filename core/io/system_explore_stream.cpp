#include "io/system_explore_stream.h"

#include <fstream>

#include "io/json_file.h"
#include "io/stream_lines.h"

namespace archscape::io {

namespace {

constexpr const char* kStreamFormat = "archscape/system-explore-stream";

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
    nlohmann::json points = nlohmann::json::array();
    auto frame = readStreamLines(
        path, {.format = kStreamFormat, .noun = "a system explore stream"},
        [&](nlohmann::json& p, std::size_t, std::vector<Diagnostic>&) { points.push_back(std::move(p)); });
    if (!frame.ok()) return ParseResult<SystemExploreFile>::failure(std::move(frame.errors));
    // The header, points and end line make a result document: one validator for both forms.
    nlohmann::json doc = std::move(frame.value->header);
    const nlohmann::json& end = frame.value->end;
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
