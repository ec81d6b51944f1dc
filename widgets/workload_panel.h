#pragma once
// The workload's layers in a sortable table; selecting a row selects the layer everywhere.
#include <QWidget>

#include "design_view.h"

class QLabel;
class QSortFilterProxyModel;
class QTableView;

namespace archscape::widgets {

class LayerTableModel;

class WorkloadPanel : public QWidget, public DesignView {
    Q_OBJECT
public:
    explicit WorkloadPanel(QWidget* parent = nullptr);
    QTableView* table() const { return m_table; }

    void showDesign(const DesignSnapshot& snapshot) override;

Q_SIGNALS:
    /// The user asked to open a workload file (the window owns the dialog and the loading).
    void openRequested();
    /// The user selected a row (a layer index of the network).
    void layerSelected(int layer);

private:
    void showSelectedLayer(int layer);

    LayerTableModel* m_model;
    QSortFilterProxyModel* m_proxy;
    QTableView* m_table;
    QLabel* m_title;
};

} // namespace archscape::widgets
