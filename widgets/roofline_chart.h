#pragma once
// Operational intensity (MACs per DRAM word) against achieved MACs per cycle, one point per layer,
// under the accelerator's compute roof and DRAM bandwidth roof. A systolic layer whose DRAM ports work
// outside its cycles (SCALE-Sim's USER mode preloads before cycle 0 and drains after the last one,
// without stalling) is plotted over its DRAM span, so it stays under the roof that bounds it.
#include "qcustomplot_include.h"

#include "design_view.h"
#include "hardware/accelerator.h"
#include "model/network_cost.h"
#include "workload/network.h"

namespace archscape::widgets {

class RooflineChart : public QCustomPlot, public DesignView {
    Q_OBJECT
public:
    explicit RooflineChart(QWidget* parent = nullptr);

    void setDesign(const workload::Network& net, const hardware::Accelerator& acc, const model::NetworkCost* cost);
    void setSelectedLayer(int layer);
    /// Replots on new costs, moves the highlight on another selected layer.
    void showDesign(const DesignSnapshot& snapshot) override;

    /// The plotted layers: (operational intensity, MACs per cycle) and layer index (tests).
    const std::vector<std::pair<QPointF, int>>& points() const { return m_points; }
    /// The roof at an operational intensity: min(peak, off-chip words per cycle × intensity).
    double roofAt(double intensity) const;
    /// The warning shown over the chart when layers lie above the roof (empty when none do).
    QString warning() const { return m_warningText; }
    /// The note naming the layers plotted over their DRAM span instead of their cycles (empty: none).
    QString spanNote() const { return m_noteText; }
    /// Layers plotted over their DRAM span (model::dramSpanCycles) rather than their cycles.
    int spannedLayers() const { return m_spanned; }

Q_SIGNALS:
    void layerClicked(int layer);

private:
    void onPress(QMouseEvent* event);
    /// Legend and tick density for the current size (a 1366 × 768 screen leaves the dock ~450 × 250);
    /// before every replot, so a hidden chart (the report's) fits too.
    void fitToSize();

    double m_peak = 0;      // MACs per cycle
    double m_bandwidth = 0; // off-chip words per cycle the engine can use, 0 = unlimited

    QCPGraph* m_roof;
    QCPGraph* m_layers[3]; // one per binding bound
    QCPGraph* m_selected;
    QCPItemText* m_warning;
    QString m_warningText, m_noteText;
    QString m_yLabel; // the y axis label in full (fitToSize shortens it in a low plot)
    int m_spanned = 0;
    std::vector<std::pair<QPointF, int>> m_points; // (intensity, MACs/cycle) and layer index
};

} // namespace archscape::widgets
