#pragma once
// Every evaluated design as a point on two chosen objectives, the Pareto front highlighted, the
// current design marked (an explored one, or the evaluated design before any pick); hover shows a
// design's values, a click selects it. Wheel zooms, drag pans, Shift+drag box-selects, a double
// click (or resetView()) shows everything again. Axes read in engineering units (ms, mJ).
#include "qcustomplot_include.h"

#include <QTimer>

#include <array>
#include <iterator>
#include <vector>

#include "design_metric.h"
#include "design_view.h"
#include "model/network_cost.h"
#include "search/evaluated_design.h"
#include "search/pareto_front.h"

namespace archscape::widgets {

class ParetoChart : public QCustomPlot, public DesignView {
    Q_OBJECT
public:
    explicit ParetoChart(QWidget* parent = nullptr);

    /// Shows designs[first..] as new points (first == 0 replots everything). The vector must
    /// outlive the chart or the next call. Appended points are drawn at most every
    /// kStreamReplotMs, so a stream of batches costs the UI thread one replot per interval.
    void setDesigns(const std::vector<search::EvaluatedDesign>* designs, int first = 0);
    void setAxes(search::Metric x, search::Metric y);
    void setCurrentDesign(int index);
    /// The current design's own evaluation, marked while no explored design is current (the
    /// starting design, an edited one, the one an undone pick returns to). Null clears it.
    void setCurrentEvaluation(const model::NetworkCost* cost, double clockMhz);
    /// Data coordinates of the current-design ring, or (NaN, NaN) when none is drawn.
    QPointF currentMarker() const;
    /// Designs shown (valid or not).
    int designCount() const { return int(m_values.size()); }
    /// Whether the hover label is shown.
    bool hoverVisible() const;
    /// Shows every plotted design again after a zoom or pan; later points rescale the axes again.
    void resetView();
    /// True after the user zoomed or panned (streamed points then leave the view alone).
    bool userView() const { return m_userView; }
    /// Designs inside the last Shift+drag box, in index order.
    const std::vector<int>& selectedDesigns() const { return m_selected; }
    /// Streams appended designs in, replots a replaced list, moves the current-design marker.
    void showDesign(const DesignSnapshot& snapshot) override;
    /// Pixel position of a design's point (tests click it), or (-1,-1) when not plotted.
    QPointF pixelPosition(int index) const;
    /// Indices of the designs on the front of the shown objectives, by increasing x.
    const std::vector<int>& front() const { return m_front; }
    /// The design nearest to a pixel within `radius` pixels, or -1.
    int designAt(const QPointF& pixel, double radius = 8) const;
    /// Whether some shown design has a value of `m` (accuracy needs an accuracy model).
    bool hasMetric(search::Metric m) const;
    /// Text of the hover label for a design (what the user sees on hover).
    QString hoverText(int index) const;

    static constexpr int kStreamReplotMs = 100;

Q_SIGNALS:
    void designClicked(int index);
    /// hasMetric() changed for some metric (e.g. the first design with an accuracy arrived).
    void metricsAvailableChanged();
    /// The designs, the axes or hence the front changed (front() and designCount() are current).
    void frontChanged();
    /// A box selection was made or cleared.
    void selectionChanged();

protected:
    void leaveEvent(QEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;

private:
    void rebuild();
    /// Converts designs[first..] to (x, y), adds them to the cloud, the front and the ranges.
    void appendPoints(int first);
    void updateFrontGraph();
    /// Fits the axes to the plotted values and the current-design ring; false when nothing changed.
    bool rescale();
    /// The bounds of the plotted values and the ring; false when nothing is plotted.
    bool plotBounds(QCPRange& x, QCPRange& y) const;
    void onMove(QMouseEvent* event);
    /// Pixel positions of every design for the current axis ranges (hover and click read them).
    const std::vector<QPointF>& pixels() const;
    void styleCloud();
    void onPress(QMouseEvent* event);
    void onRelease(QMouseEvent* event);
    void replotOverlay();
    void updateCurrentMarker();
    /// Picks each axis' unit (ms, µJ, ...) from the plotted values and labels the axes with it.
    void updateUnits();
    void hideHover();
    void onSelectionRect(const QRect& rect);

    const std::vector<search::EvaluatedDesign>* m_designs = nullptr;
    search::Metric m_x = search::Metric::Latency;
    search::Metric m_y = search::Metric::Energy;
    std::vector<QPointF> m_values; // per design (x, y); NaN when invalid or without that metric
    search::ParetoFront m_paretoFront{2};
    std::vector<int> m_front;
    std::array<bool, std::size(search::kAllMetrics)> m_hasMetric{};
    double m_x0, m_x1, m_y0, m_y1; // bounds of the plotted values
    mutable std::vector<QPointF> m_pixels;
    mutable QCPRange m_pixelsX, m_pixelsY;
    mutable QRect m_pixelsRect;
    int m_current = -1;
    search::EvaluatedDesign m_evaluated; // the current design's evaluation (totals and clock only)
    bool m_hasEvaluated = false;
    bool m_userView = false;  // the user zoomed or panned
    bool m_mouseView = false; // a mouse button is down: range changes are the user's
    QPointF m_pressPos{-1, -1};
    std::vector<int> m_selected; // designs in the last selection box
    QCPGraph* m_all;
    QCPGraph* m_frontGraph;
    QCPGraph* m_currentGraph;
    QCPItemText* m_hoverLabel;
    QCPLayer* m_overlay; // hover label and current marker: redrawn alone on hover
    QTimer m_streamReplot;
    bool m_plotted = false;
};

} // namespace archscape::widgets
