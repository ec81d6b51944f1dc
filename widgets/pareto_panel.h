#pragma once
// The Pareto chart with its axis choices and the Explore / Cancel buttons.
#include <QWidget>

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
    /// Shows "n designs, m on the front" and whether an exploration runs.
    void setStatus(const QString& text, bool exploring);
    /// The x (Horizontal) or y axis choice.
    QComboBox* axisBox(Qt::Orientation o) const;

Q_SIGNALS:
    void exploreRequested();
    void cancelRequested();

private:
    void updateAxisChoices();
    void applyAxes();

    ParetoChart* m_chart;
    QComboBox* m_x;
    QComboBox* m_y;
    QPushButton* m_explore;
    QLabel* m_status;
    bool m_exploring = false;
};

} // namespace archscape::widgets
