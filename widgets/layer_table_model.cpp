#include "layer_table_model.h"

#include <QBrush>
#include <QColor>

#include "format_text.h"

namespace archscape::widgets {

using app::qstr;

LayerTableModel::LayerTableModel(QObject* parent) : QAbstractTableModel(parent) {}

int LayerTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() || !m_network ? 0 : int(m_network->layers.size());
}

int LayerTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant LayerTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    static const char* const kHeaders[] = {"#",      "Layer",  "Type",  "Shape",      "MACs",
                                           "Cycles", "Energy", "Bound", "Utilisation"};
    return tr(kHeaders[section]);
}

QVariant LayerTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || (role != Qt::DisplayRole && role != SortRole && role != Qt::TextAlignmentRole &&
                             role != Qt::ForegroundRole && role != Qt::ToolTipRole))
        return {};
    const int row = index.row();
    const auto& layer = m_network->layers[row];
    const model::NetworkCost* cost = m_costs.get();
    const model::LayerResult* r = cost && row < int(cost->layers.size()) ? &cost->layers[row] : nullptr;
    const bool numeric = index.column() == Macs || index.column() == Cycles || index.column() == Energy ||
                         index.column() == Utilization || index.column() == Index;
    if (role == Qt::TextAlignmentRole)
        return QVariant::fromValue(numeric ? Qt::AlignRight | Qt::AlignVCenter : Qt::AlignLeft | Qt::AlignVCenter);
    if (role == Qt::ForegroundRole)
        return (r && !r->mapped && index.column() >= Cycles) ? QBrush(QColor(190, 30, 30)) : QVariant();
    if (role == Qt::ToolTipRole) {
        if (r && !r->mapped) return tr("No valid mapping: %1").arg(qstr(mapping::describe(r->cost.violation)));
        return {};
    }
    const bool sort = role == SortRole;
    switch (index.column()) {
    case Index: return row;
    case Name: return qstr(layer.name);
    case Type: return qstr(workload::toString(layer.type));
    case Shape: return app::layerShapeText(layer);
    case Macs: return sort ? QVariant(double(layer.macs())) : QVariant(app::siText(double(layer.macs())));
    default: break;
    }
    if (!r) return sort ? QVariant(-1.0) : QVariant();
    if (!r->mapped) return sort ? QVariant(-1.0) : QVariant(index.column() == Cycles ? tr("unmapped") : QString());
    switch (index.column()) {
    case Cycles: return sort ? QVariant(r->cost.cycles) : QVariant(app::siText(r->cost.cycles));
    case Energy: return sort ? QVariant(r->cost.energyPj()) : QVariant(app::siText(r->cost.energyPj() * 1e-12, "J"));
    case Bound: {
        QString b = qstr(model::toString(r->cost.bound));
        if (r->cost.bound == model::Bound::Memory && r->cost.bound_level >= 0 &&
            r->cost.bound_level < m_accelerator.numLevels())
            b += " (" + qstr(m_accelerator.levels[r->cost.bound_level].name) + ")";
        return b;
    }
    case Utilization:
        return sort ? QVariant(r->cost.utilization)
                    : QVariant(QString::number(r->cost.utilization * 100, 'f', 1) + " %");
    default: return {};
    }
}

void LayerTableModel::setDesign(const DesignSnapshot& snapshot) {
    if (snapshot.has(DesignSnapshot::NetworkChanged) || snapshot.network != m_network) {
        beginResetModel();
        m_network = snapshot.network;
        m_accelerator = snapshot.accelerator;
        m_costs = snapshot.costs;
        endResetModel();
        return;
    }
    if (!snapshot.has(DesignSnapshot::CostsChanged)) return;
    m_accelerator = snapshot.accelerator;
    m_costs = snapshot.costs;
    if (rowCount() == 0) return;
    Q_EMIT dataChanged(index(0, Cycles), index(rowCount() - 1, ColumnCount - 1));
}

} // namespace archscape::widgets
