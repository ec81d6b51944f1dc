#include "main_window.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QIcon>
#include <QInputDialog>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QScreen>
#include <QScrollArea>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTextBrowser>
#include <QUndoStack>

#include "accelerator_edit_command.h"
#include "accelerator_field.h"
#include "architecture_canvas.h"
#include "breakdown_chart.h"
#include "common/presets_directory.h"
#include "design_view.h"
#include "explore_space.h"
#include "format_text.h"
#include "hardware_panel.h"
#include "io/file_format.h"
#include "io/preset_catalog.h"
#include "mapping_inspector.h"
#include "pareto_chart.h"
#include "pareto_panel.h"
#include "partition_view.h"
#include "presets.h"
#include "project_controller.h"
#include "roofline_chart.h"
#include "session.h"
#include "system_controller.h"
#include "system_session.h"
#include "value_edit_command.h"
#include "workload_panel.h"

// Q_INIT_RESOURCE must run at global scope; the resources live in the static shell library, whose
// unreferenced rcc object the linker would otherwise drop.
static void initResources() { Q_INIT_RESOURCE(archscape); }

namespace archscape::app {

using widgets::AcceleratorField;
using widgets::DesignSnapshot;

MainWindow::MainWindow(Session* session, QWidget* parent)
    : QMainWindow(parent), m_session(session), m_undo(new QUndoStack(this)) {
    initResources();
    setObjectName("MainWindow");
    setWindowIcon(QIcon(QStringLiteral(":/icons/archscape.svg")));
    setAcceptDrops(true);
    setDockNestingEnabled(true);
    m_project = new ProjectController(m_session, m_undo, this);
    buildDocks();
    buildMenus();
    wireIntents();
    wireSession();
    pushDesign(DesignSnapshot::Everything);

    QSettings settings;
    m_defaultLayout = saveState();
    // A geometry saved on a larger screen does not fit this one: fit it again.
    const QRect free = screen() ? screen()->availableGeometry() : QRect();
    if (!restoreGeometry(settings.value("window/geometry").toByteArray()) ||
        (free.isValid() && (width() > free.width() || height() > free.height())))
        fitToScreen();
    if (!restoreState(settings.value("window/state").toByteArray())) applyDefaultDockSizes();
    m_systems->updateMode(); // a saved layout may hold the system docks of an earlier session
    updateTitle();
    updateStatus();
}

void MainWindow::fitToScreen() {
    // 1600 x 1000 where it fits, else 92 % of the screen's free area (a 1366 x 768 laptop keeps
    // Explore, the charts' right side and the status bar on screen).
    const QScreen* s = screen() ? screen() : QGuiApplication::primaryScreen();
    const QRect free = s ? s->availableGeometry() : QRect(0, 0, 1600, 1000);
    const QSize size = QSize(1600, 1000).boundedTo(free.size() * 0.92);
    resize(size);
    move(free.center() - QPoint(size.width() / 2, size.height() / 2));
}

void MainWindow::applyDefaultDockSizes() {
    // Proportions of the window's size: room for the charts at the bottom and on the right.
    auto* workload = findChild<QDockWidget*>("WorkloadDock");
    auto* breakdown = findChild<QDockWidget*>("BreakdownDock");
    auto* pareto = findChild<QDockWidget*>("ParetoDock");
    resizeDocks({workload}, {height() / 3}, Qt::Vertical);
    resizeDocks({workload, breakdown}, {width() * 3 / 8, width() * 5 / 8}, Qt::Horizontal);
    resizeDocks({pareto}, {width() * 7 / 20}, Qt::Horizontal);
    // The Pareto chart above the roofline and inspector tabs, half of the right column each.
    auto* roofline = findChild<QDockWidget*>("RooflineDock");
    resizeDocks({pareto, roofline}, {height() / 3, height() / 3}, Qt::Vertical);
}

void MainWindow::resetLayout() {
    restoreState(m_defaultLayout);
    for (QDockWidget* d : findChildren<QDockWidget*>()) d->setVisible(true);
    m_systems->updateMode();
    applyDefaultDockSizes();
}

MainWindow::~MainWindow() {
    // Connections whose receiver or context is this window (or one of its children) live until
    // ~QObject, but ~QWidget deletes the children first, with this object already a plain QWidget:
    // a signal that arrives then calls a MainWindow slot or lambda on a half-destroyed window
    // (issue 18: UBSan "downcast ... not an object of type 'MainWindow'"). So every outside sender
    // (the Session outlives the window) is cut off from the window and its children now, while
    // this is still a MainWindow, and the undo stack, whose destructor emits cleanChanged, dies here.
    const QList<QObject*> parts = findChildren<QObject*>();
    m_session->disconnect(this);
    for (QObject* part : parts) m_session->disconnect(part);
    m_project->disconnect(this);
    m_undo->disconnect(this);
    m_undo->disconnect(m_project);
    delete m_undo;
    m_undo = nullptr;
}

void MainWindow::buildDocks() {
    m_canvas = new widgets::ArchitectureCanvas(this);
    // The centre shows the accelerator, or the system while one is open (the SystemController's).
    auto* centre = new QStackedWidget(this);
    centre->addWidget(m_canvas);
    setCentralWidget(centre);

    auto dock = [this](QWidget* w, const QString& title, const QString& name, Qt::DockWidgetArea area) {
        auto* d = new QDockWidget(title, this);
        d->setObjectName(name); // restoreState() finds docks by name
        d->setWidget(w);
        addDockWidget(area, d);
        return d;
    };
    m_hardware = new widgets::HardwarePanel(this);
    auto* hardwareScroll = new QScrollArea(this);
    hardwareScroll->setWidget(m_hardware);
    hardwareScroll->setWidgetResizable(true);
    hardwareScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    hardwareScroll->setMinimumWidth(m_hardware->sizeHint().width() + 20);
    dock(hardwareScroll, tr("Hardware"), "HardwareDock", Qt::LeftDockWidgetArea);
    m_workload = new widgets::WorkloadPanel(this);
    auto* workloadDock = dock(m_workload, tr("Workload"), "WorkloadDock", Qt::BottomDockWidgetArea);
    m_breakdown = new widgets::BreakdownChart(this);
    auto* breakdownDock = dock(m_breakdown, tr("Per-layer breakdown"), "BreakdownDock", Qt::BottomDockWidgetArea);
    splitDockWidget(workloadDock, breakdownDock, Qt::Horizontal);
    auto* paretoPanel = new widgets::ParetoPanel(this);
    paretoPanel->setSettingsKey(QStringLiteral("pareto/axes")); // the axis choice survives a restart
    m_pareto = paretoPanel->chart();
    auto* paretoDock = dock(paretoPanel, tr("Pareto"), "ParetoDock", Qt::RightDockWidgetArea);
    m_roofline = new widgets::RooflineChart(this);
    auto* rooflineDock = dock(m_roofline, tr("Roofline"), "RooflineDock", Qt::RightDockWidgetArea);
    m_inspector = new widgets::MappingInspector(this);
    auto* inspectorDock = dock(m_inspector, tr("Mapping inspector"), "InspectorDock", Qt::RightDockWidgetArea);
    tabifyDockWidget(rooflineDock, inspectorDock);
    // The device view is fed by partitions, not by design snapshots (it is not one of m_views).
    m_partitionView = new widgets::PartitionView(this);
    auto* devicesDock = dock(m_partitionView, tr("Devices"), "DevicesDock", Qt::RightDockWidgetArea);
    tabifyDockWidget(inspectorDock, devicesDock);
    paretoDock->raise();
    rooflineDock->raise();
    // Every view gets every snapshot; a new chart is one more entry here.
    m_views = {m_workload, m_hardware, m_canvas, m_breakdown, m_roofline, m_inspector, m_pareto};

    connect(paretoPanel, &widgets::ParetoPanel::exploreRequested, m_session, &Session::startExploration);
    connect(paretoPanel, &widgets::ParetoPanel::cancelRequested, m_session, &Session::cancelExploration);
    // The panel adds the chart's own counts (designs, front of the shown axes) once the chart has them.
    // Designs read from an explore result are named after the file.
    auto paretoStatus = [this, paretoPanel] {
        const ExploreSettings& e = m_session->exploreSettings();
        if (const QString& file = m_session->designsSource(); !file.isEmpty())
            paretoPanel->setExploreStatus(m_session->designsComplete() ? file : tr("%1, incomplete").arg(file),
                                          qint64(m_session->designs().size()), m_session->exploring());
        else
            paretoPanel->setExploreStatus(e.space ? qstr(e.space->space->name) : tr("sweep"), e.size(),
                                          m_session->exploring());
    };
    connect(m_session, &Session::exploreSettingsChanged, paretoPanel, paretoStatus);
    connect(m_session, &Session::designsChanged, paretoPanel, paretoStatus);
    connect(m_session, &Session::explorationFinished, paretoPanel, paretoStatus);
    connect(m_session, &Session::explorationProgress, paretoPanel, paretoStatus);
    connect(m_session, &Session::explorationProgress, paretoPanel,
            [paretoPanel](qint64, qint64, double hypervolume) { paretoPanel->setHypervolume(hypervolume); });

    m_totals = new QLabel(this);
    m_progress = new QProgressBar(this);
    m_progress->setVisible(false);
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->setVisible(false);
    statusBar()->addWidget(m_totals, 1);
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_cancel);
    connect(m_cancel, &QPushButton::clicked, m_session, &Session::cancelExploration);

    m_systems = new SystemController(this, centre, m_undo, m_session);
    // File > Open hands systems and workload mixes to it.
    m_project->setFileOpener(
        [this](const QString& path, QString* error, bool quiet) { return m_systems->openFile(path, error, quiet); });
    m_project->setSystemReport([this] { return m_systems->reportSnapshot(); });
    // A system is not part of a project: New and opening a project close it.
    connect(m_project, &ProjectController::projectApplied, m_systems, &SystemController::reset);
    // While a system is open the status bar shows its schedule instead of the accelerator's totals.
    connect(m_systems->session(), &SystemSession::stateChanged, m_totals,
            [this] { m_totals->setVisible(!m_systems->session()->hasSystem()); });
}

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&New"), QKeySequence::New, m_project, &ProjectController::newProject);
    file->addAction(tr("&Open…"), QKeySequence::Open, m_project, &ProjectController::openDialog);
    // Presets: a workload replaces the network, an accelerator is an (undoable) edit.
    for (const auto& [kind, title] :
         {std::pair{"workloads", tr("Open &Workload Preset")},
          std::pair{"accelerators", tr("Open &Accelerator Preset")}, std::pair{"systems", tr("Open S&ystem Preset")},
          std::pair{"mixes", tr("Open Workload &Mix Preset")}}) {
        QMenu* menu = file->addMenu(title);
        for (const std::string& name : io::listPresets(kind)) {
            const QString path = QString::fromStdString(presetPath(kind, name));
            menu->addAction(QString::fromStdString(name), this, [this, path] { m_project->openFile(path); });
        }
    }
    m_project->setRecentMenu(file->addMenu(tr("Open &Recent")));
    file->addAction(tr("&Save"), QKeySequence::Save, m_project, &ProjectController::save);
    // Ctrl+Shift+S spelled out: QKeySequence::SaveAs is empty on desktops without a theme (Xvfb).
    file->addAction(tr("Save &As…"), QKeySequence(tr("Ctrl+Shift+S")), m_project, &ProjectController::saveAs);
    buildImportMenu(file->addMenu(tr("&Import")));
    file->addSeparator();
    file->addAction(tr("&Export Report…"), QKeySequence(tr("Ctrl+E")), m_project, &ProjectController::exportReport);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    QAction* undo = m_undo->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    QAction* redo = m_undo->createRedoAction(this, tr("&Redo"));
    redo->setShortcut(QKeySequence::Redo);
    edit->addAction(undo);
    edit->addAction(redo);

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    for (QDockWidget* d : findChildren<QDockWidget*>()) m_viewMenu->addAction(d->toggleViewAction());
    m_viewMenu->addSeparator();
    m_viewMenu->addAction(tr("&Reset Layout"), this, &MainWindow::resetLayout);
    m_viewMenu->addAction(tr("Reset Pareto &View"), QKeySequence(tr("Ctrl+0")), m_pareto,
                          &widgets::ParetoChart::resetView);

    QMenu* explore = menuBar()->addMenu(tr("E&xplore"));
    explore->addAction(tr("&Run Exploration"), QKeySequence(tr("Ctrl+R")), m_session, &Session::startExploration);
    m_cancelAction = explore->addAction(tr("&Cancel"), QKeySequence(tr("Esc")), m_session, &Session::cancelExploration);
    m_cancelAction->setEnabled(false); // enabled while an exploration runs
    explore->addSeparator();
    m_spaceMenu = explore->addMenu(tr("Design &Space"));
    connect(m_spaceMenu, &QMenu::aboutToShow, this, &MainWindow::updateSpaceMenu);
    updateSpaceMenu();
    explore->addSeparator();
    for (const bool throughput : {false, true})
        explore->addAction(
            throughput ? tr("Partition Across Devices for &Throughput…") : tr("&Partition Across Devices for Latency…"),
            this, [this, throughput] {
                const QString path = QFileDialog::getOpenFileName(
                    this, tr("Partition across the devices of"),
                    QString::fromStdString(presetsDirectory() + "/devices"), tr("Device sets (*.json);;All files (*)"));
                if (!path.isEmpty()) partitionWorkload(path, nullptr, false, throughput);
            });
    m_systems->buildMenu(menuBar()->addMenu(tr("S&ystem")));

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("Archscape &Help"), QKeySequence(Qt::Key_F1), this, &MainWindow::showHelp);
    help->addAction(tr("&Keyboard Shortcuts"), this, &MainWindow::showShortcuts);
    help->addSeparator();
    help->addAction(tr("&About Archscape"), this, [this] {
        QMessageBox::about(this, tr("About Archscape"),
                           tr("<h3>Archscape %1</h3><p>Design-space explorer for DNN accelerators: tune the "
                              "hardware, browse Pareto fronts, inspect mappings, export reports.</p>")
                               .arg(QApplication::applicationVersion()));
    });
}

bool MainWindow::partitionWorkload(const QString& devicesFileOrPreset, QString* error, bool quiet, bool throughput) {
    QString path = devicesFileOrPreset;
    if (!QFileInfo::exists(path))
        if (const auto preset = io::resolvePreset("devices", path.toStdString()))
            path = QString::fromStdString(*preset);
    QString problems;
    if (!m_session->startPartition(
            path, &problems,
            throughput ? schedule::PartitionObjective::Throughput : schedule::PartitionObjective::Latency)) {
        if (error) *error = problems;
        if (!quiet) QMessageBox::warning(this, tr("Archscape"), problems);
        return false;
    }
    statusBar()->showMessage(tr("Partitioning %1 over %2…").arg(qstr(m_session->workload().name), path));
    return true;
}

void MainWindow::showHelp() {
    if (!m_help) {
        m_help = new QTextBrowser(this);
        m_help->setWindowFlag(Qt::Window);
        m_help->setObjectName("HelpViewer");
        m_help->setWindowTitle(tr("Archscape Help"));
        m_help->setOpenExternalLinks(true);
        m_help->resize(760, 820);
        m_help->setSource(QUrl(QStringLiteral("qrc:/help/index.html")));
    }
    m_help->show();
    m_help->raise();
    m_help->activateWindow();
}

void MainWindow::buildImportMenu(QMenu* menu) {
    // One entry per kind, each offering the formats of io/file_format.h's table that hold it.
    auto filter = [](io::FileKind kind) {
        QStringList patterns;
        for (const io::FileFormat& f : io::fileFormats())
            if (f.kind == kind || f.kind == io::FileKind::AnyArchscape)
                for (const std::string& ext : f.extensions) patterns << "*" + QString::fromStdString(ext);
        patterns.removeDuplicates();
        return tr("Files (%1);;All files (*)").arg(patterns.join(' '));
    };
    const std::pair<QString, io::FileKind> entries[] = {
        {tr("&Workload (ONNX, MAESTRO, Timeloop, SCALE-Sim, JSON)…"), io::FileKind::Workload},
        {tr("&Accelerator (MAESTRO, Timeloop, SCALE-Sim, JSON)…"), io::FileKind::Accelerator},
    };
    for (const auto& entry : entries) {
        const QString title = entry.first;
        const io::FileKind kind = entry.second;
        const QString caption = QString(title).remove('&').section(" (", 0, 0);
        menu->addAction(title, this, [this, kind, filter, caption] {
            const QString path =
                QFileDialog::getOpenFileName(this, tr("Import %1").arg(caption.toLower()), {}, filter(kind));
            if (!path.isEmpty()) m_project->openFile(path);
        });
    }
    menu->addAction(tr("Design &Space…"), this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Import design space"), {},
                                                          tr("Design spaces (*.json);;All files (*)"));
        if (!path.isEmpty()) chooseDesignSpace(path);
    });
}

QString MainWindow::shortcutList() const {
    QStringList lines;
    for (const QAction* menu : menuBar()->actions()) {
        if (!menu->menu()) continue;
        std::vector<const QMenu*> pending{menu->menu()};
        while (!pending.empty()) {
            const QMenu* m = pending.back();
            pending.pop_back();
            for (const QAction* a : m->actions()) {
                if (a->menu()) pending.push_back(a->menu());
                else if (!a->shortcut().isEmpty())
                    lines << a->shortcut().toString(QKeySequence::NativeText) + "\t" + QString(a->text()).remove('&');
            }
        }
    }
    lines << tr("Wheel / drag / Shift+drag\tzoom / pan / select designs on the Pareto chart (double click: reset)");
    return lines.join('\n');
}

void MainWindow::showShortcuts() {
    QString html = QStringLiteral("<table cellpadding='3'>");
    for (const QString& line : shortcutList().split('\n')) {
        const QStringList cols = line.split('\t');
        html += QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>")
                    .arg(cols.value(0).toHtmlEscaped(), cols.value(1).toHtmlEscaped());
    }
    QMessageBox box(QMessageBox::NoIcon, tr("Keyboard Shortcuts"), html + "</table>", QMessageBox::Close, this);
    box.setObjectName("ShortcutsBox");
    box.exec();
}

void MainWindow::wireIntents() {
    // Accelerator edits from the panel and the canvas become undoable commands; consecutive edits
    // of one field merge.
    connect(
        m_hardware, &widgets::HardwarePanel::acceleratorEdited, this,
        [this](const hardware::Accelerator& acc, const QString& what, AcceleratorField field) {
            m_undo->push(new AcceleratorEditCommand(m_session, m_session->accelerator(), acc, what, field.mergeId()));
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
        widgets::setFieldValue(acc, {AcceleratorField::Parameter::PeRows}, rows);
        widgets::setFieldValue(acc, {AcceleratorField::Parameter::PeCols}, cols);
        m_undo->push(new AcceleratorEditCommand(m_session, m_session->accelerator(), acc,
                                                tr("PE array %1×%2").arg(rows).arg(cols),
                                                AcceleratorEditCommand::kNoMerge));
    });
    connect(m_canvas, &widgets::ArchitectureCanvas::levelDoubleClicked, this, [this](int level) {
        const AcceleratorField field{AcceleratorField::Parameter::LevelCapacity, level};
        hardware::Accelerator acc = m_session->accelerator();
        if (level < 0 || level >= acc.numLevels()) return;
        const auto& l = acc.levels[level];
        // Typed as the panel shows it: "64k", "64 KiB", "1 MiB", "1M" or plain bytes.
        QString text = exactBytesText(double(l.capacity_bytes));
        std::optional<std::int64_t> parsed;
        for (;;) {
            bool ok = false;
            text = QInputDialog::getText(this, tr("Buffer size"),
                                         tr("%1 capacity (e.g. 64k, 64 KiB, 1.5 MiB, 1M, 512):").arg(qstr(l.name)),
                                         QLineEdit::Normal, text, &ok);
            if (!ok) return;
            parsed = parseBytesText(text);
            if (parsed && *parsed >= 1 && *parsed <= (std::int64_t(1) << 30)) break;
            QMessageBox::warning(this, tr("Buffer size"),
                                 tr("\"%1\" is not a capacity between 1 B and 1 GiB (a number with an optional "
                                    "unit: k, KiB, M, MiB).")
                                     .arg(text));
        }
        const std::int64_t bytes = *parsed;
        if (bytes == l.capacity_bytes) return;
        const QString what = tr("%1 capacity %2").arg(qstr(l.name), bytesText(bytes));
        widgets::setFieldValue(acc, field, bytes);
        m_undo->push(new AcceleratorEditCommand(m_session, m_session->accelerator(), acc, what,
                                                AcceleratorEditCommand::kNoMerge));
    });
    connect(m_breakdown, &widgets::BreakdownChart::layerClicked, m_session, &Session::selectLayer);
    connect(m_roofline, &widgets::RooflineChart::layerClicked, m_session, &Session::selectLayer);
    connect(m_workload, &widgets::WorkloadPanel::layerSelected, m_session, &Session::selectLayer);
    connect(m_workload, &widgets::WorkloadPanel::openRequested, m_project, &ProjectController::openDialog);
    // A click on the Pareto chart makes a design current (undoably).
    connect(m_pareto, &widgets::ParetoChart::designClicked, this, [this](int index) {
        const hardware::Accelerator& design = m_session->designs()[index].accelerator;
        m_undo->push(new AcceleratorEditCommand(m_session, m_session->accelerator(), design,
                                                tr("select design %1").arg(qstr(design.name)),
                                                AcceleratorEditCommand::kNoMerge));
        m_session->makeDesignCurrent(index); // also takes the design's mapper settings
    });
}

void MainWindow::wireSession() {
    connect(m_session, &Session::networkChanged, this, [this] { pushDesign(DesignSnapshot::NetworkChanged); });
    connect(m_session, &Session::acceleratorChanged, this, [this] {
        pushDesign(DesignSnapshot::AcceleratorChanged);
        updateTitle();
    });
    connect(m_session, &Session::mapperSettingsChanged, this, [this] { pushDesign(DesignSnapshot::PolicyChanged); });
    connect(m_session, &Session::evaluated, this, [this] {
        pushDesign(DesignSnapshot::CostsChanged);
        updateStatus();
    });
    connect(m_session, &Session::evaluationStarted, this, &MainWindow::updateStatus);
    connect(m_session, &Session::layerSelected, this, [this] { pushDesign(DesignSnapshot::SelectionChanged); });
    connect(m_session, &Session::currentDesignChanged, this,
            [this] { pushDesign(DesignSnapshot::CurrentDesignChanged); });
    // Points stream in batches: only the new ones are added.
    connect(m_session, &Session::designsChanged, this,
            [this](int first) { pushDesign(DesignSnapshot::DesignsChanged, first); });

    connect(m_session, &Session::explorationProgress, this, [this](qint64 done, qint64 total) {
        m_progress->setVisible(true);
        m_cancel->setVisible(true);
        m_progress->setRange(0, int(total));
        m_progress->setValue(int(done));
        m_progress->setFormat(tr("exploring %v / %m"));
        // Wide enough for the text at its longest: a fixed 240 px cut it to "exploring 228 /".
        const QString longest = tr("exploring %1 / %1").arg(total);
        m_progress->setMinimumWidth(m_progress->fontMetrics().horizontalAdvance(longest) + 60);
        m_cancelAction->setEnabled(true);
    });
    // Reading an explore result shows its progress in bytes, and Cancel stops it as an exploration.
    connect(m_session, &Session::resultReadProgress, this, [this](qint64 done, qint64 total) {
        constexpr int kSteps = 1000;
        m_progress->setVisible(true);
        m_cancel->setVisible(true);
        m_progress->setRange(0, kSteps);
        m_progress->setValue(total > 0 ? int(double(done) / double(total) * kSteps) : 0);
        m_progress->setFormat(tr("reading %p %"));
        m_cancelAction->setEnabled(true);
    });
    connect(m_session, &Session::explorationFinished, this, [this](bool cancelled) {
        m_progress->setVisible(false);
        m_cancel->setVisible(false);
        m_cancelAction->setEnabled(false);
        statusBar()->showMessage(cancelled ? tr("Exploration cancelled") : tr("Exploration finished"), 4000);
    });
    connect(m_session, &Session::errorOccurred, this,
            [this](const QString& message) { QMessageBox::warning(this, tr("Archscape"), message); });
    connect(m_session, &Session::partitionChanged, this, [this] {
        const auto outcome = m_session->partition();
        if (!outcome) {
            m_partitionView->clear();
            return;
        }
        m_partitionView->setPartition(outcome->problem, outcome->result,
                                      tr("%1 over %2").arg(qstr(outcome->network->name), qstr(outcome->devices_name)));
        if (auto* dock = qobject_cast<QDockWidget*>(m_partitionView->parentWidget())) {
            dock->show();
            dock->raise();
        }
        statusBar()->showMessage(tr("Partitioned over %1").arg(qstr(outcome->devices_name)), 4000);
    });
    connect(m_project, &ProjectController::documentChanged, this, &MainWindow::updateTitle);
    connect(m_project, &ProjectController::statusMessage, statusBar(), &QStatusBar::showMessage);
}

void MainWindow::pushDesign(std::uint32_t changed, int designsFirst) {
    auto snapshot = [&] {
        DesignSnapshot s;
        s.changed = changed;
        s.network = m_session->sharedNetwork();
        s.accelerator = m_session->accelerator();
        s.policy = m_session->mapperSettings();
        s.costs = m_session->sharedResult();
        s.selected_layer = m_session->selectedLayer();
        s.designs = &m_session->designs();
        s.designs_first = designsFirst;
        s.current_design = m_session->currentDesign();
        return s;
    };
    // A view's intent may change the Session while the snapshot goes round (a table row selected
    // by a reset): the views after it then get the state as it is now, not as it was.
    const std::uint64_t mine = ++m_pushes;
    DesignSnapshot s = snapshot();
    for (widgets::DesignView* view : m_views) {
        if (m_pushes != mine) s = snapshot();
        view->showDesign(s);
    }
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
    // A quantized design's predicted accuracy, from the exploration that found it.
    const int current = m_session->currentDesign();
    if (current >= 0 && current < int(m_session->designs().size()) &&
        std::isfinite(m_session->designs()[current].accuracy_pct))
        text += tr(" · top-1 accuracy %1 %").arg(m_session->designs()[current].accuracy_pct, 0, 'f', 2);
    text += tr(" · evaluated in %1 ms").arg(m_session->lastEvaluationMs(), 0, 'f', 1);
    if (m_session->evaluationPending()) text += tr(" · updating…");
    m_totals->setText(text);
}

void MainWindow::updateTitle() {
    setWindowTitle(
        tr("%1%2 — %3 — Archscape")
            .arg(m_project->displayName(), m_project->isModified() ? "*" : "", qstr(m_session->network().name)));
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (!m_project->maybeSave()) {
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
        if (url.isLocalFile()) m_project->openFile(url.toLocalFile());
}

} // namespace archscape::app
