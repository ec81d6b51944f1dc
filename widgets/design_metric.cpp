#include "design_metric.h"

#include <QCoreApplication>

namespace archscape::widgets {

namespace {

QString tr(const char* text) { return QCoreApplication::translate("DesignMetric", text); }

QString metricUnit(search::Metric m) {
    using search::Metric;
    switch (m) {
    case Metric::Latency: return QStringLiteral("s");
    case Metric::Energy: return QStringLiteral("J");
    case Metric::Edp: return QStringLiteral("J·s");
    case Metric::Area: return QStringLiteral("mm²");
    case Metric::Power: return QStringLiteral("W");
    case Metric::Accuracy:
    case Metric::DspUse:
    case Metric::BramUse:
    case Metric::AlmUse: return QStringLiteral("%");
    }
    return {};
}

// Percentages and mm² keep their unit (no "m%").
bool prefixable(search::Metric m) { return m != search::Metric::Area && search::unitOf(m) != "%"; }

} // namespace

QString metricName(search::Metric m) {
    using search::Metric;
    switch (m) {
    case Metric::Latency: return tr("latency");
    case Metric::Energy: return tr("energy");
    case Metric::Edp: return tr("energy-delay product");
    case Metric::Area: return tr("area");
    case Metric::Power: return tr("power");
    case Metric::Accuracy: return tr("top-1 accuracy");
    case Metric::DspUse: return tr("DSP blocks used");
    case Metric::BramUse: return tr("M20K blocks used");
    case Metric::AlmUse: return tr("ALMs used");
    }
    return {};
}

QString metricLabel(search::Metric m, const app::EngineeringScale& scale) {
    return QStringLiteral("%1 (%2%3)").arg(metricName(m), scale.prefix, metricUnit(m));
}

app::EngineeringScale metricScale(search::Metric m, double magnitude) {
    return prefixable(m) ? app::engineeringScale(magnitude) : app::EngineeringScale{};
}

bool metricLogScale(search::Metric m) { return search::unitOf(m) != "%"; }

} // namespace archscape::widgets
