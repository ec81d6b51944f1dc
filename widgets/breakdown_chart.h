#pragma once
// Per-layer stacked bars: energy by component (top) and cycles coloured by the binding bound (bottom).
#include "qcustomplot_include.h"

#include "design_view.h"
#include "hardware/accelerator.h"
#include "model/network_cost.h"
#include "workload/network.h"

namespace archscape::widgets {

class BreakdownChart : public QCustomPlot, public DesignView {
    Q_OBJECT
public:
    explicit BreakdownChart(QWidget* parent = nullptr);

    /// Replots for a design; a null cost clears the chart.
    void setDesign(const workload::Network& net, const hardware::Accelerator& acc, const model::NetworkCost* cost);
    void setSelectedLayer(int layer);
    /// Replots on new costs, moves the highlight on another selected layer.
    void showDesign(const DesignSnapshot& snapshot) override;
    /// Layers with more bars than this are shown as the most expensive ones only (the report).
    void setMaxLayers(int n) { m_maxLayers = n; }

Q_SIGNALS:
    void layerClicked(int layer);

private:
    void onPress(QMouseEvent* event);
    /// Before every replot: each row's rotated y label in full, as its unit alone, or not at all,
    /// whatever fits the row's height, and no more y ticks than fit (short rows overlapped, issue 15).
    void fitRows();

    QCPAxisRect* m_energyRect;
    QCPAxisRect* m_cyclesRect;
    std::vector<int> m_shown; // layer index of each bar position
    QCPItemRect* m_highlight[2];
    int m_maxLayers = 0;
    QString m_fullLabel[2], m_briefLabel[2]; // energy row, cycles row
};

} // namespace archscape::widgets
