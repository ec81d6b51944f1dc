// archscape-cli report: the GUI's PDF report of a project, headless. The report writer draws with Qt
// (vector charts through QCustomPlot), so this command runs the GUI binary in its headless report mode
// rather than linking Qt into the CLI.
#include <climits>
#include <string>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

#include "args.h"
#include "command.h"
#include "io/file_format.h"

namespace archscape::cli {

namespace {

constexpr std::string_view kUsage =
    R"(usage: archscape-cli report --project P.json --output R.pdf

Writes the PDF report of an archscape/project file (design summary, Pareto chart, per-layer tables and
breakdown, roofline, mappings of the most expensive layers), exactly as File > Export report does.
Runs `archscape --report` from the same directory as archscape-cli, on Qt's offscreen platform.
Exit codes: 0 ok, 1 the report could not be written, 2 bad input.
)";

/// The GUI binary beside this executable.
std::string guiBinary() {
    char buf[PATH_MAX];
    const ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n <= 0) throw CliError("cannot locate the archscape executable", kExitFailure);
    std::string self(buf, std::size_t(n));
    return self.substr(0, self.rfind('/') + 1) + "archscape";
}

int run(const std::vector<std::string>& argv) {
    const Args a(argv, {"project", "output"}, {});
    if (!a.positional().empty()) throw CliError("unexpected argument '" + a.positional()[0] + "'");
    const std::string project = a.require("project"), output = a.require("output");
    // Only a project holds a design to report on: a workload or an accelerator alone is refused
    // before the GUI starts (it used to report a 1x1-PE accelerator with every layer unmapped, issue 15).
    const auto found = io::detect(project);
    if (!found.ok()) throw CliError(formatDiagnostics(project, found.errors));
    if (found.value->formats.front() != io::FileFormatId::ArchscapeProject &&
        found.value->formats.front() != io::FileFormatId::ArchscapeJson)
        throw CliError(
            formatDiagnostics(project, {io::wrongKind(*found.value, "a project, \"format\": \"archscape/project\"")}));
    const std::string gui = guiBinary();
    if (access(gui.c_str(), X_OK) != 0)
        throw CliError(gui + ": not found (the GUI is needed for reports; build with -DARCHSCAPE_GUI=ON)",
                       kExitFailure);
    const pid_t pid = fork();
    if (pid < 0) throw CliError("cannot start " + gui, kExitFailure);
    if (pid == 0) {
        setenv("QT_QPA_PLATFORM", "offscreen", 1);
        execl(gui.c_str(), gui.c_str(), "--report", project.c_str(), "--output", output.c_str(), nullptr);
        _exit(kExitFailure);
    }
    int status = 0;
    if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status)) return kExitFailure;
    return WEXITSTATUS(status);
}

const CommandRegistration kRegistration{{"report", "PDF report of a project (headless)", kUsage, &run}};

} // namespace

} // namespace archscape::cli
