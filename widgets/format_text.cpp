#include "format_text.h"

#include <QStringList>

#include <algorithm>
#include <cmath>

namespace archscape::app {

QString qstr(std::string_view s) { return QString::fromUtf8(s.data(), qsizetype(s.size())); }

QString layerShapeText(const workload::Layer& layer) {
    QStringList parts;
    for (workload::Dim d : workload::kAllDims)
        if (layer.bound(d) != 1) parts << qstr(workload::toString(d)) + QString::number(layer.bound(d));
    QString s = parts.join(' ');
    if (layer.stride_h != 1 || layer.stride_w != 1)
        s += layer.stride_h == layer.stride_w ? QStringLiteral(" /%1").arg(layer.stride_h)
                                              : QStringLiteral(" /%1x%2").arg(layer.stride_h).arg(layer.stride_w);
    return s;
}

QString siText(double value, const QString& unit) {
    static const char* const kPrefixes[] = {"p", "n", "µ", "m", "", "k", "M", "G", "T", "P"};
    if (value == 0 || !std::isfinite(value)) return QString::number(value) + (unit.isEmpty() ? "" : " " + unit);
    int exp3 = int(std::floor(std::log10(std::abs(value)) / 3));
    exp3 = std::clamp(exp3, -4, 5);
    const double scaled = value / std::pow(1000.0, exp3);
    const QString prefix = QString::fromUtf8(kPrefixes[exp3 + 4]);
    const QString number = QString::number(scaled, 'g', 3);
    if (unit.isEmpty()) return number + prefix;
    return number + " " + prefix + unit;
}

QString bytesText(double bytes) {
    if (bytes >= 1 << 20) return QString::number(bytes / (1 << 20), 'g', 3) + " MiB";
    if (bytes >= 1 << 10) return QString::number(bytes / (1 << 10), 'g', 3) + " KiB";
    return QString::number(bytes, 'g', 4) + " B";
}

QString secondsText(double s) { return siText(s, "s"); }

QString acceleratorSummary(const hardware::Accelerator& acc) {
    QStringList parts;
    parts << QStringLiteral("%1×%2 PEs").arg(acc.pe.rows).arg(acc.pe.cols);
    for (const auto& l : acc.levels)
        if (l.kind != hardware::MemoryKind::Dram) parts << bytesText(double(l.capacity_bytes)) + " " + qstr(l.name);
    parts << QStringLiteral("%1 MHz").arg(acc.clock_mhz) << QStringLiteral("%1 nm").arg(acc.tech_node_nm);
    parts << qstr(archscape::toString(acc.precision[workload::Operand::Weight]));
    return parts.join(", ");
}

} // namespace archscape::app
