#include "io/preset_catalog.h"

#include <algorithm>
#include <filesystem>

#include "common/presets_directory.h"

namespace archscape::io {

namespace fs = std::filesystem;

namespace {

bool knownKind(const std::string& kind) {
    return kind == "workloads" || kind == "accelerators" || kind == "spaces" || kind == "devices" ||
           kind == "systems" || kind == "mixes" || kind == "system-spaces";
}

bool isFile(const fs::path& p) {
    std::error_code ec;
    return fs::is_regular_file(p, ec);
}

} // namespace

std::optional<std::string> resolvePreset(const std::string& kind, const std::string& name_or_path) {
    if (name_or_path.empty()) return std::nullopt;
    if (isFile(name_or_path)) return name_or_path;
    // A preset is a bare name: anything with a directory part was meant as a path.
    if (!knownKind(kind) || name_or_path.find('/') != std::string::npos || name_or_path == "." || name_or_path == "..")
        return std::nullopt;
    std::string stem = name_or_path;
    if (stem.size() > 5 && stem.ends_with(".json")) stem.resize(stem.size() - 5);
    const fs::path candidate = fs::path(presetsDirectory()) / kind / (stem + ".json");
    if (isFile(candidate)) return candidate.string();
    return std::nullopt;
}

std::vector<std::string> listPresets(const std::string& kind) {
    std::vector<std::string> names;
    if (!knownKind(kind)) return names;
    std::error_code ec;
    for (fs::directory_iterator it(fs::path(presetsDirectory()) / kind, ec), end; !ec && it != end; it.increment(ec))
        if (it->path().extension() == ".json" && isFile(it->path())) names.push_back(it->path().stem().string());
    std::sort(names.begin(), names.end());
    return names;
}

} // namespace archscape::io
