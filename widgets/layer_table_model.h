#pragma once
// The workload's layers with their costs under the current design, one row per layer.
#include <QAbstractTableModel>

namespace archscape::app {
class Session;
}

namespace archscape::widgets {

class LayerTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Index, Name, Type, Shape, Macs, Cycles, Energy, Bound, Utilization, ColumnCount };
    /// Role holding the sortable value of a cell (numbers as numbers).
    static constexpr int SortRole = Qt::UserRole;

    explicit LayerTableModel(const app::Session* session, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

public Q_SLOTS:
    /// The network changed: rows change.
    void reset();
    /// The costs changed: values change.
    void costsChanged();

private:
    const app::Session* m_session;
};

} // namespace archscape::widgets
