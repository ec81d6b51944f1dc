#pragma once
// The Pareto chart with its axis choices, its header (designs and front of the shown axes) and the
// Explore / Cancel and Reset view buttons.
#include <QWidget>

#include <array>
#include <cmath>

#include "search/metric.h"

class QComboBox;
class QLabel;
class QPushButton;

namespace archscape::widgets {

class ParetoChart;

class ParetoPanel : public QWidget {
    Q_OBJECT
public:
    explicit ParetoPanel(QWidget* parent = nullptr);
    ParetoChart* chart() const { return m_chart; }
    QPushButton* exploreButton() const { return m_explore; }
    QPushButton* resetViewButton() const { return m_resetView; }
    /// Names the design space ("sweep", a preset) and its size, and whether an exploration runs; the
    /// header adds the chart's own counts: "n designs, m on the front" of the axes shown.
    void setExploreStatus(const QString& space, qint64 points, bool exploring);
    /// Adds the exploration's front hypervolume to the header (NaN: none, e.g. before the first
    /// feasible design); the Session reports it as the front grows.
    void setHypervolume(double value);
    /// The header as shown.
    QString statusText() const;
    /// The x (Horizontal) or y axis choice.
    QComboBox* axisBox(Qt::Orientation o) const;
    /// The metric the user chose for an axis; the box shows the default instead while no design has
    /// a value of it (accuracy before a quantized exploration), and the choice returns once one has.
    search::Metric chosenAxis(Qt::Orientation o) const { return m_chosen[o == Qt::Horizontal ? 0 : 1]; }
    /// Chooses both axes as the user would (kept like a choice made in the boxes).
    void chooseAxes(search::Metric x, search::Metric y);
    /// Remembers the axis choice under this QSettings key across restarts (the main window's panel):
    /// restores a stored choice now and stores every later one. Empty (the default): nothing is kept.
    void setSettingsKey(const QString& key);

Q_SIGNALS:
    void exploreRequested();
    void cancelRequested();

private:
    void updateAxisChoices();
    void applyAxes();
    void updateStatus();
    void storeAxes() const;

    ParetoChart* m_chart;
    QComboBox* m_x;
    QComboBox* m_y;
    QPushButton* m_explore;
    QPushButton* m_resetView;
    QLabel* m_status;
    std::array<search::Metric, 2> m_chosen{search::Metric::Latency, search::Metric::Energy};
    QString m_settingsKey;
    QString m_space;
    qint64 m_points = 0;
    bool m_exploring = false;
    double m_hypervolume = NAN;
};

} // namespace archscape::widgets
