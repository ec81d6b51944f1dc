#include "design_metric.h"

#include <QCoreApplication>

namespace archscape::app {

QString metricLabel(DesignMetric m) {
    switch (m) {
    case DesignMetric::Latency: return QCoreApplication::translate("DesignMetric", "latency (s)");
    case DesignMetric::Energy: return QCoreApplication::translate("DesignMetric", "energy (J)");
    case DesignMetric::Edp: return QCoreApplication::translate("DesignMetric", "energy-delay product (J·s)");
    case DesignMetric::Area: return QCoreApplication::translate("DesignMetric", "area (mm²)");
    case DesignMetric::Power: return QCoreApplication::translate("DesignMetric", "power (W)");
    case DesignMetric::Accuracy: return QCoreApplication::translate("DesignMetric", "top-1 accuracy (%)");
    }
    return {};
}

double metricValue(const DesignPoint& d, DesignMetric m) {
    switch (m) {
    case DesignMetric::Latency: return d.latencyS();
    case DesignMetric::Energy: return d.energyJ();
    case DesignMetric::Edp: return d.edpJs();
    case DesignMetric::Area: return d.areaMm2();
    case DesignMetric::Power: return d.powerW();
    case DesignMetric::Accuracy: return d.accuracy_pct;
    }
    return 0;
}

bool metricMaximised(DesignMetric m) { return m == DesignMetric::Accuracy; }

bool metricLogScale(DesignMetric m) { return m != DesignMetric::Accuracy; }

} // namespace archscape::app
