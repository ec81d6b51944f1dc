#pragma once
#include <string>
#include <vector>

#include "hardware/accelerator.h"
#include "io/scalesim_topology.h"
#include "model/systolic_model.h"
#include "workload/network.h"

namespace archscape::io {

/// SCALE-Sim's per-layer rows: one per topology row, a `DP` row (or any grouped layer) expanded into
/// one row per group, as SCALE-Sim runs them. Memory-only layers of a network have no row.
std::vector<model::SystolicReport> scaleSimReports(const ScaleSimTopology& topology, const hardware::Accelerator& acc,
                                                   const model::SystolicOptions& options = {});
std::vector<model::SystolicReport> scaleSimReports(const workload::Network& net, const hardware::Accelerator& acc,
                                                   const model::SystolicOptions& options = {});

/// The systolic options of SCALE-Sim file workflows (`import scalesim --reports`, `evaluate` on a .cfg),
/// where users compare with SCALE-Sim's own reports: USER mode (level 0 has a bandwidth) replays
/// SCALE-Sim's prefetch simulation by default, since the fast estimate can be far from it
/// (docs/systolic.md §5), unless `fast`; CALC mode keeps the closed form unless `exact`.
model::SystolicOptions scaleSimWorkflowOptions(const hardware::Accelerator& acc, bool exact, bool fast);

/// COMPUTE_REPORT.csv: LayerID, Total Cycles, Stall Cycles, Overall Util %, Mapping Efficiency %,
/// Compute Util % — SCALE-Sim's header and layout, each row ending with a comma.
std::string computeReportCsv(const std::vector<model::SystolicReport>& rows);
/// BANDWIDTH_REPORT.csv: average SRAM (count / total cycles) and DRAM (count / window) bandwidths.
std::string bandwidthReportCsv(const std::vector<model::SystolicReport>& rows);
/// DETAILED_ACCESS_REPORT.csv: start cycle, stop cycle and count of the six SRAM/DRAM streams.
std::string detailedAccessReportCsv(const std::vector<model::SystolicReport>& rows);

/// Writes the three reports into `dir` (created if needed), each atomically; false with `error` set
/// when a file cannot be written.
bool writeScaleSimReports(const std::string& dir, const std::vector<model::SystolicReport>& rows, std::string* error);

} // namespace archscape::io
