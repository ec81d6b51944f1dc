#pragma once
// The PDF report: design summary and Pareto chart, per-layer breakdown and roofline, the layer
// table, and the mappings of the most expensive layers. Charts are drawn as vectors.
#include <QString>

#include "model/network_cost.h"
#include "partition_outcome.h"
#include "project.h"

namespace archscape::widgets {
struct SystemSnapshot;
}

namespace archscape::app {

/// Layer-table rows per page, fixed so that the page count is predictable.
inline constexpr int kReportRowsPerPage = 44;
/// Most expensive layers (by energy) whose mapping gets a page.
inline constexpr int kReportMappingPages = 3;

/// Pages the report of this project has: 2 + ⌈layers / kReportRowsPerPage⌉ + min(3, mapped MAC layers),
/// and one more for each extra below that is present.
struct ReportExtras {
    /// A system with its schedule (the GUI's open system): the last page is the schedule section
    /// (totals, the Gantt chart, a per-unit table).
    const widgets::SystemSnapshot* schedule = nullptr;
    /// A partition of the project's workload over devices: a page after the charts shows it (the
    /// device view, per-device loads, objective, bound and gap).
    const PartitionOutcome* partition = nullptr;
};

int reportPageCount(const Project& project, const model::NetworkCost& cost, const ReportExtras& extras = {});

/// Writes the report; `cost` may be null, then the project is evaluated first (the headless
/// `archscape --report`). Returns false with `error` set when the file cannot be written.
bool writeReport(const QString& path, const Project& project, const model::NetworkCost* cost, QString* error,
                 const ReportExtras& extras = {});

} // namespace archscape::app
