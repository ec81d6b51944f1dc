#include "chart_style.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <utility>

#include "engineering_ticker.h"
#include "qcustomplot_include.h"

namespace archscape::widgets {

namespace {

// Component colours: Tableau 20 without its reds and oranges, which are the bounds'.
constexpr std::array<QRgb, 14> kComponentPalette = {
    0x4e79a7, 0xedc948, 0x59a14f, 0x76b7b2, 0xb07aa1, 0xff9da7, 0x9c755f,
    0xbab0ac, 0x8cd17d, 0xa0cbe8, 0xd4a6c8, 0x86bcb6, 0xfabfd2, 0xd7b5a6,
};
// Bounds: dark and saturated, unlike any component colour.
constexpr std::array<QRgb, 3> kBoundPalette = {0x1f3a68, 0xc0392b, 0xe67e22};

/// Index into kComponentPalette of the components the presets name. Levels that never occur in one
/// accelerator may share (GlobalBuffer, UnifiedBuffer, ConvBuffer, SB: each design's shared buffer).
constexpr std::pair<const char*, int> kKnownComponents[] = {
    {"MAC", 0},      {"DRAM", 1},        {"GlobalBuffer", 2}, {"UnifiedBuffer", 2}, {"ConvBuffer", 2},
    {"SB", 2},       {"IfmapSpad", 3},   {"NBin", 3},         {"FilterSpad", 4},    {"WeightReg", 4},
    {"PsumSpad", 5}, {"Accumulator", 5}, {"Accumulators", 5}, {"NBout", 5},         {"leakage", 6},
    {"NoC", 7},      {"PeReg", 9},       {"RegisterFile", 9}, {"WeightFIFO", 10},
};

int knownComponent(const QString& name) {
    for (const auto& [n, i] : kKnownComponents)
        if (name == QLatin1String(n)) return i;
    return -1;
}

/// FNV-1a over the UTF-16 code units: the same on every run and platform (qHash may be seeded).
std::uint32_t stableHash(const QString& s) {
    std::uint32_t h = 2166136261u;
    for (QChar c : s) {
        h ^= c.unicode();
        h *= 16777619u;
    }
    return h;
}

/// Refits a plot's legend on every resize (an event filter, so the charts need no resizeEvent).
class LegendFitter : public QObject {
public:
    explicit LegendFitter(QCustomPlot* plot) : QObject(plot), m_plot(plot) { plot->installEventFilter(this); }
    bool eventFilter(QObject* watched, QEvent* event) override {
        if (watched == m_plot && event->type() == QEvent::Resize) fitLegendColumns(m_plot->legend, m_plot->width());
        return false;
    }

private:
    QCustomPlot* m_plot;
};

} // namespace

void fitLegendColumns(QCPLegend* legend, int width) {
    if (!legend || legend->itemCount() == 0) return;
    // Most columns first; each try lays the items out again (cheap: a few items).
    for (int wrap = legend->itemCount(); wrap >= 1; --wrap) {
        legend->setWrap(wrap);
        legend->setFillOrder(legend->fillOrder(), true);
        if (legend->minimumOuterSizeHint().width() <= width - 8) break;
    }
}

void keepLegendFitted(QCustomPlot* plot) { new LegendFitter(plot); }

QColor seriesColor(int i) {
    static const QRgb kPalette[] = {0x4e79a7, 0xf28e2b, 0xe15759, 0x76b7b2, 0x59a14f,
                                    0xedc948, 0xb07aa1, 0xff9da7, 0x9c755f, 0xbab0ac};
    return QColor(kPalette[((i % 10) + 10) % 10]);
}

QColor boundColor(int bound) { return QColor(kBoundPalette[std::clamp(bound, 0, int(kBoundPalette.size()) - 1)]); }

std::vector<QColor> componentColors(const QStringList& names) {
    const int n = int(kComponentPalette.size());
    std::vector<int> index(names.size(), -1);
    std::array<bool, kComponentPalette.size()> used{};
    for (int i = 0; i < int(names.size()); ++i) {
        const int known = knownComponent(names[i]);
        if (known < 0 || used[known]) continue; // two shared buffers in one design: the second probes
        index[i] = known;
        used[known] = true;
    }
    for (int i = 0; i < int(names.size()); ++i) {
        if (index[i] >= 0) continue;
        int c = int(stableHash(names[i]) % std::uint32_t(n));
        for (int tries = 0; tries < n && used[c]; ++tries) c = (c + 1) % n;
        index[i] = c;
        used[c] = true;
    }
    std::vector<QColor> colors;
    for (int i : index) colors.emplace_back(kComponentPalette[i]);
    return colors;
}

void styleChart(QCustomPlot* plot) {
    plot->setNoAntialiasingOnDrag(true);
    plot->setPlottingHint(QCP::phCacheLabels, true);
    QFont f = plot->font();
    f.setPointSizeF(8.5);
    for (QCPAxisRect* rect : plot->axisRects())
        for (QCPAxis* axis : rect->axes()) {
            axis->setTickLabelFont(f);
            axis->setLabelFont(f);
            axis->grid()->setPen(QPen(QColor(225, 225, 225), 0, Qt::SolidLine));
            axis->grid()->setSubGridVisible(false);
        }
    plot->legend->setFont(f);
}

void makeLogAxis(QCPAxis* axis) {
    axis->setScaleType(QCPAxis::stLogarithmic);
    axis->setTicker(QSharedPointer<QCPAxisTicker>(new EngineeringTicker(true)));
}

} // namespace archscape::widgets
