#include "chart_style.h"

#include "qcustomplot_include.h"

namespace archscape::widgets {

QColor seriesColor(int i) {
    static const QRgb kPalette[] = {0x4e79a7, 0xf28e2b, 0xe15759, 0x76b7b2, 0x59a14f,
                                    0xedc948, 0xb07aa1, 0xff9da7, 0x9c755f, 0xbab0ac};
    return QColor(kPalette[((i % 10) + 10) % 10]);
}

QColor boundColor(int bound) {
    switch (bound) {
    case 0: return QColor(0x4e79a7);  // compute
    case 1: return QColor(0xe15759);  // memory
    default: return QColor(0xf28e2b); // NoC
    }
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
    QSharedPointer<QCPAxisTickerLog> ticker(new QCPAxisTickerLog);
    axis->setTicker(ticker);
    // Two significant digits: with "eb" and precision 0, ticks such as 0.1 and 0.12 both printed "10^-1".
    axis->setNumberFormat("gb");
    axis->setNumberPrecision(2);
}

} // namespace archscape::widgets
