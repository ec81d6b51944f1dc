#pragma once
#include <optional>
#include <string>
#include <vector>

namespace archscape::io {

/// Turns what a user typed into a file path. An existing file is returned as is; otherwise
/// `presetsDirectory()/<kind>/<name>.json` (".json" may be typed or not) when it exists; else nullopt.
/// `kind` is "workloads", "accelerators", "spaces", "devices", "systems", "mixes" or "system-spaces";
/// any other kind only resolves existing files.
std::optional<std::string> resolvePreset(const std::string& kind, const std::string& name_or_path);

/// Names (file stems) of the presets of one kind, sorted; empty when the directory is missing.
std::vector<std::string> listPresets(const std::string& kind);

} // namespace archscape::io
