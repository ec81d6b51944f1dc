#pragma once
// Readers by kind over the format table (io/file_format.h): a workload or an accelerator from any
// file format that holds one (docs/formats.md, section "Reading any format").
#include <string>
#include <vector>

#include "common/parse_result.h"
#include "hardware/accelerator.h"
#include "io/file_format.h"
#include "io/onnx_import.h"
#include "io/scalesim_topology.h"
#include "workload/network.h"

namespace archscape::io {

/// Choices of the format-specific readers.
struct ReadOptions {
    OnnxImportOptions onnx;                                         ///< shapes for symbolic ONNX inputs
    ScaleSimTopologyFormat topology = ScaleSimTopologyFormat::Auto; ///< SCALE-Sim CSV layout
};

/// A workload read from a file, with what it was read as.
struct WorkloadFile {
    workload::Network network;
    FileFormatId format = FileFormatId::ArchscapeWorkload;
    std::vector<std::string> notes; ///< what the import approximated or left out, for the user
};

/// An accelerator read from a file, with what it was read as.
struct AcceleratorFile {
    hardware::Accelerator accelerator;
    FileFormatId format = FileFormatId::ArchscapeAccelerator;
    std::vector<std::string> notes; ///< what the import approximated or left out, for the user
};

/// Reads a workload from Archscape JSON, ONNX, a MAESTRO mapping file (its layers; the dataflows are
/// not used), a Timeloop problem (one layer) or a SCALE-Sim topology, as detect() identifies the
/// file. Diagnostics do not repeat the file name (formatDiagnostics adds it): detect()'s errors, the
/// format reader's, or for a file of another kind "looks like X (expected a workload)".
ParseResult<WorkloadFile> readWorkloadAny(const std::string& path, const ReadOptions& options = {});

/// Reads an accelerator from Archscape JSON, a MAESTRO hardware file (MAESTRO's DRAM → L2 → L1
/// accelerator, one row of num_pes PEs), a Timeloop architecture (with the file's ERT energies when
/// it holds one) or a SCALE-Sim configuration; otherwise as readWorkloadAny.
ParseResult<AcceleratorFile> readAcceleratorAny(const std::string& path, const ReadOptions& options = {});

} // namespace archscape::io
