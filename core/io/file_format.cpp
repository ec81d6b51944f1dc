#include "io/file_format.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

namespace archscape::io {

namespace {

namespace fs = std::filesystem;

/// Bytes read for content sniffing (the whole file for JSON, whose "format" key may come last).
constexpr std::size_t kSniffBytes = 64 * 1024;

const std::vector<std::string> kJson{".json"};
const std::vector<std::string> kYaml{".yaml", ".yml"};

std::vector<FileFormat> buildTable() {
    using enum FileFormatId;
    return {
        {Onnx,
         "an ONNX model",
         "ONNX",
         {".onnx"},
         FileKind::Workload,
         "",
         "binary protobuf: starts with field 1 (ir_version, a varint) and every top-level field is one of "
         "ModelProto's"},
        {ArchscapeWorkload, "an Archscape workload", "Archscape", kJson, FileKind::Workload, "archscape/workload",
         "JSON object whose \"format\" is \"archscape/workload\""},
        {ArchscapeAccelerator, "an Archscape accelerator", "Archscape", kJson, FileKind::Accelerator,
         "archscape/accelerator", "JSON object whose \"format\" is \"archscape/accelerator\""},
        {ArchscapeMapping, "an Archscape mapping", "Archscape", kJson, FileKind::Mapping, "archscape/mapping",
         "JSON object whose \"format\" is \"archscape/mapping\""},
        {ArchscapeDesignSpace, "an Archscape design space", "Archscape", kJson, FileKind::DesignSpace,
         "archscape/design-space", "JSON object whose \"format\" is \"archscape/design-space\""},
        {ArchscapeProject, "an Archscape project", "Archscape", kJson, FileKind::Project, "archscape/project",
         "JSON object whose \"format\" is \"archscape/project\""},
        {ArchscapeExploreResult, "an Archscape exploration result", "Archscape", kJson, FileKind::Result,
         "archscape/explore-result", "JSON object whose \"format\" is \"archscape/explore-result\""},
        {ArchscapeEvaluation, "an Archscape evaluation result", "Archscape", kJson, FileKind::Result,
         "archscape/evaluation", "JSON object whose \"format\" is \"archscape/evaluation\""},
        {ArchscapeSearchResult, "an Archscape search result", "Archscape", kJson, FileKind::Result,
         "archscape/search-result", "JSON object whose \"format\" is \"archscape/search-result\""},
        {ArchscapeJson, "an Archscape JSON document", "Archscape", kJson, FileKind::AnyArchscape, "",
         "text starting with { (after white space), or a [ that parses as JSON, whose \"format\" is missing or "
         "unknown; read as the kind asked for, whose reader checks the format and reports syntax errors"},
        {ScaleSimConfig,
         "a SCALE-Sim configuration",
         "SCALE-Sim",
         {".cfg"},
         FileKind::Accelerator,
         "",
         "a line [general], [architecture_presets] or [run_presets] (any case)"},
        {TimeloopProblem, "a Timeloop problem", "Timeloop", kYaml, FileKind::Workload, "",
         "a line starting with the top-level key problem:"},
        {TimeloopArchitecture, "a Timeloop architecture", "Timeloop", kYaml, FileKind::Accelerator, "",
         "a line starting with the top-level key architecture:"},
        {TimeloopMapping, "a Timeloop mapping", "Timeloop", kYaml, FileKind::Mapping, "",
         "a line starting with the top-level key mapping:"},
        {TimeloopEnergyTable, "an Accelergy energy table", "Timeloop", kYaml, FileKind::EnergyTable, "",
         "a line starting with the top-level key ERT: or ERT_summary:"},
        {MaestroMapping,
         "a MAESTRO mapping file",
         "MAESTRO",
         {".m"},
         FileKind::Workload,
         "",
         "outside // comments, the keyword Network followed by a name and {"},
        {MaestroHardware,
         "a MAESTRO hardware file",
         "MAESTRO",
         {".m"},
         FileKind::Accelerator,
         "",
         "the first key outside // comments is num_pes, NumPEs, l1_size_cstr, l2_size_cstr, noc_bw_cstr, "
         "offchip_bw_cstr or NoC_NumHops"},
        {ScaleSimTopology,
         "a SCALE-Sim topology",
         "SCALE-Sim",
         {".csv"},
         FileKind::Workload,
         "",
         "a first line of at least 4 comma-separated cells, the first starting with \"layer\" (any case), or "
         "a second line of at least 4 cells whose 2nd to 4th are integers"},
    };
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string_view trim(std::string_view s) {
    const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; };
    while (!s.empty() && space(s.front())) s.remove_prefix(1);
    while (!s.empty() && space(s.back())) s.remove_suffix(1);
    return s;
}

std::string_view withoutBom(std::string_view s) {
    if (s.size() >= 3 && s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);
    return s;
}

std::vector<std::string_view> lines(std::string_view text) {
    std::vector<std::string_view> out;
    while (!text.empty()) {
        const auto nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        out.push_back(line);
        if (nl == std::string_view::npos) break;
        text.remove_prefix(nl + 1);
    }
    return out;
}

std::string_view withoutSlashComment(std::string_view line) {
    const auto c = line.find("//");
    return c == std::string_view::npos ? line : line.substr(0, c);
}

// ---- content rules -------------------------------------------------------------------------------

/// Reads a protobuf varint at `pos`; false when it runs past the end or over 10 bytes.
bool readVarint(std::string_view b, std::size_t& pos, std::uint64_t& value) {
    value = 0;
    for (int shift = 0; shift < 70; shift += 7) {
        if (pos >= b.size()) return false;
        const auto byte = static_cast<unsigned char>(b[pos++]);
        value |= std::uint64_t(byte & 0x7f) << shift;
        if (!(byte & 0x80)) return true;
    }
    return false;
}

/// ONNX's ModelProto: the top-level fields and their wire types (0 varint, 2 length-delimited).
int modelProtoWireType(std::uint64_t field) {
    switch (field) {
    case 1:            // ir_version
    case 5: return 0;  // model_version
    case 2:            // producer_name
    case 3:            // producer_version
    case 4:            // domain
    case 6:            // doc_string
    case 7:            // graph
    case 8:            // opset_import
    case 14:           // metadata_props
    case 20:           // training_info
    case 25: return 2; // functions
    default: return -1;
    }
}

/// A serialised ModelProto: field 1 first (protobuf writes fields in number order, and every exporter
/// sets ir_version), then only ModelProto's fields with their wire types, to the end of the bytes.
/// `complete` is false when the bytes are only the file's head: a field running past them is fine.
bool looksLikeOnnx(std::string_view b, bool complete) {
    if (b.empty() || b[0] != 0x08) return false;
    std::size_t pos = 0;
    int fields = 0;
    while (pos < b.size()) {
        std::uint64_t tag = 0;
        if (!readVarint(b, pos, tag)) return !complete && fields > 0;
        const int wire = modelProtoWireType(tag >> 3);
        if (wire < 0 || wire != int(tag & 7)) return false;
        std::uint64_t value = 0;
        if (!readVarint(b, pos, value)) return !complete && fields > 0;
        if ((tag >> 3) == 1 && (value == 0 || value > 1000)) return false; // ir_version is small
        if (wire == 2) {
            if (value > b.size() - pos) return !complete;
            pos += std::size_t(value);
        }
        ++fields;
    }
    return fields >= 2;
}

bool isText(std::string_view b) { return b.find('\0') == std::string_view::npos; }

std::optional<FileFormatId> jsonRow(std::string_view text) {
    const auto body = trim(text);
    if (body.empty() || (body.front() != '{' && body.front() != '[')) return std::nullopt;
    const auto j = nlohmann::json::parse(body.begin(), body.end(), nullptr, false);
    // A broken object is still JSON (its reader reports where); a "[" that does not parse is an INI section.
    if (body.front() == '[' && j.is_discarded()) return std::nullopt;
    if (j.is_object()) {
        const auto f = j.find("format");
        if (f != j.end() && f->is_string()) {
            const std::string value = f->get<std::string>();
            for (const auto& row : fileFormats())
                if (!row.json_format.empty() && row.json_format == value) return row.id;
        }
    }
    return FileFormatId::ArchscapeJson;
}

bool scaleSimSections(const std::vector<std::string_view>& ls) {
    for (const auto line : ls) {
        const std::string l = lower(trim(line));
        if (l == "[general]" || l == "[architecture_presets]" || l == "[run_presets]") return true;
    }
    return false;
}

std::vector<FileFormatId> timeloopKeys(const std::vector<std::string_view>& ls) {
    bool problem = false, arch = false, map = false, ert = false;
    for (const auto line : ls) {
        if (line.empty() || line[0] == ' ' || line[0] == '\t' || line[0] == '#' || line[0] == '-') continue;
        const auto colon = line.find(':');
        if (colon == std::string_view::npos) continue;
        if (colon + 1 < line.size() && line[colon + 1] != ' ' && line[colon + 1] != '\t') continue;
        std::string_view key = trim(line.substr(0, colon));
        if (key.size() >= 2 && (key.front() == '"' || key.front() == '\'') && key.back() == key.front())
            key = key.substr(1, key.size() - 2);
        if (key == "problem") problem = true;
        else if (key == "architecture") arch = true;
        else if (key == "mapping") map = true;
        else if (key == "ERT" || key == "ERT_summary") ert = true;
    }
    std::vector<FileFormatId> out;
    if (problem) out.push_back(FileFormatId::TimeloopProblem);
    if (arch) out.push_back(FileFormatId::TimeloopArchitecture);
    if (map) out.push_back(FileFormatId::TimeloopMapping);
    if (ert) out.push_back(FileFormatId::TimeloopEnergyTable);
    return out;
}

bool maestroNetwork(const std::vector<std::string_view>& ls) {
    std::string text;
    for (const auto line : ls) {
        text += withoutSlashComment(line);
        text += '\n';
    }
    const auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
    for (std::size_t at = text.find("Network"); at != std::string::npos; at = text.find("Network", at + 1)) {
        if (at > 0 && word(text[at - 1])) continue;
        std::size_t p = at + 7;
        if (p >= text.size() || !std::isspace(static_cast<unsigned char>(text[p]))) continue;
        while (p < text.size() && std::isspace(static_cast<unsigned char>(text[p]))) ++p;
        const std::size_t name = p;
        while (p < text.size() && !std::isspace(static_cast<unsigned char>(text[p])) && text[p] != '{') ++p;
        if (p == name) continue;
        while (p < text.size() && std::isspace(static_cast<unsigned char>(text[p]))) ++p;
        if (p < text.size() && text[p] == '{') return true;
    }
    return false;
}

bool maestroHardware(const std::vector<std::string_view>& ls) {
    for (const auto line : ls) {
        const std::string_view content = trim(withoutSlashComment(line));
        if (content.empty()) continue;
        const auto end = content.find_first_of(" \t:,;");
        const std::string_view key = content.substr(0, end);
        return key == "num_pes" || key == "NumPEs" || key == "l1_size_cstr" || key == "l2_size_cstr" ||
               key == "noc_bw_cstr" || key == "offchip_bw_cstr" || key == "NoC_NumHops";
    }
    return false;
}

std::vector<std::string_view> csvCells(std::string_view line) {
    std::vector<std::string_view> cells;
    while (true) {
        const auto comma = line.find(',');
        cells.push_back(trim(line.substr(0, comma)));
        if (comma == std::string_view::npos) break;
        line.remove_prefix(comma + 1);
    }
    if (cells.size() > 1 && cells.back().empty()) cells.pop_back(); // SCALE-Sim's trailing comma
    return cells;
}

bool isInteger(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool scaleSimTopology(const std::vector<std::string_view>& ls) {
    std::vector<std::string_view> rows;
    for (const auto line : ls)
        if (!trim(line).empty() && rows.size() < 2) rows.push_back(line);
    if (rows.empty()) return false;
    const auto header = csvCells(rows[0]);
    if (header.size() < 4) return false;
    if (lower(header[0]).starts_with("layer")) return true;
    if (rows.size() < 2) return false;
    const auto first = csvCells(rows[1]);
    return first.size() >= 4 && isInteger(first[1]) && isInteger(first[2]) && isInteger(first[3]);
}

bool endsWith(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

} // namespace

const std::vector<FileFormat>& fileFormats() {
    static const std::vector<FileFormat> table = buildTable();
    return table;
}

const FileFormat& fileFormat(FileFormatId id) {
    for (const auto& row : fileFormats())
        if (row.id == id) return row;
    return fileFormats().front(); // unreachable: every id has a row (tst_file_format checks it)
}

std::string_view describeKind(FileKind kind) {
    switch (kind) {
    case FileKind::Workload: return "a workload";
    case FileKind::Accelerator: return "an accelerator";
    case FileKind::Mapping: return "a mapping";
    case FileKind::DesignSpace: return "a design space";
    case FileKind::Project: return "a project";
    case FileKind::Result: return "a result";
    case FileKind::EnergyTable: return "an energy table";
    case FileKind::AnyArchscape: return "an Archscape document";
    }
    return "a file";
}

std::optional<FileFormatId> Detection::holding(FileKind kind) const {
    for (const FileFormatId id : formats) {
        const FileKind k = fileFormat(id).kind;
        if (k == kind || k == FileKind::AnyArchscape) return id;
    }
    return std::nullopt;
}

std::string Detection::describe() const {
    std::string out;
    for (std::size_t i = 0; i < formats.size(); ++i) {
        if (i > 0) out += i + 1 == formats.size() ? " and " : ", ";
        out += fileFormat(formats[i]).noun;
    }
    return out.empty() ? std::string("an unknown file") : out;
}

Detection detectContent(std::string_view bytes, std::string_view file_name) {
    Detection d;
    const bool complete = bytes.size() < kSniffBytes;
    if (looksLikeOnnx(bytes, complete)) {
        d.formats = {FileFormatId::Onnx};
        d.by_content = true;
        return d;
    }
    const std::string_view text = withoutBom(bytes);
    if (isText(text)) {
        if (const auto json = jsonRow(text)) {
            d.formats = {*json};
        } else {
            const auto ls = lines(text);
            if (scaleSimSections(ls)) d.formats = {FileFormatId::ScaleSimConfig};
            else if (auto keys = timeloopKeys(ls); !keys.empty()) d.formats = std::move(keys);
            else if (maestroNetwork(ls)) d.formats = {FileFormatId::MaestroMapping};
            else if (maestroHardware(ls)) d.formats = {FileFormatId::MaestroHardware};
            else if (scaleSimTopology(ls)) d.formats = {FileFormatId::ScaleSimTopology};
        }
    }
    if (!d.formats.empty()) {
        d.by_content = true;
        return d;
    }
    // Nothing in the content: the extension decides, and its reader will say what is wrong inside.
    // JSON rows are told apart by content only; a .json file that is not JSON is left to the reader.
    const std::string name = lower(file_name);
    for (const auto& row : fileFormats()) {
        if (!row.json_format.empty()) continue;
        for (const auto& ext : row.extensions)
            if (endsWith(name, ext)) {
                d.formats.push_back(row.id);
                break;
            }
    }
    return d;
}

ParseResult<Detection> detect(const std::string& path) {
    using R = ParseResult<Detection>;
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (fs::is_directory(status)) return R::failure({{"", "cannot read: it is a directory, expected a file"}});
    if (fs::exists(status) && !fs::is_regular_file(status))
        return R::failure({{"", "cannot read: it is a device or a pipe, not a file"}});
    std::ifstream in(path, std::ios::binary);
    if (!in) return R::failure({{"", std::string("cannot open: ") + std::strerror(errno)}});
    std::string bytes(kSniffBytes, '\0');
    in.read(bytes.data(), std::streamsize(bytes.size()));
    bytes.resize(std::size_t(in.gcount()));
    if (in.bad()) return R::failure({{"", "cannot read the file"}});
    const std::string_view head = trim(withoutBom(bytes));
    if (head.empty())
        return R::failure({{"", bytes.empty() ? "the file is empty" : "the file is empty (only white space)"}});
    if (bytes.size() == kSniffBytes && (head.front() == '{' || head.front() == '[')) {
        // JSON's "format" may come after everything else (nlohmann writes keys in order): read it all.
        std::string rest((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        bytes += rest;
    }
    const std::string name = fs::path(path).filename().string();
    Detection d = detectContent(bytes, name);
    if (d.formats.empty()) {
        std::vector<std::string> seen;
        std::string exts;
        for (const auto& row : fileFormats())
            for (const auto& e : row.extensions)
                if (std::find(seen.begin(), seen.end(), e) == seen.end()) {
                    seen.push_back(e);
                    exts += (exts.empty() ? "" : ", ") + e;
                }
        return R::failure({{"",
                            "not a format Archscape reads: the content matches no format and the name has "
                            "none of the extensions " +
                                exts + " (docs/formats.md, \"Reading any format\")"}});
    }
    return R::success(std::move(d));
}

Diagnostic wrongKind(const Detection& found, std::string_view expected) {
    return {"", "looks like " + found.describe() + " (expected " + std::string(expected) + ")"};
}

std::string fileDialogFilter() {
    std::vector<std::pair<std::string, std::vector<std::string>>> families;
    std::vector<std::string> all;
    for (const auto& row : fileFormats()) {
        auto it = std::find_if(families.begin(), families.end(), [&](const auto& f) { return f.first == row.family; });
        if (it == families.end()) it = families.insert(families.end(), {std::string(row.family), {}});
        for (const auto& e : row.extensions) {
            if (std::find(it->second.begin(), it->second.end(), e) == it->second.end()) it->second.push_back(e);
            if (std::find(all.begin(), all.end(), e) == all.end()) all.push_back(e);
        }
    }
    const auto patterns = [](const std::vector<std::string>& exts) {
        std::string s;
        for (const auto& e : exts) s += (s.empty() ? "*" : " *") + e;
        return s;
    };
    std::string out = "All readable files (" + patterns(all) + ")";
    for (const auto& [family, exts] : families) out += ";;" + family + " files (" + patterns(exts) + ")";
    return out + ";;All files (*)";
}

} // namespace archscape::io
