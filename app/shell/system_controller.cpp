#include "system_controller.h"

#include <QAction>
#include <QActionGroup>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMainWindow>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QUndoStack>
#include <QVBoxLayout>

#include "format_text.h"
#include "gantt_chart.h"
#include "io/json_file.h"
#include "io/preset_catalog.h"
#include "io/system_json.h"
#include "io/system_space_json.h"
#include "io/workload_mix_json.h"
#include "mapping_inspector.h"
#include "pareto_chart.h"
#include "pareto_panel.h"
#include "session.h"
#include "system_canvas.h"
#include "system_session.h"
#include "system_text.h"
#include "value_edit_command.h"

namespace archscape::app {

using widgets::SystemSnapshot;

namespace {

/// The "format" of a JSON file, "" when it is not JSON or has none.
std::string jsonFormat(const QString& path) {
    if (QFileInfo(path).suffix().compare("json", Qt::CaseInsensitive) != 0) return {};
    const auto json = io::readJsonFile(path.toStdString());
    if (!json.ok()) return {};
    const nlohmann::json& j = *json.value;
    return j.is_object() && j.contains("format") && j["format"].is_string() ? j["format"].get<std::string>() : "";
}

} // namespace

SystemController::SystemController(QMainWindow* window, QStackedWidget* centre, QUndoStack* undo, Session* session)
    : QObject(window),
      m_window(window),
      m_centre(centre),
      m_undo(undo),
      m_session(session),
      m_systems(new SystemSession(this)) {
    m_canvas = new widgets::SystemCanvas(centre);
    centre->addWidget(m_canvas);

    auto* split = new QSplitter(Qt::Horizontal, window);
    split->setObjectName("ScheduleSplitter");
    m_gantt = new widgets::GanttChart(split);
    // The inspector of the clicked bar, under a line naming the layer and the unit it ran on.
    auto* inspectorBox = new QWidget(split);
    auto* inspectorLayout = new QVBoxLayout(inspectorBox);
    inspectorLayout->setContentsMargins(0, 0, 0, 0);
    m_inspectorTitle = new QLabel(tr("Click a bar to inspect that layer on its unit."), inspectorBox);
    m_inspectorTitle->setObjectName("UnitInspectorTitle");
    m_inspectorTitle->setWordWrap(true);
    m_inspector = new widgets::MappingInspector(inspectorBox);
    m_inspector->setObjectName("UnitMappingInspector");
    inspectorLayout->addWidget(m_inspectorTitle);
    inspectorLayout->addWidget(m_inspector, 1);
    split->addWidget(m_gantt);
    split->addWidget(inspectorBox);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    m_scheduleDock = new QDockWidget(tr("Schedule"), window);
    m_scheduleDock->setObjectName("ScheduleDock");
    m_scheduleDock->setWidget(split);
    window->addDockWidget(Qt::BottomDockWidgetArea, m_scheduleDock);

    m_paretoPanel = new widgets::ParetoPanel(window);
    m_paretoPanel->setObjectName("SystemParetoPanel");
    m_paretoPanel->chart()->setObjectName("SystemParetoChart");
    m_paretoDock = new QDockWidget(tr("System Pareto"), window);
    m_paretoDock->setObjectName("SystemParetoDock");
    m_paretoDock->setWidget(m_paretoPanel);
    window->addDockWidget(Qt::RightDockWidgetArea, m_paretoDock);

    m_status = new QLabel(window);
    m_status->setObjectName("SystemStatus");
    window->statusBar()->addWidget(m_status, 1);
    wire();
    push(SystemSnapshot::Everything);
    updateMode();
    updateStatus();
}

SystemController::~SystemController() {
    // As the window's own teardown (issue 18): nothing the session still emits may reach the views.
    m_systems->disconnect();
}

widgets::ParetoChart* SystemController::paretoChart() const { return m_paretoPanel->chart(); }

void SystemController::buildMenu(QMenu* menu) {
    for (const auto& [kind, title] :
         {std::pair{"systems", tr("Open &System Preset")}, std::pair{"mixes", tr("Open Workload &Mix Preset")}}) {
        QMenu* presets = menu->addMenu(title);
        for (const std::string& name : io::listPresets(kind)) {
            const QString n = QString::fromStdString(name);
            // A named copy: clang 14 (the sanitizer tree) cannot capture a structured binding.
            presets->addAction(n, this, [this, k = kind, n] { open(k, n); });
        }
    }
    menu->addAction(tr("Open System or Mix &File…"), this, [this] {
        const QString path = QFileDialog::getOpenFileName(m_window, tr("Open system or workload mix"), {},
                                                          tr("Systems and mixes (*.json);;All files (*)"));
        if (!path.isEmpty()) openFile(path);
    });
    menu->addSeparator();
    m_schedulerMenu = menu->addMenu(tr("S&cheduler"));
    auto* group = new QActionGroup(m_schedulerMenu);
    for (SystemSchedulerKind k :
         {SystemSchedulerKind::Baseline, SystemSchedulerKind::Herald, SystemSchedulerKind::Exact}) {
        QAction* a = m_schedulerMenu->addAction(QString::fromUtf8(toString(k)), this, [this, k] {
            SystemState s = m_systems->state();
            if (s.scheduler == k) return;
            s.scheduler = k;
            pushState(s, tr("scheduler %1").arg(QString::fromUtf8(toString(k))));
        });
        a->setCheckable(true);
        a->setData(int(k));
        group->addAction(a);
    }
    connect(m_schedulerMenu, &QMenu::aboutToShow, this, [this] {
        for (QAction* a : m_schedulerMenu->actions())
            a->setChecked(a->data().toInt() == int(m_systems->state().scheduler));
    });
    QMenu* spaces = menu->addMenu(tr("System Space for E&xplore"));
    for (const std::string& name : io::listPresets("system-spaces")) {
        const QString n = QString::fromStdString(name);
        spaces->addAction(n, this, [this, n] { chooseSpace(n); });
    }
    menu->addAction(tr("&Explore Systems"), this, &SystemController::startExploration);
    menu->addSeparator();
    menu->addAction(tr("&Close System"), this, &SystemController::closeSystem);
}

void SystemController::pushState(const SystemState& after, const QString& text) {
    m_undo->push(new ValueEditCommand<SystemState>(
        m_systems->state(), after, [this](const SystemState& v) { m_systems->setState(v); }, text));
}

std::optional<bool> SystemController::openFile(const QString& path, QString* error, bool quiet) {
    const std::string format = jsonFormat(path);
    if (format != "archscape/system" && format != "archscape/workload-mix") return std::nullopt;
    return open(format == "archscape/system" ? "systems" : "mixes", path, error, quiet);
}

bool SystemController::open(const QString& kind, const QString& nameOrPath, QString* error, bool quiet) {
    const std::string name = nameOrPath.toStdString();
    const std::string path = io::resolvePreset(kind.toStdString(), name).value_or(name);
    SystemState s = m_systems->state();
    std::vector<Diagnostic> errors;
    if (kind == "systems") {
        auto r = io::readSystemFile(path);
        if (r.ok()) s.design = std::make_shared<const search::SystemDesign>(std::move(*r.value));
        else errors = std::move(r.errors);
        // A system opened alone runs the open workload, a mix of one.
        if (r.ok() && !s.mix)
            s.mix = std::make_shared<const workload::WorkloadMix>(workload::mixOfOne(m_session->workload()));
    } else {
        const double clock = s.design ? s.design->system.units.front().accelerator.clock_mhz : 1000.0;
        auto r = io::readWorkloadMixFile(path, clock);
        if (r.ok()) s.mix = std::make_shared<const workload::WorkloadMix>(std::move(*r.value));
        else errors = std::move(r.errors);
    }
    if (!errors.empty()) {
        const QString message = QString::fromStdString(formatDiagnostics(path, errors));
        if (error) *error = message;
        if (!quiet)
            QMessageBox::critical(m_window, tr("Cannot open %1").arg(QFileInfo(nameOrPath).fileName()), message);
        return false;
    }
    s.current_design = -1;
    pushState(s, tr("open %1").arg(QFileInfo(nameOrPath).fileName()));
    return true;
}

void SystemController::closeSystem() {
    if (!m_systems->hasSystem()) return;
    SystemState s = m_systems->state();
    s.design.reset();
    s.current_design = -1;
    pushState(s, tr("close system"));
}

void SystemController::reset() {
    m_systems->cancelExploration();
    m_systems->setState(SystemState{});
}

bool SystemController::chooseSpace(const QString& nameOrPath, QString* error, bool quiet) {
    auto r = io::readSystemSpaceFile(nameOrPath.toStdString());
    if (!r.ok()) {
        const QString message = QString::fromStdString(formatDiagnostics(nameOrPath.toStdString(), r.errors));
        if (error) *error = message;
        if (!quiet) QMessageBox::critical(m_window, tr("Cannot open system space"), message);
        return false;
    }
    m_space = std::make_shared<const search::SystemSpace>(std::move(*r.value));
    m_spaceSource = nameOrPath;
    m_paretoPanel->setExploreStatus(qstr(m_space->name), m_space->size(), m_systems->exploring());
    updateMode();
    return true;
}

void SystemController::startExploration() {
    if (!m_space) {
        const auto presets = io::listPresets("system-spaces");
        if (presets.empty() || !chooseSpace(QString::fromStdString(presets.front()))) return;
    }
    m_systems->startExploration(m_space);
}

void SystemController::wire() {
    // Intents of the views.
    connect(m_canvas, &widgets::SystemCanvas::peSplitRequested, this, [this](const std::vector<std::int64_t>& pes) {
        const SystemState& now = m_systems->state();
        if (!now.design) return;
        const auto design = withPeSplit(*now.design, pes);
        if (!design) return;
        SystemState s = now;
        s.design = std::make_shared<const search::SystemDesign>(*design);
        s.current_design = -1;
        QStringList parts;
        for (std::int64_t n : pes) parts << QString::number(n);
        pushState(s, tr("re-split PEs %1").arg(parts.join(" + ")));
    });
    connect(m_gantt, &widgets::GanttChart::taskClicked, m_systems, &SystemSession::selectTask);
    connect(m_paretoPanel, &widgets::ParetoPanel::exploreRequested, this, &SystemController::startExploration);
    connect(m_paretoPanel, &widgets::ParetoPanel::cancelRequested, m_systems, &SystemSession::cancelExploration);
    connect(m_paretoPanel->chart(), &widgets::ParetoChart::designClicked, this, [this](int index) {
        if (const auto s = m_systems->stateOfDesign(index))
            pushState(*s, tr("select system %1").arg(qstr(m_systems->designs()[index].accelerator.name)));
    });

    // The session's changes, to the views.
    connect(m_systems, &SystemSession::stateChanged, this, [this] {
        push(SystemSnapshot::SystemChanged | SystemSnapshot::MixChanged);
        updateMode();
        updateStatus();
    });
    connect(m_systems, &SystemSession::evaluationStarted, this, &SystemController::updateStatus);
    connect(m_systems, &SystemSession::evaluated, this, [this] {
        push(SystemSnapshot::ScheduleChanged);
        updateStatus();
    });
    connect(m_systems, &SystemSession::taskSelected, this, [this] { push(SystemSnapshot::SelectionChanged); });
    connect(m_systems, &SystemSession::layerResultChanged, this, &SystemController::showLayerResult);
    connect(m_systems, &SystemSession::designsChanged, this,
            [this](int first) { push(SystemSnapshot::DesignsChanged, first); });
    connect(m_systems, &SystemSession::currentDesignChanged, this,
            [this] { push(SystemSnapshot::CurrentDesignChanged); });
    auto paretoStatus = [this] {
        m_paretoPanel->setExploreStatus(m_space ? qstr(m_space->name) : tr("no system space"),
                                        m_space ? m_space->size() : 0, m_systems->exploring());
    };
    connect(m_systems, &SystemSession::designsChanged, m_paretoPanel, paretoStatus);
    connect(m_systems, &SystemSession::explorationProgress, m_paretoPanel, paretoStatus);
    connect(m_systems, &SystemSession::explorationFinished, m_paretoPanel, paretoStatus);
    connect(m_systems, &SystemSession::errorOccurred, this,
            [this](const QString& message) { QMessageBox::warning(m_window, tr("Archscape"), message); });
    paretoStatus();
}

std::optional<SystemSnapshot> SystemController::reportSnapshot() const {
    SystemSnapshot s;
    const SystemState& state = m_systems->state();
    const auto result = m_systems->result();
    if (!state.design || !result) return std::nullopt;
    s.design = state.design;
    s.mix = state.mix;
    s.problem = result->problem;
    s.schedule = result->schedule;
    s.scheduler = toString(result->scheduler);
    s.area_um2 = result->area_um2;
    s.clock_mhz = result->clock_mhz;
    s.selected_task = m_systems->selectedTask();
    s.designs = &m_systems->designs();
    s.current_design = state.current_design;
    return s;
}

void SystemController::push(std::uint32_t changed, int designsFirst) {
    SystemSnapshot s;
    if (auto r = reportSnapshot()) s = *r;
    const SystemState& state = m_systems->state();
    s.design = state.design;
    s.mix = state.mix;
    s.designs = &m_systems->designs();
    s.current_design = state.current_design;
    s.changed = changed;
    s.designs_first = designsFirst;
    m_canvas->showSystem(s);
    m_gantt->showSystem(s);
    // The Pareto chart is the single-accelerator view, fed the explored systems and the current one.
    widgets::ParetoChart* chart = m_paretoPanel->chart();
    if (s.has(SystemSnapshot::DesignsChanged)) chart->setDesigns(s.designs, designsFirst);
    if (s.has(SystemSnapshot::CurrentDesignChanged) || s.has(SystemSnapshot::DesignsChanged))
        chart->setCurrentDesign(s.current_design);
    if (s.has(SystemSnapshot::ScheduleChanged)) {
        model::NetworkCost totals; // the current system's totals, ringed while no explored one is current
        if (s.scheduled() && s.schedule->unmapped == 0) {
            totals.cycles = s.schedule->makespan_cycles;
            totals.energy_pj = s.schedule->energy_pj;
            totals.area_um2 = s.area_um2;
        }
        chart->setCurrentEvaluation(s.scheduled() ? &totals : nullptr, s.clock_mhz);
    }
}

void SystemController::showLayerResult() {
    const auto r = m_systems->selectedLayerResult();
    const auto result = m_systems->result();
    const int task = m_systems->selectedTask();
    if (task >= 0 && result && r) {
        const QString policy = r->unit < int(m_systems->state().design->policies.size())
                                   ? widgets::unitPolicyText(m_systems->state().design->policies[r->unit])
                                   : QString();
        m_inspectorTitle->setText(tr("<b>%1</b> on unit <b>%2</b> (%3)%4")
                                      .arg(widgets::taskText(*result->problem, task).toHtmlEscaped(),
                                           qstr(result->problem->unit_names[r->unit]).toHtmlEscaped(), policy,
                                           r->cost ? QString() : tr(" · evaluating…")));
    } else {
        m_inspectorTitle->setText(tr("Click a bar to inspect that layer on its unit."));
    }
    widgets::DesignSnapshot d;
    if (r && r->cost) {
        d.network = r->network;
        d.accelerator = r->accelerator;
        d.policy = r->policy;
        d.costs = r->cost;
        d.selected_layer = r->layer;
    }
    m_inspector->showDesign(d);
}

void SystemController::updateMode() {
    const bool system = m_systems->hasSystem();
    m_centre->setCurrentIndex(system ? m_centre->indexOf(m_canvas) : 0);
    // The system docks only while there is something for them (a system, or a chosen system space):
    // otherwise they crowd the single-accelerator window (at 1366 x 768 they pushed it past the screen
    // and squeezed the per-layer breakdown to nothing).
    m_scheduleDock->setVisible(system);
    m_paretoDock->setVisible(system || m_space);
    if (system) m_scheduleDock->raise();
}

QString SystemController::statusText() const { return m_status->text(); }

QString SystemController::inspectorTitle() const { return m_inspectorTitle->text(); }

void SystemController::updateStatus() {
    const SystemState& state = m_systems->state();
    m_status->setVisible(state.design != nullptr);
    if (!state.design) {
        m_status->clear();
        return;
    }
    const auto r = m_systems->result();
    QString text =
        tr("System %1 · mix %2").arg(qstr(state.design->system.name), state.mix ? qstr(state.mix->name) : "—");
    if (r) {
        const auto& s = *r->schedule;
        const double seconds = s.makespan_cycles / (r->clock_mhz * 1e6);
        const double joules = s.energy_pj * 1e-12;
        text += tr(" · %1: makespan %2 (%3 cycles) · energy %4 · EDP %5 J·s · area %6 mm²")
                    .arg(QString::fromUtf8(toString(r->scheduler)), secondsText(seconds), siText(s.makespan_cycles),
                         siText(joules, "J"))
                    .arg(joules * seconds, 0, 'g', 3)
                    .arg(r->area_um2 * 1e-6, 0, 'f', 2);
        if (s.unmapped > 0) text += tr(" · <b style='color:#c00'>%1 layers run on no unit</b>").arg(s.unmapped);
        if (s.deadline_misses > 0) text += tr(" · %1 deadline misses").arg(s.deadline_misses);
    }
    if (!r && !m_systems->lastError().isEmpty()) text += tr(" · no schedule: %1").arg(m_systems->lastError());
    if (m_systems->evaluationPending()) text += tr(" · scheduling…");
    m_status->setText(text);
}

} // namespace archscape::app
