#include "format_text.h"

#include <QRegularExpression>
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

EngineeringScale engineeringScale(double magnitude) {
    static const char* const kPrefixes[] = {"p", "n", "µ", "m", "", "k", "M", "G", "T", "P"};
    if (magnitude == 0 || !std::isfinite(magnitude)) return {};
    // 999.7 rounds to "1e+03" at 3 digits: it belongs to the next prefix.
    int exp3 = int(std::floor(std::log10(std::abs(magnitude) * (1 + 5e-4)) / 3));
    exp3 = std::clamp(exp3, -4, 5);
    return {std::pow(1000.0, -exp3), QString::fromUtf8(kPrefixes[exp3 + 4])};
}

QString siText(double value, const QString& unit) {
    if (value == 0 || !std::isfinite(value)) return QString::number(value) + (unit.isEmpty() ? "" : " " + unit);
    const EngineeringScale scale = engineeringScale(value);
    const QString number = QString::number(value * scale.factor, 'g', 3);
    if (unit.isEmpty()) return number + scale.prefix;
    return number + " " + scale.prefix + unit;
}

QString bytesText(double bytes) {
    if (bytes >= 1 << 20) return QString::number(bytes / (1 << 20), 'g', 3) + " MiB";
    if (bytes >= 1 << 10) return QString::number(bytes / (1 << 10), 'g', 3) + " KiB";
    return QString::number(bytes, 'g', 4) + " B";
}

QString exactBytesText(double bytes) {
    static const char* const kUnits[] = {"GiB", "MiB", "KiB"};
    for (int u = 0; u < 3; ++u) {
        const double unit = std::exp2(10 * (3 - u));
        const double milli = bytes / unit * 1000;
        if (bytes < unit || milli != std::round(milli)) continue;
        static const QRegularExpression kTrailingZeros(QStringLiteral("\\.?0+$"));
        return QString::number(bytes / unit, 'f', 3).remove(kTrailingZeros) + " " + kUnits[u];
    }
    return QString::number(bytes, 'f', 0) + " B";
}

std::optional<std::int64_t> parseBytesText(const QString& text) {
    static const QRegularExpression kPattern(
        QStringLiteral("^\\s*([0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)\\s*([kKmMgG]?)(?:i?[bB])?\\s*$"));
    const auto m = kPattern.match(text);
    if (!m.hasMatch()) return std::nullopt;
    bool ok = false;
    const double number = m.captured(1).toDouble(&ok);
    if (!ok) return std::nullopt;
    const QString prefix = m.captured(2).toLower();
    const int shift = prefix == "k" ? 10 : prefix == "m" ? 20 : prefix == "g" ? 30 : 0;
    const double bytes = std::round(number * std::exp2(shift));
    if (!(bytes < 9e18)) return std::nullopt;
    return std::int64_t(bytes);
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
