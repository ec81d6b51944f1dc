#pragma once
// The GUI's facade over core for heterogeneous systems (issue 12): it owns the open system, the
// workload mix and the scheduler choice, schedules the mix on the system off the UI thread (one
// generation per request, stale results dropped, as the Session does for one accelerator), evaluates
// a layer's mapping on its unit for the inspector, and explores a system space (search::
// exploreSystems) with its points streamed in batches. The shell turns its state into
// widgets::SystemSnapshot for the system views and their intents into its slots.
#include <QElapsedTimer>
#include <QObject>
#include <QString>

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <utility>
#include <vector>

#include <tbb/task_group.h>

#include "exploration_inbox.h"
#include "interactive_runner.h"
#include "model/network_cost.h"
#include "schedule/schedule_problem.h"
#include "schedule/system_schedule.h"
#include "search/evaluated_design.h"
#include "search/system_design.h"
#include "search/system_space.h"
#include "workload/workload_mix.h"

namespace archscape::app {

/// Which scheduler times the mix (the CLI's `schedule --scheduler`).
enum class SystemSchedulerKind : std::uint8_t { Baseline, Herald, Exact };
const char* toString(SystemSchedulerKind k);

/// What the undo stack records of the system side: the system, the mix, the scheduler and which
/// explored system is current (-1: none, e.g. after a re-split).
struct SystemState {
    std::shared_ptr<const search::SystemDesign> design; ///< null: no system open
    std::shared_ptr<const workload::WorkloadMix> mix;   ///< null: no mix open
    SystemSchedulerKind scheduler = SystemSchedulerKind::Herald;
    int current_design = -1;
};

/// A schedule of the mix on the system, with the problem it solves.
struct SystemResult {
    std::shared_ptr<const schedule::ScheduleProblem> problem;
    std::shared_ptr<const schedule::SystemSchedule> schedule;
    SystemSchedulerKind scheduler = SystemSchedulerKind::Herald;
    double area_um2 = 0;
    double clock_mhz = 1000;
};

/// One layer's evaluation on one unit (what the mapping inspector shows for a Gantt bar).
struct UnitLayerResult {
    int entry = -1;
    int unit = -1;
    int layer = -1;
    std::shared_ptr<const workload::Network> network;
    hardware::Accelerator accelerator;
    search::EvaluationPolicy policy;
    std::shared_ptr<const model::NetworkCost> cost; ///< the whole network on that unit
};

/// `design` with its units' PE arrays re-sized to `pes` (one count per unit, search::peArrayOf: rows
/// the largest power of two whose square fits and that divides the count); buffers, policies and the
/// shared resources stay. nullopt when the counts do not match the units or one is < 1.
std::optional<search::SystemDesign> withPeSplit(const search::SystemDesign& design,
                                                const std::vector<std::int64_t>& pes);

class SystemSession : public QObject {
    Q_OBJECT
public:
    explicit SystemSession(QObject* parent = nullptr);
    ~SystemSession() override;

    const SystemState& state() const { return m_state; }
    bool hasSystem() const { return m_state.design != nullptr; }
    /// The last schedule (null before the first and while the inputs are incomplete).
    std::shared_ptr<const SystemResult> result() const { return m_result; }
    bool evaluationPending() const { return m_pending; }
    double lastEvaluationMs() const { return m_lastEvaluationMs; }
    /// Why the last request gave no schedule (the exact solver refuses large mixes); empty otherwise.
    const QString& lastError() const { return m_lastError; }
    int selectedTask() const { return m_selectedTask; }
    /// The selected task's layer evaluated on its unit; null until it arrives.
    std::shared_ptr<const UnitLayerResult> selectedLayerResult() const { return m_layerResult; }

    /// Explored systems as the Pareto chart plots them (name = the space's label of the design).
    const std::vector<search::EvaluatedDesign>& designs() const { return m_designs; }
    /// The space the explored systems come from (null before the first exploration).
    std::shared_ptr<const search::SystemSpace> exploredSpace() const { return m_space; }
    /// The space index of designs()[i].
    std::int64_t designIndex(int i) const { return m_designIndex[i]; }
    bool exploring() const { return m_exploring; }
    /// The state that makes explored design `i` current: its system and (with network choices) its mix.
    std::optional<SystemState> stateOfDesign(int i) const;
    /// Background jobs still running (tests wait for them).
    int runningJobs() const { return m_runningJobs.load(); }

public Q_SLOTS:
    /// Replaces the system, the mix, the scheduler and the current explored design; re-schedules
    /// when the system, the mix or the scheduler changed. Explored systems stay (another mix drops
    /// them: they were scheduled on the old one).
    void setState(const archscape::app::SystemState& s);
    void selectTask(int task);
    /// Explores every system of `space` on the current mix (herald scheduler, as the CLI's default).
    void startExploration(std::shared_ptr<const archscape::search::SystemSpace> space);
    void cancelExploration();

Q_SIGNALS:
    void stateChanged();
    void evaluationStarted();
    void evaluated();
    void taskSelected(int task);
    void layerResultChanged();
    void designsChanged(int first);
    void currentDesignChanged(int index);
    void explorationProgress(qint64 done, qint64 total);
    void explorationFinished(bool cancelled);
    void errorOccurred(const QString& message);

private:
    void scheduleEvaluation();
    void evaluateSelectedLayer();
    void flushExploration();
    void dropDesigns();

    SystemState m_state;
    std::shared_ptr<const SystemResult> m_result;
    int m_selectedTask = -1;
    std::shared_ptr<const UnitLayerResult> m_layerResult;
    // (entry, unit) -> the network evaluated on that unit, for the current system and mix.
    std::map<std::pair<int, int>, std::shared_ptr<const model::NetworkCost>> m_layerCache;

    std::uint64_t m_generation = 0;
    std::uint64_t m_layerGeneration = 0;
    std::stop_source m_evalStop;
    std::stop_source m_layerStop;
    bool m_pending = false;
    QElapsedTimer m_requestClock;
    double m_lastEvaluationMs = 0;
    QString m_lastError;

    std::vector<search::EvaluatedDesign> m_designs;
    std::vector<std::int64_t> m_designIndex;
    std::shared_ptr<const search::SystemSpace> m_space;
    std::shared_ptr<const workload::WorkloadMix> m_spaceMix; // the mix the space was explored on
    bool m_exploring = false;
    std::stop_source m_exploreStop;
    // Workers push (space index, design) pairs; a 40 ms timer moves them out.
    ExplorationInbox<std::pair<std::int64_t, search::EvaluatedDesign>> m_inbox;
    std::atomic<std::int64_t> m_exploreDone{0};
    std::int64_t m_exploreTotal = 0;
    std::atomic<int> m_runningJobs{0};

    // Waited on first in the destructor (after the stop requests); behind a pointer as in Session.
    std::unique_ptr<tbb::task_group> m_tasks;
    InteractiveRunner m_interactive;
};

} // namespace archscape::app
