#include "partition_view.h"

#include <QFontMetrics>
#include <QPainter>

#include <algorithm>
#include <map>

#include "chart_style.h"
#include "format_text.h"

namespace archscape::widgets {

using app::qstr;

namespace {

constexpr double kSummaryLines = 2;
constexpr double kLoadLines = 3;
constexpr double kLaneGap = 8;

/// Device memory as the devices file gives it (decimal GB) once it reaches a GB, else B / KiB / MiB.
QString memoryText(double bytes) {
    return bytes >= 1e9 ? QStringLiteral("%1 GB").arg(bytes / 1e9, 0, 'g', 3) : app::bytesText(bytes);
}

} // namespace

PartitionView::PartitionView(QWidget* parent) : QWidget(parent) {
    setMinimumSize(240, 200);
    setAutoFillBackground(true);
    QPalette p = palette();
    p.setColor(QPalette::Window, Qt::white);
    setPalette(p);
    clear();
}

void PartitionView::clear() {
    m_title.clear();
    m_summary =
        tr("No partition yet: Explore → Partition Across Devices… splits the workload over the devices of "
           "an archscape/devices file (presets/devices).");
    m_devices.clear();
    m_nodes.clear();
    m_edges.clear();
    m_deviceOf.clear();
    m_depth.clear();
    m_slot.clear();
    m_slots.clear();
    m_busy.clear();
    m_memory.clear();
    m_capacity.clear();
    m_deviceNodes.clear();
    m_rows = m_cutEdges = 0;
    m_value = 0;
    update();
}

void PartitionView::setPartition(const schedule::PartitionProblem& p, const schedule::PartitionResult& r,
                                 const QString& title) {
    const schedule::Partition& part = r.partition;
    if (int(part.device_of.size()) != p.numNodes()) {
        clear();
        return;
    }
    m_title = title;
    m_devices.clear();
    for (const auto& d : p.device_names) m_devices.push_back(qstr(d));
    m_nodes.clear();
    for (const auto& n : p.node_names) m_nodes.push_back(qstr(n));
    m_edges = p.edges;
    m_deviceOf = part.device_of;
    const int n = p.numNodes();
    // Depth = longest path from an input: nodes are in topological order, edges point forward.
    m_depth.assign(n, 0);
    for (const auto& e : m_edges)
        if (e.from >= 0 && e.to > e.from && e.to < n) m_depth[e.to] = std::max(m_depth[e.to], m_depth[e.from] + 1);
    m_rows = n == 0 ? 0 : *std::max_element(m_depth.begin(), m_depth.end()) + 1;
    // Nodes of one device at one depth sit side by side in its lane, in network order.
    std::map<std::pair<int, int>, int> groups;
    m_slot.assign(n, 0);
    for (int i = 0; i < n; ++i) m_slot[i] = groups[{m_deviceOf[i], m_depth[i]}]++;
    m_slots.assign(n, 1);
    for (int i = 0; i < n; ++i) m_slots[i] = groups[{m_deviceOf[i], m_depth[i]}];
    m_cutEdges = 0;
    for (const auto& e : m_edges) m_cutEdges += m_deviceOf[e.from] != m_deviceOf[e.to];
    m_busy = part.device_busy_s;
    m_memory = part.device_memory_bytes;
    m_capacity = p.memory_bytes;
    m_deviceNodes = part.device_nodes;
    m_busy.resize(m_devices.size(), 0.0);
    m_memory.resize(m_devices.size(), 0.0);
    m_capacity.resize(m_devices.size(), 0.0);
    m_deviceNodes.resize(m_devices.size(), 0);
    m_value = part.value(p.objective);
    const bool latency = p.objective == schedule::PartitionObjective::Latency;
    m_summary = part.feasible ? tr("%1: %2 %3, bound %4 (gap %5 %), %6 in %7; %8 of %9 edges cut, %10")
                                    .arg(title, latency ? tr("latency") : tr("period"), app::secondsText(m_value),
                                         app::secondsText(r.lower_bound_s))
                                    .arg(100 * r.gap(p.objective), 0, 'f', 1)
                                    .arg(qstr(schedule::toString(r.solver)) + (r.optimal ? tr(", optimal") : QString()),
                                         app::secondsText(r.solve_s))
                                    .arg(m_cutEdges)
                                    .arg(m_edges.size())
                                    .arg(app::bytesText(part.cut_bytes))
                              : tr("%1: no feasible partition: %2").arg(title, qstr(part.reason));
    update();
}

PartitionView::Frame PartitionView::frame(const QRectF& area) const {
    const double line = QFontMetricsF(font()).height();
    Frame f;
    f.summary = QRectF(area.left() + 4, area.top() + 2, area.width() - 8, kSummaryLines * line);
    const double lanesTop = f.summary.bottom() + 4;
    f.loads = QRectF(area.left(), area.bottom() - kLoadLines * line - 6, area.width(), kLoadLines * line + 4);
    f.lanes = QRectF(area.left(), lanesTop, area.width(), f.loads.top() - lanesTop);
    // The lane header (the device's name) is one line; the DAG below it.
    f.dag = f.lanes.adjusted(0, line + 4, 0, -4);
    const int lanes = std::max(1, laneCount());
    f.laneWidth = (area.width() - kLaneGap * (lanes + 1)) / lanes;
    f.rowHeight = m_rows > 0 ? f.dag.height() / m_rows : 0;
    return f;
}

QRectF PartitionView::laneRect(int device, const QRectF& area) const {
    const Frame f = frame(areaOr(area));
    return QRectF(f.lanes.left() + kLaneGap + device * (f.laneWidth + kLaneGap), f.lanes.top(), f.laneWidth,
                  f.lanes.height());
}

QRectF PartitionView::nodeRect(int node, const QRectF& area) const {
    if (node < 0 || node >= int(m_deviceOf.size())) return {};
    const Frame f = frame(areaOr(area));
    const QRectF lane = laneRect(m_deviceOf[node], area);
    const double slotWidth = (lane.width() - 8) / m_slots[node];
    const double h = std::max(1.0, std::min(f.rowHeight * 0.7, 20.0));
    const double y = f.dag.top() + m_depth[node] * f.rowHeight + (f.rowHeight - h) / 2;
    const double x = lane.left() + 4 + m_slot[node] * slotWidth;
    return QRectF(x + std::min(2.0, slotWidth * 0.1), y, std::max(1.0, slotWidth - std::min(4.0, slotWidth * 0.2)), h);
}

double PartitionView::loadFraction(int device) const {
    double full = m_value;
    for (double b : m_busy) full = std::max(full, b);
    return full > 0 ? std::clamp(m_busy[device] / full, 0.0, 1.0) : 0.0;
}

QRectF PartitionView::loadBarRect(int device, const QRectF& area) const {
    if (device < 0 || device >= laneCount()) return {};
    const Frame f = frame(areaOr(area));
    const QRectF lane = laneRect(device, area);
    const double line = QFontMetricsF(font()).height();
    return QRectF(lane.left(), f.loads.top() + 2, lane.width() * loadFraction(device), line * 0.8);
}

void PartitionView::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    paintInto(painter, rect());
}

void PartitionView::paintInto(QPainter& painter, const QRectF& area) const {
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.setFont(font());
    const QFontMetricsF fm(font());
    const Frame f = frame(area);
    painter.setPen(Qt::black);
    painter.drawText(f.summary, Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, m_summary);
    if (!hasPartition()) {
        painter.restore();
        return;
    }
    // Lanes: a tinted column per device with its name.
    for (int d = 0; d < laneCount(); ++d) {
        const QRectF lane = laneRect(d, area);
        QColor tint = seriesColor(d);
        tint.setAlpha(28);
        painter.setPen(Qt::NoPen);
        painter.setBrush(tint);
        painter.drawRect(lane);
        painter.setPen(seriesColor(d).darker(140));
        painter.drawText(QRectF(lane.left() + 4, lane.top() + 2, lane.width() - 8, fm.height()), Qt::AlignCenter,
                         fm.elidedText(m_devices[d], Qt::ElideRight, lane.width() - 8));
    }
    // Edges under the nodes: local ones thin and grey, cut ones thick and red.
    for (bool cut : {false, true}) {
        painter.setPen(cut ? QPen(QColor(200, 30, 30), 2) : QPen(QColor(120, 120, 120, 110), 1));
        for (const auto& e : m_edges) {
            if ((m_deviceOf[e.from] != m_deviceOf[e.to]) != cut) continue;
            const QRectF a = nodeRect(e.from, area), b = nodeRect(e.to, area);
            painter.drawLine(QPointF(a.center().x(), a.bottom()), QPointF(b.center().x(), b.top()));
        }
    }
    // Nodes, named where the box is wide and tall enough.
    QFont small = font();
    small.setPointSizeF(std::max(6.0, font().pointSizeF() * 0.8));
    const QFontMetricsF sfm(small);
    painter.setFont(small);
    for (int i = 0; i < int(m_nodes.size()); ++i) {
        const QRectF r = nodeRect(i, area);
        const QColor c = seriesColor(m_deviceOf[i]);
        painter.setPen(r.height() >= 4 ? QPen(c.darker(150), 1) : Qt::NoPen);
        painter.setBrush(c.lighter(125));
        painter.drawRect(r);
        if (r.height() >= sfm.height() && r.width() >= 3 * sfm.averageCharWidth()) {
            painter.setPen(Qt::black);
            painter.drawText(r, Qt::AlignCenter, sfm.elidedText(m_nodes[i], Qt::ElideMiddle, r.width() - 2));
        }
    }
    // Loads: the bar (busy seconds over the objective value, or the busiest device) and its figures.
    painter.setFont(font());
    for (int d = 0; d < laneCount(); ++d) {
        const QRectF lane = laneRect(d, area);
        const QRectF bar = loadBarRect(d, area);
        painter.setPen(QPen(QColor(160, 160, 160), 1));
        painter.setBrush(Qt::NoBrush);
        painter.drawRect(QRectF(lane.left(), bar.top(), lane.width(), bar.height()));
        painter.setPen(Qt::NoPen);
        painter.setBrush(seriesColor(d));
        painter.drawRect(bar);
        painter.setPen(Qt::black);
        const QString figures =
            tr("%n layer(s), busy %1", nullptr, m_deviceNodes[d]).arg(app::secondsText(m_busy[d])) + "\n" +
            (m_capacity[d] > 0 ? tr("%1 of %2").arg(memoryText(m_memory[d]), memoryText(m_capacity[d]))
                               : memoryText(m_memory[d]));
        painter.drawText(QRectF(lane.left(), bar.bottom() + 1, lane.width(), 2 * fm.height() + 2),
                         Qt::AlignLeft | Qt::AlignTop, figures);
    }
    painter.restore();
}

} // namespace archscape::widgets
