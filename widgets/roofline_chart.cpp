#include "roofline_chart.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "chart_style.h"
#include "format_text.h"
#include "hardware/technology.h"

namespace archscape::widgets {

RooflineChart::RooflineChart(QWidget* parent) : QCustomPlot(parent) {
    xAxis->setLabel(tr("operational intensity (MACs per DRAM word)"));
    yAxis->setLabel(tr("achieved MACs per cycle"));
    makeLogAxis(xAxis);
    makeLogAxis(yAxis);
    m_roof = addGraph();
    m_roof->setName(tr("roofline"));
    m_roof->setPen(QPen(QColor(60, 60, 60), 2));
    const QString names[] = {tr("compute-bound"), tr("memory-bound"), tr("NoC-bound")};
    for (int b = 0; b < 3; ++b) {
        m_layers[b] = addGraph();
        m_layers[b]->setName(names[b]);
        m_layers[b]->setLineStyle(QCPGraph::lsNone);
        m_layers[b]->setScatterStyle(
            QCPScatterStyle(QCPScatterStyle::ssCircle, boundColor(b), boundColor(b).lighter(130), 7));
    }
    m_selected = addGraph();
    m_selected->setName(tr("selected layer"));
    m_selected->setLineStyle(QCPGraph::lsNone);
    m_selected->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(Qt::black, 2), Qt::NoBrush, 13));
    legend->setVisible(true);
    // The legend sits in a row under the plot: inside it, it hid the layers it describes (issue 15).
    axisRect()->insetLayout()->take(legend);
    axisRect()->insetLayout()->simplify();
    plotLayout()->addElement(1, 0, legend);
    plotLayout()->setRowStretchFactor(1, 0.001);
    legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    legend->setBorderPen(Qt::NoPen);
    styleChart(this);
    keepLegendFitted(this);
    connect(this, &QCustomPlot::mousePress, this, &RooflineChart::onPress);
}

void RooflineChart::setDesign(const workload::Network& net, const hardware::Accelerator& acc,
                              const model::NetworkCost* cost) {
    m_points.clear();
    for (auto* g : m_layers) g->data()->clear();
    m_selected->data()->clear();
    double lo = std::numeric_limits<double>::infinity(), hi = 0;
    if (cost && cost->layers.size() == net.layers.size()) {
        for (int i = 0; i < int(net.layers.size()); ++i) {
            const auto& r = cost->layers[i];
            const double dramWords = r.cost.levels[0].words;
            if (!r.mapped || r.cost.macs <= 0 || dramWords <= 0 || r.cost.cycles <= 0) continue;
            const QPointF p(r.cost.macs / dramWords, r.cost.macs / r.cost.cycles);
            m_points.push_back({p, i});
            m_layers[std::clamp(int(r.cost.bound), 0, 2)]->addData(p.x(), p.y());
            lo = std::min(lo, p.x());
            hi = std::max(hi, p.x());
        }
    }
    if (!(lo < hi)) {
        lo = 1;
        hi = 1000;
    }
    lo /= 4;
    hi *= 4;
    // The roof: min(peak, bandwidth x intensity); a vertical-free polyline sampled on log x.
    // Peak MACs/cycle: the PE mode's rate at the fastest precision any layer runs (precision-scalable
    // and bit-serial PEs run more MACs per cycle at narrower formats), so no layer lies above the roof.
    double rate = 0;
    for (const auto& l : net.layers) {
        if (!workload::hasMacs(l.type)) continue;
        const auto p = acc.precisionOf(l);
        rate = std::max(
            rate, hardware::macRate(acc.pe, p[workload::Operand::Weight], p[workload::Operand::Input]).perCycle());
    }
    if (rate == 0)
        rate =
            hardware::macRate(acc.pe, acc.precision[workload::Operand::Weight], acc.precision[workload::Operand::Input])
                .perCycle();
    const double peak = double(acc.pe.count()) * rate;
    const double bw = acc.levels.empty() ? 0.0 : acc.levels[0].bandwidth_words_per_cycle;
    QVector<double> xs, ys;
    constexpr int kSamples = 64;
    for (int k = 0; k <= kSamples; ++k) {
        const double x = lo * std::pow(hi / lo, double(k) / kSamples);
        xs << x;
        ys << (bw > 0 ? std::min(peak, bw * x) : peak);
    }
    if (bw > 0 && peak / bw > lo && peak / bw < hi) { // the ridge point, exactly
        const double ridge = peak / bw;
        const auto it = std::lower_bound(xs.begin(), xs.end(), ridge);
        const auto at = it - xs.begin();
        xs.insert(at, ridge);
        ys.insert(at, peak);
    }
    m_roof->setData(xs, ys, true);
    xAxis->setRange(lo, hi);
    double ymin = peak;
    for (const auto& [p, i] : m_points) ymin = std::min(ymin, p.y());
    yAxis->setRange(std::max(ymin / 4, 1e-3), peak * 3);
    replot(QCustomPlot::rpQueuedReplot);
}

void RooflineChart::setSelectedLayer(int layer) {
    m_selected->data()->clear();
    for (const auto& [p, i] : m_points)
        if (i == layer) m_selected->addData(p.x(), p.y());
    replot(QCustomPlot::rpQueuedReplot);
}

void RooflineChart::onPress(QMouseEvent* event) {
    double best = 12 * 12; // pixels squared
    int layer = -1;
    for (const auto& [p, i] : m_points) {
        const double dx = xAxis->coordToPixel(p.x()) - event->pos().x();
        const double dy = yAxis->coordToPixel(p.y()) - event->pos().y();
        if (dx * dx + dy * dy < best) {
            best = dx * dx + dy * dy;
            layer = i;
        }
    }
    if (layer >= 0) Q_EMIT layerClicked(layer);
}

void RooflineChart::showDesign(const DesignSnapshot& snapshot) {
    if (snapshot.has(DesignSnapshot::CostsChanged) && snapshot.network)
        setDesign(*snapshot.network, snapshot.accelerator, snapshot.costs.get());
    if (snapshot.has(DesignSnapshot::CostsChanged) || snapshot.has(DesignSnapshot::SelectionChanged))
        setSelectedLayer(snapshot.selected_layer);
}

} // namespace archscape::widgets
