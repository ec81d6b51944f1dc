#pragma once
// The schedule of a workload mix on a system as a Gantt chart (issue 12): one row per unit, one bar
// per scheduled layer from its start to its end cycle, coloured by network, on a time axis in
// engineering units (µs, ms, s at the system clock). Hover names the layer; a click on a bar asks
// for that layer on its unit (an intent: the shell selects it and the inspector shows its mapping
// there). The same drawing goes into the PDF report (draw()).
#include <QWidget>

#include <vector>

#include "system_view.h"

namespace archscape::widgets {

class GanttChart : public QWidget, public SystemView {
    Q_OBJECT
public:
    explicit GanttChart(QWidget* parent = nullptr);

    void showSystem(const SystemSnapshot& snapshot) override;

    /// Rows drawn: the units of the schedule (0 before the first).
    int rowCount() const;
    /// Bars drawn: the scheduled (mapped) layers.
    int barCount() const;
    /// Bars drawn on unit `row`.
    int barCount(int row) const;
    /// Widget rectangle of task `task`'s bar; empty when it has none.
    QRectF barRect(int task) const;
    /// The task whose bar is under `pos`, -1 when none (the thinnest bars grab a few pixels).
    int taskAt(const QPointF& pos) const;
    /// The tick values of the time axis in seconds, and the unit they are labelled in ("ms").
    std::vector<double> timeTicks(QString* unit = nullptr) const;

    /// Draws `snapshot`'s schedule into `area` of any paint device (the widget, a PDF page).
    static void draw(QPainter& p, const QRectF& area, const SystemSnapshot& snapshot, const QFont& font,
                     const QPalette& palette);

    QSize sizeHint() const override { return {720, 260}; }

Q_SIGNALS:
    /// A bar was clicked: show task `task` (its layer on its unit).
    void taskClicked(int task);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;

private:
    SystemSnapshot m_system; // as last shown
};

} // namespace archscape::widgets
