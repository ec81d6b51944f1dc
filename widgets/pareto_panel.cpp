#include "pareto_panel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QStandardItemModel>
#include <QVBoxLayout>

#include <cmath>

#include "design_metric.h"
#include "pareto_chart.h"

namespace archscape::widgets {

namespace {
constexpr search::Metric kDefaultAxes[2] = {search::Metric::Latency, search::Metric::Energy};
}

ParetoPanel::ParetoPanel(QWidget* parent)
    : QWidget(parent),
      m_chart(new ParetoChart(this)),
      m_x(new QComboBox(this)),
      m_y(new QComboBox(this)),
      m_explore(new QPushButton(tr("Explore"), this)),
      m_resetView(new QPushButton(tr("Reset view"), this)),
      m_status(new QLabel(this)) {
    auto* layout = new QVBoxLayout(this);
    auto* bar = new QHBoxLayout;
    for (QComboBox* box : {m_x, m_y})
        for (search::Metric m : search::kAllMetrics) box->addItem(metricName(m), int(m));
    m_x->setCurrentIndex(int(m_chosen[0]));
    m_y->setCurrentIndex(int(m_chosen[1]));
    m_explore->setToolTip(tr("Sweep PE array shapes, buffer sizes and dataflows around the current design"));
    m_resetView->setToolTip(
        tr("Show every design again after zooming (wheel) or panning (drag); Shift+drag selects designs"));
    // The header wraps instead of being cut ("exploring 228 /") when the dock is narrow.
    m_status->setWordWrap(true);
    m_status->setMinimumWidth(120);
    bar->addWidget(new QLabel(tr("x:"), this));
    bar->addWidget(m_x);
    bar->addWidget(new QLabel(tr("y:"), this));
    bar->addWidget(m_y);
    bar->addWidget(m_status, 1);
    bar->addWidget(m_resetView);
    bar->addWidget(m_explore);
    layout->addLayout(bar);
    layout->addWidget(m_chart, 1);
    m_chart->setMinimumSize(300, 160); // on a 768-pixel screen the roofline below needs room too

    for (QComboBox* box : {m_x, m_y})
        connect(box, &QComboBox::activated, this, [this, box] {
            m_chosen[box == m_x ? 0 : 1] = search::Metric(box->currentData().toInt());
            storeAxes();
            applyAxes();
        });
    connect(m_chart, &ParetoChart::metricsAvailableChanged, this, &ParetoPanel::updateAxisChoices);
    connect(m_chart, &ParetoChart::frontChanged, this, &ParetoPanel::updateStatus);
    connect(m_chart, &ParetoChart::selectionChanged, this, &ParetoPanel::updateStatus);
    connect(m_resetView, &QPushButton::clicked, m_chart, &ParetoChart::resetView);
    updateAxisChoices();
    connect(m_explore, &QPushButton::clicked, this, [this] {
        if (m_exploring) Q_EMIT cancelRequested();
        else Q_EMIT exploreRequested();
    });
}

void ParetoPanel::updateAxisChoices() {
    // A metric no design has (accuracy without an accuracy model) cannot be chosen; an axis the
    // user set to it shows the default meanwhile and returns to it when designs with it arrive.
    bool changed = false;
    for (int a = 0; a < 2; ++a) {
        QComboBox* box = a == 0 ? m_x : m_y;
        auto* model = qobject_cast<QStandardItemModel*>(box->model());
        for (int i = 0; i < box->count(); ++i) {
            const auto m = search::Metric(box->itemData(i).toInt());
            model->item(i)->setEnabled(m != search::Metric::Accuracy || m_chart->hasMetric(m));
        }
        const search::Metric want = m_chosen[a];
        const search::Metric shown =
            want != search::Metric::Accuracy || m_chart->hasMetric(want) ? want : kDefaultAxes[a];
        const int index = box->findData(int(shown));
        if (box->currentIndex() != index) {
            box->setCurrentIndex(index);
            changed = true;
        }
    }
    if (changed) applyAxes();
}

void ParetoPanel::chooseAxes(search::Metric x, search::Metric y) {
    m_chosen = {x, y};
    storeAxes();
    updateAxisChoices();
    applyAxes();
}

void ParetoPanel::setSettingsKey(const QString& key) {
    m_settingsKey = key;
    if (key.isEmpty()) return;
    // Stored by name ("accuracy", "area"): an unknown or missing name keeps the current choice. An
    // accuracy axis comes back as a choice, shown once designs carry accuracy (updateAxisChoices).
    const QStringList names = QSettings().value(key).toStringList();
    if (names.size() != 2) return;
    std::array<search::Metric, 2> chosen = m_chosen;
    for (int a = 0; a < 2; ++a)
        if (const auto m = search::parseMetric(names[a].toStdString())) chosen[a] = *m;
    m_chosen = chosen;
    updateAxisChoices();
    applyAxes();
}

void ParetoPanel::storeAxes() const {
    if (m_settingsKey.isEmpty()) return;
    QStringList names;
    for (search::Metric m : m_chosen) names << QString::fromUtf8(search::toString(m));
    QSettings().setValue(m_settingsKey, names);
}

void ParetoPanel::applyAxes() {
    m_chart->setAxes(search::Metric(m_x->currentData().toInt()), search::Metric(m_y->currentData().toInt()));
}

QComboBox* ParetoPanel::axisBox(Qt::Orientation o) const { return o == Qt::Horizontal ? m_x : m_y; }

void ParetoPanel::setExploreStatus(const QString& space, qint64 points, bool exploring) {
    m_space = space;
    m_points = points;
    m_exploring = exploring;
    m_explore->setText(exploring ? tr("Cancel") : tr("Explore"));
    updateStatus();
}

void ParetoPanel::updateStatus() {
    // The counts are the chart's, so they describe what it shows: the front of the axes chosen now.
    QString text = tr("%1 (%2 points): %3 designs, %4 on the front")
                       .arg(m_space)
                       .arg(m_points)
                       .arg(m_chart->designCount())
                       .arg(m_chart->front().size());
    if (const auto selected = m_chart->selectedDesigns(); !selected.empty())
        text += tr(", %1 selected").arg(selected.size());
    // The explorer's figure, over its own objectives (latency and energy, in s and J), not the axes shown.
    if (std::isfinite(m_hypervolume)) text += tr("; latency-energy hypervolume %1 s·J").arg(m_hypervolume, 0, 'g', 4);
    m_status->setText(text);
}

void ParetoPanel::setHypervolume(double value) {
    m_hypervolume = value;
    updateStatus();
}

QString ParetoPanel::statusText() const { return m_status->text(); }

} // namespace archscape::widgets
