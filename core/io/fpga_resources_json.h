#pragma once
#include <nlohmann/json.hpp>

#include "hardware/accelerator.h"
#include "hardware/fpga_resources.h"

namespace archscape::io {

/// An FPGA design's resource use (docs/formats.md, "FPGA designs"): per resource ("dsp", "bram",
/// "alm") the blocks used, the device's, and the utilisation; where the M20K blocks go; the compute
/// mode of the filter cache; and "exceeds", the first resource over the device's count (null when
/// the design fits); "cib_area_percent", the device core area the computing blocks add (null when
/// not known).
nlohmann::json toJson(const hardware::FpgaResources& r, const hardware::Accelerator& acc);

} // namespace archscape::io
