#pragma once
#include <string>
#include <string_view>

#include "common/parse_result.h"
#include "hardware/accelerator.h"

namespace archscape::io {

/// Builds a systolic accelerator from a SCALE-Sim v2 `.cfg` (INI) text: [architecture_presets]
/// ArrayHeight → PE rows, ArrayWidth → PE cols, Ifmap/Filter/OfmapSramSzkB → three double-buffered
/// SRAM levels keeping input / weight / output (kB·1024 bytes), Dataflow (os|ws|is), Bandwidth (first
/// value, words per cycle) → DRAM bandwidth when [run_presets] InterfaceBandwidth is USER, unlimited
/// for CALC (the default). Optional WordSize (bytes: 1, 2 or 4; SCALE-Sim hard-codes 1) sets the
/// precision. [general] run_name names the accelerator. Keys are case-insensitive and take `=` or
/// `:`; keys SCALE-Sim ignores (offsets, MemoryBanks, …) are accepted and ignored.
/// Every problem is reported with its line ("line 7") or, for a missing key, with no line.
ParseResult<hardware::Accelerator> parseScaleSimConfig(std::string_view text);

/// A SCALE-Sim v2 `.cfg` for a systolic accelerator: array, dataflow, the three SRAM sizes in kB
/// (from model::systolicMemory: each operand's SRAM, in bytes at 1-byte words), and CALC mode when
/// DRAM bandwidth is unlimited, otherwise USER with the bandwidth rounded up to whole words.
/// parseScaleSimConfig of the result gives back the same array, dataflow, sizes and bandwidth.
std::string toScaleSimConfig(const hardware::Accelerator& acc);

/// Reads the file and parses it; an unreadable file gives one diagnostic.
ParseResult<hardware::Accelerator> readScaleSimConfig(const std::string& path);

} // namespace archscape::io
