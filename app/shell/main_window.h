#pragma once
// Assembles the docks and menus and wires them to the Session; owns no logic of its own beyond
// file dialogs and the window state.
#include <QMainWindow>
#include <QString>

#include <functional>

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

    /// Makes Explore use a design space: a preset name of presets/spaces or a path, or "" for the
    /// sweep around the current accelerator. Undoable. On error shows a dialog (unless `quiet`) and
    /// keeps the current space.
    bool chooseDesignSpace(const QString& nameOrPath, QString* error = nullptr, bool quiet = false);
    /// Whether the project has changes not saved: an edit on the undo stack or explored designs.
    bool isModified() const;
    /// Replaces the Save/Discard/Cancel question asked before unsaved changes are lost (tests
    /// answer it without a modal loop).
    void setUnsavedChangesPrompt(std::function<int()> prompt) { m_prompt = std::move(prompt); }

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
    void updateSpaceMenu();
    void setNetworkUndoably(const workload::Network& net, const QString& what);

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
    QMenu* m_spaceMenu;
    std::function<int()> m_prompt;
    bool m_designsUnsaved = false; // explored designs since the last save or open
    QLabel* m_totals;
    QProgressBar* m_progress;
    QPushButton* m_cancel;
    QString m_projectPath;
    QString m_projectName;
};

} // namespace archscape::app
