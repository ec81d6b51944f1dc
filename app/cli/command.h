#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace archscape::cli {

/// Exit codes shared by every command.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  ///< runtime failure (nothing mapped, write failed...)
inline constexpr int kExitBadInput = 2; ///< bad arguments or invalid input files

/// A CLI command: `archscape-cli <name> args...`. Each command lives in its own cmd_<name>.cpp
/// and registers itself with a static CommandRegistration.
struct Command {
    std::string_view name;
    std::string_view summary; ///< one line for `archscape-cli --help`
    std::string_view usage;   ///< full text for `archscape-cli <name> --help`
    int (*run)(const std::vector<std::string>& args);
};

/// Every registered command, sorted by name.
const std::vector<Command>& commands();

/// Registers a command at static-initialisation time.
struct CommandRegistration {
    explicit CommandRegistration(Command c);
};

} // namespace archscape::cli
