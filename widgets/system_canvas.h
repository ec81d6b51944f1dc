#pragma once
// Draws a heterogeneous system (issue 12): the shared DRAM port above the units side by side, each
// as wide as its share of the PEs, with its dataflow, PE array and buffers. Dragging the boundary
// between two units re-splits their PEs (in steps of kSplitStepPes); on release the canvas asks for
// the split (an intent: the shell makes it an undoable edit). The unit that runs the selected Gantt
// bar is outlined.
#include <QWidget>

#include <cstdint>
#include <vector>

#include "system_view.h"

namespace archscape::widgets {

class SystemCanvas : public QWidget, public SystemView {
    Q_OBJECT
public:
    /// A dragged boundary moves PEs between its two units in multiples of this.
    static constexpr std::int64_t kSplitStepPes = 32;

    explicit SystemCanvas(QWidget* parent = nullptr);

    void showSystem(const SystemSnapshot& snapshot) override;

    /// Units drawn (0 without a system).
    int unitCount() const { return int(m_pes.size()); }
    /// PEs of each unit as drawn (the preview while a boundary is dragged).
    const std::vector<std::int64_t>& pesShown() const { return m_pes; }
    /// Unit u's share of the drawn PEs, 0..1.
    double share(int unit) const;
    /// Widget rectangle of unit u's box.
    QRectF unitRect(int unit) const;
    /// Widget x of the boundary between unit b and b + 1 (its drag handle), NaN when none.
    double boundaryX(int boundary) const;
    /// The split a drag of boundary b to widget x gives (what a release there requests).
    std::vector<std::int64_t> splitAt(int boundary, double x) const;

    QSize sizeHint() const override { return {640, 360}; }

Q_SIGNALS:
    /// The user dragged a boundary: the units' new PE counts (same total).
    void peSplitRequested(const std::vector<std::int64_t>& pes);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;

private:
    /// The area the units share (below the DRAM bar).
    QRectF unitsArea() const;
    int boundaryAt(const QPointF& pos) const;

    SystemSnapshot m_system;         // as last shown
    std::vector<std::int64_t> m_pes; // per unit, the preview while dragging
    int m_dragBoundary = -1;
    int m_selectedUnit = -1;
};

} // namespace archscape::widgets
