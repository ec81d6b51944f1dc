#include "workload_panel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

#include "format_text.h"
#include "layer_table_model.h"

namespace archscape::widgets {

WorkloadPanel::WorkloadPanel(QWidget* parent)
    : QWidget(parent),
      m_model(new LayerTableModel(this)),
      m_proxy(new QSortFilterProxyModel(this)),
      m_table(new QTableView(this)),
      m_title(new QLabel(this)) {
    auto* layout = new QVBoxLayout(this);
    auto* top = new QHBoxLayout;
    auto* open = new QPushButton(tr("Open workload…"), this);
    top->addWidget(m_title, 1);
    top->addWidget(open);
    layout->addLayout(top);
    layout->addWidget(m_table);

    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(LayerTableModel::SortRole);
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(LayerTableModel::Index, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(20);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setAlternatingRowColors(true);

    connect(open, &QPushButton::clicked, this, &WorkloadPanel::openRequested);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                if (current.isValid()) Q_EMIT layerSelected(m_proxy->mapToSource(current).row());
            });
}

void WorkloadPanel::showDesign(const DesignSnapshot& snapshot) {
    m_model->setDesign(snapshot);
    if (snapshot.has(DesignSnapshot::NetworkChanged) && snapshot.network) {
        const auto& net = *snapshot.network;
        m_title->setText(tr("<b>%1</b> — %2 layers, %3 MACs")
                             .arg(app::qstr(net.name).toHtmlEscaped())
                             .arg(net.layers.size())
                             .arg(app::siText(double(net.totalMacs()))));
        m_table->resizeColumnsToContents();
        showSelectedLayer(snapshot.selected_layer);
    } else if (snapshot.has(DesignSnapshot::SelectionChanged)) {
        showSelectedLayer(snapshot.selected_layer);
    }
    // The bound names the level ("memory (GlobalBuffer)"): sized when the costs arrive, not to the
    // header as when the network was set before them.
    if (snapshot.has(DesignSnapshot::CostsChanged) && snapshot.costs)
        m_table->resizeColumnToContents(LayerTableModel::Bound);
}

void WorkloadPanel::showSelectedLayer(int layer) {
    if (layer < 0) return;
    const QModelIndex current = m_proxy->mapToSource(m_table->currentIndex());
    if (current.isValid() && current.row() == layer) return;
    const QModelIndex idx = m_proxy->mapFromSource(m_model->index(layer, 0));
    m_table->setCurrentIndex(idx);
    m_table->scrollTo(idx);
}

} // namespace archscape::widgets
