#pragma once
// The document side of the window: new, open, save, import, export, recent files and the question
// asked before unsaved changes are lost. It knows the file formats through the project document
// (app/session/project.h) and the Session it loads them into; the window only calls it.
#include <QObject>
#include <QString>

#include <functional>
#include <optional>

#include "project.h"
#include "system_snapshot.h"

class QMenu;
class QUndoStack;
class QWidget;

namespace archscape::app {

class Session;

class ProjectController : public QObject {
    Q_OBJECT
public:
    /// `dialogParent` parents the file dialogs and message boxes; `undo` records workload and
    /// accelerator files opened into the current project.
    ProjectController(Session* session, QUndoStack* undo, QWidget* dialogParent);

    /// Opens a project, workload or accelerator file; on error shows a dialog (unless `quiet`,
    /// then only returns the message) and keeps the current state. An explore result (document or
    /// .jsonl stream) is read in the background (Session::openExploreResult): true means the read
    /// started; its error comes later, in the same dialog (unless `quiet`) and in openFailed().
    bool openFile(const QString& path, QString* error = nullptr, bool quiet = false);
    bool saveProject(const QString& path, QString* error = nullptr);
    /// The project as it would be saved now.
    Project currentProject() const;
    /// Loads the default preset (ResNet-50 on Eyeriss).
    bool loadDefaultDesign(QString* error = nullptr);
    /// Whether the project has changes not saved: an edit on the undo stack or explored designs.
    bool isModified() const;
    /// Asks Save/Discard/Cancel when modified; false when the user cancelled (or saving failed).
    bool maybeSave();
    /// Replaces the Save/Discard/Cancel question asked before unsaved changes are lost (tests
    /// answer it without a modal loop).
    void setUnsavedChangesPrompt(std::function<int()> prompt) { m_prompt = std::move(prompt); }
    const QString& projectPath() const { return m_projectPath; }
    /// The name the title shows: the project's, else the accelerator's.
    QString displayName() const;
    /// Another reader openFile() asks first (the system side: systems and workload mixes); it returns
    /// nullopt for files it does not hold, else whether it opened the file.
    using FileOpener = std::function<std::optional<bool>(const QString& path, QString* error, bool quiet)>;
    void setFileOpener(FileOpener opener) { m_fileOpener = std::move(opener); }
    /// The schedule the exported report adds a section for (nullopt: none).
    using SystemReport = std::function<std::optional<widgets::SystemSnapshot>()>;
    void setSystemReport(SystemReport report) { m_systemReport = std::move(report); }
    /// The menu that lists recent files; the controller fills it.
    void setRecentMenu(QMenu* menu);

public Q_SLOTS:
    void newProject();
    void openDialog();
    void save();
    bool saveAs();
    void exportReport();

Q_SIGNALS:
    /// The name, the path or the modified state changed: the window retitles.
    void documentChanged();
    /// A project replaced the design (New, opening a project): the undo history is gone.
    void projectApplied();
    /// A transient message for the status bar.
    void statusMessage(const QString& text, int timeoutMs);
    /// An explore result openFile() started could not be read (the message as the dialog's).
    void openFailed(const QString& path, const QString& message);

private:
    void applyProject(const Project& p);
    void addRecentFile(const QString& path);
    void updateRecentMenu();
    void showOpenError(const QString& path, const QString& message, bool quiet);

    Session* m_session;
    QUndoStack* m_undo;
    QWidget* m_dialogParent;
    QMenu* m_recentMenu = nullptr;
    std::function<int()> m_prompt;
    FileOpener m_fileOpener;
    SystemReport m_systemReport;
    bool m_designsUnsaved = false; // explored designs since the last save or open
    bool m_quietResult = false;    // the explore result being read was opened quietly
    QString m_projectPath;
    QString m_projectName;
};

} // namespace archscape::app
