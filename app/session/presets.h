#pragma once
// The design the app opens with when given no file: ResNet-50 on Eyeriss.
#include <string>

#include "common/parse_result.h"
#include "project.h"

namespace archscape::app {

/// Path of a preset file (`kind` is "workloads" or "accelerators").
std::string presetPath(const std::string& kind, const std::string& name);
/// Reads the workload and accelerator presets into a fresh project.
ParseResult<Project> loadPreset(const std::string& workload, const std::string& accelerator);
/// loadPreset("resnet50", "eyeriss").
ParseResult<Project> loadDefaultPreset();

} // namespace archscape::app
