#include "architecture_canvas.h"

#include <QGraphicsRectItem>
#include <QGraphicsScene>
#include <QGraphicsSimpleTextItem>
#include <QMouseEvent>
#include <QPainter>

#include <algorithm>
#include <cmath>

#include "format_text.h"

namespace archscape::widgets {

using app::qstr;

namespace {

constexpr double kWidth = 640;         // scene width of DRAM and the NoC
constexpr double kGridMaxExtent = 440; // the PE grid never grows beyond this
constexpr double kHandleSize = 14;
const QColor kIdlePe(225, 225, 225);

/// Colour of an active PE by utilisation (0..1): pale to deep green.
QColor utilisationColour(double u) {
    u = std::clamp(u, 0.0, 1.0);
    return QColor::fromHsvF(0.33, 0.15 + 0.75 * u, 0.95 - 0.35 * u);
}

/// Paints the whole grid in one item: 65,536 PEs as items would make the scene crawl.
class PeGridItem : public QGraphicsItem {
public:
    PeGridItem(int rows, int cols, double pitch, int usedRows, int usedCols, double utilisation,
               std::vector<double> perPeFill, bool preview)
        : m_rows(rows),
          m_cols(cols),
          m_pitch(pitch),
          m_usedRows(usedRows),
          m_usedCols(usedCols),
          m_util(utilisation),
          m_fill(std::move(perPeFill)),
          m_preview(preview) {}

    QRectF boundingRect() const override { return QRectF(0, 0, m_cols * m_pitch, m_rows * m_pitch); }

    void paint(QPainter* p, const QStyleOptionGraphicsItem*, QWidget*) override {
        const double cell = m_pitch * (m_pitch >= 6 ? 0.82 : 1.0);
        const QPen outline = m_pitch >= 6 ? QPen(QColor(120, 120, 120), 0) : QPen(Qt::NoPen);
        for (int r = 0; r < m_rows; ++r)
            for (int c = 0; c < m_cols; ++c) {
                const bool used = r < m_usedRows && c < m_usedCols;
                const QRectF rect(c * m_pitch, r * m_pitch, cell, cell);
                p->setPen(outline);
                p->setBrush(m_preview ? QColor(200, 215, 240) : used ? utilisationColour(m_util) : kIdlePe);
                p->drawRect(rect);
                // Per-PE storage: one thin bar per level, filled by occupancy.
                if (m_pitch >= 14 && !m_preview) {
                    const double h = cell * 0.12;
                    for (std::size_t k = 0; k < m_fill.size(); ++k) {
                        const QRectF bar(rect.left() + cell * 0.12, rect.bottom() - (k + 1) * (h + 1.5) - 1,
                                         cell * 0.76, h);
                        p->setPen(Qt::NoPen);
                        p->setBrush(QColor(255, 255, 255, 200));
                        p->drawRect(bar);
                        if (used) {
                            p->setBrush(QColor(70, 90, 140));
                            p->drawRect(
                                QRectF(bar.topLeft(), QSizeF(bar.width() * std::clamp(m_fill[k], 0.0, 1.0), h)));
                        }
                    }
                }
            }
    }

private:
    int m_rows, m_cols;
    double m_pitch;
    int m_usedRows, m_usedCols;
    double m_util;
    std::vector<double> m_fill;
    bool m_preview;
};

QGraphicsSimpleTextItem* addText(QGraphicsScene* scene, const QString& text, QPointF at, double pt = 9,
                                 bool bold = false) {
    auto* t = scene->addSimpleText(text);
    QFont f = t->font();
    f.setPointSizeF(pt);
    f.setBold(bold);
    t->setFont(f);
    t->setPos(at);
    return t;
}

} // namespace

ArchitectureCanvas::ArchitectureCanvas(QWidget* parent) : QGraphicsView(parent), m_scene(new QGraphicsScene(this)) {
    setScene(m_scene);
    setRenderHint(QPainter::Antialiasing);
    setBackgroundBrush(QColor(250, 250, 252));
    setMouseTracking(true);
    setToolTip(tr("Drag the PE array's corner to resize it; double-click a buffer to set its size."));
    refresh();
}

QPointF ArchitectureCanvas::cornerHandleScenePos() const { return m_handle.center(); }

QRectF ArchitectureCanvas::levelRect(int level) const {
    return level >= 0 && level < int(m_levelRects.size()) ? m_levelRects[level] : QRectF();
}

void ArchitectureCanvas::showDesign(const DesignSnapshot& snapshot) {
    if (!snapshot.has(DesignSnapshot::CostsChanged) && !snapshot.has(DesignSnapshot::SelectionChanged)) return;
    m_design = snapshot;
    m_design.designs = nullptr; // not drawn, and not valid past this call
    refresh();
}

void ArchitectureCanvas::refresh() {
    m_scene->clear();
    m_gridGroup = nullptr;
    m_levelRects.clear();
    const hardware::Accelerator& acc = m_design.accelerator;
    if (acc.levels.empty()) return;
    const int layer = m_design.selected_layer;
    const model::NetworkCost* cost = m_design.costs.get();
    const model::LayerResult* r = cost && layer >= 0 && layer < int(cost->layers.size()) && cost->layers[layer].mapped
                                      ? &cost->layers[layer]
                                      : nullptr;
    const int fanout = acc.fanoutLevel();

    // Traffic through each level's port for the selected layer sets the link widths.
    double maxWords = 1;
    if (r)
        for (int i = 0; i < acc.numLevels(); ++i)
            maxWords = std::max(maxWords, r->cost.levels[i].words * r->cost.levels[i].instances);

    double y = 0;
    double prevBottom = -1;
    for (int i = 0; i < fanout; ++i) {
        const auto& level = acc.levels[i];
        // Width grows with log2(capacity): a to-scale area would make the register files invisible.
        double w = kWidth;
        if (level.kind != hardware::MemoryKind::Dram)
            w = std::clamp(140 + 36 * std::log2(std::max(1.0, double(level.capacity_bytes) / 1024)), 140.0, kWidth);
        const QRectF box((kWidth - w) / 2, y, w, 52);
        m_levelRects.resize(i + 1);
        m_levelRects[i] = box;
        const QColor fill = level.kind == hardware::MemoryKind::Dram ? QColor(214, 226, 240) : QColor(232, 240, 220);
        m_scene->addRect(box, QPen(QColor(90, 90, 90), 1.2), fill);
        addText(m_scene, qstr(level.name), box.topLeft() + QPointF(8, 4), 10, true);
        QString info =
            level.kind == hardware::MemoryKind::Dram ? tr("off-chip") : app::bytesText(double(level.capacity_bytes));
        info += level.bandwidth_words_per_cycle > 0 ? tr(" · %1 words/cycle").arg(level.bandwidth_words_per_cycle)
                                                    : tr(" · unlimited bandwidth");
        if (level.double_buffered) info += tr(" · double-buffered");
        addText(m_scene, info, box.topLeft() + QPointF(8, 24), 8.5);
        if (prevBottom >= 0) {
            const double words = r ? r->cost.levels[i - 1].words * r->cost.levels[i - 1].instances : 0;
            const double width = 1.5 + 10 * words / maxWords;
            m_scene->addLine(kWidth / 2, prevBottom, kWidth / 2, y,
                             QPen(QColor(70, 90, 140, 170), width, Qt::SolidLine, Qt::FlatCap));
            if (r)
                addText(m_scene, tr("%1 words").arg(app::siText(words)), QPointF(kWidth / 2 + 10, prevBottom + 4), 8);
        }
        prevBottom = box.bottom();
        y = box.bottom() + 36;
    }

    // NoC bus: from the innermost shared level to every PE.
    const double nocY = y;
    {
        const double words =
            r && fanout > 0 ? r->cost.levels[fanout - 1].words * r->cost.levels[fanout - 1].instances : 0;
        const double width = 1.5 + 10 * words / maxWords;
        m_scene->addLine(kWidth / 2, prevBottom, kWidth / 2, nocY,
                         QPen(QColor(70, 90, 140, 170), width, Qt::SolidLine, Qt::FlatCap));
        m_scene->addLine(20, nocY, kWidth - 20, nocY, QPen(QColor(200, 120, 40), 3));
        QString noc = tr("NoC · ") + (acc.noc.bandwidth_words_per_cycle > 0
                                          ? tr("%1 words/cycle").arg(acc.noc.bandwidth_words_per_cycle)
                                          : tr("unlimited"));
        if (acc.noc.multicast) noc += tr(" · multicast");
        if (acc.noc.reduction) noc += tr(" · reduction");
        if (r) noc += tr(" · %1 words delivered").arg(app::siText(r->cost.noc_delivered_words));
        addText(m_scene, noc, QPointF(20, nocY + 4), 8.5);
    }

    // PE grid.
    const int rows = acc.pe.rows, cols = acc.pe.cols;
    if (!m_dragging) m_pitch = std::clamp(kGridMaxExtent / std::max(rows, cols), 1.0, 34.0);
    m_gridOrigin = QPointF((kWidth - cols * m_pitch) / 2, nocY + 30);
    drawPeGrid(rows, cols, false);

    // Caption and colour key.
    const double below = m_gridOrigin.y() + rows * m_pitch + 10;
    QString caption = tr("%1 × %2 PEs · %3 MAC/PE").arg(rows).arg(cols).arg(acc.pe.macs_per_pe);
    for (int i = fanout; i < acc.numLevels(); ++i)
        caption +=
            tr(" · %1 %2 per PE").arg(app::bytesText(double(acc.levels[i].capacity_bytes)), qstr(acc.levels[i].name));
    addText(m_scene, caption, QPointF(20, below), 9, true);
    if (r) {
        addText(m_scene,
                tr("layer %1: %2 of %3 PEs used, utilisation %4 %")
                    .arg(qstr(m_design.network->layers[layer].name))
                    .arg(r->cost.pes_used)
                    .arg(acc.pe.count())
                    .arg(r->cost.utilization * 100, 0, 'f', 1),
                QPointF(20, below + 18), 8.5);
        for (int k = 0; k <= 4; ++k) {
            m_scene->addRect(QRectF(kWidth - 200 + k * 30, below + 20, 28, 12), Qt::NoPen, utilisationColour(k / 4.0));
        }
        addText(m_scene, tr("0 → 100 % utilisation"), QPointF(kWidth - 200, below + 34), 7.5);
    }
    m_scene->setSceneRect(m_scene->itemsBoundingRect().adjusted(-20, -20, 20, 20));
    fitInView(m_scene->sceneRect(), Qt::KeepAspectRatio);
}

void ArchitectureCanvas::drawPeGrid(int rows, int cols, bool preview) {
    if (m_gridGroup) {
        m_scene->removeItem(m_gridGroup);
        delete m_gridGroup;
    }
    const hardware::Accelerator& acc = m_design.accelerator;
    const int layer = m_design.selected_layer;
    const model::NetworkCost* cost = m_design.costs.get();
    int usedRows = 0, usedCols = 0;
    double util = 0;
    std::vector<double> fill;
    if (cost && layer >= 0 && layer < int(cost->layers.size()) && cost->layers[layer].mapped) {
        const auto& lr = cost->layers[layer];
        usedRows = int(lr.mapping.spatialY());
        usedCols = int(lr.mapping.spatialX());
        if (const auto& s = lr.systolic) { // the first fold's block: the widest one
            usedRows = int(std::min<std::int64_t>(s->rows, s->sr));
            usedCols = int(std::min<std::int64_t>(s->cols, s->sc));
        }
        if (!workload::hasMacs(m_design.network->layers[layer].type)) usedRows = usedCols = 0;
        util = lr.cost.utilization;
        for (int i = acc.fanoutLevel(); i < acc.numLevels(); ++i)
            fill.push_back(lr.cost.levels[i].capacity_bits > 0
                               ? lr.cost.levels[i].occupancy_bits / lr.cost.levels[i].capacity_bits
                               : 0);
    }
    m_usedPes = QSize(usedCols, usedRows);
    auto* grid = new PeGridItem(rows, cols, m_pitch, usedRows, usedCols, util, std::move(fill), preview);
    grid->setPos(m_gridOrigin);
    m_scene->addItem(grid);
    m_gridGroup = grid;
    const QPointF corner = m_gridOrigin + QPointF(cols * m_pitch, rows * m_pitch);
    m_handle = QRectF(corner - QPointF(kHandleSize / 2, kHandleSize / 2), QSizeF(kHandleSize, kHandleSize));
    auto* handle = new QGraphicsRectItem(m_handle, grid);
    handle->setPos(-m_gridOrigin);
    handle->setBrush(QColor(200, 120, 40));
    handle->setPen(QPen(Qt::white, 1.5));
    if (preview) {
        auto* label = new QGraphicsSimpleTextItem(tr("%1 × %2").arg(rows).arg(cols), grid);
        QFont f = label->font();
        f.setPointSize(14);
        f.setBold(true);
        label->setFont(f);
        label->setPos(cols * m_pitch + 10, rows * m_pitch - 10);
    }
}

void ArchitectureCanvas::mousePressEvent(QMouseEvent* event) {
    const QPointF p = mapToScene(event->position().toPoint());
    if (event->button() == Qt::LeftButton && m_handle.adjusted(-6, -6, 6, 6).contains(p)) {
        m_dragging = true;
        m_dragRows = m_design.accelerator.pe.rows;
        m_dragCols = m_design.accelerator.pe.cols;
        return;
    }
    QGraphicsView::mousePressEvent(event);
}

void ArchitectureCanvas::mouseMoveEvent(QMouseEvent* event) {
    const QPointF p = mapToScene(event->position().toPoint());
    if (m_dragging) {
        const int cols = std::clamp(int(std::lround((p.x() - m_gridOrigin.x()) / m_pitch)), 1, 256);
        const int rows = std::clamp(int(std::lround((p.y() - m_gridOrigin.y()) / m_pitch)), 1, 256);
        if (rows != m_dragRows || cols != m_dragCols) {
            m_dragRows = rows;
            m_dragCols = cols;
            drawPeGrid(rows, cols, true);
        }
        return;
    }
    setCursor(m_handle.adjusted(-6, -6, 6, 6).contains(p) ? Qt::SizeFDiagCursor : Qt::ArrowCursor);
    QGraphicsView::mouseMoveEvent(event);
}

void ArchitectureCanvas::mouseReleaseEvent(QMouseEvent* event) {
    if (m_dragging) {
        m_dragging = false;
        const auto& pe = m_design.accelerator.pe;
        if (m_dragRows != pe.rows || m_dragCols != pe.cols) Q_EMIT peArrayResizeRequested(m_dragRows, m_dragCols);
        else refresh();
        return;
    }
    QGraphicsView::mouseReleaseEvent(event);
}

void ArchitectureCanvas::mouseDoubleClickEvent(QMouseEvent* event) {
    const QPointF p = mapToScene(event->position().toPoint());
    for (int i = 0; i < int(m_levelRects.size()); ++i)
        if (m_levelRects[i].contains(p) && m_design.accelerator.levels[i].kind != hardware::MemoryKind::Dram) {
            Q_EMIT levelDoubleClicked(i);
            return;
        }
    // Per-PE levels: a double-click on the grid edits the first of them.
    const auto& acc = m_design.accelerator;
    if (m_gridGroup && m_gridGroup->sceneBoundingRect().contains(p) && acc.fanoutLevel() < acc.numLevels()) {
        Q_EMIT levelDoubleClicked(acc.fanoutLevel());
        return;
    }
    QGraphicsView::mouseDoubleClickEvent(event);
}

void ArchitectureCanvas::resizeEvent(QResizeEvent* event) {
    QGraphicsView::resizeEvent(event);
    fitInView(m_scene->sceneRect(), Qt::KeepAspectRatio);
}

} // namespace archscape::widgets
