#include "engineering_ticker.h"

#include <cmath>
#include <span>

namespace archscape::widgets {

namespace {

/// Spans (in decades) up to which a log axis gets evenly spaced ticks, then 1-2-5 per decade, then
/// every power of ten; above kMaxDecadeTicks decades every n-th power.
constexpr double kLinearBelowDecades = 0.6;
constexpr double kOneTwoFiveBelowDecades = 2.5;
constexpr int kMaxDecadeTicks = 7;

} // namespace

QString EngineeringTicker::labelFor(double value) const {
    const double v = value * m_factor;
    // Four significant digits show 1-2-5 and linear steps exactly; large numbers without exponent.
    if (std::abs(v) >= 1e4 && std::abs(v) < 1e9) return QString::number(v, 'f', 0);
    return QString::number(v, 'g', 4);
}

double EngineeringTicker::getTickStep(const QCPRange& range) {
    if (m_log && range.lower > 0 && range.upper > range.lower &&
        std::log10(range.upper / range.lower) > kLinearBelowDecades)
        return 0; // createTickVector picks the log ticks itself
    return QCPAxisTicker::getTickStep(range);
}

int EngineeringTicker::getSubTickCount(double) { return 0; }

QString EngineeringTicker::getTickLabel(double tick, const QLocale&, QChar, int) { return labelFor(tick); }

QVector<double> EngineeringTicker::createTickVector(double tickStep, const QCPRange& range) {
    if (tickStep > 0 || !m_log) return QCPAxisTicker::createTickVector(tickStep, range);
    const double decades = std::log10(range.upper / range.lower);
    const int first = int(std::floor(std::log10(range.lower))), last = int(std::ceil(std::log10(range.upper)));
    static const double kOneTwoFive[] = {1, 2, 5};
    static const double kOne[] = {1};
    const int most = m_maxLogTicks > 0 ? std::min(m_maxLogTicks, kMaxDecadeTicks) : kMaxDecadeTicks;
    const bool fine = decades <= kOneTwoFiveBelowDecades && (m_maxLogTicks <= 0 || 3 * decades <= m_maxLogTicks);
    const int every = fine ? 1 : std::max(1, int(std::ceil(decades / most)));
    QVector<double> ticks;
    // One tick beyond each end, as QCustomPlot's own tickers do (the axis clips them).
    for (int e = first - 1; e <= last; ++e) {
        if (e % every != 0) continue;
        for (double m : fine ? std::span<const double>(kOneTwoFive) : std::span<const double>(kOne))
            ticks << m * std::pow(10.0, e);
    }
    return ticks;
}

} // namespace archscape::widgets
