#pragma once
#include <QString>

#include "design_point.h"

namespace archscape::app {

/// A whole-design objective the Pareto chart can put on an axis. Accuracy is maximised, every
/// other metric minimised.
enum class DesignMetric { Latency, Energy, Edp, Area, Power, Accuracy };
inline constexpr DesignMetric kAllDesignMetrics[] = {DesignMetric::Latency, DesignMetric::Energy,
                                                     DesignMetric::Edp,     DesignMetric::Area,
                                                     DesignMetric::Power,   DesignMetric::Accuracy};

/// Axis label with its unit, e.g. "latency (s)".
QString metricLabel(DesignMetric m);
/// The design's value in the unit of metricLabel() (accuracy: top-1 %, NaN without an accuracy model).
double metricValue(const DesignPoint& d, DesignMetric m);
/// Whether larger is better (accuracy).
bool metricMaximised(DesignMetric m);
/// Whether the metric spans decades (log axis) rather than a few percent (linear axis).
bool metricLogScale(DesignMetric m);

} // namespace archscape::app
