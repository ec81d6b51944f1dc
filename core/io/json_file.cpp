#include "io/json_file.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unordered_set>

namespace archscape::io {

using nlohmann::json;

namespace {

// nlohmann reports the byte offset (1-based) of the character that stopped the parser; an editor
// wants line and column of that character.
std::string lineColumn(const std::string& text, std::size_t byte) {
    const std::size_t pos = std::min(byte == 0 ? 0 : byte - 1, text.size());
    std::size_t line = 1, line_start = 0;
    for (std::size_t i = 0; i < pos; ++i)
        if (text[i] == '\n') {
            ++line;
            line_start = i + 1;
        }
    return "line " + std::to_string(line) + ", column " + std::to_string(pos - line_start + 1);
}

// Drops nlohmann's "[json.exception.parse_error.101] parse error at line 1, column 2: " prefix:
// the position is already in the diagnostic's path.
std::string parserExplanation(const std::string& what) {
    const auto at = what.find("parse error");
    const auto colon = what.find(": ", at == std::string::npos ? 0 : at);
    return colon == std::string::npos ? what : what.substr(colon + 2);
}

std::string rangeText(IntRange r) {
    if (r.min == 1 && r.max == 2147483647) return "a positive integer";
    if (r.min == 0 && r.max == 2147483647) return "a non-negative integer";
    return "an integer from " + std::to_string(r.min) + " to " + std::to_string(r.max);
}

// nlohmann keeps the last of two equal keys without a word; a file with both "K": 4 and "K": 8 in
// one object is ambiguous, so a SAX pass over the text tracks where it is and reports them (at most
// `max_reports`; a hash set per object keeps objects with many keys linear). A SAX handler of its
// own, not nlohmann's parser callback: after every object, nlohmann 3.11's callback parser scans
// the enclosing array for discarded values, which made an array of n objects O(n^2) (issue 18:
// `evaluate` on 100,000 layers took 5.9 s of CPU with it, 1.2 s without).
class DuplicateKeyFinder : public nlohmann::json_sax<nlohmann::json> {
public:
    DuplicateKeyFinder(std::vector<Diagnostic>& errors, int max_reports) : m_errors(errors), m_max(max_reports) {}

    bool null() override { return valueDone(); }
    bool boolean(bool) override { return valueDone(); }
    bool number_integer(number_integer_t) override { return valueDone(); }
    bool number_unsigned(number_unsigned_t) override { return valueDone(); }
    bool number_float(number_float_t, const string_t&) override { return valueDone(); }
    bool string(string_t&) override { return valueDone(); }
    bool binary(binary_t&) override { return valueDone(); }
    bool start_object(std::size_t) override {
        m_frames.emplace_back().is_array = false;
        return true;
    }
    bool start_array(std::size_t) override {
        m_frames.emplace_back().is_array = true;
        return true;
    }
    bool end_object() override { return endContainer(); }
    bool end_array() override { return endContainer(); }
    bool key(string_t& key) override {
        Frame& top = m_frames.back();
        top.key = key;
        if (!top.keys.insert(top.key).second) {
            if (m_found < m_max)
                m_errors.push_back({pointer(), "duplicate key \"" + top.key + "\" (a key may appear once per object)"});
            else if (m_found == m_max)
                m_errors.push_back(
                    {"", "more duplicate keys (only the first " + std::to_string(m_max) + " are listed)"});
            ++m_found;
        }
        return true;
    }
    // Only called on text the DOM parser already accepted; stop if it ever is.
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }

private:
    struct Frame {
        bool is_array = false;
        std::size_t index = 0;
        std::string key;
        std::unordered_set<std::string> keys;
    };
    bool endContainer() {
        m_frames.pop_back();
        return valueDone();
    }
    bool valueDone() {
        if (!m_frames.empty() && m_frames.back().is_array) ++m_frames.back().index;
        return true;
    }
    std::string pointer() const {
        std::string p;
        for (const auto& f : m_frames) p = f.is_array ? childPointer(p, f.index) : childPointer(p, f.key);
        return p;
    }
    std::vector<Diagnostic>& m_errors;
    int m_max;
    int m_found = 0;
    std::vector<Frame> m_frames;
};

/// Skips a string starting at text[i] == '"'; returns the index after its closing quote (or size).
std::size_t skipString(const std::string& text, std::size_t i) {
    for (++i; i < text.size(); ++i) {
        if (text[i] == '\\') ++i;
        else if (text[i] == '"') return i + 1;
    }
    return text.size();
}

/// Where nesting first exceeds `max_depth` (byte offset + 1, as nlohmann counts), 0 if it never does.
/// Linear, before the parser: nlohmann's parser and the duplicate-key finder are fine per level,
/// but a 20,000-level document is not a workload.
std::size_t tooDeepAt(const std::string& text, int max_depth) {
    int depth = 0;
    for (std::size_t i = 0; i < text.size();) {
        const char c = text[i];
        if (c == '"') {
            i = skipString(text, i);
            continue;
        }
        if (c == '[' || c == '{') {
            if (++depth > max_depth) return i + 1;
        } else if (c == ']' || c == '}') {
            --depth;
        }
        ++i;
    }
    return 0;
}

/// The first number token outside strings that does not fit a double (nlohmann's out_of_range 406
/// has no position); byte offset + 1 and the token, or {0, ""}.
std::pair<std::size_t, std::string> overflowingNumber(const std::string& text) {
    for (std::size_t i = 0; i < text.size();) {
        const char c = text[i];
        if (c == '"') {
            i = skipString(text, i);
            continue;
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            std::size_t j = i + 1;
            while (j < text.size() && (std::isdigit(static_cast<unsigned char>(text[j])) || text[j] == '.' ||
                                       text[j] == 'e' || text[j] == 'E' || text[j] == '+' || text[j] == '-'))
                ++j;
            const std::string token = text.substr(i, j - i);
            if (!std::isfinite(std::strtod(token.c_str(), nullptr))) return {i + 1, token};
            i = j;
            continue;
        }
        ++i;
    }
    return {0, ""};
}

} // namespace

ParseResult<nlohmann::json> parseJsonText(const std::string& text, const JsonReadLimits& limits) {
    using R = ParseResult<nlohmann::json>;
    if (const std::size_t at = tooDeepAt(text, limits.max_depth))
        return R::failure({{lineColumn(text, at),
                            "objects and arrays nested deeper than " + std::to_string(limits.max_depth) + " levels"}});
    try {
        auto j = nlohmann::json::parse(text); // throws on a syntax error, before the duplicate pass
        std::vector<Diagnostic> duplicates;
        DuplicateKeyFinder finder(duplicates, limits.max_duplicate_reports);
        nlohmann::json::sax_parse(text, &finder);
        if (!duplicates.empty()) return R::failure(std::move(duplicates));
        return R::success(std::move(j));
    } catch (const nlohmann::json::parse_error& e) {
        return R::failure({{lineColumn(text, e.byte), parserExplanation(e.what())}});
    } catch (const nlohmann::json::out_of_range& e) {
        if (const auto [at, token] = overflowingNumber(text); at > 0)
            return R::failure({{lineColumn(text, at), "number " + token + " is outside the range of a double"}});
        return R::failure({{"", parserExplanation(e.what())}});
    } catch (const nlohmann::json::exception& e) {
        return R::failure({{"", parserExplanation(e.what())}});
    }
}

ParseResult<nlohmann::json> readJsonFile(const std::string& path, const JsonReadLimits& limits) {
    using R = ParseResult<nlohmann::json>;
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        return R::failure({{"", "cannot read: it is a directory, expected a file"}});
    // A device such as /dev/zero would never end.
    if (std::filesystem::is_character_file(path, ec) || std::filesystem::is_block_file(path, ec))
        return R::failure({{"", "cannot read: it is a device, not a file"}});
    if (const auto bytes = std::filesystem::file_size(path, ec); !ec && bytes > limits.max_bytes)
        return R::failure({{"", "the file has " + std::to_string(bytes) + " bytes, more than the " +
                                    std::to_string(limits.max_bytes >> 20) + " MiB this reader accepts"}});
    std::ifstream in(path, std::ios::binary);
    if (!in) return R::failure({{"", std::string("cannot open: ") + std::strerror(errno)}});
    std::ostringstream buffer;
    buffer << in.rdbuf();
    if (in.bad()) return R::failure({{"", "cannot read the file"}});
    return parseJsonText(buffer.str(), limits);
}

std::string childPointer(const std::string& base, std::string_view key) {
    std::string out = base + "/";
    for (char c : key) {
        if (c == '~') out += "~0";
        else if (c == '/') out += "~1";
        else out += c;
    }
    return out;
}

std::string childPointer(const std::string& base, std::size_t index) { return base + "/" + std::to_string(index); }

std::string describeValue(const nlohmann::json& j) {
    if (j.is_object()) return "an object";
    if (j.is_array()) return "an array";
    // Replace invalid UTF-8 instead of throwing: values built in memory (importers) may hold any bytes.
    std::string s = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    if (s.size() > 40) s = s.substr(0, 37) + "...";
    return s;
}

std::optional<std::int64_t> checkInteger(const nlohmann::json& j, const std::string& pointer, IntRange range,
                                         std::vector<Diagnostic>& errors) {
    std::optional<std::int64_t> v;
    if (j.is_number_unsigned()) {
        const auto u = j.get<std::uint64_t>();
        if (u <= std::uint64_t(range.max)) v = std::int64_t(u);
    } else if (j.is_number_integer()) {
        v = j.get<std::int64_t>();
    } else if (j.is_number_float()) {
        const double d = j.get<double>();
        if (std::isfinite(d) && d == std::floor(d) && d >= double(range.min) && d <= double(range.max))
            v = std::int64_t(d);
    }
    if (v && *v >= range.min && *v <= range.max) return v;
    errors.push_back({pointer, "expected " + rangeText(range) + ", got " + describeValue(j)});
    return std::nullopt;
}

std::optional<double> checkNumber(const nlohmann::json& j, const std::string& pointer, double min, bool exclusive,
                                  std::vector<Diagnostic>& errors) {
    if (j.is_number()) {
        const double d = j.get<double>();
        if (std::isfinite(d) && (exclusive ? d > min : d >= min)) return d;
    }
    std::string expected =
        min == 0 ? (exclusive ? "a positive number" : "a non-negative number")
                 : std::string("a number ") + (exclusive ? "above " : "of at least ") + nlohmann::json(min).dump();
    errors.push_back({pointer, "expected " + expected + ", got " + describeValue(j)});
    return std::nullopt;
}

std::optional<std::string> checkString(const nlohmann::json& j, const std::string& pointer,
                                       std::vector<Diagnostic>& errors) {
    if (j.is_string()) return j.get<std::string>();
    errors.push_back({pointer, "expected a string, got " + describeValue(j)});
    return std::nullopt;
}

ObjectReader::ObjectReader(const nlohmann::json& j, std::string pointer, std::vector<Diagnostic>& errors)
    : m_json(j), m_pointer(std::move(pointer)), m_errors(errors) {
    if (!j.is_object()) error(m_pointer, "expected an object, got " + describeValue(j));
}

bool ObjectReader::has(std::string_view key) const {
    return m_json.is_object() && m_json.find(std::string(key)) != m_json.end();
}

const nlohmann::json* ObjectReader::field(std::string_view key, bool required) {
    if (!m_json.is_object()) return nullptr;
    m_known.emplace_back(key);
    const auto it = m_json.find(std::string(key));
    if (it == m_json.end()) {
        if (required) error(at(key), "missing required field \"" + std::string(key) + "\"");
        return nullptr;
    }
    return &*it;
}

void ObjectReader::allow(std::initializer_list<std::string_view> keys) {
    for (auto k : keys) m_known.emplace_back(k);
}

void ObjectReader::error(std::string pointer, std::string message) {
    m_errors.push_back({std::move(pointer), std::move(message)});
}

std::optional<std::int64_t> ObjectReader::integer(std::string_view key, bool required, IntRange range) {
    const auto* j = field(key, required);
    return j ? checkInteger(*j, at(key), range, m_errors) : std::nullopt;
}

std::optional<double> ObjectReader::number(std::string_view key, bool required, double min, bool exclusive) {
    const auto* j = field(key, required);
    return j ? checkNumber(*j, at(key), min, exclusive, m_errors) : std::nullopt;
}

std::optional<std::string> ObjectReader::string(std::string_view key, bool required) {
    const auto* j = field(key, required);
    return j ? checkString(*j, at(key), m_errors) : std::nullopt;
}

std::optional<bool> ObjectReader::boolean(std::string_view key) {
    const auto* j = field(key);
    if (!j) return std::nullopt;
    if (j->is_boolean()) return j->get<bool>();
    error(at(key), "expected true or false, got " + describeValue(*j));
    return std::nullopt;
}

void ObjectReader::header(std::string_view format) {
    if (const auto f = string("format", false); f && *f != format)
        error(at("format"), "expected \"" + std::string(format) + "\", got \"" + *f + "\"");
    if (const json* v = field("version"); v && !(v->is_number() && *v == 1))
        error(at("version"), "expected 1 (the only version so far), got " + describeValue(*v));
}

void ObjectReader::finish() {
    if (!m_json.is_object()) return;
    for (auto it = m_json.begin(); it != m_json.end(); ++it)
        if (std::find(m_known.begin(), m_known.end(), it.key()) == m_known.end())
            error(at(it.key()), "unknown field \"" + it.key() + "\"");
}

} // namespace archscape::io
