#include "roofline_chart.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "chart_style.h"
#include "engineering_ticker.h"
#include "format_text.h"
#include "hardware/technology.h"
#include "model/systolic_dram_span.h"
#include "model/systolic_memory.h"

namespace archscape::widgets {

namespace {

/// Plots at least this high keep every legend entry, wrapped into rows when one row is too narrow.
constexpr int kTallEnoughForFullLegend = 320;

/// Peak MACs per cycle. Data-centric: the PE mode's rate at the fastest precision any layer runs
/// (precision-scalable and bit-serial PEs run more MACs per cycle at narrower formats), so no layer
/// lies above the roof. Systolic: SCALE-Sim's one MAC per PE per cycle, whatever the PE mode.
double peakMacsPerCycle(const workload::Network& net, const hardware::Accelerator& acc) {
    if (acc.kind == hardware::AcceleratorKind::Systolic) return double(acc.pe.count());
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
    return double(acc.pe.count()) * rate;
}

/// The off-chip bandwidth the cost engine lets a layer use, in DRAM words per cycle (0 = no limit).
/// Data-centric: DRAM's port. Systolic (SCALE-Sim's USER mode, docs/systolic.md): each of the three
/// SRAMs (ifmap, filter, ofmap) has its own DRAM port at that bandwidth, so together they move up to
/// three times it; an operand that no SRAM keeps streams from DRAM without ever waiting, and without a
/// DRAM bandwidth (CALC mode) nothing waits: then only the compute roof holds.
double offChipWordsPerCycle(const hardware::Accelerator& acc) {
    const double bw = acc.levels.empty() ? 0.0 : acc.levels[0].bandwidth_words_per_cycle;
    if (acc.kind != hardware::AcceleratorKind::Systolic || bw <= 0) return bw;
    const model::SystolicMemory mem = model::systolicMemory(acc);
    for (workload::Operand o : workload::kAllOperands)
        if (mem.level[o] <= 0) return 0;
    return 3 * bw;
}

} // namespace

double RooflineChart::roofAt(double intensity) const {
    return m_bandwidth > 0 ? std::min(m_peak, m_bandwidth * intensity) : m_peak;
}

RooflineChart::RooflineChart(QWidget* parent) : QCustomPlot(parent) {
    xAxis->setLabel(tr("operational intensity (MACs per DRAM word)"));
    m_yLabel = tr("achieved MACs per cycle");
    yAxis->setLabel(m_yLabel);
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
    m_warning = new QCPItemText(this);
    m_warning->position->setType(QCPItemPosition::ptAxisRectRatio);
    m_warning->position->setCoords(0.02, 0.02);
    m_warning->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_warning->setTextAlignment(Qt::AlignLeft);
    m_warning->setColor(QColor(160, 40, 40));
    m_warning->setText(QString());
    QFont noteFont = font();
    noteFont.setPointSizeF(7.5);
    m_warning->setFont(noteFont);
    legend->setVisible(true);
    // The legend sits in a row under the plot: inside it, it hid the layers it describes (issue 15).
    axisRect()->insetLayout()->take(legend);
    axisRect()->insetLayout()->simplify();
    plotLayout()->addElement(1, 0, legend);
    plotLayout()->setRowStretchFactor(1, 0.001);
    legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    legend->setBorderPen(Qt::NoPen);
    styleChart(this);
    connect(this, &QCustomPlot::mousePress, this, &RooflineChart::onPress);
    connect(this, &QCustomPlot::beforeReplot, this, &RooflineChart::fitToSize);
}

void RooflineChart::fitToSize() {
    // Legend: every entry in one row when it fits, or wrapped where the plot is tall (the report's
    // page); in a low dock (a 1366 x 768 screen) the roof and the selection ring, drawn as what they
    // are, leave it and the three bounds wrap. Inside the plot it hid points, and a squeezed row cut
    // names (issue 15).
    const int w = std::max(width(), 1);
    if (!legend->itemWithPlottable(m_roof) || !legend->itemWithPlottable(m_selected)) {
        m_roof->addToLegend();
        m_selected->addToLegend();
    }
    fitLegendColumns(legend, w);
    if (legend->rowCount() > 1 && height() < kTallEnoughForFullLegend) {
        m_roof->removeFromLegend();
        m_selected->removeFromLegend();
        fitLegendColumns(legend, w);
    }
    // Ticks: about one per 70 pixels across and one per 40 pixels up; log ticks thin out by powers.
    const int xTicks = std::max(2, (w - 60) / 70), yTicks = std::max(2, (height() - 80) / 40);
    if (auto t = xAxis->ticker().dynamicCast<EngineeringTicker>()) t->setMaxLogTicks(xTicks);
    if (auto t = yAxis->ticker().dynamicCast<EngineeringTicker>()) t->setMaxLogTicks(yTicks);
    xAxis->ticker()->setTickCount(std::min(xTicks, 5));
    yAxis->ticker()->setTickCount(std::min(yTicks, 5));
    // The rotated y label whole where the plot is high enough, else shortened (it was cut at 1366 x 768).
    updateLayout();
    const QFontMetrics fm(yAxis->labelFont());
    const int room = axisRect()->height();
    QString label = m_yLabel;
    if (fm.horizontalAdvance(label) > room) label = m_spanned > 0 ? tr("MACs/cycle of DRAM span") : tr("MACs/cycle");
    if (fm.horizontalAdvance(label) > room) label = tr("MACs/cycle");
    if (fm.horizontalAdvance(label) > room) label.clear();
    if (yAxis->label() != label) yAxis->setLabel(label);
}

void RooflineChart::setDesign(const workload::Network& net, const hardware::Accelerator& acc,
                              const model::NetworkCost* cost) {
    m_points.clear();
    for (auto* g : m_layers) g->data()->clear();
    m_selected->data()->clear();
    double lo = std::numeric_limits<double>::infinity(), hi = 0;
    m_spanned = 0;
    if (cost && cost->layers.size() == net.layers.size()) {
        for (int i = 0; i < int(net.layers.size()); ++i) {
            const auto& r = cost->layers[i];
            const double dramWords = r.cost.levels[0].words;
            if (!r.mapped || r.cost.macs <= 0 || dramWords <= 0 || r.cost.cycles <= 0) continue;
            // SCALE-Sim's USER mode moves a layer's preload before cycle 0 and its last drain after the
            // last cycle, without a stall; over the cycles alone such a layer seems to move more DRAM
            // words per cycle than its ports carry. Over the span its ports worked for it, it does not.
            double cycles = r.cost.cycles;
            if (r.systolic && r.systolic->user_bandwidth) {
                const double span = model::dramSpanCycles(*r.systolic);
                if (span > cycles * (1 + 1e-9)) {
                    cycles = span;
                    ++m_spanned;
                }
            }
            const QPointF p(r.cost.macs / dramWords, r.cost.macs / cycles);
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
    m_peak = peakMacsPerCycle(net, acc);
    m_bandwidth = offChipWordsPerCycle(acc);
    const double peak = m_peak, bw = m_bandwidth;
    m_roof->setName(acc.kind == hardware::AcceleratorKind::Systolic && bw > 0 ? tr("roofline (3 SRAM–DRAM ports)")
                                                                              : tr("roofline"));
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
    // Say so when the engine's own figures break the roof, rather than hide the points: the systolic
    // model follows SCALE-Sim's USER mode, whose DRAM traffic can exceed its ports without stalls.
    // (Whatever remains above a roof is shown, not hidden, and named.)
    int above = 0;
    for (const auto& [p, i] : m_points) above += p.y() > roofAt(p.x()) * (1 + 1e-9);
    m_warningText = above == 0 ? QString()
                               : tr("%n layer(s) above the bandwidth roof: more DRAM words per cycle than the ports "
                                    "carry, without a stall",
                                    nullptr, above);
    m_noteText = m_spanned == 0 ? QString()
                                : tr("%n layer(s) plotted over their DRAM span, not their cycles:\nSCALE-Sim preloads "
                                     "before cycle 0 and drains after the last, without a stall",
                                     nullptr, m_spanned);
    QStringList lines;
    for (const QString& t : {m_warningText, m_noteText})
        if (!t.isEmpty()) lines << t;
    m_warning->setText(lines.join('\n'));
    m_warning->setColor(above > 0 ? QColor(160, 40, 40) : QColor(70, 70, 70));
    m_yLabel = m_spanned > 0 ? tr("achieved MACs per cycle (of the DRAM span)") : tr("achieved MACs per cycle");
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
