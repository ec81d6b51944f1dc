#include "pareto_chart.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "chart_style.h"
#include "format_text.h"

namespace archscape::widgets {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}

ParetoChart::ParetoChart(QWidget* parent) : QCustomPlot(parent) {
    makeLogAxis(xAxis);
    makeLogAxis(yAxis);
    m_all = addGraph();
    m_all->setName(tr("evaluated designs"));
    m_all->setLineStyle(QCPGraph::lsNone);
    m_all->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, QColor(140, 150, 170, 150), 4));
    m_frontGraph = addGraph();
    m_frontGraph->setName(tr("Pareto front"));
    m_frontGraph->setLineStyle(QCPGraph::lsStepLeft);
    m_frontGraph->setPen(QPen(seriesColor(1), 1.5));
    m_frontGraph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, seriesColor(1), 7));
    m_currentGraph = addGraph();
    m_currentGraph->setName(tr("current design"));
    m_currentGraph->setLineStyle(QCPGraph::lsNone);
    m_currentGraph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(Qt::black, 2), Qt::NoBrush, 14));
    m_hoverLabel = new QCPItemText(this);
    m_hoverLabel->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
    m_hoverLabel->position->setType(QCPItemPosition::ptAbsolute);
    m_hoverLabel->setPadding(QMargins(4, 3, 4, 3));
    m_hoverLabel->setBrush(QColor(255, 255, 240, 235));
    m_hoverLabel->setPen(QPen(QColor(120, 120, 120)));
    m_hoverLabel->setTextAlignment(Qt::AlignLeft);
    m_hoverLabel->setVisible(false);
    legend->setVisible(true);
    styleChart(this);
    setMouseTracking(true);
    connect(this, &QCustomPlot::mouseMove, this, &ParetoChart::onMove);
    connect(this, &QCustomPlot::mousePress, this, &ParetoChart::onPress);
    setAxes(m_x, m_y);
}

void ParetoChart::setAxes(app::DesignMetric x, app::DesignMetric y) {
    m_x = x;
    m_y = y;
    xAxis->setLabel(app::metricLabel(x));
    yAxis->setLabel(app::metricLabel(y));
    rebuild();
}

void ParetoChart::setDesigns(const std::vector<app::DesignPoint>* designs, int first) {
    if (designs != m_designs || first == 0 || !designs || first > int(designs->size())) {
        m_designs = designs;
        rebuild();
        return;
    }
    // One bulk insert per batch: QCPDataContainer merges a sorted batch in one pass, while
    // point-by-point inserts each shift the whole container.
    QVector<double> xs, ys;
    for (int i = first; i < int(designs->size()); ++i) {
        const app::DesignPoint& d = (*designs)[i];
        QPointF p(kNaN, kNaN);
        if (d.valid) {
            p = QPointF(app::metricValue(d, m_x), app::metricValue(d, m_y));
            xs << p.x();
            ys << p.y();
        }
        m_values.push_back(p);
    }
    m_all->addData(xs, ys);
    styleCloud();
    updateFront();
    rescale();
    replot(QCustomPlot::rpQueuedReplot);
}

void ParetoChart::styleCloud() {
    // Large clouds are drawn as unantialiased dots: a disc per point costs seconds at 100,000.
    const bool large = m_all->data()->size() > 2000;
    m_all->setAntialiasedScatters(!large);
    m_all->setScatterStyle(large ? QCPScatterStyle(QCPScatterStyle::ssSquare, QColor(140, 150, 170, 160),
                                                   QColor(140, 150, 170, 160), 2)
                                 : QCPScatterStyle(QCPScatterStyle::ssDisc, QColor(140, 150, 170, 150), 4));
}

void ParetoChart::rebuild() {
    m_values.clear();
    QVector<double> xs, ys;
    if (m_designs) {
        m_values.reserve(m_designs->size());
        for (const app::DesignPoint& d : *m_designs) {
            QPointF p(kNaN, kNaN);
            if (d.valid) {
                p = QPointF(app::metricValue(d, m_x), app::metricValue(d, m_y));
                xs << p.x();
                ys << p.y();
            }
            m_values.push_back(p);
        }
    }
    m_all->setData(xs, ys);
    styleCloud();
    updateFront();
    setCurrentDesign(m_current);
    rescale();
    replot(QCustomPlot::rpQueuedReplot);
}

void ParetoChart::updateFront() {
    // Both objectives are minimised: by increasing x, keep each point that lowers the best y so far.
    std::vector<int> order;
    order.reserve(m_values.size());
    for (int i = 0; i < int(m_values.size()); ++i)
        if (!std::isnan(m_values[i].x())) order.push_back(i);
    std::sort(order.begin(), order.end(), [this](int a, int b) {
        return m_values[a].x() != m_values[b].x() ? m_values[a].x() < m_values[b].x() : m_values[a].y() < m_values[b].y();
    });
    m_front.clear();
    double bestY = std::numeric_limits<double>::infinity();
    QVector<double> xs, ys;
    for (int i : order)
        if (m_values[i].y() < bestY) {
            bestY = m_values[i].y();
            m_front.push_back(i);
            xs << m_values[i].x();
            ys << m_values[i].y();
        }
    m_frontGraph->setData(xs, ys, true);
}

void ParetoChart::rescale() {
    double x0 = std::numeric_limits<double>::infinity(), x1 = 0, y0 = x0, y1 = 0;
    for (const QPointF& p : m_values) {
        if (std::isnan(p.x()) || p.x() <= 0 || p.y() <= 0) continue;
        x0 = std::min(x0, p.x());
        x1 = std::max(x1, p.x());
        y0 = std::min(y0, p.y());
        y1 = std::max(y1, p.y());
    }
    if (!(x0 <= x1)) return;
    xAxis->setRange(x0 / 1.3, x1 * 1.3);
    yAxis->setRange(y0 / 1.3, y1 * 1.3);
}

void ParetoChart::setCurrentDesign(int index) {
    m_current = index;
    m_currentGraph->data()->clear();
    if (index >= 0 && index < int(m_values.size()) && !std::isnan(m_values[index].x()))
        m_currentGraph->addData(m_values[index].x(), m_values[index].y());
    replot(QCustomPlot::rpQueuedReplot);
}

QPointF ParetoChart::pixelPosition(int index) const {
    if (index < 0 || index >= int(m_values.size()) || std::isnan(m_values[index].x())) return {-1, -1};
    return {xAxis->coordToPixel(m_values[index].x()), yAxis->coordToPixel(m_values[index].y())};
}

const std::vector<QPointF>& ParetoChart::pixels() const {
    const QRect rect = axisRect()->rect();
    if (m_pixels.size() != m_values.size() || m_pixelsX != xAxis->range() || m_pixelsY != yAxis->range() ||
        m_pixelsRect != rect) {
        m_pixels.resize(m_values.size());
        for (std::size_t i = 0; i < m_values.size(); ++i)
            m_pixels[i] = std::isnan(m_values[i].x())
                              ? QPointF(kNaN, kNaN)
                              : QPointF(xAxis->coordToPixel(m_values[i].x()), yAxis->coordToPixel(m_values[i].y()));
        m_pixelsX = xAxis->range();
        m_pixelsY = yAxis->range();
        m_pixelsRect = rect;
    }
    return m_pixels;
}

int ParetoChart::designAt(const QPointF& pixel, double radius) const {
    if (!axisRect()->rect().contains(pixel.toPoint())) return -1;
    // Pixel positions are cached per axis range, so a hover is a scan of plain arithmetic
    // (well under a millisecond for 100,000 points) instead of 200,000 log10 calls.
    const std::vector<QPointF>& px = pixels();
    double best = radius * radius;
    int found = -1;
    for (int i = 0; i < int(px.size()); ++i) {
        const double dx = px[i].x() - pixel.x();
        if (!(dx * dx < best)) continue;  // also skips NaN (invalid designs)
        const double dy = px[i].y() - pixel.y();
        if (dx * dx + dy * dy < best) {
            best = dx * dx + dy * dy;
            found = i;
        }
    }
    return found;
}

void ParetoChart::onMove(QMouseEvent* event) {
    const int i = designAt(event->position());
    const bool show = i >= 0 && m_designs;
    if (show) {
        const app::DesignPoint& d = (*m_designs)[i];
        m_hoverLabel->setText(tr("%1\nlatency %2   energy %3\nEDP %4 J·s   area %5 mm²   power %6")
                                  .arg(app::qstr(d.accelerator.name))
                                  .arg(app::secondsText(d.latencyS()))
                                  .arg(app::siText(d.energyJ(), "J"))
                                  .arg(QString::number(d.edpJs(), 'g', 3))
                                  .arg(QString::number(d.areaMm2(), 'g', 3))
                                  .arg(app::siText(d.powerW(), "W")));
        const QPointF p = pixelPosition(i);
        // Keep the label inside the plot: flip it to the left half when near the right edge.
        const bool left = p.x() > width() * 0.6;
        m_hoverLabel->setPositionAlignment((left ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignBottom);
        m_hoverLabel->position->setCoords(p.x() + (left ? -8 : 8), p.y() - 8);
    }
    if (show != m_hoverLabel->visible() || show) {
        m_hoverLabel->setVisible(show);
        replot(QCustomPlot::rpQueuedReplot);
    }
}

void ParetoChart::onPress(QMouseEvent* event) {
    const int i = designAt(event->position());
    if (i >= 0) Q_EMIT designClicked(i);
}

} // namespace archscape::widgets
