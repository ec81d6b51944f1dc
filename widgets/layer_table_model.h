#pragma once
// The workload's layers with their costs under the current design, one row per layer.
#include <QAbstractTableModel>

#include "design_snapshot.h"

namespace archscape::widgets {

class LayerTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Index, Name, Type, Shape, Macs, Cycles, Energy, Bound, Utilization, ColumnCount };
    /// Role holding the sortable value of a cell (numbers as numbers).
    static constexpr int SortRole = Qt::UserRole;

    explicit LayerTableModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    /// Takes the snapshot's network, accelerator and costs: a new network resets the rows, new
    /// costs change the values.
    void setDesign(const DesignSnapshot& snapshot);

private:
    std::shared_ptr<const workload::Network> m_network; // null = no rows
    hardware::Accelerator m_accelerator;
    std::shared_ptr<const model::NetworkCost> m_costs;
};

} // namespace archscape::widgets
