#include "io/timeloop_yaml.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "io/input_file.h"

namespace archscape::io {

ParseResult<YAML::Node> parseYaml(const std::string& text) {
    // Names end up in JSON documents, which must be UTF-8; say where instead of failing later.
    if (auto bad = checkUtf8(text)) return ParseResult<YAML::Node>::failure({*bad});
    try {
        return ParseResult<YAML::Node>::success(YAML::Load(text));
    } catch (const YAML::Exception& e) {
        const std::string where = e.mark.is_null() ? std::string()
                                                   : "line " + std::to_string(e.mark.line + 1) + ", column " +
                                                         std::to_string(e.mark.column + 1);
        return ParseResult<YAML::Node>::failure({{where, "YAML syntax error: " + e.msg}});
    } catch (const std::exception& e) {
        // yaml-cpp's scanner can throw plain std exceptions on corrupted input (e.g. bad UTF-8).
        return ParseResult<YAML::Node>::failure({{"", std::string("cannot parse YAML: ") + e.what()}});
    }
}

ParseResult<YAML::Node> readYamlFile(const std::string& path) {
    const auto text = readInputFile(path);
    if (!text.ok()) return ParseResult<YAML::Node>::failure(text.errors);
    return parseYaml(*text.value);
}

std::string yamlLine(const YAML::Node& n) {
    const YAML::Mark m = n.Mark();
    return m.is_null() ? std::string() : "line " + std::to_string(m.line + 1);
}

std::optional<double> yamlNumber(const YAML::Node& n) {
    if (!n.IsScalar()) return std::nullopt;
    const std::string& s = n.Scalar();
    if (s.empty()) return std::nullopt;
    char* end = nullptr;
    errno = 0;
    const double v = std::strtod(s.c_str(), &end);
    if (errno != 0 || end != s.c_str() + s.size() || !std::isfinite(v)) return std::nullopt;
    return v;
}

std::optional<std::int64_t> yamlInteger(const YAML::Node& n) {
    const auto v = yamlNumber(n);
    if (!v || *v != std::floor(*v) || std::fabs(*v) > 9.0e15) return std::nullopt;
    return static_cast<std::int64_t>(*v);
}

YamlMapReader::YamlMapReader(const YAML::Node& n, std::string what, std::vector<Diagnostic>& errors)
    : m_node(n), m_what(std::move(what)), m_errors(errors) {
    if (!n.IsMap()) m_errors.push_back({yamlLine(n), m_what + ": expected a mapping of keys to values"});
}

YAML::Node YamlMapReader::get(std::string_view key, bool required) {
    if (!m_node.IsMap()) return YAML::Node(YAML::NodeType::Undefined);
    m_known.emplace_back(key);
    for (const auto& kv : m_node)
        if (kv.first.IsScalar() && kv.first.Scalar() == key) return kv.second;
    if (required) m_errors.push_back({yamlLine(m_node), m_what + ": missing key \"" + std::string(key) + "\""});
    return YAML::Node(YAML::NodeType::Undefined);
}

void YamlMapReader::allow(std::initializer_list<std::string_view> keys) {
    for (auto k : keys) m_known.emplace_back(k);
}

std::optional<std::string> YamlMapReader::string(std::string_view key, bool required) {
    const YAML::Node v = get(key, required);
    if (!v.IsDefined()) return std::nullopt;
    if (!v.IsScalar()) {
        error(v, m_what + "." + std::string(key) + ": expected a scalar");
        return std::nullopt;
    }
    return v.Scalar();
}

std::optional<std::int64_t> YamlMapReader::integer(std::string_view key, bool required, std::int64_t min) {
    const YAML::Node v = get(key, required);
    if (!v.IsDefined()) return std::nullopt;
    const auto i = yamlInteger(v);
    if (!i || *i < min || *i > 2147483647) {
        error(v, m_what + "." + std::string(key) + ": expected an integer >= " + std::to_string(min) + ", got " +
                     (v.IsScalar() ? "\"" + v.Scalar() + "\"" : std::string("a collection")));
        return std::nullopt;
    }
    return i;
}

std::optional<double> YamlMapReader::number(std::string_view key, bool required, double min) {
    const YAML::Node v = get(key, required);
    if (!v.IsDefined()) return std::nullopt;
    const auto d = yamlNumber(v);
    if (!d || *d < min) {
        std::ostringstream m;
        m << m_what << "." << key << ": expected a number >= " << min << ", got "
          << (v.IsScalar() ? "\"" + v.Scalar() + "\"" : std::string("a collection"));
        error(v, m.str());
        return std::nullopt;
    }
    return d;
}

void YamlMapReader::error(const YAML::Node& at, std::string message) {
    m_errors.push_back({yamlLine(at), std::move(message)});
}

void YamlMapReader::finish() {
    if (!m_node.IsMap()) return;
    for (const auto& kv : m_node) {
        const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : std::string("<non-scalar key>");
        if (std::find(m_known.begin(), m_known.end(), key) == m_known.end())
            m_errors.push_back({yamlLine(kv.first), m_what + ": unknown key \"" + key + "\""});
    }
}

} // namespace archscape::io
