#pragma once
#include <QString>

#include "design_point.h"

namespace archscape::app {

/// A whole-design objective the Pareto chart can put on an axis (all are minimised).
enum class DesignMetric { Latency, Energy, Edp, Area, Power };
inline constexpr DesignMetric kAllDesignMetrics[] = {DesignMetric::Latency, DesignMetric::Energy, DesignMetric::Edp,
                                                     DesignMetric::Area, DesignMetric::Power};

/// Axis label with its unit, e.g. "latency (s)".
QString metricLabel(DesignMetric m);
/// The design's value in the unit of metricLabel().
double metricValue(const DesignPoint& d, DesignMetric m);

} // namespace archscape::app
