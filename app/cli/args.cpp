#include "args.h"

#include <charconv>

namespace archscape::cli {

Args::Args(const std::vector<std::string>& argv, const std::set<std::string>& valued,
           const std::set<std::string>& flags) {
    for (std::size_t i = 0; i < argv.size(); ++i) {
        std::string a = argv[i];
        if (a.rfind("--", 0) != 0) {
            m_positional.push_back(a);
            continue;
        }
        std::string name = a.substr(2), value;
        bool inline_value = false;
        if (auto eq = name.find('='); eq != std::string::npos) {
            value = name.substr(eq + 1);
            name = name.substr(0, eq);
            inline_value = true;
        }
        if (valued.count(name)) {
            if (!inline_value) {
                if (i + 1 >= argv.size()) throw CliError("option --" + name + " needs a value");
                value = argv[++i];
            }
            m_values[name] = value;
        } else if (flags.count(name) && !inline_value) {
            m_flags.insert(name);
        } else {
            throw CliError("unknown option --" + name);
        }
    }
}

std::optional<std::string> Args::get(const std::string& name) const {
    auto it = m_values.find(name);
    if (it == m_values.end()) return std::nullopt;
    return it->second;
}

std::string Args::require(const std::string& name) const {
    auto v = get(name);
    if (!v) throw CliError("missing required option --" + name);
    return *v;
}

long long Args::getInt(const std::string& name, long long fallback, long long lo, long long hi) const {
    auto v = get(name);
    if (!v) return fallback;
    long long x = 0;
    auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), x);
    if (ec != std::errc{} || p != v->data() + v->size() || x < lo || x > hi)
        throw CliError("--" + name + ": expected an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) +
                       "], got '" + *v + "'");
    return x;
}

double Args::getDouble(const std::string& name, double fallback, double lo, double hi) const {
    auto v = get(name);
    if (!v) return fallback;
    try {
        std::size_t used = 0;
        double x = std::stod(*v, &used);
        if (used == v->size() && x >= lo && x <= hi) return x;
    } catch (const std::exception&) {}
    throw CliError("--" + name + ": expected a number in [" + std::to_string(lo) + ", " + std::to_string(hi) +
                   "], got '" + *v + "'");
}

} // namespace archscape::cli
