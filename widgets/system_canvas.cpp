#include "system_canvas.h"

#include <QMouseEvent>
#include <QPainter>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "chart_style.h"
#include "format_text.h"
#include "search/system_space.h"
#include "system_text.h"

namespace archscape::widgets {

namespace {

constexpr double kMargin = 12;
constexpr double kDramHeight = 40;
constexpr double kGap = 26;            // DRAM bar to units: room for the port links
constexpr double kHandleHalfWidth = 5; // a boundary grabs the mouse this close
const QColor kHandleColor(0xf2, 0x8e, 0x2b);

std::int64_t total(const std::vector<std::int64_t>& pes) {
    return std::accumulate(pes.begin(), pes.end(), std::int64_t(0));
}

} // namespace

SystemCanvas::SystemCanvas(QWidget* parent) : QWidget(parent) {
    setObjectName("SystemCanvas");
    setMouseTracking(true);
    setMinimumSize(320, 220);
}

void SystemCanvas::showSystem(const SystemSnapshot& snapshot) {
    const bool redraw = snapshot.has(SystemSnapshot::SystemChanged) || snapshot.has(SystemSnapshot::SelectionChanged) ||
                        snapshot.has(SystemSnapshot::ScheduleChanged);
    m_system = snapshot;
    if (!redraw) return;
    m_dragBoundary = -1;
    m_pes.clear();
    if (snapshot.design)
        for (const auto& u : snapshot.design->system.units) m_pes.push_back(u.accelerator.pe.count());
    m_selectedUnit = -1;
    if (snapshot.scheduled() && snapshot.selected_task >= 0 &&
        snapshot.selected_task < int(snapshot.schedule->layers.size()))
        m_selectedUnit = snapshot.schedule->layers[snapshot.selected_task].unit;
    update();
}

double SystemCanvas::share(int unit) const {
    const std::int64_t t = total(m_pes);
    return unit >= 0 && unit < unitCount() && t > 0 ? double(m_pes[unit]) / double(t) : 0.0;
}

QRectF SystemCanvas::unitsArea() const {
    return QRectF(kMargin, kMargin + kDramHeight + kGap, width() - 2 * kMargin,
                  height() - 2 * kMargin - kDramHeight - kGap);
}

QRectF SystemCanvas::unitRect(int unit) const {
    if (unit < 0 || unit >= unitCount()) return {};
    const QRectF area = unitsArea();
    double left = area.left();
    for (int u = 0; u < unit; ++u) left += share(u) * area.width();
    return QRectF(left, area.top(), share(unit) * area.width(), area.height());
}

double SystemCanvas::boundaryX(int boundary) const {
    if (boundary < 0 || boundary + 1 >= unitCount()) return std::numeric_limits<double>::quiet_NaN();
    return unitRect(boundary).right();
}

int SystemCanvas::boundaryAt(const QPointF& pos) const {
    if (!unitsArea().adjusted(0, -kGap, 0, 0).contains(pos)) return -1;
    for (int b = 0; b + 1 < unitCount(); ++b)
        if (std::abs(pos.x() - boundaryX(b)) <= kHandleHalfWidth) return b;
    return -1;
}

std::vector<std::int64_t> SystemCanvas::splitAt(int boundary, double x) const {
    std::vector<std::int64_t> pes = m_pes;
    if (boundary < 0 || boundary + 1 >= unitCount()) return pes;
    // The two units keep their sum; the left one takes the PEs up to x, in whole steps, and each
    // keeps at least one step.
    const QRectF area = unitsArea();
    const double perPixel = double(total(m_pes)) / std::max(area.width(), 1.0);
    const QRectF left = unitRect(boundary);
    const std::int64_t pair = pes[boundary] + pes[boundary + 1];
    const double wanted = (x - left.left()) * perPixel;
    const std::int64_t steps = std::llround(wanted / double(kSplitStepPes));
    const std::int64_t maxSteps = (pair - kSplitStepPes) / kSplitStepPes;
    if (maxSteps < 1) return pes; // too few PEs to move any
    pes[boundary] = std::clamp<std::int64_t>(steps, 1, maxSteps) * kSplitStepPes;
    pes[boundary + 1] = pair - pes[boundary];
    return pes;
}

void SystemCanvas::mousePressEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton) {
        m_dragBoundary = boundaryAt(event->position());
        if (m_dragBoundary >= 0) {
            event->accept();
            return;
        }
    }
    QWidget::mousePressEvent(event);
}

void SystemCanvas::mouseMoveEvent(QMouseEvent* event) {
    if (m_dragBoundary >= 0) {
        const auto pes = splitAt(m_dragBoundary, event->position().x());
        if (pes != m_pes) {
            m_pes = pes;
            update();
        }
        return;
    }
    setCursor(boundaryAt(event->position()) >= 0 ? Qt::SplitHCursor : Qt::ArrowCursor);
}

void SystemCanvas::mouseReleaseEvent(QMouseEvent* event) {
    if (m_dragBoundary < 0 || event->button() != Qt::LeftButton) return QWidget::mouseReleaseEvent(event);
    m_pes = splitAt(m_dragBoundary, event->position().x());
    m_dragBoundary = -1;
    std::vector<std::int64_t> shown;
    for (const auto& u : m_system.design->system.units) shown.push_back(u.accelerator.pe.count());
    if (m_pes != shown) Q_EMIT peSplitRequested(m_pes);
    update();
}

void SystemCanvas::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(rect(), palette().base());
    if (!m_system.design) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter, tr("No system open (File → Open System Preset)"));
        return;
    }
    const hardware::System& sys = m_system.design->system;
    QFont small = font();
    small.setPointSizeF(font().pointSizeF() * 0.9);
    const QFontMetricsF fm(small);

    // The shared DRAM port.
    const QRectF dram(kMargin, kMargin, width() - 2 * kMargin, kDramHeight);
    p.setPen(QPen(QColor(0x80, 0x70, 0x20), 1));
    p.setBrush(QColor(0xed, 0xc9, 0x48, 120));
    p.drawRoundedRect(dram, 4, 4);
    p.setPen(palette().color(QPalette::Text));
    const QString bandwidth = sys.dram_bandwidth_bytes_per_cycle > 0
                                  ? tr("%1 B/cycle shared by demand").arg(sys.dram_bandwidth_bytes_per_cycle)
                                  : tr("unlimited bandwidth");
    const std::int64_t pes = total(m_pes);
    const QString budget = sys.pe_budget > 0 ? tr("%1 of %2 PEs").arg(pes).arg(sys.pe_budget) : tr("%1 PEs").arg(pes);
    p.drawText(dram.adjusted(8, 0, -8, 0), Qt::AlignVCenter | Qt::AlignLeft,
               tr("DRAM · %1 — %2 · %3 · %4 mm²")
                   .arg(bandwidth, app::qstr(sys.name), budget)
                   .arg(hardware::areaUm2(sys) * 1e-6, 0, 'f', 2));

    for (int u = 0; u < unitCount(); ++u) {
        const auto& unit = sys.units[u];
        const QRectF box = unitRect(u).adjusted(3, 0, -3, 0);
        const QColor color = seriesColor(u);
        // Its DRAM port.
        p.setPen(QPen(QColor(0x80, 0x70, 0x20), 2));
        p.drawLine(QPointF(box.center().x(), dram.bottom()), QPointF(box.center().x(), box.top()));
        const bool selected = u == m_selectedUnit;
        p.setPen(QPen(selected ? kHandleColor : color.darker(130), selected ? 3 : 1.5));
        p.setBrush(color.lighter(175));
        p.drawRoundedRect(box, 5, 5);
        // Text: name and policy, PE array and share, buffers.
        const hardware::PeArray pe = search::peArrayOf(m_pes[u], unit.accelerator.pe);
        const QString policy =
            u < int(m_system.design->policies.size()) ? unitPolicyText(m_system.design->policies[u]) : QString();
        QStringList lines;
        lines << QStringLiteral("%1 · %2").arg(app::qstr(unit.name), policy)
              << tr("%1×%2 = %3 PEs (%4 %)").arg(pe.rows).arg(pe.cols).arg(m_pes[u]).arg(100 * share(u), 0, 'g', 3);
        for (const auto& l : unit.accelerator.levels)
            if (l.kind != hardware::MemoryKind::Dram && !l.per_pe)
                lines << QStringLiteral("%1 %2").arg(app::qstr(l.name), app::bytesText(double(l.capacity_bytes)));
        if (m_system.scheduled() && u < int(m_system.schedule->busy_cycles.size()) &&
            m_system.schedule->makespan_cycles > 0)
            lines << tr("busy %1 %")
                         .arg(100 * m_system.schedule->busy_cycles[u] / m_system.schedule->makespan_cycles, 0, 'f', 1);
        p.setFont(small);
        p.setPen(palette().color(QPalette::Text));
        double y = box.top() + 6;
        for (const QString& line : lines) {
            p.drawText(QRectF(box.left() + 6, y, box.width() - 12, fm.height()), Qt::AlignLeft | Qt::AlignVCenter,
                       fm.elidedText(line, Qt::ElideRight, box.width() - 12));
            y += fm.height();
        }
        // The PE grid below, to scale (one cell per PE while cells stay visible, else groups).
        const QRectF grid = QRectF(box.left() + 8, y + 6, box.width() - 16, box.bottom() - y - 14);
        if (grid.width() > 8 && grid.height() > 8) {
            const double cell = std::min(grid.width() / pe.cols, grid.height() / pe.rows);
            const int group = cell >= 3 ? 1 : int(std::ceil(3 / std::max(cell, 1e-9)));
            const int rows = (pe.rows + group - 1) / group;
            const int cols = (pe.cols + group - 1) / group;
            const double pitch = cell * group;
            const QPointF origin(grid.left() + (grid.width() - cols * pitch) / 2,
                                 grid.top() + (grid.height() - rows * pitch) / 2);
            p.setPen(Qt::NoPen);
            p.setBrush(color);
            for (int r = 0; r < rows; ++r)
                for (int c = 0; c < cols; ++c)
                    p.drawRect(QRectF(origin.x() + c * pitch + pitch * 0.1, origin.y() + r * pitch + pitch * 0.1,
                                      pitch * 0.8, pitch * 0.8));
        }
    }
    // The boundaries' drag handles.
    for (int b = 0; b + 1 < unitCount(); ++b) {
        const double x = boundaryX(b);
        const QRectF area = unitsArea();
        p.setPen(Qt::NoPen);
        p.setBrush(kHandleColor);
        p.drawRoundedRect(QRectF(x - 3, area.center().y() - 22, 6, 44), 3, 3);
    }
    if (m_dragBoundary >= 0) {
        p.setFont(small);
        p.setPen(kHandleColor.darker(140));
        p.drawText(unitsArea().adjusted(0, -kGap, 0, 0).topLeft() + QPointF(0, fm.ascent()),
                   tr("re-split: %1").arg([this] {
                       QStringList parts;
                       for (std::int64_t n : m_pes) parts << QString::number(n);
                       return parts.join(" + ");
                   }()));
    }
}

} // namespace archscape::widgets
