#pragma once
// Assembles the docks and menus and wires them to the Session; owns no logic of its own beyond
// file dialogs and the window state.
#include <QMainWindow>
#include <QString>

#include "project.h"

class QLabel;
class QProgressBar;
class QPushButton;
class QUndoStack;
class QMenu;

namespace archscape::widgets {
class ArchitectureCanvas;
class BreakdownChart;
class HardwarePanel;
class MappingInspector;
class ParetoChart;
class RooflineChart;
class WorkloadPanel;
} // namespace archscape::widgets

namespace archscape::app {

class Session;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(Session* session, QWidget* parent = nullptr);

    /// Opens a project, workload or accelerator file; on error shows a dialog (unless `quiet`,
    /// then only returns the message) and keeps the current state.
    bool openFile(const QString& path, QString* error = nullptr, bool quiet = false);
    bool saveProject(const QString& path, QString* error = nullptr);
    /// The project as it would be saved now.
    Project currentProject() const;
    /// Loads the default preset (ResNet-50 on Eyeriss).
    bool loadDefaultDesign(QString* error = nullptr);

    QUndoStack* undoStack() const { return m_undo; }
    widgets::HardwarePanel* hardwarePanel() const { return m_hardware; }
    widgets::ParetoChart* paretoChart() const { return m_pareto; }
    widgets::BreakdownChart* breakdownChart() const { return m_breakdown; }
    widgets::ArchitectureCanvas* canvas() const { return m_canvas; }
    const QString& projectPath() const { return m_projectPath; }

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void buildDocks();
    void buildMenus();
    void wireSession();
    void updateStatus();
    void updateTitle();
    void updateRecentMenu();
    void addRecentFile(const QString& path);
    bool maybeSave();
    void openDialog();
    bool saveAs();
    void exportReport();
    void applyProject(const Project& p);

    Session* m_session;
    QUndoStack* m_undo;
    widgets::HardwarePanel* m_hardware;
    widgets::WorkloadPanel* m_workload;
    widgets::ArchitectureCanvas* m_canvas;
    widgets::BreakdownChart* m_breakdown;
    widgets::RooflineChart* m_roofline;
    widgets::ParetoChart* m_pareto;
    widgets::MappingInspector* m_inspector;
    QMenu* m_viewMenu;
    QMenu* m_recentMenu;
    QLabel* m_totals;
    QProgressBar* m_progress;
    QPushButton* m_cancel;
    QString m_projectPath;
    QString m_projectName;
};

} // namespace archscape::app
