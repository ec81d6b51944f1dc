#pragma once
#include <optional>
#include <string>

#include "common/parse_result.h"
#include "hardware/accelerator.h"
#include "workload/network.h"

namespace archscape::cli {

/// Reads a workload given as a preset name ("resnet50") or a file path; throws CliError (exit 2)
/// with every diagnostic, each prefixed by the file name.
workload::Network loadWorkload(const std::string& name_or_path);
/// Same for accelerators ("eyeriss" or a path).
hardware::Accelerator loadAccelerator(const std::string& name_or_path);
/// Every diagnostic of `file`, one per line, without the final newline (the text of a CliError).
std::string diagnosticsMessage(const std::string& file, const std::vector<Diagnostic>& errors);
/// Writes to the file atomically, or to stdout when path is empty; throws CliError (exit 1) on failure,
/// stdout's included (a full disk, a closed pipe).
void writeOutput(const std::optional<std::string>& path, const std::string& content);
/// Checks, before a long computation, that writeOutput(path) can succeed: the folder exists and is
/// writable, and the path is not a folder; throws CliError (exit 1) naming the path otherwise.
void checkOutputPath(const std::optional<std::string>& path);

} // namespace archscape::cli
