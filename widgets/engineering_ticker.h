#pragma once
// Axis ticks for values shown in one engineering unit (ms, mJ, µW): tick labels are the values
// times a scale factor, so an axis labelled "latency (ms)" reads 0.2, 0.5, 1, 2 instead of
// 0.0002 ... On a log axis the ticks follow the visible span: powers of ten over many decades,
// 1-2-5 over one or two, evenly spaced numbers within a factor of a few, so every zoom level has
// labelled ticks (QCPAxisTickerLog puts none inside a decade).
#include "qcustomplot_include.h"

namespace archscape::widgets {

class EngineeringTicker : public QCPAxisTicker {
public:
    /// `log` must match the axis' scale type; `factor` multiplies values into the labels.
    explicit EngineeringTicker(bool log, double factor = 1) : m_log(log), m_factor(factor) {}
    void setFactor(double factor) { m_factor = factor; }
    double factor() const { return m_factor; }
    /// At most this many ticks on a log axis over many decades (0 = the default density): a narrow or
    /// short chart takes every n-th power of ten, and 1-2-5 steps only where they fit.
    void setMaxLogTicks(int n) { m_maxLogTicks = n; }
    /// The tick positions for a range (what the axis draws; tests read it).
    QVector<double> ticksFor(const QCPRange& range) { return createTickVector(getTickStep(range), range); }
    /// The label of a tick at `value` (in axis units, before the factor).
    QString labelFor(double value) const;

protected:
    double getTickStep(const QCPRange& range) override;
    int getSubTickCount(double tickStep) override;
    QString getTickLabel(double tick, const QLocale& locale, QChar formatChar, int precision) override;
    QVector<double> createTickVector(double tickStep, const QCPRange& range) override;

private:
    bool m_log;
    double m_factor;
    int m_maxLogTicks = 0;
};

} // namespace archscape::widgets
