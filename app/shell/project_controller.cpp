#include "project_controller.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QSettings>
#include <QUndoStack>

#include <algorithm>

#include "accelerator_edit_command.h"
#include "format_text.h"
#include "io/explore_stream.h"
#include "io/file_format.h"
#include "presets.h"
#include "report_writer.h"
#include "session.h"
#include "value_edit_command.h"

namespace archscape::app {

namespace {
constexpr int kMaxRecentFiles = 8;
// Every format of io/file_format.h's table, and the explore results of archscape-cli explore (read
// into the Pareto chart). The table has no row for .jsonl streams (a stream is not one document), so
// the first filter, all readable files, gets their extension here.
std::string fileFilter() {
    std::string filter = io::fileDialogFilter();
    filter.insert(filter.find(')'), " *.jsonl");
    return filter + ";;Explore results (*.json *.jsonl)";
}
const std::string kFileFilter = fileFilter();

/// Whether `path` holds an accelerator explore result: a stream, or a document by its content.
bool isExploreResult(const std::string& path) {
    if (io::isExploreStream(path)) return true;
    const auto d = io::detect(path);
    return d.ok() && d.value->by_content &&
           std::find(d.value->formats.begin(), d.value->formats.end(), io::FileFormatId::ArchscapeExploreResult) !=
               d.value->formats.end();
}
} // namespace

ProjectController::ProjectController(Session* session, QUndoStack* undo, QWidget* dialogParent)
    : QObject(dialogParent), m_session(session), m_undo(undo), m_dialogParent(dialogParent) {
    connect(m_session, &Session::explorationFinished, this, [this] {
        m_designsUnsaved = m_designsUnsaved || !m_session->designs().empty();
        Q_EMIT documentChanged();
    });
    connect(m_undo, &QUndoStack::cleanChanged, this, &ProjectController::documentChanged);
    // An explore result read in the background: listed as recent once read, its error as any file's.
    connect(m_session, &Session::resultOpened, this, [this](const QString& path, const QString& summary) {
        addRecentFile(path);
        Q_EMIT statusMessage(summary, 0);
    });
    connect(m_session, &Session::resultOpenFailed, this,
            [this](const QString& path, const QString& message) { showOpenError(path, message, m_quietResult); });
}

void ProjectController::showOpenError(const QString& path, const QString& message, bool quiet) {
    if (!quiet) QMessageBox::critical(m_dialogParent, tr("Cannot open %1").arg(QFileInfo(path).fileName()), message);
    Q_EMIT openFailed(path, message);
}

QString ProjectController::displayName() const {
    return QString::fromStdString(
        projectTitle(m_projectName.toStdString(), m_projectPath.toStdString(), m_session->accelerator().name));
}

bool ProjectController::isModified() const { return !m_undo->isClean() || m_designsUnsaved; }

Project ProjectController::currentProject() const {
    Project p;
    p.name = displayName().toStdString();
    p.network = m_session->workload();
    p.accelerator = m_session->accelerator();
    p.mapper = m_session->mapperSettings();
    p.explore = m_session->exploreSettings();
    p.designs = m_session->designs();
    p.current_design = m_session->currentDesign();
    p.selected_layer = m_session->selectedLayer();
    return p;
}

void ProjectController::applyProject(const Project& p) {
    m_session->cancelExploration();
    m_session->setNetwork(p.network);
    m_session->setMapperSettings(p.mapper);
    m_session->setExploreSettings(p.explore);
    m_session->setAccelerator(p.accelerator);
    m_session->setDesigns(p.designs);
    if (p.current_design >= 0) m_session->makeDesignCurrent(p.current_design);
    if (p.selected_layer >= 0) m_session->selectLayer(p.selected_layer);
    m_projectName = QString::fromStdString(p.name);
    m_undo->clear();
    m_designsUnsaved = false;
    Q_EMIT projectApplied();
}

bool ProjectController::openFile(const QString& path, QString* error, bool quiet) {
    if (const std::optional<bool> other = m_fileOpener ? m_fileOpener(path, error, quiet) : std::nullopt) {
        if (*other) addRecentFile(path);
        return *other;
    }
    if (isExploreResult(path.toStdString())) {
        m_quietResult = quiet;
        m_session->openExploreResult(path);
        return true;
    }
    const auto r = readAnyFile(path.toStdString());
    if (!r.ok()) {
        const QString message = QString::fromStdString(formatDiagnostics(path.toStdString(), r.errors));
        if (error) *error = message;
        showOpenError(path, message, quiet);
        return false;
    }
    const OpenedFile& f = *r.value;
    const QString what = tr("open %1").arg(QFileInfo(path).fileName());
    switch (f.kind) {
    case OpenedFile::Kind::Project:
        if (!quiet && !maybeSave()) return false;
        applyProject(f.project);
        m_projectPath = path;
        break;
    case OpenedFile::Kind::Workload:
        m_undo->push(new ValueEditCommand<workload::Network>(
            m_session->workload(), f.project.network, [this](const workload::Network& n) { m_session->setNetwork(n); },
            what));
        break;
    case OpenedFile::Kind::Accelerator:
        m_undo->push(new AcceleratorEditCommand(m_session, m_session->accelerator(), f.project.accelerator, what,
                                                AcceleratorEditCommand::kNoMerge));
        break;
    }
    addRecentFile(path);
    Q_EMIT documentChanged();
    return true;
}

bool ProjectController::loadDefaultDesign(QString* error) {
    const auto preset = loadDefaultPreset();
    if (!preset.ok()) {
        const QString message = QString::fromStdString(formatDiagnostics("default preset", preset.errors));
        if (error) *error = message;
        return false;
    }
    applyProject(*preset.value);
    m_projectPath.clear();
    m_projectName.clear();
    Q_EMIT documentChanged();
    return true;
}

bool ProjectController::saveProject(const QString& path, QString* error) {
    std::string why;
    // An unnamed project is named after the file it is saved as, in the file too: the window, the
    // GUI's report and `archscape-cli report` of that file then carry one title (issue 15).
    Project p = currentProject();
    if (m_projectName.isEmpty()) p.name = projectTitle({}, path.toStdString(), p.accelerator.name);
    if (!writeProjectFile(path.toStdString(), p, &why)) {
        const QString message = tr("Cannot save %1: %2").arg(path, QString::fromStdString(why));
        if (error) *error = message;
        else QMessageBox::critical(m_dialogParent, tr("Save failed"), message);
        return false;
    }
    m_projectPath = path;
    m_projectName = QString::fromStdString(p.name);
    m_undo->setClean();
    m_designsUnsaved = false;
    addRecentFile(path);
    Q_EMIT documentChanged();
    return true;
}

void ProjectController::newProject() {
    if (maybeSave()) loadDefaultDesign();
}

void ProjectController::openDialog() {
    const QString path = QFileDialog::getOpenFileName(
        m_dialogParent, tr("Open project, workload, accelerator or explore result"), {}, tr(kFileFilter.c_str()));
    if (!path.isEmpty()) openFile(path);
}

void ProjectController::save() {
    if (m_projectPath.isEmpty()) saveAs();
    else saveProject(m_projectPath);
}

bool ProjectController::saveAs() {
    QString path = QFileDialog::getSaveFileName(m_dialogParent, tr("Save project"), m_projectPath,
                                                tr("Archscape projects (*.json)"));
    if (path.isEmpty()) return false;
    if (QFileInfo(path).suffix().isEmpty()) path += ".json";
    return saveProject(path);
}

void ProjectController::exportReport() {
    QString path = QFileDialog::getSaveFileName(m_dialogParent, tr("Export report"), {}, tr("PDF (*.pdf)"));
    if (path.isEmpty()) return;
    if (QFileInfo(path).suffix().isEmpty()) path += ".pdf";
    const Project p = currentProject();
    QString error;
    const auto schedule = m_systemReport ? m_systemReport() : std::nullopt;
    // The open system's schedule and a partition of the workload over devices each get their page.
    if (!writeReport(path, p, m_session->result(), &error,
                     {.schedule = schedule ? &*schedule : nullptr, .partition = m_session->partition().get()}))
        QMessageBox::critical(m_dialogParent, tr("Export failed"), error);
    else Q_EMIT statusMessage(tr("Report written to %1").arg(path), 5000);
}

bool ProjectController::maybeSave() {
    if (!isModified()) return true;
    const auto answer = m_prompt
                            ? QMessageBox::StandardButton(m_prompt())
                            : QMessageBox::question(m_dialogParent, tr("Unsaved changes"),
                                                    tr("The project has unsaved changes. Save them?"),
                                                    QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel);
    if (answer == QMessageBox::Cancel) return false;
    if (answer == QMessageBox::Discard) return true;
    return m_projectPath.isEmpty() ? saveAs() : saveProject(m_projectPath);
}

void ProjectController::setRecentMenu(QMenu* menu) {
    m_recentMenu = menu;
    updateRecentMenu();
}

void ProjectController::addRecentFile(const QString& path) {
    QSettings settings;
    QStringList files = settings.value("recentFiles").toStringList();
    const QString absolute = QFileInfo(path).absoluteFilePath();
    files.removeAll(absolute);
    files.prepend(absolute);
    while (files.size() > kMaxRecentFiles) files.removeLast();
    settings.setValue("recentFiles", files);
    updateRecentMenu();
}

void ProjectController::updateRecentMenu() {
    if (!m_recentMenu) return;
    m_recentMenu->clear();
    const QStringList files = QSettings().value("recentFiles").toStringList();
    for (const QString& f : files) m_recentMenu->addAction(QFileInfo(f).fileName(), this, [this, f] { openFile(f); });
    m_recentMenu->setEnabled(!files.isEmpty());
}

} // namespace archscape::app
