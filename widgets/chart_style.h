#pragma once
// Colours and axis styling shared by every chart, so the views and the report look alike.
#include <QColor>
#include <QString>
#include <QStringList>

#include <vector>

class QCustomPlot;
class QCPAxis;
class QCPLegend;

namespace archscape::widgets {

/// The i-th colour of a qualitative palette (Tableau 10), repeating after ten.
QColor seriesColor(int i);
/// Colour of a binding bound: compute, memory, NoC. The bound palette shares no colour with
/// componentColors(), so a chart that shows both (the per-layer breakdown) never reads one as the other.
QColor boundColor(int bound);
/// Colours of energy components ("MAC", "NoC", "leakage" and memory level names), one per name:
/// a name of the presets always gets the same colour, on every accelerator; other names take a
/// colour from the name's hash, moved on to the next free one when two of `names` would share it.
std::vector<QColor> componentColors(const QStringList& names);
/// Sets fonts, grid and margins on a freshly made plot.
void styleChart(QCustomPlot* plot);
/// Wraps a legend into as many columns as fit `width` pixels (a legend wider than its plot had its
/// columns squeezed, cutting names: "GlobalBuffe", "DRA", issue 15).
void fitLegendColumns(QCPLegend* legend, int width);
/// Keeps the plot's legend fitted to the plot's width whenever the plot is resized.
void keepLegendFitted(QCustomPlot* plot);
/// Switches an axis to a base-10 log scale with labelled ticks at every zoom level (EngineeringTicker).
void makeLogAxis(QCPAxis* axis);

} // namespace archscape::widgets
