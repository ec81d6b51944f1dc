#pragma once
// The PDF report: design summary and Pareto chart, per-layer breakdown and roofline, the layer
// table, and the mappings of the most expensive layers. Charts are drawn as vectors.
#include <QString>

#include "model/network_cost.h"
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
/// + 1 with a schedule section.
int reportPageCount(const Project& project, const model::NetworkCost& cost, bool withSchedule = false);

/// Writes the report; `cost` may be null, then the project is evaluated first (the headless
/// `archscape --report`). With `schedule` (a system with its schedule: the GUI's open system) the
/// last page is the schedule section: totals, the Gantt chart and a per-unit table. Returns false
/// with `error` set when the file cannot be written.
bool writeReport(const QString& path, const Project& project, const model::NetworkCost* cost, QString* error,
                 const widgets::SystemSnapshot* schedule = nullptr);

} // namespace archscape::app
