#pragma once
#include <optional>
#include <string>

#include "common/parse_result.h"
#include "hardware/accelerator.h"
#include "io/file_readers.h"
#include "workload/network.h"

namespace archscape::cli {

/// Reads a workload given as a preset name ("resnet50") or a file path in any format that holds one
/// (io::readWorkloadAny: Archscape JSON, ONNX, MAESTRO .m, Timeloop YAML, SCALE-Sim .csv); throws
/// CliError (exit 2) with every diagnostic, each prefixed by the file name. The reader's notes go to
/// stderr.
io::WorkloadFile loadWorkloadFile(const std::string& name_or_path, const io::ReadOptions& options = {});
/// Same for accelerators ("eyeriss" or a path: Archscape JSON, MAESTRO .m, Timeloop YAML, SCALE-Sim .cfg).
io::AcceleratorFile loadAcceleratorFile(const std::string& name_or_path, const io::ReadOptions& options = {});
/// loadWorkloadFile's network.
workload::Network loadWorkload(const std::string& name_or_path);
/// loadAcceleratorFile's accelerator.
hardware::Accelerator loadAccelerator(const std::string& name_or_path);
/// Shapes for an ONNX model's symbolic inputs from "NAME=1x3x224x224[,NAME2=...]" (--input-shape);
/// throws CliError (exit 2) when an item is malformed.
io::OnnxImportOptions parseInputShapes(const std::string& text);
/// io::readWorkloadAny's network (of a file or a preset) as a ParseResult, for commands that collect
/// the problems of several files before failing; the notes go to stderr.
ParseResult<workload::Network> readWorkloadInput(const std::string& name_or_path);
/// Same for accelerators.
ParseResult<hardware::Accelerator> readAcceleratorInput(const std::string& name_or_path);
/// Throws CliError (exit 2) "F: looks like X (expected <format>)" when the content of `path` says it is
/// another format; files the table cannot tell (or read) are left to the format's reader.
void expectFormat(const std::string& path, io::FileFormatId format);
/// Every diagnostic of `file`, one per line, without the final newline (the text of a CliError).
std::string diagnosticsMessage(const std::string& file, const std::vector<Diagnostic>& errors);
/// Writes to the file atomically, or to stdout when path is empty; throws CliError (exit 1) on failure,
/// stdout's included (a full disk, a closed pipe).
void writeOutput(const std::optional<std::string>& path, const std::string& content);
/// Checks, before a long computation, that writeOutput(path) can succeed: the folder exists and is
/// writable, and the path is not a folder; throws CliError (exit 1) naming the path otherwise.
void checkOutputPath(const std::optional<std::string>& path);

} // namespace archscape::cli
