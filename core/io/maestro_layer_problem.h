#pragma once
#include "common/parse_result.h"
#include "io/maestro_dataflow.h"
#include "io/maestro_hardware.h"
#include "model/maestro_problem.h"

namespace archscape::io {

/// A parsed MAESTRO layer in the terms of MAESTRO's own analysis (model::analyzeMaestro): CONV,
/// DSCONV and GEMM, input-centric dimensions (Y'/X' given instead of Y/X become Y = Y' + R − 1),
/// stride and directives as written. Other types are errors at the layer's line.
ParseResult<model::MaestroProblem> maestroProblem(const MaestroLayer& layer);

/// The analysis parameters of a hardware file, as MAESTRO takes them with --HW_file: sizes not
/// given are INT_MAX, the NoC latency is NoC_NumHops (1 by default), one SIMD lane.
model::MaestroConfig maestroConfig(const MaestroHardware& hw);

/// The analysis parameters of an Archscape accelerator, as writeMaestroHardware would write them
/// (PE count; the innermost per-PE level as L1 and the level above the PEs as L2, in elements of
/// the input precision; NoC and DRAM bandwidths) with a hardware file's NoC latency of 1.
model::MaestroConfig maestroConfig(const hardware::Accelerator& acc);

} // namespace archscape::io
