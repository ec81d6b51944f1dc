#pragma once
#include "model/maestro_problem.h"
#include "model/maestro_result.h"

namespace archscape::model {

/// MAESTRO's analytical model (commit 4eb08d1) re-implemented from shared/reference/maestro.md:
/// cluster levels with inherited and auto-completed directives and the stride rewrite (§3.2),
/// per-level mapping sizes (§4), Init/Steady/Edge iteration cases in MAESTRO's order (§5), its
/// reuse rules for ingress and egress (§6), buffer sizes and access counts (§7), runtime with the
/// NoC latency and the off-chip bound per step (§8). Sub-clusters are re-analysed per parent case.
/// Capacity never fails a layer (MAESTRO only warns); a dataflow MAESTRO rejects or crashes on
/// (no SpatialMap in a level, three SpatialMaps, more PEs per cluster than PEs, a zero top-level
/// compute delay) gives ok = false with the reason.
MaestroResult analyzeMaestro(const MaestroProblem& problem, const MaestroConfig& config);

} // namespace archscape::model
