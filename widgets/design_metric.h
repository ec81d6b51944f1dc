#pragma once
// How views present a search::Metric: axis labels with units, and the axis scale.
#include <QString>

#include "format_text.h"
#include "search/metric.h"

namespace archscape::widgets {

/// The metric's name without a unit, e.g. "latency" (the axis boxes: the unit is on the axis, where it
/// follows the plotted values' scale).
QString metricName(search::Metric m);
/// Axis label in the unit a scale picks, e.g. "latency (ms)"; area stays in mm², accuracy in %.
QString metricLabel(search::Metric m, const app::EngineeringScale& scale);
/// The scale (ms, µJ, ...) that shows values around `magnitude` of `m` with 1-3 digits; factor 1
/// for the metrics without SI prefixes (area in mm², accuracy in %).
app::EngineeringScale metricScale(search::Metric m, double magnitude);
/// Whether the metric spans decades (log axis) rather than a few percent (linear axis).
bool metricLogScale(search::Metric m);

} // namespace archscape::widgets
