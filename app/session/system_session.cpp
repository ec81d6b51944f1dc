#include "system_session.h"

#include <QMetaObject>

#include <algorithm>
#include <thread>

#include "background_job.h"
#include "schedule/exact_scheduler.h"
#include "schedule/herald_scheduler.h"
#include "schedule/list_scheduler.h"
#include "search/design_evaluation.h"
#include "search/system_costs.h"
#include "search/system_explorer.h"
#include "streaming_sink.h"

namespace archscape::app {

const char* toString(SystemSchedulerKind k) {
    switch (k) {
    case SystemSchedulerKind::Baseline: return "baseline";
    case SystemSchedulerKind::Herald: return "herald";
    case SystemSchedulerKind::Exact: return "exact";
    }
    return "herald";
}

std::optional<search::SystemDesign> withPeSplit(const search::SystemDesign& design,
                                                const std::vector<std::int64_t>& pes) {
    if (pes.size() != design.system.units.size()) return std::nullopt;
    search::SystemDesign out = design;
    for (std::size_t u = 0; u < pes.size(); ++u) {
        if (pes[u] < 1) return std::nullopt;
        hardware::PeArray& pe = out.system.units[u].accelerator.pe;
        pe = search::peArrayOf(pes[u], pe);
    }
    return out;
}

SystemSession::SystemSession(QObject* parent)
    : QObject(parent), m_inbox(this, [this] { flushExploration(); }), m_tasks(std::make_unique<tbb::task_group>()) {}

SystemSession::~SystemSession() {
    m_evalStop.request_stop();
    m_layerStop.request_stop();
    m_exploreStop.request_stop();
    m_tasks->wait();
}

void SystemSession::setState(const SystemState& s) {
    const bool systemChanged = s.design != m_state.design;
    const bool mixChanged = s.mix != m_state.mix;
    const bool schedulerChanged = s.scheduler != m_state.scheduler;
    const bool currentChanged = s.current_design != m_state.current_design;
    if (mixChanged && !m_designs.empty() && s.mix != m_spaceMix) dropDesigns(); // scheduled on another mix
    m_state = s;
    if (m_state.current_design >= int(m_designs.size())) m_state.current_design = -1;
    // An edit of the system (a re-split) keeps the tasks and the units: the old schedule and the
    // selection stay shown until the new schedule arrives. Another mix or unit count drops them.
    const bool sameTasks = !mixChanged && m_result && m_state.design &&
                           int(m_state.design->system.units.size()) == m_result->problem->units;
    const bool dropSelection = (systemChanged || mixChanged) && !sameTasks && m_selectedTask >= 0;
    if (systemChanged || mixChanged) {
        m_layerCache.clear(); // evaluated on the old units
        m_layerResult.reset();
        if (!sameTasks) {
            m_result.reset();
            m_selectedTask = -1;
        }
    }
    Q_EMIT stateChanged();
    if (currentChanged) Q_EMIT currentDesignChanged(m_state.current_design);
    if (dropSelection) Q_EMIT taskSelected(-1);
    if (systemChanged || mixChanged) Q_EMIT layerResultChanged();
    if (systemChanged || mixChanged || schedulerChanged) scheduleEvaluation();
}

void SystemSession::selectTask(int task) {
    if (task == m_selectedTask) return;
    if (task < -1 || !m_result || task >= int(m_result->problem->tasks.size())) return;
    m_selectedTask = task;
    Q_EMIT taskSelected(task);
    evaluateSelectedLayer();
}

void SystemSession::scheduleEvaluation() {
    const std::uint64_t generation = ++m_generation;
    m_evalStop.request_stop();
    m_evalStop = std::stop_source{};
    m_requestClock.start();
    m_lastError.clear();
    if (!m_state.design || !m_state.mix || m_state.mix->entries.empty()) {
        m_pending = false;
        m_result.reset();
        Q_EMIT evaluated();
        return;
    }
    m_pending = true;
    Q_EMIT evaluationStarted();
    // The job owns its inputs (shared, immutable): the UI may replace them while it runs.
    m_interactive.post([this, generation, stop = m_evalStop.get_token(), design = m_state.design, mix = m_state.mix,
                        kind = m_state.scheduler] {
        const RunningJob running(m_runningJobs, false);
        if (stop.stop_requested()) return;
        auto problem = std::make_shared<schedule::ScheduleProblem>(
            schedule::buildProblem(*mix, search::systemCosts(*design, *mix, stop)));
        if (stop.stop_requested()) return;
        std::optional<schedule::SystemSchedule> s;
        QString error;
        switch (kind) {
        case SystemSchedulerKind::Baseline: s = schedule::baselineSchedule(*problem); break;
        case SystemSchedulerKind::Herald: s = schedule::heraldSchedule(*problem); break;
        case SystemSchedulerKind::Exact:
            if (auto r = schedule::exactSchedule(*problem)) s = r->schedule;
            else
                error = tr("The exact scheduler takes at most 14 layers in all; the mix %1 has %2 (choose baseline "
                           "or herald).")
                            .arg(QString::fromStdString(mix->name))
                            .arg(problem->tasks.size());
            break;
        }
        if (stop.stop_requested()) return;
        std::shared_ptr<SystemResult> result;
        if (s) {
            result = std::make_shared<SystemResult>();
            result->problem = problem;
            result->schedule = std::make_shared<const schedule::SystemSchedule>(std::move(*s));
            result->scheduler = kind;
            result->area_um2 = hardware::areaUm2(design->system);
            result->clock_mhz = design->system.units.front().accelerator.clock_mhz;
        }
        QMetaObject::invokeMethod(
            this,
            [this, generation, result, error] {
                if (generation != m_generation) return; // a newer request is on its way
                m_result = result;
                m_pending = false;
                m_lastEvaluationMs = double(m_requestClock.nsecsElapsed()) * 1e-6;
                m_lastError = error; // the status bar says it (a dialog per menu choice would nag)
                if (!m_result && m_selectedTask >= 0) {
                    m_selectedTask = -1;
                    Q_EMIT taskSelected(-1);
                }
                Q_EMIT evaluated();
                // The selected layer may run on another unit now (or the unit changed): show it there.
                if (m_selectedTask >= 0) evaluateSelectedLayer();
            },
            Qt::QueuedConnection);
    });
}

void SystemSession::evaluateSelectedLayer() {
    const std::uint64_t generation = ++m_layerGeneration;
    m_layerStop.request_stop();
    m_layerStop = std::stop_source{};
    m_layerResult.reset();
    const int task = m_selectedTask;
    const int unit = task >= 0 ? m_result->schedule->layers[task].unit : -1;
    if (task < 0 || unit < 0 || !m_state.design || !m_state.mix) {
        Q_EMIT layerResultChanged();
        return;
    }
    const schedule::ScheduleTask& t = m_result->problem->tasks[task];
    auto r = std::make_shared<UnitLayerResult>();
    r->entry = t.entry;
    r->unit = unit;
    r->layer = t.layer;
    r->network = std::shared_ptr<const workload::Network>(m_state.mix, &m_state.mix->entries[t.entry].network);
    r->accelerator = m_state.design->system.units[unit].accelerator;
    r->policy =
        unit < int(m_state.design->policies.size()) ? m_state.design->policies[unit] : search::EvaluationPolicy{};
    const auto key = std::pair{t.entry, unit};
    if (auto hit = m_layerCache.find(key); hit != m_layerCache.end()) {
        r->cost = hit->second;
        m_layerResult = r;
        Q_EMIT layerResultChanged();
        return;
    }
    Q_EMIT layerResultChanged(); // nothing to show until the unit's evaluation arrives
    // The whole network on that unit, as search::systemCosts evaluated it (the cost table keeps no
    // mappings): distinct shapes once, so later clicks on the same network and unit are instant.
    m_tasks->run([this, generation, stop = m_layerStop.get_token(), r, key] {
        const RunningJob running(m_runningJobs, false);
        if (stop.stop_requested()) return;
        auto cost = std::make_shared<const model::NetworkCost>(
            search::evaluateDesign(*r->network, r->accelerator, r->policy, stop));
        if (stop.stop_requested()) return;
        QMetaObject::invokeMethod(
            this,
            [this, generation, r, key, cost] {
                if (generation != m_layerGeneration) return;
                m_layerCache[key] = cost;
                r->cost = cost;
                m_layerResult = r;
                Q_EMIT layerResultChanged();
            },
            Qt::QueuedConnection);
    });
}

std::optional<SystemState> SystemSession::stateOfDesign(int i) const {
    if (i < 0 || i >= int(m_designs.size()) || !m_space) return std::nullopt;
    SystemState s = m_state;
    s.design = std::make_shared<const search::SystemDesign>(m_space->designAt(m_designIndex[i]));
    if (m_spaceMix)
        s.mix = m_space->network_choices.empty()
                    ? m_spaceMix
                    : std::make_shared<const workload::WorkloadMix>(m_space->mixAt(*m_spaceMix, m_designIndex[i]));
    // The explorer timed every design with the herald scheduler: the current one is shown the same way.
    s.scheduler = SystemSchedulerKind::Herald;
    s.current_design = i;
    return s;
}

void SystemSession::dropDesigns() {
    cancelExploration();
    m_designs.clear();
    m_designIndex.clear();
    m_state.current_design = -1;
    Q_EMIT designsChanged(0);
    Q_EMIT currentDesignChanged(-1);
}

void SystemSession::startExploration(std::shared_ptr<const search::SystemSpace> space) {
    cancelExploration();
    if (!space || !m_state.mix || m_state.mix->entries.empty()) return;
    const std::uint64_t generation = m_inbox.begin();
    m_exploreStop = std::stop_source{};
    auto request = std::make_shared<search::SystemExploreRequest>();
    request->space = *space;
    request->mix = *m_state.mix;
    request->scheduler = search::SystemScheduler::Herald;
    // One core stays with the UI thread (as the Session's explorations).
    request->threads = std::max(1, int(std::thread::hardware_concurrency()) - 1);
    m_space = std::move(space);
    m_spaceMix = m_state.mix;
    m_exploreDone = 0;
    m_exploreTotal = request->space.size();
    m_exploring = true;
    m_designs.clear();
    m_designIndex.clear();
    const bool hadCurrent = m_state.current_design >= 0;
    m_state.current_design = -1;
    Q_EMIT designsChanged(0);
    if (hadCurrent) Q_EMIT currentDesignChanged(-1);
    Q_EMIT explorationProgress(0, m_exploreTotal);

    m_tasks->run([this, generation, stop = m_exploreStop.get_token(), request] {
        const RunningJob running(m_runningJobs);
        const double clock =
            request->space.templates.empty() ? 1000.0 : request->space.templates.front().accelerator.clock_mhz;
        StreamingSink<search::SystemProgressSink> sink([&](const search::PointResult& r) {
            runInBackgroundPriority(); // the explorer's own worker threads
            search::EvaluatedDesign d;
            d.accelerator.name = request->space.labelOf(r.index);
            d.accelerator.description = "System of space " + request->space.name;
            d.accelerator.clock_mhz = clock;
            d.valid = r.feasible();
            d.cycles = r.latency_s * clock * 1e6;
            d.energy_pj = r.energy_j * 1e12;
            d.area_um2 = r.area_mm2 * 1e6;
            d.accuracy_pct = r.accuracy_top1;
            if (m_inbox.push(generation, {r.index, std::move(d)})) ++m_exploreDone;
        });
        const search::SystemExploreResult result = search::exploreSystems(*request, sink, stop);
        const QString rejected =
            result.error ? QString::fromStdString("system space " + request->space.name + ": " + *result.error)
                         : QString();
        QMetaObject::invokeMethod(
            this,
            [this, generation, cancelled = stop.stop_requested(), rejected] {
                if (!m_inbox.isCurrent(generation) || !m_exploring) return;
                flushExploration();
                m_exploring = false;
                if (!rejected.isEmpty()) Q_EMIT errorOccurred(rejected);
                Q_EMIT explorationFinished(cancelled);
            },
            Qt::QueuedConnection);
    });
}

void SystemSession::cancelExploration() {
    if (!m_exploring) return;
    m_exploreStop.request_stop();
    flushExploration(); // keep what finished
    m_exploring = false;
    m_inbox.invalidate(); // whatever the old job still posts is dropped
    Q_EMIT explorationFinished(true);
}

void SystemSession::flushExploration() {
    auto batch = m_inbox.take();
    if (!m_exploring) return; // a cancelled job's stragglers
    Q_EMIT explorationProgress(m_exploreDone.load(), m_exploreTotal);
    if (batch.empty()) return;
    const int first = int(m_designs.size());
    for (auto& [index, d] : batch) {
        m_designIndex.push_back(index);
        m_designs.push_back(std::move(d));
    }
    Q_EMIT designsChanged(first);
}

} // namespace archscape::app
