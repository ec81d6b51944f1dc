#pragma once
// Colours and axis styling shared by every chart, so the views and the report look alike.
#include <QColor>

class QCustomPlot;
class QCPAxis;

namespace archscape::widgets {

/// The i-th colour of a qualitative palette (Tableau 10), repeating after ten.
QColor seriesColor(int i);
/// Colour of a binding bound: compute, memory, NoC.
QColor boundColor(int bound);
/// Sets fonts, grid and margins on a freshly made plot.
void styleChart(QCustomPlot* plot);
/// Switches an axis to a base-10 log scale with 10^n tick labels.
void makeLogAxis(QCPAxis* axis);

} // namespace archscape::widgets
