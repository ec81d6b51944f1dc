#include "inputs.h"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>

#include <unistd.h>

#include "args.h"
#include "command.h"
#include "common/atomic_file.h"
#include "common/parse_result.h"
#include "io/preset_catalog.h"

namespace archscape::cli {

namespace {

template <class Read>
auto load(const std::string& kind, const std::string& name_or_path, Read read) {
    auto path = io::resolvePreset(kind, name_or_path);
    // Something that exists but is no regular file (a directory, a device) gets the reader's message.
    std::error_code ec;
    if (!path && std::filesystem::exists(name_or_path, ec)) path = name_or_path;
    if (!path) {
        std::string known;
        for (const auto& p : io::listPresets(kind)) known += (known.empty() ? "" : ", ") + p;
        throw CliError(name_or_path + ": no such file or " + kind + " preset (presets: " + known + ")");
    }
    auto r = read(*path);
    if (!r.ok()) throw CliError(diagnosticsMessage(*path, r.errors));
    for (const auto& note : r.value->notes) std::cerr << *path << ": note: " << note << "\n";
    return std::move(*r.value);
}

template <class T, class File, class Member>
ParseResult<T> input(const std::string& path, ParseResult<File> r, Member member) {
    if (!r.ok()) return ParseResult<T>::failure(std::move(r.errors));
    for (const auto& note : r.value->notes) std::cerr << path << ": note: " << note << "\n";
    return ParseResult<T>::success(std::move((*r.value).*member));
}

} // namespace

ParseResult<workload::Network> readWorkloadInput(const std::string& name_or_path) {
    const std::string path = io::resolvePreset("workloads", name_or_path).value_or(name_or_path);
    return input<workload::Network>(path, io::readWorkloadAny(path), &io::WorkloadFile::network);
}

ParseResult<hardware::Accelerator> readAcceleratorInput(const std::string& name_or_path) {
    const std::string path = io::resolvePreset("accelerators", name_or_path).value_or(name_or_path);
    return input<hardware::Accelerator>(path, io::readAcceleratorAny(path), &io::AcceleratorFile::accelerator);
}

io::OnnxImportOptions parseInputShapes(const std::string& text) {
    io::OnnxImportOptions options;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t comma = std::min(text.find(',', start), text.size());
        const std::string item = text.substr(start, comma - start);
        std::string name;
        std::vector<std::int64_t> dims;
        if (!io::parseInputShape(item, name, dims))
            throw CliError("--input-shape: expected NAME=1x3x224x224, got '" + item + "'");
        options.input_shapes[name] = dims;
        start = comma + 1;
    }
    return options;
}

void expectFormat(const std::string& path, io::FileFormatId format) {
    const auto d = io::detect(path);
    if (!d.ok() || !d.value->by_content) return;
    const auto& f = d.value->formats;
    if (std::find(f.begin(), f.end(), format) == f.end())
        throw CliError(diagnosticsMessage(path, {io::wrongKind(*d.value, io::fileFormat(format).noun)}));
}

std::string diagnosticsMessage(const std::string& file, const std::vector<Diagnostic>& errors) {
    std::string s = formatDiagnostics(file, errors);
    if (!s.empty() && s.back() == '\n') s.pop_back();
    return s;
}

io::WorkloadFile loadWorkloadFile(const std::string& name_or_path, const io::ReadOptions& options) {
    return load("workloads", name_or_path, [&](const std::string& p) { return io::readWorkloadAny(p, options); });
}

io::AcceleratorFile loadAcceleratorFile(const std::string& name_or_path, const io::ReadOptions& options) {
    return load("accelerators", name_or_path, [&](const std::string& p) { return io::readAcceleratorAny(p, options); });
}

workload::Network loadWorkload(const std::string& name_or_path) { return loadWorkloadFile(name_or_path).network; }

hardware::Accelerator loadAccelerator(const std::string& name_or_path) {
    return loadAcceleratorFile(name_or_path).accelerator;
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
    if (!writeFileAtomically(*path, content, &error)) throw CliError(*path + ": " + error, 1);
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
