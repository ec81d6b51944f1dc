#pragma once
// Assembles the docks and menus and wires them: views' intents (edits, clicks) go to the Session
// through the undo stack, and after every change of the Session one DesignSnapshot goes to every
// view. The document side (new, open, save, recent files) is the ProjectController's.
#include <QMainWindow>
#include <QString>

#include <vector>

#include "design_snapshot.h"

class QAction;
class QLabel;
class QProgressBar;
class QPushButton;
class QUndoStack;
class QMenu;
class QTextBrowser;

namespace archscape::widgets {
class ArchitectureCanvas;
class BreakdownChart;
class DesignView;
class HardwarePanel;
class MappingInspector;
class ParetoChart;
class PartitionView;
class RooflineChart;
class WorkloadPanel;
} // namespace archscape::widgets

namespace archscape::app {

class ProjectController;
class Session;
class SystemController;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(Session* session, QWidget* parent = nullptr);
    /// Cuts the Session and the project controller off from the window and its parts, and destroys
    /// the undo stack (whose destructor emits cleanChanged), while the window is still whole (issue 18:
    /// signals used to reach MainWindow slots while ~QWidget deleted the children).
    ~MainWindow() override;

    /// New, open, save, export and the unsaved-changes question.
    ProjectController* project() const { return m_project; }
    /// The system side: systems, workload mixes, schedules (issue 12).
    SystemController* systems() const { return m_systems; }

    /// Makes Explore use a design space: a preset name of presets/spaces or a path, or "" for the
    /// sweep around the current accelerator. Undoable. On error shows a dialog (unless `quiet`) and
    /// keeps the current space.
    bool chooseDesignSpace(const QString& nameOrPath, QString* error = nullptr, bool quiet = false);

    QUndoStack* undoStack() const { return m_undo; }
    widgets::HardwarePanel* hardwarePanel() const { return m_hardware; }
    widgets::ParetoChart* paretoChart() const { return m_pareto; }
    widgets::BreakdownChart* breakdownChart() const { return m_breakdown; }
    widgets::ArchitectureCanvas* canvas() const { return m_canvas; }
    /// The device view: the workload partitioned over a device set (Explore → Partition Across Devices).
    widgets::PartitionView* partitionView() const { return m_partitionView; }
    /// Partitions the workload over the devices of an `archscape/devices` file (a path or a preset name
    /// of presets/devices) for latency or throughput in the background; the device view shows the
    /// result. On a bad file shows its problems (unless `quiet`) and returns false.
    bool partitionWorkload(const QString& devicesFileOrPreset, QString* error = nullptr, bool quiet = false,
                           bool throughput = false);
    /// The help viewer (F1), null until first opened.
    QTextBrowser* helpViewer() const { return m_help; }
    /// Opens the user manual (resources/help/index.html) in the help viewer.
    void showHelp();
    /// Lists every menu action that has a shortcut, in a dialog.
    void showShortcuts();
    /// The text showShortcuts() lists: "Ctrl+S\tSave", one line per action.
    QString shortcutList() const;
    /// Shows every dock again in its default place and size (View > Reset Layout).
    void resetLayout();

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void buildDocks();
    void buildMenus();
    void wireIntents();
    void wireSession();
    /// Builds a snapshot of the Session with the changed parts `changed` and shows it in every view.
    void pushDesign(std::uint32_t changed, int designsFirst = 0);
    void updateStatus();
    void updateTitle();
    void updateSpaceMenu();
    void buildImportMenu(QMenu* menu);
    /// First size: the default where the screen has room for it, else the screen's free area.
    void fitToScreen();
    void applyDefaultDockSizes();

    Session* m_session;
    QUndoStack* m_undo;
    ProjectController* m_project;
    SystemController* m_systems = nullptr;
    widgets::HardwarePanel* m_hardware;
    widgets::WorkloadPanel* m_workload;
    widgets::ArchitectureCanvas* m_canvas;
    widgets::BreakdownChart* m_breakdown;
    widgets::RooflineChart* m_roofline;
    widgets::ParetoChart* m_pareto;
    widgets::MappingInspector* m_inspector;
    widgets::PartitionView* m_partitionView;
    std::vector<widgets::DesignView*> m_views; // every view the snapshots go to
    std::uint64_t m_pushes = 0;                // snapshots pushed (a push inside a push shows as a change)
    QMenu* m_viewMenu;
    QMenu* m_spaceMenu;
    QTextBrowser* m_help = nullptr;
    QLabel* m_totals;
    QProgressBar* m_progress;
    QPushButton* m_cancel;
    QAction* m_cancelAction = nullptr;
    QByteArray m_defaultLayout; // dock state as built, for View > Reset Layout
};

} // namespace archscape::app
