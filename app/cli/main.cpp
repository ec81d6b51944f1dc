// archscape-cli: batch runs and scripting, JSON in and out. Commands register themselves
// (see command.h); exit codes: 0 ok, 1 runtime failure, 2 bad input.
#include <iostream>

#include "args.h"
#include "command.h"

using namespace archscape::cli;

namespace {
void printHelp() {
    std::cout
        << "archscape-cli - DNN accelerator design-space explorer\n\n"
           "usage: archscape-cli <command> [options]   (archscape-cli <command> --help for details)\n\ncommands:\n";
    for (const auto& c : commands())
        std::cout << "  " << c.name << std::string(12 - std::min<size_t>(11, c.name.size()), ' ') << c.summary << "\n";
}
} // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        printHelp();
        return args.empty() ? kExitBadInput : kExitOk;
    }
    for (const auto& c : commands()) {
        if (c.name != args[0]) continue;
        std::vector<std::string> rest(args.begin() + 1, args.end());
        for (const auto& a : rest)
            if (a == "--help" || a == "-h") {
                std::cout << c.usage;
                return kExitOk;
            }
        try {
            return c.run(rest);
        } catch (const CliError& e) {
            std::cerr << "archscape-cli " << c.name << ": " << e.what() << "\n";
            return e.code;
        } catch (const std::exception& e) {
            std::cerr << "archscape-cli " << c.name << ": internal error: " << e.what() << "\n";
            return kExitFailure;
        }
    }
    std::cerr << "archscape-cli: unknown command '" << args[0] << "' (try --help)\n";
    return kExitBadInput;
}
