#pragma once
// The system side of the window (issue 12): it owns the SystemSession and the system views — the
// system canvas (in the centre while a system is open), the Schedule dock (Gantt chart and the
// inspector of the clicked layer on its unit) and the System Pareto dock — builds the System menu,
// opens system and mix files (File → Open hands them over), and turns the views' intents into
// undoable edits (a re-split, another scheduler, a picked explored system) or SystemSession calls.
#include <QObject>
#include <QString>

#include <memory>
#include <optional>

#include "system_snapshot.h"

class QDockWidget;
class QLabel;
class QMainWindow;
class QMenu;
class QStackedWidget;
class QUndoStack;

namespace archscape::search {
struct SystemSpace;
}

namespace archscape::widgets {
class GanttChart;
class MappingInspector;
class ParetoChart;
class ParetoPanel;
class SystemCanvas;
} // namespace archscape::widgets

namespace archscape::app {

class Session;
class SystemSession;
struct SystemState;

class SystemController : public QObject {
    Q_OBJECT
public:
    /// Adds the docks to `window` and the system canvas to `centre` (the stack that holds the
    /// architecture canvas); `session` gives the workload a system opened without a mix runs.
    SystemController(QMainWindow* window, QStackedWidget* centre, QUndoStack* undo, Session* session);
    ~SystemController() override;

    SystemSession* session() const { return m_systems; }
    widgets::SystemCanvas* canvas() const { return m_canvas; }
    widgets::GanttChart* gantt() const { return m_gantt; }
    widgets::MappingInspector* inspector() const { return m_inspector; }
    /// The line above the inspector: the clicked layer and its unit.
    QString inspectorTitle() const;
    widgets::ParetoPanel* paretoPanel() const { return m_paretoPanel; }
    widgets::ParetoChart* paretoChart() const;
    QDockWidget* scheduleDock() const { return m_scheduleDock; }
    QDockWidget* paretoDock() const { return m_paretoDock; }
    /// The status-bar text of the schedule ("" without a system).
    QString statusText() const;
    /// Shows the mode's centre (system canvas or accelerator canvas) and the system docks only while
    /// they have something to show; MainWindow calls it after restoring or resetting the layout.
    void updateMode();

    /// Fills the System menu.
    void buildMenu(QMenu* menu);
    /// Opens an archscape/system or archscape/workload-mix file (undoably); nullopt when the file is
    /// neither (the project controller then reads it), else whether it opened. On error shows a
    /// dialog unless `quiet`.
    std::optional<bool> openFile(const QString& path, QString* error = nullptr, bool quiet = false);
    /// Opens a system or mix by preset name or path (`kind`: "systems" or "mixes").
    bool open(const QString& kind, const QString& nameOrPath, QString* error = nullptr, bool quiet = false);
    /// Closes the system (undoably): the window shows the single accelerator again.
    void closeSystem();
    /// Closes the system, the mix and the explored systems, not undoably (a project replaced the
    /// design and its undo history).
    void reset();
    /// Chooses the system space Explore uses in the System Pareto dock (preset name or path).
    bool chooseSpace(const QString& nameOrPath, QString* error = nullptr, bool quiet = false);
    /// Explores the chosen space (the first system-space preset if none was chosen) on the mix.
    void startExploration();
    /// The snapshot the report's schedule section draws; nullopt without a schedule.
    std::optional<widgets::SystemSnapshot> reportSnapshot() const;

private:
    void wire();
    /// Builds a snapshot with the parts `changed` and shows it in every system view.
    void push(std::uint32_t changed, int designsFirst = 0);
    void showLayerResult();
    void updateStatus();
    void pushState(const SystemState& after, const QString& text);

    QMainWindow* m_window;
    QStackedWidget* m_centre;
    QUndoStack* m_undo;
    Session* m_session;
    SystemSession* m_systems;
    widgets::SystemCanvas* m_canvas;
    widgets::GanttChart* m_gantt;
    widgets::MappingInspector* m_inspector;
    widgets::ParetoPanel* m_paretoPanel;
    QDockWidget* m_scheduleDock;
    QDockWidget* m_paretoDock;
    QLabel* m_status;
    QLabel* m_inspectorTitle;
    QMenu* m_schedulerMenu = nullptr;
    std::shared_ptr<const search::SystemSpace> m_space; // what Explore in the System Pareto dock runs
    QString m_spaceSource;
};

} // namespace archscape::app
