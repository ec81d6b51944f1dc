#include "breakdown_chart.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "chart_style.h"
#include "engineering_ticker.h"
#include "format_text.h"

namespace archscape::widgets {

using app::qstr;

BreakdownChart::BreakdownChart(QWidget* parent) : QCustomPlot(parent) {
    plotLayout()->clear();
    m_energyRect = new QCPAxisRect(this);
    m_cyclesRect = new QCPAxisRect(this);
    // The legend gets its own row above the bars: inside the plot it hides the tallest ones.
    legend = new QCPLegend;
    plotLayout()->addElement(0, 0, legend);
    plotLayout()->addElement(1, 0, m_energyRect);
    plotLayout()->addElement(2, 0, m_cyclesRect);
    plotLayout()->setRowStretchFactor(0, 0.001);
    legend->setLayer("legend");
    legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    legend->setWrap(6);
    legend->setBorderPen(Qt::NoPen);
    legend->setMargins(QMargins(4, 2, 4, 0));
    // Both bar rows share the layer axis.
    auto* group = new QCPMarginGroup(this);
    m_energyRect->setMarginGroup(QCP::msLeft | QCP::msRight, group);
    m_cyclesRect->setMarginGroup(QCP::msLeft | QCP::msRight, group);
    m_fullLabel[0] = m_briefLabel[0] = tr("energy");
    m_fullLabel[1] = m_briefLabel[1] = tr("cycles");
    for (int i = 0; i < 2; ++i) {
        QCPAxisRect* r = i == 0 ? m_energyRect : m_cyclesRect;
        m_highlight[i] = new QCPItemRect(this);
        m_highlight[i]->setClipAxisRect(r);
        for (auto* p : {m_highlight[i]->topLeft, m_highlight[i]->bottomRight}) {
            p->setAxes(r->axis(QCPAxis::atBottom), r->axis(QCPAxis::atLeft));
            p->setTypeY(QCPItemPosition::ptAxisRectRatio);
        }
        m_highlight[i]->setPen(Qt::NoPen);
        m_highlight[i]->setBrush(QColor(255, 220, 0, 90));
        m_highlight[i]->setVisible(false);
    }
    styleChart(this);
    keepLegendFitted(this);
    connect(this, &QCustomPlot::mousePress, this, &BreakdownChart::onPress);
    connect(this, &QCustomPlot::beforeReplot, this, &BreakdownChart::fitRows);
}

void BreakdownChart::fitRows() {
    updateLayout(); // the rows' heights at the current size (the replot lays out again with the labels)
    for (int i = 0; i < 2; ++i) {
        QCPAxis* y = (i == 0 ? m_energyRect : m_cyclesRect)->axis(QCPAxis::atLeft);
        const int room = (i == 0 ? m_energyRect : m_cyclesRect)->height();
        const QFontMetrics fm(y->labelFont());
        QString label = m_fullLabel[i];
        if (fm.horizontalAdvance(label) > room) label = m_briefLabel[i];
        if (fm.horizontalAdvance(label) > room) label.clear();
        if (y->label() != label) y->setLabel(label);
        // Tick labels at least one of their heights apart: up to three in a tall row, fewer in a low
        // one (the ticker's steps are nice numbers, so the count is tried, not computed).
        const QFontMetrics tfm(y->tickLabelFont());
        for (int count = 3; count >= 1; --count) {
            y->ticker()->setTickCount(count);
            QVector<double> ticks;
            y->ticker()->generate(y->range(), locale(), 'g', 6, ticks, nullptr, nullptr);
            QVector<double> shown;
            for (double t : ticks)
                if (y->range().contains(t)) shown << t;
            if (shown.size() < 2 || (shown[1] - shown[0]) * room / y->range().size() >= tfm.height()) break;
        }
        // A row with room for one step only: the axis ends at a round number above the tallest bar
        // (1, 2, 2.5 or 5 times a power of ten), so the row shows 0 and that value (a lone "0" told
        // nothing).
        const auto inRange = [&](int count) {
            y->ticker()->setTickCount(count);
            QVector<double> ticks;
            y->ticker()->generate(y->range(), locale(), 'g', 6, ticks, nullptr, nullptr);
            return int(std::count_if(ticks.begin(), ticks.end(), [&](double t) { return y->range().contains(t); }));
        };
        if (room >= tfm.height() && y->range().upper > 0 && inRange(y->ticker()->tickCount()) < 2) {
            const double upper = y->range().upper, decade = std::pow(10.0, std::floor(std::log10(upper)));
            for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
                if (m * decade >= upper * (1 - 1e-12)) {
                    y->setRangeUpper(m * decade);
                    break;
                }
            if (inRange(1) < 2) inRange(2);
        }
    }
}

void BreakdownChart::setDesign(const workload::Network& net, const hardware::Accelerator& acc,
                               const model::NetworkCost* cost) {
    clearPlottables();
    m_shown.clear();
    if (cost && cost->layers.size() == net.layers.size()) {
        for (int i = 0; i < int(net.layers.size()); ++i) m_shown.push_back(i);
        if (m_maxLayers > 0 && int(m_shown.size()) > m_maxLayers) {
            std::stable_sort(m_shown.begin(), m_shown.end(), [&](int a, int b) {
                return cost->layers[a].cost.energyPj() > cost->layers[b].cost.energyPj();
            });
            m_shown.resize(m_maxLayers);
            std::sort(m_shown.begin(), m_shown.end());
        }
    }
    const int n = int(m_shown.size());
    QVector<double> keys(n);
    std::iota(keys.begin(), keys.end(), 0.0);
    // Every n-th layer name, elided, as many as fit side by side (121 ONNX layer names were a black
    // band); a click still selects any bar, and the selected one is named in the other views.
    const QFontMetrics fm(QFont(font().family(), 7));
    const int fit = std::max(8, int(std::max(width(), 300) / (fm.height() * 1.15)));
    const int every = std::max(1, (n + fit - 1) / fit);
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    for (int i = 0; i < n; i += every)
        ticker->addTick(i, fm.elidedText(qstr(net.layers[m_shown[i]].name), Qt::ElideMiddle, fm.height() * 9));

    // Energy components, bottom of the stack first.
    struct Component {
        QString name;
        std::function<double(const model::LayerCost&)> pj;
    };
    std::vector<Component> components{{tr("MAC"), [](const model::LayerCost& c) { return c.energy.mac_pj; }}};
    for (int l = acc.numLevels() - 1; l >= 0; --l)
        components.push_back(
            {qstr(acc.levels[l].name), [l](const model::LayerCost& c) { return c.energy.level_pj[l]; }});
    components.push_back({tr("NoC"), [](const model::LayerCost& c) { return c.energy.noc_pj; }});
    components.push_back({tr("leakage"), [](const model::LayerCost& c) { return c.energy.leakage_pj; }});

    QStringList names;
    for (const Component& c : components) names << c.name;
    const std::vector<QColor> colors = componentColors(names); // keyed by name: the same on every accelerator
    double maxEnergy = 0;
    for (int i = 0; i < n; ++i) {
        const auto& r = cost->layers[m_shown[i]];
        if (r.mapped) maxEnergy = std::max(maxEnergy, r.cost.energyPj());
    }
    // Energy in the unit of the tallest bar (pJ .. J).
    const app::EngineeringScale energyScale = app::engineeringScale(std::max(maxEnergy, 1e-30) * 1e-12);
    QCPBars* below = nullptr;
    maxEnergy = 0;
    std::vector<double> stack(n, 0.0);
    for (int k = 0; k < int(components.size()); ++k) {
        auto* bars = new QCPBars(m_energyRect->axis(QCPAxis::atBottom), m_energyRect->axis(QCPAxis::atLeft));
        bars->setName(components[k].name);
        bars->setWidthType(QCPBars::wtPlotCoords);
        bars->setWidth(0.8);
        bars->setPen(Qt::NoPen);
        bars->setBrush(colors[k]);
        QVector<double> values(n);
        for (int i = 0; i < n; ++i) {
            const auto& r = cost->layers[m_shown[i]];
            values[i] = r.mapped ? components[k].pj(r.cost) * 1e-12 * energyScale.factor : 0.0;
            stack[i] += values[i];
            maxEnergy = std::max(maxEnergy, stack[i]);
        }
        bars->setData(keys, values, true);
        if (below) bars->moveAbove(below);
        below = bars;
    }
    // Cycles, one series per bound so the colour says what limited the layer.
    const QString boundNames[] = {tr("compute-bound"), tr("memory-bound"), tr("NoC-bound")};
    double maxCycles = 0;
    for (int b = 0; b < 3; ++b) {
        auto* bars = new QCPBars(m_cyclesRect->axis(QCPAxis::atBottom), m_cyclesRect->axis(QCPAxis::atLeft));
        bars->setName(boundNames[b]);
        bars->setWidthType(QCPBars::wtPlotCoords);
        bars->setWidth(0.8);
        bars->setPen(Qt::NoPen);
        bars->setBrush(boundColor(b));
        QVector<double> values(n, 0.0);
        for (int i = 0; i < n; ++i) {
            const auto& r = cost->layers[m_shown[i]];
            if (r.mapped && int(r.cost.bound) == b) values[i] = r.cost.cycles;
            maxCycles = std::max(maxCycles, values[i]);
        }
        bars->setData(keys, values, true);
    }

    for (QCPAxisRect* r : {m_energyRect, m_cyclesRect}) {
        QCPAxis* x = r->axis(QCPAxis::atBottom);
        x->setTicker(ticker);
        x->setTickLabelRotation(60);
        x->setTickLabels(r == m_cyclesRect);
        x->setRange(-0.6, std::max(n, 1) - 0.4);
        x->setSubTicks(false);
        x->setTickLength(0, 3);
        QFont f = x->tickLabelFont();
        f.setPointSizeF(7);
        x->setTickLabelFont(f);
    }
    m_fullLabel[0] = tr("energy (%1J)").arg(energyScale.prefix);
    m_briefLabel[0] = tr("%1J").arg(energyScale.prefix);
    m_energyRect->axis(QCPAxis::atLeft)->setRange(0, std::max(maxEnergy, 1e-9) * 1.05);
    // Cycles in thousands / millions, about three ticks: the rows are short (on a 1366 x 768 screen,
    // 50 px), and "1.5e+06" labels overlapped.
    const app::EngineeringScale cycleScale = app::engineeringScale(std::max(maxCycles, 1.0));
    QCPAxis* cyclesAxis = m_cyclesRect->axis(QCPAxis::atLeft);
    auto cycleTicker = QSharedPointer<EngineeringTicker>(new EngineeringTicker(false, cycleScale.factor));
    cyclesAxis->setTicker(cycleTicker);
    const QString cycleUnit = cycleScale.prefix == "k"      ? tr(" (thousands)")
                              : cycleScale.prefix == "M"    ? tr(" (millions)")
                              : cycleScale.prefix == "G"    ? tr(" (billions)")
                              : cycleScale.prefix.isEmpty() ? QString()
                                                            : tr(" (×%1)").arg(1 / cycleScale.factor, 0, 'g', 3);
    m_fullLabel[1] = tr("cycles") + cycleUnit;
    m_briefLabel[1] = cycleScale.prefix.isEmpty() ? tr("cycles") : tr("%1 cycles").arg(cycleScale.prefix);
    cyclesAxis->setRange(0, std::max(maxCycles, 1.0) * 1.05);
    fitLegendColumns(legend, width()); // other components, other names
    replot(QCustomPlot::rpQueuedReplot);
}

void BreakdownChart::setSelectedLayer(int layer) {
    const auto it = std::find(m_shown.begin(), m_shown.end(), layer);
    const bool visible = it != m_shown.end();
    for (QCPItemRect* h : m_highlight) {
        h->setVisible(visible);
        if (!visible) continue;
        const double x = double(it - m_shown.begin());
        h->topLeft->setCoords(x - 0.5, 0);
        h->bottomRight->setCoords(x + 0.5, 1);
    }
    replot(QCustomPlot::rpQueuedReplot);
}

void BreakdownChart::onPress(QMouseEvent* event) {
    for (QCPAxisRect* r : {m_energyRect, m_cyclesRect}) {
        if (!r->rect().contains(event->pos())) continue;
        const int pos = int(std::lround(r->axis(QCPAxis::atBottom)->pixelToCoord(event->pos().x())));
        if (pos >= 0 && pos < int(m_shown.size())) Q_EMIT layerClicked(m_shown[pos]);
    }
}

void BreakdownChart::showDesign(const DesignSnapshot& snapshot) {
    if (snapshot.has(DesignSnapshot::CostsChanged) && snapshot.network)
        setDesign(*snapshot.network, snapshot.accelerator, snapshot.costs.get());
    if (snapshot.has(DesignSnapshot::CostsChanged) || snapshot.has(DesignSnapshot::SelectionChanged))
        setSelectedLayer(snapshot.selected_layer);
}

} // namespace archscape::widgets
