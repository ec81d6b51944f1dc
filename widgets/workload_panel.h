#pragma once
// The workload's layers in a sortable table; selecting a row selects the layer everywhere.
#include <QWidget>

class QLabel;
class QSortFilterProxyModel;
class QTableView;

namespace archscape::app {
class Session;
}

namespace archscape::widgets {

class LayerTableModel;

class WorkloadPanel : public QWidget {
    Q_OBJECT
public:
    explicit WorkloadPanel(app::Session* session, QWidget* parent = nullptr);
    QTableView* table() const { return m_table; }

Q_SIGNALS:
    /// The user asked to open a workload file (the window owns the dialog and the loading).
    void openRequested();

private:
    void onNetworkChanged();
    void showSelectedLayer(int layer);

    app::Session* m_session;
    LayerTableModel* m_model;
    QSortFilterProxyModel* m_proxy;
    QTableView* m_table;
    QLabel* m_title;
};

} // namespace archscape::widgets
