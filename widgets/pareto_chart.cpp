#include "pareto_chart.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <tuple>

#include "chart_style.h"
#include "engineering_ticker.h"
#include "format_text.h"

namespace archscape::widgets {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

/// Pads [lo, hi] so the extreme points are not drawn on the axis rect's border.
QCPRange paddedRange(double lo, double hi, bool log) {
    if (log) return {lo / 1.3, hi * 1.3};
    const double pad = hi > lo ? (hi - lo) * 0.06 : std::max(1.0, std::abs(hi) * 0.01);
    return {lo - pad, hi + pad};
}

void setAxisScale(QCPAxis* axis, bool log) {
    if (log) {
        makeLogAxis(axis);
    } else {
        axis->setScaleType(QCPAxis::stLinear);
        axis->setTicker(QSharedPointer<QCPAxisTicker>(new EngineeringTicker(false)));
    }
}

/// Moves further than this (pixels) between press and release make a drag, not a click.
constexpr double kClickSlop = 4;

} // namespace

ParetoChart::ParetoChart(QWidget* parent) : QCustomPlot(parent) {
    m_all = addGraph();
    m_all->setName(tr("evaluated designs"));
    m_all->setLineStyle(QCPGraph::lsNone);
    styleCloud();
    m_frontGraph = addGraph();
    m_frontGraph->setName(tr("Pareto front"));
    m_frontGraph->setLineStyle(QCPGraph::lsStepLeft);
    m_frontGraph->setPen(QPen(seriesColor(1), 1.5));
    m_frontGraph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, seriesColor(1), 7));
    // The hover label and the current-design ring live on their own buffered layer: moving the
    // mouse redraws that layer alone, not the (possibly 100,000-point) cloud.
    m_overlay = layer("overlay"); // one of QCustomPlot's default layers, above the legend
    m_overlay->setMode(QCPLayer::lmBuffered);
    m_currentGraph = addGraph();
    m_currentGraph->setLayer(m_overlay);
    m_currentGraph->setName(tr("current design"));
    m_currentGraph->setLineStyle(QCPGraph::lsNone);
    m_currentGraph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(Qt::black, 2), Qt::NoBrush, 14));
    m_hoverLabel = new QCPItemText(this);
    m_hoverLabel->setLayer(m_overlay);
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
    // Zoom and pan both axes; Shift+drag draws a selection box over the cloud (onPress switches the
    // rectangle and plottable selection on for that drag only: a plain drag pans, and a plain click
    // does not run QCustomPlot's point selection over 100,000 points).
    setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    m_all->setSelectable(QCP::stMultipleDataRanges);
    m_frontGraph->setSelectable(QCP::stNone);
    m_currentGraph->setSelectable(QCP::stNone);
    m_all->selectionDecorator()->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, QColor(30, 30, 30), 5),
                                                 QCPScatterStyle::spAll);
    selectionRect()->setPen(QPen(QColor(70, 90, 140), 1, Qt::DashLine));
    selectionRect()->setBrush(QColor(70, 90, 140, 40));
    connect(selectionRect(), &QCPSelectionRect::accepted, this,
            [this](const QRect& rect, QMouseEvent*) { onSelectionRect(rect); });
    // A zoom or pan by the user fixes the view: streamed points no longer rescale it.
    for (QCPAxis* axis : {xAxis, yAxis})
        connect(axis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this, [this] {
            if (m_mouseView) m_userView = true;
        });
    m_streamReplot.setSingleShot(true);
    m_streamReplot.setInterval(kStreamReplotMs);
    connect(this, &QCustomPlot::afterReplot, this, [this] { m_plotted = true; });
    connect(&m_streamReplot, &QTimer::timeout, this, [this] { replot(QCustomPlot::rpQueuedReplot); });
    connect(this, &QCustomPlot::mouseMove, this, &ParetoChart::onMove);
    connect(this, &QCustomPlot::mousePress, this, &ParetoChart::onPress);
    connect(this, &QCustomPlot::mouseRelease, this, &ParetoChart::onRelease);
    connect(this, &QCustomPlot::mouseWheel, this, [this] { m_userView = true; });
    setAxes(m_x, m_y);
}

void ParetoChart::setAxes(search::Metric x, search::Metric y) {
    m_x = x;
    m_y = y;
    setAxisScale(xAxis, metricLogScale(x));
    setAxisScale(yAxis, metricLogScale(y));
    styleChart(this);
    m_userView = false;
    rebuild();
}

void ParetoChart::setDesigns(const std::vector<search::EvaluatedDesign>* designs, int first) {
    if (designs != m_designs || first == 0 || !designs || first != int(m_values.size())) {
        m_designs = designs;
        rebuild();
        return;
    }
    appendPoints(first);
    if (!m_userView) rescale();
    updateUnits();
    // Streaming: one replot per interval however many batches arrive in it.
    if (!m_streamReplot.isActive()) m_streamReplot.start();
}

void ParetoChart::rebuild() {
    m_values.clear();
    m_all->data()->clear();
    m_all->setSelection(QCPDataSelection());
    m_selected.clear();
    // Availability is announced once, after the new designs were scanned: announcing "nothing
    // available" in between made the panel drop an accuracy axis the new designs have too (issue 15).
    const auto before = m_hasMetric;
    m_hasMetric.fill(false);
    m_paretoFront = search::ParetoFront(2);
    m_front.clear();
    m_x0 = m_y0 = kInf;
    m_x1 = m_y1 = -kInf;
    m_streamReplot.stop();
    hideHover(); // the point under it may be gone
    if (m_designs) appendPoints(0);
    else updateFrontGraph();
    if (m_current >= int(m_values.size())) m_current = -1;
    updateCurrentMarker();
    if (!m_userView) rescale();
    updateUnits();
    replot(QCustomPlot::rpQueuedReplot);
    if (m_hasMetric != before) Q_EMIT metricsAvailableChanged();
    Q_EMIT frontChanged();
}

void ParetoChart::appendPoints(int first) {
    const bool logX = metricLogScale(m_x), logY = metricLogScale(m_y);
    const double signX = search::isMaximised(m_x) ? -1 : 1, signY = search::isMaximised(m_y) ? -1 : 1;
    QVector<double> xs, ys;
    bool frontMoved = false;
    const auto hadMetric = m_hasMetric;
    m_values.reserve(m_designs->size());
    for (int i = first; i < int(m_designs->size()); ++i) {
        const search::EvaluatedDesign& d = (*m_designs)[i];
        for (search::Metric m : search::kAllMetrics)
            m_hasMetric[std::size_t(m)] = m_hasMetric[std::size_t(m)] || (d.valid && std::isfinite(d.metric(m)));
        QPointF p(kNaN, kNaN);
        const double x = d.metric(m_x), y = d.metric(m_y);
        // Log axes cannot show zero or negative values; NaN (no accuracy model) is not plotted.
        if (d.valid && std::isfinite(x) && std::isfinite(y) && (!logX || x > 0) && (!logY || y > 0)) {
            p = QPointF(x, y);
            xs << x;
            ys << y;
            m_x0 = std::min(m_x0, x);
            m_x1 = std::max(m_x1, x);
            m_y0 = std::min(m_y0, y);
            m_y1 = std::max(m_y1, y);
            const std::array<double, 2> objectives{signX * x, signY * y};
            frontMoved |= m_paretoFront.insert(i, objectives);
        }
        m_values.push_back(p);
    }
    // One bulk insert per batch: QCPDataContainer merges a sorted batch in one pass, while
    // point-by-point inserts each shift the whole container.
    m_all->addData(xs, ys);
    if (frontMoved || first == 0) updateFrontGraph();
    if (first == 0) return; // rebuild() announces what changed
    if (m_hasMetric != hadMetric) Q_EMIT metricsAvailableChanged();
    Q_EMIT frontChanged();
}

void ParetoChart::updateFrontGraph() {
    m_front.clear();
    for (std::int64_t id : m_paretoFront.ids()) m_front.push_back(int(id));
    std::sort(m_front.begin(), m_front.end(), [this](int a, int b) {
        return m_values[a].x() != m_values[b].x() ? m_values[a].x() < m_values[b].x()
                                                  : m_values[a].y() < m_values[b].y();
    });
    QVector<double> xs, ys;
    for (int i : m_front) {
        xs << m_values[i].x();
        ys << m_values[i].y();
    }
    m_frontGraph->setData(xs, ys, true);
}

void ParetoChart::styleCloud() {
    // Every point is a copy of one pre-rendered antialiased disc: drawing a disc per point goes
    // through QPainterPath and Bézier flattening (10+ ms for 1,000 points, seconds for 100,000).
    const qreal dpr = devicePixelRatioF();
    QPixmap disc(QSize(5, 5) * dpr);
    disc.setDevicePixelRatio(dpr);
    disc.fill(Qt::transparent);
    QPainter p(&disc);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(Qt::NoPen);
    p.setBrush(QColor(140, 150, 170, 170));
    p.drawEllipse(QRectF(0.5, 0.5, 4, 4));
    p.end();
    m_all->setScatterStyle(QCPScatterStyle(disc));
}

bool ParetoChart::plotBounds(QCPRange& x, QCPRange& y) const {
    double x0 = m_x0, x1 = m_x1, y0 = m_y0, y1 = m_y1;
    // The current design's ring counts too: before any exploration it is the only point.
    const QPointF c = currentMarker();
    if (std::isfinite(c.x())) {
        x0 = std::min(x0, c.x());
        x1 = std::max(x1, c.x());
        y0 = std::min(y0, c.y());
        y1 = std::max(y1, c.y());
    }
    if (!(x0 <= x1)) return false;
    x = QCPRange(x0, x1);
    y = QCPRange(y0, y1);
    return true;
}

bool ParetoChart::rescale() {
    QCPRange x, y;
    if (!plotBounds(x, y)) return false;
    const QCPRange nx = paddedRange(x.lower, x.upper, metricLogScale(m_x));
    const QCPRange ny = paddedRange(y.lower, y.upper, metricLogScale(m_y));
    if (nx == xAxis->range() && ny == yAxis->range()) return false;
    xAxis->setRange(nx);
    yAxis->setRange(ny);
    return true;
}

bool ParetoChart::hasMetric(search::Metric m) const { return m_hasMetric[std::size_t(m)]; }

void ParetoChart::setCurrentDesign(int index) {
    m_current = index;
    updateCurrentMarker();
    replotOverlay();
}

void ParetoChart::setCurrentEvaluation(const model::NetworkCost* cost, double clockMhz) {
    m_hasEvaluated = cost && cost->valid() && cost->cycles > 0 && clockMhz > 0;
    if (m_hasEvaluated) {
        m_evaluated.accelerator.clock_mhz = clockMhz;
        m_evaluated.valid = true;
        m_evaluated.cycles = cost->cycles;
        m_evaluated.energy_pj = cost->energy_pj;
        m_evaluated.area_um2 = cost->area_um2;
    }
    if (m_current >= 0) return;
    updateCurrentMarker();
    if (!m_userView && rescale()) {
        updateUnits();
        replot(QCustomPlot::rpQueuedReplot);
    } else {
        replotOverlay();
    }
}

void ParetoChart::updateCurrentMarker() {
    m_currentGraph->data()->clear();
    if (m_current >= 0 && m_current < int(m_values.size())) {
        if (!std::isnan(m_values[m_current].x()))
            m_currentGraph->addData(m_values[m_current].x(), m_values[m_current].y());
        return;
    }
    if (!m_hasEvaluated) return;
    // Not an explored design: its own totals (an accuracy it does not have leaves it unplotted).
    const double x = m_evaluated.metric(m_x), y = m_evaluated.metric(m_y);
    if (std::isfinite(x) && std::isfinite(y) && (!metricLogScale(m_x) || x > 0) && (!metricLogScale(m_y) || y > 0))
        m_currentGraph->addData(x, y);
}

QPointF ParetoChart::currentMarker() const {
    if (m_currentGraph->data()->isEmpty()) return {kNaN, kNaN};
    const auto it = m_currentGraph->data()->constBegin();
    return {it->key, it->value};
}

bool ParetoChart::hoverVisible() const { return m_hoverLabel->visible(); }

void ParetoChart::hideHover() {
    if (!m_hoverLabel->visible()) return;
    m_hoverLabel->setVisible(false);
    replotOverlay();
}

void ParetoChart::leaveEvent(QEvent* event) {
    hideHover();
    QCustomPlot::leaveEvent(event);
}

void ParetoChart::mouseDoubleClickEvent(QMouseEvent* event) {
    QCustomPlot::mouseDoubleClickEvent(event);
    resetView();
}

void ParetoChart::resetView() {
    m_userView = false;
    rescale();
    replot(QCustomPlot::rpQueuedReplot);
}

void ParetoChart::updateUnits() {
    // The unit follows the middle of the plotted values (geometric on a log axis).
    QCPRange x(1, 1), y(1, 1);
    plotBounds(x, y);
    auto middle = [](const QCPRange& r, bool log) {
        return log ? std::sqrt(r.lower * r.upper) : std::max(std::abs(r.lower), std::abs(r.upper));
    };
    const app::EngineeringScale sx = metricScale(m_x, middle(x, metricLogScale(m_x)));
    const app::EngineeringScale sy = metricScale(m_y, middle(y, metricLogScale(m_y)));
    for (auto [axis, metric, scale] : {std::tuple{xAxis, m_x, sx}, std::tuple{yAxis, m_y, sy}}) {
        if (auto ticker = axis->ticker().dynamicCast<EngineeringTicker>()) ticker->setFactor(scale.factor);
        axis->setLabel(metricLabel(metric, scale));
    }
}

void ParetoChart::onSelectionRect(const QRect& rect) {
    // The designs whose points lie in the box (QCustomPlot selects the same points of the cloud, but
    // by their position in its x-sorted data, which is not the design index).
    m_selected.clear();
    // Corner to corner as dragged (QRectF(QRect) would reach one pixel further).
    const QRectF box = QRectF(QPointF(rect.topLeft()), QPointF(rect.bottomRight())).normalized();
    const std::vector<QPointF>& px = pixels();
    for (int i = 0; i < int(px.size()); ++i)
        if (!std::isnan(px[i].x()) && box.contains(px[i])) m_selected.push_back(i);
    Q_EMIT selectionChanged();
}

void ParetoChart::replotOverlay() {
    // A layer has its own paint buffer only once the whole plot was drawn.
    if (m_plotted) m_overlay->replot();
    else replot(QCustomPlot::rpQueuedReplot);
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
            m_pixels[i] = std::isnan(m_values[i].x()) ? QPointF(kNaN, kNaN) : pixelPosition(int(i));
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
        if (!(dx * dx < best)) continue; // also skips NaN (invalid designs)
        const double dy = px[i].y() - pixel.y();
        if (dx * dx + dy * dy < best) {
            best = dx * dx + dy * dy;
            found = i;
        }
    }
    return found;
}

QString ParetoChart::hoverText(int index) const {
    if (!m_designs || index < 0 || index >= int(m_designs->size())) return {};
    const search::EvaluatedDesign& d = (*m_designs)[index];
    QString text = tr("%1\nlatency %2   energy %3\nEDP %4   area %5 mm²   power %6")
                       .arg(app::qstr(d.accelerator.name))
                       .arg(app::secondsText(d.latencyS()))
                       .arg(app::siText(d.energyJ(), "J"))
                       .arg(app::siText(d.edpJs(), "J·s"))
                       .arg(QString::number(d.areaMm2(), 'g', 3))
                       .arg(app::siText(d.powerW(), "W"));
    if (std::isfinite(d.accuracy_pct)) text += tr("\ntop-1 accuracy %1 %").arg(d.accuracy_pct, 0, 'f', 2);
    return text;
}

void ParetoChart::onMove(QMouseEvent* event) {
    const int i = designAt(event->position());
    const bool show = i >= 0 && m_designs;
    if (show) {
        m_hoverLabel->setText(hoverText(i));
        const QPointF p = pixelPosition(i);
        // Keep the label inside the plot: flip it to the left half when near the right edge.
        const bool left = p.x() > width() * 0.6;
        m_hoverLabel->setPositionAlignment((left ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignBottom);
        m_hoverLabel->position->setCoords(p.x() + (left ? -8 : 8), p.y() - 8);
    }
    if (show != m_hoverLabel->visible() || show) {
        m_hoverLabel->setVisible(show);
        replotOverlay();
    }
}

void ParetoChart::onPress(QMouseEvent* event) {
    // Runs before QCustomPlot starts a drag: Shift+drag selects, a plain drag pans.
    m_pressPos = event->position();
    const bool box = event->modifiers() & Qt::ShiftModifier;
    setInteraction(QCP::iSelectPlottables, box);
    setSelectionRectMode(box ? QCP::srmSelect : QCP::srmNone);
    m_mouseView = true;
}

void ParetoChart::onRelease(QMouseEvent* event) {
    m_mouseView = false;
    const QPointF d = event->position() - m_pressPos;
    const bool click = std::hypot(d.x(), d.y()) <= kClickSlop && event->button() == Qt::LeftButton &&
                       !(event->modifiers() & Qt::ShiftModifier);
    // (The box mode stays until the next press: QCustomPlot ends the box after this signal, and
    // switching the mode off now would cancel it.)
    if (!click) return;
    const int i = designAt(event->position());
    if (i >= 0) {
        Q_EMIT designClicked(i);
    } else if (!m_selected.empty()) { // a click beside the points clears the selection
        m_selected.clear();
        m_all->setSelection(QCPDataSelection());
        Q_EMIT selectionChanged();
        replot(QCustomPlot::rpQueuedReplot);
    }
}

void ParetoChart::showDesign(const DesignSnapshot& snapshot) {
    if (snapshot.has(DesignSnapshot::DesignsChanged)) setDesigns(snapshot.designs, snapshot.designs_first);
    if (snapshot.has(DesignSnapshot::CurrentDesignChanged)) setCurrentDesign(snapshot.current_design);
    // Costs lag the accelerator while an evaluation runs: the ring moves when they arrive.
    if (snapshot.has(DesignSnapshot::CostsChanged))
        setCurrentEvaluation(snapshot.costs.get(), snapshot.accelerator.clock_mhz);
}

} // namespace archscape::widgets
