#include "gantt_chart.h"

#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>
#include <cmath>

#include "chart_style.h"
#include "format_text.h"
#include "system_text.h"

namespace archscape::widgets {

namespace {

constexpr double kMinBarPx = 1.0; // a layer a few cycles long still shows
constexpr double kGrabPx = 3.0;   // and can be clicked
constexpr double kMaxRowPx = 56.0;

/// Where everything goes in a drawing of `area`.
struct GanttGeometry {
    QRectF plot;   // the bars' area (rows stacked, time along x)
    QRectF legend; // the networks' colours, above the plot
    double row_height = 0;
    double makespan = 0; // cycles
    double seconds_per_cycle = 0;
    double label_width = 0;

    double x(double cycle) const { return plot.left() + (makespan > 0 ? cycle / makespan * plot.width() : 0.0); }
    QRectF bar(const schedule::ScheduledLayer& l) const {
        const double left = x(l.start_cycle);
        const double w = std::max(x(l.end_cycle) - left, kMinBarPx);
        const double top = plot.top() + l.unit * row_height;
        return QRectF(left, top + row_height * 0.15, w, row_height * 0.7);
    }
};

GanttGeometry ganttLayout(const QRectF& area, const SystemSnapshot& s, const QFontMetricsF& fm) {
    GanttGeometry g;
    if (!s.scheduled()) return g;
    const auto& problem = *s.problem;
    for (const auto& name : problem.unit_names)
        g.label_width = std::max(g.label_width, fm.horizontalAdvance(app::qstr(name)) + 12);
    const double legendHeight = fm.height() + 6;
    const double axisHeight = 2 * fm.height() + 10;
    g.legend = QRectF(area.left() + g.label_width, area.top(), area.width() - g.label_width - 8, legendHeight);
    g.plot = QRectF(area.left() + g.label_width, area.top() + legendHeight, area.width() - g.label_width - 12,
                    area.height() - legendHeight - axisHeight);
    const int rows = std::max(problem.units, 1);
    g.row_height = std::min(g.plot.height() / rows, kMaxRowPx);
    g.plot.setHeight(g.row_height * rows);
    g.makespan = s.schedule->makespan_cycles;
    g.seconds_per_cycle = 1.0 / (s.clock_mhz * 1e6);
    return g;
}

/// 1-2-5 ticks over [0, max] with about `count` of them.
std::vector<double> niceTicks(double max, int count) {
    std::vector<double> ticks;
    if (max <= 0 || count < 1) return ticks;
    const double raw = max / count;
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    double step = mag;
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (m * mag >= raw) {
            step = m * mag;
            break;
        }
    for (double t = 0; t <= max * (1 + 1e-9); t += step) ticks.push_back(t);
    return ticks;
}

/// The widget's drawing area (a small margin inside it).
QRectF drawArea(const QWidget& w) { return QRectF(w.rect()).adjusted(4, 4, -4, -4); }

int tickCount(double plotWidth) { return std::max(2, int(plotWidth / 90)); }

} // namespace

GanttChart::GanttChart(QWidget* parent) : QWidget(parent) {
    setObjectName("GanttChart");
    setMouseTracking(true);
    setMinimumSize(320, 140);
}

void GanttChart::showSystem(const SystemSnapshot& snapshot) {
    const bool redraw = snapshot.has(SystemSnapshot::ScheduleChanged) ||
                        snapshot.has(SystemSnapshot::SelectionChanged) || snapshot.has(SystemSnapshot::MixChanged);
    m_system = snapshot;
    if (redraw) update();
}

int GanttChart::rowCount() const { return m_system.scheduled() ? m_system.problem->units : 0; }

int GanttChart::barCount() const {
    if (!m_system.scheduled()) return 0;
    return int(std::count_if(m_system.schedule->layers.begin(), m_system.schedule->layers.end(),
                             [](const schedule::ScheduledLayer& l) { return l.unit >= 0; }));
}

int GanttChart::barCount(int row) const {
    if (!m_system.scheduled()) return 0;
    return int(std::count_if(m_system.schedule->layers.begin(), m_system.schedule->layers.end(),
                             [row](const schedule::ScheduledLayer& l) { return l.unit == row; }));
}

QRectF GanttChart::barRect(int task) const {
    if (!m_system.scheduled() || task < 0 || task >= int(m_system.schedule->layers.size())) return {};
    const auto& l = m_system.schedule->layers[task];
    if (l.unit < 0) return {};
    return ganttLayout(drawArea(*this), m_system, QFontMetricsF(font())).bar(l);
}

int GanttChart::taskAt(const QPointF& pos) const {
    if (!m_system.scheduled()) return -1;
    const GanttGeometry g = ganttLayout(drawArea(*this), m_system, QFontMetricsF(font()));
    int best = -1;
    double bestDistance = kGrabPx;
    for (const auto& l : m_system.schedule->layers) {
        if (l.unit < 0) continue;
        const QRectF r = g.bar(l);
        if (pos.y() < r.top() || pos.y() > r.bottom()) continue;
        const double d = pos.x() < r.left() ? r.left() - pos.x() : pos.x() > r.right() ? pos.x() - r.right() : 0.0;
        // Inside a bar wins; between thin bars the nearest within a few pixels.
        if (d < bestDistance || (d == 0 && best < 0)) {
            best = l.task;
            bestDistance = d;
        }
        if (d == 0) break;
    }
    return best;
}

std::vector<double> GanttChart::timeTicks(QString* unit) const {
    if (!m_system.scheduled()) return {};
    const GanttGeometry g = ganttLayout(drawArea(*this), m_system, QFontMetricsF(font()));
    const double seconds = g.makespan * g.seconds_per_cycle;
    if (unit) *unit = app::engineeringScale(seconds).prefix + "s";
    return niceTicks(seconds, tickCount(g.plot.width()));
}

void GanttChart::draw(QPainter& p, const QRectF& area, const SystemSnapshot& s, const QFont& font,
                      const QPalette& palette) {
    p.save();
    p.setFont(font);
    const QFontMetricsF fm(font);
    const QColor text = palette.color(QPalette::Text);
    if (!s.scheduled()) {
        p.setPen(palette.color(QPalette::PlaceholderText));
        p.drawText(
            area, Qt::AlignCenter,
            s.design && s.mix ? QObject::tr("No schedule yet") : QObject::tr("Open a system and a workload mix"));
        p.restore();
        return;
    }
    const auto& problem = *s.problem;
    const auto& sched = *s.schedule;
    const GanttGeometry g = ganttLayout(area, s, fm);

    // Rows: alternate shading and the unit names.
    for (int u = 0; u < problem.units; ++u) {
        const QRectF row(g.plot.left(), g.plot.top() + u * g.row_height, g.plot.width(), g.row_height);
        if (u % 2 == 1) p.fillRect(row, QColor(0, 0, 0, 14));
        p.setPen(text);
        p.drawText(QRectF(area.left(), row.top(), g.label_width - 6, row.height()), Qt::AlignRight | Qt::AlignVCenter,
                   app::qstr(problem.unit_names[u]));
    }
    // Bars, coloured by network; the selected one outlined.
    p.setRenderHint(QPainter::Antialiasing, false);
    for (const auto& l : sched.layers) {
        if (l.unit < 0) continue;
        const int entry = problem.tasks[l.task].entry;
        const QColor c = seriesColor(entry);
        p.setPen(g.bar(l).width() > 4 ? QPen(c.darker(140), 0.5) : Qt::NoPen);
        p.setBrush(c);
        p.drawRect(g.bar(l));
    }
    if (s.selected_task >= 0 && s.selected_task < int(sched.layers.size()) && sched.layers[s.selected_task].unit >= 0) {
        p.setPen(QPen(Qt::black, 2));
        p.setBrush(Qt::NoBrush);
        p.drawRect(g.bar(sched.layers[s.selected_task]).adjusted(-2, -2, 2, 2));
    }
    p.setRenderHint(QPainter::Antialiasing, true);
    // Frame and time axis (engineering units at the system clock).
    p.setPen(QPen(text, 1));
    p.setBrush(Qt::NoBrush);
    p.drawRect(g.plot);
    const double seconds = g.makespan * g.seconds_per_cycle;
    const app::EngineeringScale scale = app::engineeringScale(seconds);
    for (double t : niceTicks(seconds, tickCount(g.plot.width()))) {
        const double x = g.x(t / g.seconds_per_cycle);
        p.drawLine(QPointF(x, g.plot.bottom()), QPointF(x, g.plot.bottom() + 4));
        const QString label = QString::number(t * scale.factor, 'g', 4);
        const double w = fm.horizontalAdvance(label);
        p.drawText(QPointF(std::min(x - w / 2, area.right() - w), g.plot.bottom() + 4 + fm.ascent()), label);
    }
    // The scheduler is named by the status bar and the report's heading; the axis keeps to time.
    const QString title =
        QObject::tr("time (%1s) · makespan %2 (%3 cycles) · lower bound %4 (gap %5 %)")
            .arg(scale.prefix, app::secondsText(seconds), app::siText(g.makespan),
                 app::secondsText(sched.lower_bound_cycles * g.seconds_per_cycle))
            .arg(sched.lower_bound_cycles > 0 ? 100 * (g.makespan / sched.lower_bound_cycles - 1) : 0, 0, 'f', 1);
    p.drawText(QRectF(g.plot.left(), g.plot.bottom() + 6 + fm.height(), g.plot.width(), fm.height()),
               Qt::AlignHCenter | Qt::AlignVCenter, fm.elidedText(title, Qt::ElideRight, g.plot.width()));
    // Legend: one swatch per network.
    double x = g.legend.left();
    for (int e = 0; e < int(problem.network_names.size()); ++e) {
        const QString name = app::qstr(problem.network_names[e]) +
                             (problem.instances[e] > 1 ? QStringLiteral(" ×%1").arg(problem.instances[e]) : QString());
        const double w = fm.horizontalAdvance(name) + 22;
        if (x + w > g.legend.right()) break;
        p.setPen(Qt::NoPen);
        p.setBrush(seriesColor(e));
        p.drawRect(QRectF(x, g.legend.center().y() - 5, 10, 10));
        p.setPen(text);
        p.drawText(QPointF(x + 14, g.legend.center().y() + fm.ascent() / 2 - 1), name);
        x += w;
    }
    p.restore();
}

void GanttChart::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), palette().base());
    draw(p, drawArea(*this), m_system, font(), palette());
}

void GanttChart::mouseMoveEvent(QMouseEvent* event) {
    const int task = taskAt(event->position());
    if (task < 0) {
        QToolTip::hideText();
        return;
    }
    const auto& l = m_system.schedule->layers[task];
    const double spc = 1.0 / (m_system.clock_mhz * 1e6);
    QToolTip::showText(event->globalPosition().toPoint(),
                       tr("%1 on %2\n%3 – %4 (cycles %5 – %6)")
                           .arg(taskText(*m_system.problem, task), app::qstr(m_system.problem->unit_names[l.unit]),
                                app::secondsText(l.start_cycle * spc), app::secondsText(l.end_cycle * spc))
                           .arg(l.start_cycle, 0, 'f', 0)
                           .arg(l.end_cycle, 0, 'f', 0),
                       this);
}

void GanttChart::mouseReleaseEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton) return;
    const int task = taskAt(event->position());
    if (task >= 0) Q_EMIT taskClicked(task);
}

} // namespace archscape::widgets
