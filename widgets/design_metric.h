#pragma once
// How views present a search::Metric: axis labels with units, and the axis scale.
#include <QString>

#include "search/metric.h"

namespace archscape::widgets {

/// Axis label with its unit, e.g. "latency (s)".
QString metricLabel(search::Metric m);
/// Whether the metric spans decades (log axis) rather than a few percent (linear axis).
bool metricLogScale(search::Metric m);

} // namespace archscape::widgets
