#include "main_window.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QStatusBar>
#include <QTableView>
#include <QUndoStack>

#include "accelerator_edit_command.h"
#include "architecture_canvas.h"
#include "breakdown_chart.h"
#include "explore_space.h"
#include "format_text.h"
#include "hardware_panel.h"
#include "io/file_format.h"
#include "io/preset_catalog.h"
#include "mapping_inspector.h"
#include "pareto_chart.h"
#include "pareto_panel.h"
#include "presets.h"
#include "report_writer.h"
#include "roofline_chart.h"
#include "session.h"
#include "value_edit_command.h"
#include "workload_panel.h"

namespace archscape::app {

namespace {
constexpr int kMaxRecentFiles = 8;
const std::string kFileFilter = io::fileDialogFilter(); // every format of io/file_format.h's table
} // namespace

MainWindow::MainWindow(Session* session, QWidget* parent)
    : QMainWindow(parent), m_session(session), m_undo(new QUndoStack(this)) {
    setObjectName("MainWindow");
    setAcceptDrops(true);
    setDockNestingEnabled(true);
    buildDocks();
    buildMenus();
    wireSession();

    QSettings settings;
    if (!restoreGeometry(settings.value("window/geometry").toByteArray())) resize(1600, 1000);
    if (!restoreState(settings.value("window/state").toByteArray())) {
        // Default proportions (once the window has its size): room for the charts at the bottom.
        auto* workload = findChild<QDockWidget*>("WorkloadDock");
        auto* breakdown = findChild<QDockWidget*>("BreakdownDock");
        auto* pareto = findChild<QDockWidget*>("ParetoDock");
        resizeDocks({workload}, {330}, Qt::Vertical);
        resizeDocks({workload, breakdown}, {600, 1000}, Qt::Horizontal);
        resizeDocks({pareto}, {560}, Qt::Horizontal);
    }
    updateTitle();
    updateStatus();
}

void MainWindow::buildDocks() {
    m_canvas = new widgets::ArchitectureCanvas(m_session, this);
    setCentralWidget(m_canvas);

    auto dock = [this](QWidget* w, const QString& title, const QString& name, Qt::DockWidgetArea area) {
        auto* d = new QDockWidget(title, this);
        d->setObjectName(name); // restoreState() finds docks by name
        d->setWidget(w);
        addDockWidget(area, d);
        return d;
    };
    m_hardware = new widgets::HardwarePanel(m_session, this);
    auto* hardwareScroll = new QScrollArea(this);
    hardwareScroll->setWidget(m_hardware);
    hardwareScroll->setWidgetResizable(true);
    hardwareScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    hardwareScroll->setMinimumWidth(m_hardware->sizeHint().width() + 20);
    dock(hardwareScroll, tr("Hardware"), "HardwareDock", Qt::LeftDockWidgetArea);
    m_workload = new widgets::WorkloadPanel(m_session, this);
    auto* workloadDock = dock(m_workload, tr("Workload"), "WorkloadDock", Qt::BottomDockWidgetArea);
    m_breakdown = new widgets::BreakdownChart(this);
    auto* breakdownDock = dock(m_breakdown, tr("Per-layer breakdown"), "BreakdownDock", Qt::BottomDockWidgetArea);
    splitDockWidget(workloadDock, breakdownDock, Qt::Horizontal);
    auto* paretoPanel = new widgets::ParetoPanel(this);
    m_pareto = paretoPanel->chart();
    auto* paretoDock = dock(paretoPanel, tr("Pareto"), "ParetoDock", Qt::RightDockWidgetArea);
    m_roofline = new widgets::RooflineChart(this);
    auto* rooflineDock = dock(m_roofline, tr("Roofline"), "RooflineDock", Qt::RightDockWidgetArea);
    m_inspector = new widgets::MappingInspector(m_session, this);
    auto* inspectorDock = dock(m_inspector, tr("Mapping inspector"), "InspectorDock", Qt::RightDockWidgetArea);
    tabifyDockWidget(rooflineDock, inspectorDock);
    paretoDock->raise();
    rooflineDock->raise();

    connect(paretoPanel, &widgets::ParetoPanel::exploreRequested, m_session, &Session::startExploration);
    connect(paretoPanel, &widgets::ParetoPanel::cancelRequested, m_session, &Session::cancelExploration);
    auto paretoStatus = [this, paretoPanel] {
        const ExploreSettings& e = m_session->exploreSettings();
        const QString space = e.space ? qstr(e.space->space->name) : tr("sweep");
        paretoPanel->setStatus(tr("%1 (%2 points): %3 designs, %4 on the front")
                                   .arg(space)
                                   .arg(e.size())
                                   .arg(m_session->designs().size())
                                   .arg(m_pareto->front().size()),
                               m_session->exploring());
    };
    connect(m_session, &Session::exploreSettingsChanged, paretoPanel, paretoStatus);
    connect(m_session, &Session::designsChanged, paretoPanel, paretoStatus);
    connect(m_session, &Session::explorationFinished, paretoPanel, paretoStatus);
    connect(m_session, &Session::explorationProgress, paretoPanel, paretoStatus);

    m_totals = new QLabel(this);
    m_progress = new QProgressBar(this);
    m_progress->setMaximumWidth(240);
    m_progress->setVisible(false);
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->setVisible(false);
    statusBar()->addWidget(m_totals, 1);
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_cancel);
    connect(m_cancel, &QPushButton::clicked, m_session, &Session::cancelExploration);
}

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&New"), QKeySequence::New, this, [this] {
        if (maybeSave()) loadDefaultDesign();
    });
    file->addAction(tr("&Open…"), QKeySequence::Open, this, &MainWindow::openDialog);
    // Presets: a workload replaces the network, an accelerator is an (undoable) edit.
    for (const auto& [kind, title] : {std::pair{"workloads", tr("Open &Workload Preset")},
                                      std::pair{"accelerators", tr("Open &Accelerator Preset")}}) {
        QMenu* menu = file->addMenu(title);
        for (const std::string& name : io::listPresets(kind)) {
            const QString path = QString::fromStdString(presetPath(kind, name));
            menu->addAction(QString::fromStdString(name), this, [this, path] { openFile(path); });
        }
    }
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    file->addAction(tr("&Save"), QKeySequence::Save, this, [this] {
        if (m_projectPath.isEmpty()) saveAs();
        else saveProject(m_projectPath);
    });
    file->addAction(tr("Save &As…"), QKeySequence::SaveAs, this, &MainWindow::saveAs);
    file->addSeparator();
    file->addAction(tr("&Export Report…"), QKeySequence(tr("Ctrl+E")), this, &MainWindow::exportReport);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
    updateRecentMenu();

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    QAction* undo = m_undo->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    QAction* redo = m_undo->createRedoAction(this, tr("&Redo"));
    redo->setShortcut(QKeySequence::Redo);
    edit->addAction(undo);
    edit->addAction(redo);

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    for (QDockWidget* d : findChildren<QDockWidget*>()) m_viewMenu->addAction(d->toggleViewAction());

    QMenu* explore = menuBar()->addMenu(tr("E&xplore"));
    explore->addAction(tr("&Run Exploration"), QKeySequence(tr("Ctrl+R")), m_session, &Session::startExploration);
    explore->addAction(tr("&Cancel"), QKeySequence(tr("Esc")), m_session, &Session::cancelExploration);
    explore->addSeparator();
    m_spaceMenu = explore->addMenu(tr("Design &Space"));
    connect(m_spaceMenu, &QMenu::aboutToShow, this, &MainWindow::updateSpaceMenu);
    updateSpaceMenu();

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Archscape"), this, [this] {
        QMessageBox::about(this, tr("About Archscape"),
                           tr("<h3>Archscape %1</h3><p>Design-space explorer for DNN accelerators: tune the "
                              "hardware, browse Pareto fronts, inspect mappings, export reports.</p>")
                               .arg(QApplication::applicationVersion()));
    });
}

void MainWindow::wireSession() {
    // Accelerator edits from the panel and the canvas become undoable commands.
    connect(m_hardware, &widgets::HardwarePanel::acceleratorEdited, this,
            [this](const hardware::Accelerator& acc, const QString& what, int field) {
                m_undo->push(new AcceleratorEditCommand(m_session, m_session->accelerator(), acc, what, field));
            });
    connect(m_hardware, &widgets::HardwarePanel::mapperSettingsEdited, this, [this](const search::EvaluationPolicy& s) {
        if (s == m_session->mapperSettings()) return;
        m_undo->push(new ValueEditCommand<search::EvaluationPolicy>(
            m_session->mapperSettings(), s,
            [this](const search::EvaluationPolicy& v) { m_session->setMapperSettings(v); },
            tr("mapping %1").arg(QString::fromUtf8(toString(s.mode).data()))));
    });
    connect(m_canvas, &widgets::ArchitectureCanvas::peArrayResizeRequested, this, [this](int rows, int cols) {
        hardware::Accelerator acc = m_session->accelerator();
        acc.pe.rows = rows;
        acc.pe.cols = cols;
        m_undo->push(new AcceleratorEditCommand(m_session, m_session->accelerator(), acc,
                                                tr("PE array %1×%2").arg(rows).arg(cols), 0));
    });
    connect(m_canvas, &widgets::ArchitectureCanvas::levelDoubleClicked, this, [this](int level) {
        hardware::Accelerator acc = m_session->accelerator();
        auto& l = acc.levels[level];
        bool ok = false;
        const int bytes =
            QInputDialog::getInt(this, tr("Buffer size"), tr("%1 capacity (bytes):").arg(qstr(l.name)),
                                 int(std::min<std::int64_t>(l.capacity_bytes, 1 << 30)), 1, 1 << 30, 1, &ok);
        if (!ok || bytes == l.capacity_bytes) return;
        l.capacity_bytes = bytes;
        m_undo->push(new AcceleratorEditCommand(m_session, m_session->accelerator(), acc,
                                                tr("%1 capacity %2").arg(qstr(l.name), bytesText(bytes)), 0));
    });

    auto replotDesign = [this] {
        const auto& net = m_session->network();
        const auto& acc = m_session->accelerator();
        m_breakdown->setDesign(net, acc, m_session->result());
        m_breakdown->setSelectedLayer(m_session->selectedLayer());
        m_roofline->setDesign(net, acc, m_session->result());
        m_roofline->setSelectedLayer(m_session->selectedLayer());
        m_canvas->refresh();
        m_inspector->refresh();
        updateStatus();
    };
    connect(m_session, &Session::evaluated, this, replotDesign);
    connect(m_session, &Session::evaluationStarted, this, &MainWindow::updateStatus);
    connect(m_session, &Session::acceleratorChanged, m_hardware, &widgets::HardwarePanel::refresh);
    connect(m_session, &Session::mapperSettingsChanged, m_hardware, &widgets::HardwarePanel::refresh);
    connect(m_session, &Session::acceleratorChanged, this, &MainWindow::updateTitle);
    connect(m_session, &Session::layerSelected, this, [this](int layer) {
        m_breakdown->setSelectedLayer(layer);
        m_roofline->setSelectedLayer(layer);
        m_canvas->refresh();
        m_inspector->refresh();
    });
    connect(m_breakdown, &widgets::BreakdownChart::layerClicked, m_session, &Session::selectLayer);
    connect(m_roofline, &widgets::RooflineChart::layerClicked, m_session, &Session::selectLayer);
    connect(m_workload, &widgets::WorkloadPanel::openRequested, this, &MainWindow::openDialog);

    // Pareto: points stream in batches; a click makes a design current (undoably).
    connect(m_session, &Session::designsChanged, this,
            [this](int first) { m_pareto->setDesigns(&m_session->designs(), first); });
    connect(m_session, &Session::currentDesignChanged, m_pareto, &widgets::ParetoChart::setCurrentDesign);
    connect(m_pareto, &widgets::ParetoChart::designClicked, this, [this](int index) {
        const hardware::Accelerator& design = m_session->designs()[index].accelerator;
        m_undo->push(new AcceleratorEditCommand(m_session, m_session->accelerator(), design,
                                                tr("select design %1").arg(qstr(design.name)), 0));
        m_session->makeDesignCurrent(index); // also takes the design's mapper settings
    });
    connect(m_session, &Session::explorationProgress, this, [this](qint64 done, qint64 total) {
        m_progress->setVisible(true);
        m_cancel->setVisible(true);
        m_progress->setRange(0, int(total));
        m_progress->setValue(int(done));
        m_progress->setFormat(tr("exploring %v / %m"));
    });
    connect(m_session, &Session::explorationFinished, this, [this](bool cancelled) {
        m_designsUnsaved = m_designsUnsaved || !m_session->designs().empty();
        updateTitle();
        m_progress->setVisible(false);
        m_cancel->setVisible(false);
        statusBar()->showMessage(cancelled ? tr("Exploration cancelled") : tr("Exploration finished"), 4000);
    });
    connect(m_session, &Session::errorOccurred, this,
            [this](const QString& message) { QMessageBox::warning(this, tr("Archscape"), message); });
    connect(m_undo, &QUndoStack::cleanChanged, this, &MainWindow::updateTitle);
}

void MainWindow::updateSpaceMenu() {
    // Rebuilt on every show: the checked entry follows undo and opened projects.
    m_spaceMenu->clear();
    auto* group = new QActionGroup(m_spaceMenu);
    const SpaceChoice* current = m_session->exploreSettings().space.get();
    auto add = [&](const QString& text, const QString& source, bool checked) {
        QAction* a = m_spaceMenu->addAction(text, this, [this, source] { chooseDesignSpace(source); });
        a->setCheckable(true);
        a->setChecked(checked);
        group->addAction(a);
    };
    add(tr("Sweep Around the Current Accelerator"), QString(), !current);
    m_spaceMenu->addSeparator();
    bool listed = false;
    for (const std::string& name : io::listPresets("spaces")) {
        add(QString::fromStdString(name), QString::fromStdString(name), current && current->source == name);
        listed |= current && current->source == name;
    }
    if (current && !listed) add(QFileInfo(qstr(current->source)).fileName(), qstr(current->source), true);
    m_spaceMenu->addSeparator();
    m_spaceMenu->addAction(tr("&Open Design Space…"), this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open design space"), {},
                                                          tr("Design spaces (*.json);;All files (*)"));
        if (!path.isEmpty()) chooseDesignSpace(path);
    });
}

bool MainWindow::chooseDesignSpace(const QString& nameOrPath, QString* error, bool quiet) {
    ExploreSettings settings = m_session->exploreSettings();
    if (nameOrPath.isEmpty()) {
        settings.space.reset();
    } else {
        auto choice = loadSpaceChoice(nameOrPath.toStdString());
        if (!choice.ok()) {
            const QString message = QString::fromStdString(formatDiagnostics(nameOrPath.toStdString(), choice.errors));
            if (error) *error = message;
            if (!quiet) QMessageBox::critical(this, tr("Cannot open design space"), message);
            return false;
        }
        settings.space = std::make_shared<const SpaceChoice>(std::move(*choice.value));
    }
    const QString what = settings.space ? tr("design space %1").arg(qstr(settings.space->space->name))
                                        : tr("sweep around the accelerator");
    m_undo->push(new ValueEditCommand<ExploreSettings>(
        m_session->exploreSettings(), settings, [this](const ExploreSettings& s) { m_session->setExploreSettings(s); },
        what));
    return true;
}

void MainWindow::setNetworkUndoably(const workload::Network& net, const QString& what) {
    m_undo->push(new ValueEditCommand<workload::Network>(
        m_session->workload(), net, [this](const workload::Network& n) { m_session->setNetwork(n); }, what));
}

bool MainWindow::isModified() const { return !m_undo->isClean() || m_designsUnsaved; }

void MainWindow::updateStatus() {
    const model::NetworkCost* cost = m_session->result();
    if (!cost) {
        m_totals->setText(m_session->evaluationPending() ? tr("Evaluating…") : tr("No design"));
        return;
    }
    const double clock = m_session->accelerator().clock_mhz;
    QString text =
        tr("Latency %1 (%2 cycles) · Energy %3 · Area %4 mm² · Power %5")
            .arg(secondsText(cost->latencySeconds(clock)), siText(cost->cycles), siText(cost->energy_pj * 1e-12, "J"))
            .arg(cost->area_um2 * 1e-6, 0, 'f', 2)
            .arg(siText(cost->cycles > 0 ? cost->energy_pj * 1e-12 / cost->latencySeconds(clock) : 0, "W"));
    if (cost->unmapped > 0) text += tr(" · <b style='color:#c00'>%1 layers unmapped</b>").arg(cost->unmapped);
    text += tr(" · evaluated in %1 ms").arg(m_session->lastEvaluationMs(), 0, 'f', 1);
    if (m_session->evaluationPending()) text += tr(" · updating…");
    m_totals->setText(text);
}

void MainWindow::updateTitle() {
    const QString name = m_projectName.isEmpty() ? qstr(m_session->accelerator().name) : m_projectName;
    setWindowTitle(tr("%1%2 — %3 — Archscape").arg(name, isModified() ? "*" : "", qstr(m_session->network().name)));
}

Project MainWindow::currentProject() const {
    Project p;
    p.name = (m_projectName.isEmpty() ? qstr(m_session->accelerator().name) : m_projectName).toStdString();
    p.network = m_session->workload();
    p.accelerator = m_session->accelerator();
    p.mapper = m_session->mapperSettings();
    p.explore = m_session->exploreSettings();
    p.designs = m_session->designs();
    p.current_design = m_session->currentDesign();
    p.selected_layer = m_session->selectedLayer();
    return p;
}

void MainWindow::applyProject(const Project& p) {
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
}

bool MainWindow::openFile(const QString& path, QString* error, bool quiet) {
    const auto r = readAnyFile(path.toStdString());
    if (!r.ok()) {
        const QString message = QString::fromStdString(formatDiagnostics(path.toStdString(), r.errors));
        if (error) *error = message;
        if (!quiet) QMessageBox::critical(this, tr("Cannot open %1").arg(QFileInfo(path).fileName()), message);
        return false;
    }
    const OpenedFile& f = *r.value;
    switch (f.kind) {
    case OpenedFile::Kind::Project:
        if (!quiet && !maybeSave()) return false;
        applyProject(f.project);
        m_projectPath = path;
        break;
    case OpenedFile::Kind::Workload:
        setNetworkUndoably(f.project.network, tr("open %1").arg(QFileInfo(path).fileName()));
        break;
    case OpenedFile::Kind::Accelerator:
        m_undo->push(new AcceleratorEditCommand(m_session, m_session->accelerator(), f.project.accelerator,
                                                tr("open %1").arg(QFileInfo(path).fileName()), 0));
        break;
    }
    addRecentFile(path);
    updateTitle();
    return true;
}

bool MainWindow::loadDefaultDesign(QString* error) {
    const auto preset = loadDefaultPreset();
    if (!preset.ok()) {
        const QString message = QString::fromStdString(formatDiagnostics("default preset", preset.errors));
        if (error) *error = message;
        return false;
    }
    applyProject(*preset.value);
    m_projectPath.clear();
    m_projectName.clear();
    updateTitle();
    return true;
}

bool MainWindow::saveProject(const QString& path, QString* error) {
    std::string why;
    if (!writeProjectFile(path.toStdString(), currentProject(), &why)) {
        const QString message = tr("Cannot save %1: %2").arg(path, QString::fromStdString(why));
        if (error) *error = message;
        else QMessageBox::critical(this, tr("Save failed"), message);
        return false;
    }
    m_projectPath = path;
    if (m_projectName.isEmpty()) m_projectName = QFileInfo(path).completeBaseName();
    m_undo->setClean();
    m_designsUnsaved = false;
    addRecentFile(path);
    updateTitle();
    return true;
}

void MainWindow::openDialog() {
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Open project, workload or accelerator"), {}, tr(kFileFilter.c_str()));
    if (!path.isEmpty()) openFile(path);
}

bool MainWindow::saveAs() {
    QString path =
        QFileDialog::getSaveFileName(this, tr("Save project"), m_projectPath, tr("Archscape projects (*.json)"));
    if (path.isEmpty()) return false;
    if (QFileInfo(path).suffix().isEmpty()) path += ".json";
    return saveProject(path);
}

void MainWindow::exportReport() {
    QString path = QFileDialog::getSaveFileName(this, tr("Export report"), {}, tr("PDF (*.pdf)"));
    if (path.isEmpty()) return;
    if (QFileInfo(path).suffix().isEmpty()) path += ".pdf";
    const Project p = currentProject();
    QString error;
    if (!widgets::writeReport(path, p, m_session->result(), &error))
        QMessageBox::critical(this, tr("Export failed"), error);
    else statusBar()->showMessage(tr("Report written to %1").arg(path), 5000);
}

bool MainWindow::maybeSave() {
    if (!isModified()) return true;
    const auto answer =
        m_prompt ? QMessageBox::StandardButton(m_prompt())
                 : QMessageBox::question(this, tr("Unsaved changes"), tr("The project has unsaved changes. Save them?"),
                                         QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel);
    if (answer == QMessageBox::Cancel) return false;
    if (answer == QMessageBox::Discard) return true;
    return m_projectPath.isEmpty() ? saveAs() : saveProject(m_projectPath);
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (!maybeSave()) {
        event->ignore();
        return;
    }
    QSettings settings;
    settings.setValue("window/geometry", saveGeometry());
    settings.setValue("window/state", saveState());
    m_session->cancelExploration();
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    for (const QUrl& url : event->mimeData()->urls())
        if (url.isLocalFile()) openFile(url.toLocalFile());
}

void MainWindow::addRecentFile(const QString& path) {
    QSettings settings;
    QStringList files = settings.value("recentFiles").toStringList();
    const QString absolute = QFileInfo(path).absoluteFilePath();
    files.removeAll(absolute);
    files.prepend(absolute);
    while (files.size() > kMaxRecentFiles) files.removeLast();
    settings.setValue("recentFiles", files);
    updateRecentMenu();
}

void MainWindow::updateRecentMenu() {
    m_recentMenu->clear();
    const QStringList files = QSettings().value("recentFiles").toStringList();
    for (const QString& f : files) m_recentMenu->addAction(QFileInfo(f).fileName(), this, [this, f] { openFile(f); });
    m_recentMenu->setEnabled(!files.isEmpty());
}

} // namespace archscape::app
