#include "pareto_panel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStandardItemModel>
#include <QVBoxLayout>

#include "design_metric.h"
#include "pareto_chart.h"

namespace archscape::widgets {

ParetoPanel::ParetoPanel(QWidget* parent)
    : QWidget(parent),
      m_chart(new ParetoChart(this)),
      m_x(new QComboBox(this)),
      m_y(new QComboBox(this)),
      m_explore(new QPushButton(tr("Explore"), this)),
      m_status(new QLabel(this)) {
    auto* layout = new QVBoxLayout(this);
    auto* bar = new QHBoxLayout;
    for (QComboBox* box : {m_x, m_y})
        for (search::Metric m : search::kAllMetrics) box->addItem(metricLabel(m), int(m));
    m_x->setCurrentIndex(int(search::Metric::Latency));
    m_y->setCurrentIndex(int(search::Metric::Energy));
    m_explore->setToolTip(tr("Sweep PE array shapes, buffer sizes and dataflows around the current design"));
    bar->addWidget(new QLabel(tr("x:"), this));
    bar->addWidget(m_x);
    bar->addWidget(new QLabel(tr("y:"), this));
    bar->addWidget(m_y);
    bar->addWidget(m_status, 1);
    bar->addWidget(m_explore);
    layout->addLayout(bar);
    layout->addWidget(m_chart, 1);
    m_chart->setMinimumSize(300, 220);

    connect(m_x, &QComboBox::activated, this, &ParetoPanel::applyAxes);
    connect(m_y, &QComboBox::activated, this, &ParetoPanel::applyAxes);
    connect(m_chart, &ParetoChart::metricsAvailableChanged, this, &ParetoPanel::updateAxisChoices);
    updateAxisChoices();
    connect(m_explore, &QPushButton::clicked, this, [this] {
        if (m_exploring) Q_EMIT cancelRequested();
        else Q_EMIT exploreRequested();
    });
}

void ParetoPanel::updateAxisChoices() {
    // A metric no design has (accuracy without an accuracy model) cannot be chosen; an axis
    // showing it falls back to the default.
    bool fellBack = false;
    for (QComboBox* box : {m_x, m_y}) {
        auto* model = qobject_cast<QStandardItemModel*>(box->model());
        for (int i = 0; i < box->count(); ++i) {
            const auto m = search::Metric(box->itemData(i).toInt());
            const bool available = m != search::Metric::Accuracy || m_chart->hasMetric(m);
            model->item(i)->setEnabled(available);
            if (!available && box->currentIndex() == i) {
                box->setCurrentIndex(box == m_x ? int(search::Metric::Latency) : int(search::Metric::Energy));
                fellBack = true;
            }
        }
    }
    if (fellBack) applyAxes();
}

void ParetoPanel::applyAxes() {
    m_chart->setAxes(search::Metric(m_x->currentData().toInt()), search::Metric(m_y->currentData().toInt()));
}

QComboBox* ParetoPanel::axisBox(Qt::Orientation o) const { return o == Qt::Horizontal ? m_x : m_y; }

void ParetoPanel::setStatus(const QString& text, bool exploring) {
    m_status->setText(text);
    m_exploring = exploring;
    m_explore->setText(exploring ? tr("Cancel") : tr("Explore"));
}

} // namespace archscape::widgets
