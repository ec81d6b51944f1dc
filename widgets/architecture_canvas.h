#pragma once
// Draws the accelerator to scale — DRAM, shared buffers, NoC, the PE grid with per-PE storage —
// and lets the user edit it in place: drag the PE array's corner to resize it, double-click a
// buffer to set its capacity. For the selected layer PEs are coloured by use and links by traffic.
#include <QGraphicsView>

#include <cstdint>
#include <vector>

#include "design_view.h"

namespace archscape::widgets {

class ArchitectureCanvas : public QGraphicsView, public DesignView {
    Q_OBJECT
public:
    explicit ArchitectureCanvas(QWidget* parent = nullptr);

    /// Redraws on new costs or another selected layer; keeps the accelerator of other changes for
    /// the next redraw, so that the drawing and the costs it shows stay together.
    void showDesign(const DesignSnapshot& snapshot) override;

    /// Scene position of the PE array's resize handle (tests drag it).
    QPointF cornerHandleScenePos() const;
    /// Scene rectangle of memory level `level`'s box, empty when not drawn.
    QRectF levelRect(int level) const;
    /// Scene distance between neighbouring PEs.
    double pePitch() const { return m_pitch; }
    /// The block of PEs drawn as used by the selected layer (rows × columns), empty when none.
    QSize usedPes() const { return m_usedPes; }
    /// The accelerator as last drawn (tests check that the drawing follows an edit).
    const hardware::Accelerator& drawnAccelerator() const { return m_design.accelerator; }

Q_SIGNALS:
    void peArrayResizeRequested(int rows, int cols);
    /// The user asked to edit a buffer; the window asks for the size (a dialog) and applies it.
    void levelDoubleClicked(int level);

protected:
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void refresh();
    void drawPeGrid(int rows, int cols, bool preview);

    DesignSnapshot m_design; // as last drawn
    QGraphicsScene* m_scene;
    std::vector<QRectF> m_levelRects;
    QPointF m_gridOrigin;
    double m_pitch = 20;
    QRectF m_handle;
    bool m_dragging = false;
    int m_dragRows = 0;
    int m_dragCols = 0;
    QGraphicsItem* m_gridGroup = nullptr;
    QSize m_usedPes;
};

} // namespace archscape::widgets
