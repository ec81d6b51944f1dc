#include "design_metric.h"

#include <QCoreApplication>

namespace archscape::widgets {

QString metricLabel(search::Metric m) {
    using search::Metric;
    switch (m) {
    case Metric::Latency: return QCoreApplication::translate("DesignMetric", "latency (s)");
    case Metric::Energy: return QCoreApplication::translate("DesignMetric", "energy (J)");
    case Metric::Edp: return QCoreApplication::translate("DesignMetric", "energy-delay product (J·s)");
    case Metric::Area: return QCoreApplication::translate("DesignMetric", "area (mm²)");
    case Metric::Power: return QCoreApplication::translate("DesignMetric", "power (W)");
    case Metric::Accuracy: return QCoreApplication::translate("DesignMetric", "top-1 accuracy (%)");
    }
    return {};
}

bool metricLogScale(search::Metric m) { return m != search::Metric::Accuracy; }

} // namespace archscape::widgets
