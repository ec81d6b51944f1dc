#include "inputs.h"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include <unistd.h>

#include "args.h"
#include "command.h"
#include "common/parse_result.h"
#include "io/accelerator_json.h"
#include "io/atomic_file.h"
#include "io/preset_catalog.h"
#include "io/scalesim_config.h"
#include "io/scalesim_topology.h"
#include "io/workload_json.h"

namespace archscape::cli {

namespace {

bool endsWith(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

template <class Read>
auto load(const std::string& kind, const std::string& name_or_path, Read read) {
    if (std::error_code ec; std::filesystem::is_directory(name_or_path, ec))
        throw CliError(name_or_path + ": cannot read: it is a directory, expected a file");
    const auto path = io::resolvePreset(kind, name_or_path);
    if (!path) {
        std::string known;
        for (const auto& p : io::listPresets(kind)) known += (known.empty() ? "" : ", ") + p;
        throw CliError(name_or_path + ": no such file or " + kind + " preset (presets: " + known + ")");
    }
    auto r = read(*path);
    if (!r.ok()) throw CliError(diagnosticsMessage(*path, r.errors));
    return std::move(*r.value);
}

} // namespace

std::string diagnosticsMessage(const std::string& file, const std::vector<Diagnostic>& errors) {
    std::string s = formatDiagnostics(file, errors);
    if (!s.empty() && s.back() == '\n') s.pop_back();
    return s;
}

workload::Network loadWorkload(const std::string& name_or_path) {
    // SCALE-Sim topology CSVs are read directly, so users can evaluate their existing files.
    if (endsWith(name_or_path, ".csv"))
        return load("workloads", name_or_path, [](const std::string& p) { return io::readScaleSimTopology(p); });
    return load("workloads", name_or_path, io::readWorkloadFile);
}

hardware::Accelerator loadAccelerator(const std::string& name_or_path) {
    if (endsWith(name_or_path, ".cfg")) return load("accelerators", name_or_path, io::readScaleSimConfig);
    return load("accelerators", name_or_path, io::readAcceleratorFile);
}

void writeOutput(const std::optional<std::string>& path, const std::string& content) {
    if (!path) {
        // A closed pipe must be an error message too, not a silent SIGPIPE death.
        std::signal(SIGPIPE, SIG_IGN);
        errno = 0;
        const std::size_t n = std::fwrite(content.data(), 1, content.size(), stdout);
        if (std::fflush(stdout) != 0 || n != content.size() || std::ferror(stdout)) {
            const int err = errno;
            throw CliError("cannot write to standard output (" + std::to_string(n) + " of " +
                               std::to_string(content.size()) +
                               " bytes): " + (err ? std::strerror(err) : "write error"),
                           kExitFailure);
        }
        return;
    }
    std::string error;
    if (!io::writeFileAtomically(*path, content, &error)) throw CliError(*path + ": " + error, 1);
}

void checkOutputPath(const std::optional<std::string>& path) {
    if (!path) return;
    namespace fs = std::filesystem;
    std::error_code ec;
    if (fs::is_directory(*path, ec)) throw CliError(*path + ": is a folder, expected a file name", kExitFailure);
    const fs::path dir = fs::path(*path).parent_path().empty() ? fs::path(".") : fs::path(*path).parent_path();
    if (!fs::is_directory(dir, ec))
        throw CliError(*path + ": the folder " + dir.string() + " does not exist", kExitFailure);
    if (::access(dir.c_str(), W_OK | X_OK) != 0)
        throw CliError(*path + ": cannot write in " + dir.string() + ": " + std::strerror(errno), kExitFailure);
}

} // namespace archscape::cli
