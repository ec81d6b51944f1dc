#pragma once
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace archscape::cli {

/// A usage or input error: printed to stderr, exit code 2 (or `code`).
struct CliError : std::runtime_error {
    int code;
    explicit CliError(const std::string& msg, int c = 2) : std::runtime_error(msg), code(c) {}
};

/// `--name value` / `--flag` parsing against a declared set of options; rejects unknown ones.
class Args {
public:
    /// valued: options that take a value; flags: options that do not.
    Args(const std::vector<std::string>& argv, const std::set<std::string>& valued, const std::set<std::string>& flags);

    bool has(const std::string& name) const { return m_values.count(name) || m_flags.count(name); }
    std::optional<std::string> get(const std::string& name) const;
    std::string require(const std::string& name) const;
    /// Integer option with a range check; `fallback` when absent.
    long long getInt(const std::string& name, long long fallback, long long lo, long long hi) const;
    double getDouble(const std::string& name, double fallback, double lo, double hi) const;
    const std::vector<std::string>& positional() const { return m_positional; }

private:
    std::map<std::string, std::string> m_values;
    std::set<std::string> m_flags;
    std::vector<std::string> m_positional;
};

} // namespace archscape::cli
