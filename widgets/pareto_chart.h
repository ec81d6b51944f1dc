#pragma once
// Every evaluated design as a point on two chosen objectives (log scales), the Pareto front
// highlighted, the current design marked; hover shows a design's values, a click selects it.
#include "qcustomplot_include.h"

#include <vector>

#include "design_metric.h"
#include "design_point.h"

namespace archscape::widgets {

class ParetoChart : public QCustomPlot {
    Q_OBJECT
public:
    explicit ParetoChart(QWidget* parent = nullptr);

    /// Shows designs[first..] as new points (first == 0 replots everything). The vector must
    /// outlive the chart or the next call.
    void setDesigns(const std::vector<app::DesignPoint>* designs, int first = 0);
    void setAxes(app::DesignMetric x, app::DesignMetric y);
    void setCurrentDesign(int index);
    /// Pixel position of a design's point (tests click it), or (-1,-1) when not plotted.
    QPointF pixelPosition(int index) const;
    /// Indices of the designs on the front of the shown objectives, by increasing x.
    const std::vector<int>& front() const { return m_front; }
    /// The design nearest to a pixel within `radius` pixels, or -1.
    int designAt(const QPointF& pixel, double radius = 8) const;

Q_SIGNALS:
    void designClicked(int index);

private:
    void rebuild();
    void updateFront();
    void rescale();
    void onMove(QMouseEvent* event);
    /// Pixel positions of every design for the current axis ranges (hover and click read them).
    const std::vector<QPointF>& pixels() const;
    void styleCloud();
    void onPress(QMouseEvent* event);

    const std::vector<app::DesignPoint>* m_designs = nullptr;
    app::DesignMetric m_x = app::DesignMetric::Latency;
    app::DesignMetric m_y = app::DesignMetric::Energy;
    std::vector<QPointF> m_values;  // per design (x, y); NaN when invalid
    std::vector<int> m_front;
    mutable std::vector<QPointF> m_pixels;
    mutable QCPRange m_pixelsX, m_pixelsY;
    mutable QRect m_pixelsRect;
    int m_current = -1;
    QCPGraph* m_all;
    QCPGraph* m_frontGraph;
    QCPGraph* m_currentGraph;
    QCPItemText* m_hoverLabel;
};

} // namespace archscape::widgets
