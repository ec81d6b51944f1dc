#pragma once
// The GUI's one facade over core: it owns the current design and runs every evaluation and
// exploration off the UI thread. The shell turns its state into snapshots for the views and the
// views' intents into its slots; views never see it, and never call core.
#include <QElapsedTimer>
#include <QObject>
#include <QString>

#include <atomic>
#include <cstdint>
#include <memory>
#include <stop_token>
#include <vector>

#include <tbb/task_group.h>

#include "design_point.h"
#include "exploration_inbox.h"
#include "explore_settings.h"
#include "hardware/accelerator.h"
#include "interactive_runner.h"
#include "model/network_cost.h"
#include "partition_outcome.h"
#include "search/design_evaluation.h"
#include "workload/network.h"

namespace archscape::app {

struct OpenedResult; // what openExploreResult's job read (session.cpp)

class Session : public QObject {
    Q_OBJECT
public:
    explicit Session(QObject* parent = nullptr);
    ~Session() override;

    /// The workload the current design runs: the loaded one, or a quantized design's copy of it with
    /// per-layer precisions. Views show this one.
    const workload::Network& network() const { return m_designNetwork ? *m_designNetwork : *m_network; }
    /// The workload as loaded (what explorations and projects start from).
    const workload::Network& workload() const { return *m_network; }
    /// network() shared, for views that keep it past the next change.
    std::shared_ptr<const workload::Network> sharedNetwork() const {
        return m_designNetwork ? m_designNetwork : m_network;
    }
    const hardware::Accelerator& accelerator() const { return m_accelerator; }
    const search::EvaluationPolicy& mapperSettings() const { return m_mapper; }
    /// The evaluation of the current design; null until the first one finishes.
    const model::NetworkCost* result() const { return m_result.get(); }
    /// result() shared, for views that keep it past the next evaluation.
    std::shared_ptr<const model::NetworkCost> sharedResult() const { return m_result; }
    /// True until the final result of the current inputs is shown (also while their preview is).
    bool evaluationPending() const { return m_pending; }
    /// True while the shown result is the quick preview of the current inputs (each layer's warm or
    /// template mapping) and the mapper's search for them still runs.
    bool refining() const { return m_refining; }
    /// Milliseconds from the request to the delivery of the last result (for the status bar).
    double lastEvaluationMs() const { return m_lastEvaluationMs; }
    int selectedLayer() const { return m_selectedLayer; }

    /// Every design evaluated by explorations, in arrival order.
    const std::vector<DesignPoint>& designs() const { return m_designs; }
    /// Index into designs() of the design that is current, -1 when the current design was edited.
    int currentDesign() const { return m_currentDesign; }
    /// True while an exploration runs or an explore result is read (both fill designs(); Cancel stops both).
    bool exploring() const { return m_exploring; }
    /// The file name designs() were read from (openExploreResult), empty when Explore made them.
    const QString& designsSource() const { return m_designsSource; }
    /// False when the result designs() were read from is incomplete (a stopped run, a cut stream).
    bool designsComplete() const { return m_designsComplete; }
    const ExploreSettings& exploreSettings() const { return m_explore; }
    /// The last partition of the workload over a device set (null: none, or the workload changed since).
    std::shared_ptr<const PartitionOutcome> partition() const { return m_partition; }
    bool partitioning() const { return m_partitioning; }
    /// Background jobs still running, cancelled ones included (tests check that cancel is prompt).
    int runningJobs() const { return m_runningJobs.load(); }

public Q_SLOTS:
    /// Replaces the workload; explored designs (evaluated on the old one) are dropped.
    void setNetwork(const archscape::workload::Network& net);
    void setAccelerator(const archscape::hardware::Accelerator& acc);
    void setMapperSettings(const archscape::search::EvaluationPolicy& s);
    void selectLayer(int layer);
    /// Makes an explored design current (its accelerator and mapper settings).
    void makeDesignCurrent(int index);
    /// Replaces the explored designs (projects restore them).
    void setDesigns(std::vector<archscape::app::DesignPoint> designs);
    void setExploreSettings(const archscape::app::ExploreSettings& s);

    void startExploration();
    void cancelExploration();

    /// Reads an explore result of `archscape-cli explore` (an archscape/explore-result document or an
    /// archscape/explore-stream .jsonl) off the UI thread into designs(), as if Explore had produced
    /// them. The design space is the open one, a preset or `<space name>.json` next to the file, if
    /// its axes are the file's; the workload is the open one, or else the preset or file next to the
    /// result that the file names. The designs shown stay until the whole file is read: then
    /// resultOpened() replaces them, or resultOpenFailed() says why not and nothing changed. A cut
    /// stream (no end line) gives what it holds, marked incomplete. Cancel drops the read.
    void openExploreResult(const QString& path);

    /// Partitions the workload over the devices of an `archscape/devices` file (docs/partition.md) with
    /// the modularity heuristic for the objective (one input's latency, or the period of a pipelined
    /// stream), off the UI thread; partitionChanged() follows. A file with errors is refused at once:
    /// false, with every problem in `error` (file: pointer: message).
    bool startPartition(
        const QString& devicesFile, QString* error = nullptr,
        archscape::schedule::PartitionObjective objective = archscape::schedule::PartitionObjective::Latency);

Q_SIGNALS:
    void networkChanged();
    void acceleratorChanged();
    void mapperSettingsChanged();
    void evaluationStarted();
    void evaluated();
    void layerSelected(int layer);
    void currentDesignChanged(int index);
    /// Designs were appended (from `first` to the end) or, with first == 0, replaced.
    void designsChanged(int first);
    void exploreSettingsChanged();
    /// Points done of total, and the front's hypervolume over the exploration's objectives (latency,
    /// energy; reference 1.1 x the current front's worst, so it can also fall when the front widens);
    /// NaN until the explorer has one (search::ExploreProgress::hypervolume).
    void explorationProgress(qint64 done, qint64 total, double hypervolume);
    void explorationFinished(bool cancelled);
    void errorOccurred(const QString& message);
    /// partition() was replaced or dropped.
    void partitionChanged();
    /// openExploreResult() has read `done` of the file's `total` bytes.
    void resultReadProgress(qint64 done, qint64 total);
    /// openExploreResult() replaced designs(); `summary` says what the file held, e.g. "R.jsonl: 120
    /// designs of space edge on resnet50 (incomplete: the stream ends without its end line)".
    void resultOpened(const QString& path, const QString& summary);
    /// openExploreResult() could not read `path`: `message` is the reader's (file: line: what was
    /// expected); designs() are as before.
    void resultOpenFailed(const QString& path, const QString& message);

private:
    void scheduleEvaluation();
    void flushExploration();
    /// Switches designs() to designs read from a file (the end of openExploreResult).
    void applyOpenedResult(const QString& path, OpenedResult& opened);

    std::shared_ptr<const workload::Network> m_network;
    std::shared_ptr<const workload::Network> m_designNetwork; // current design's precisions, null = m_network
    hardware::Accelerator m_accelerator;
    search::EvaluationPolicy m_mapper;
    ExploreSettings m_explore;
    std::shared_ptr<const model::NetworkCost> m_result;
    std::shared_ptr<const workload::Network> m_resultNetwork; // the network m_result evaluated
    // The last searched (final) result and its network: what the mapper warm-starts from (a preview's
    // mappings would lose a searched mapping that an intermediate edit made invalid).
    std::shared_ptr<const model::NetworkCost> m_warm;
    std::shared_ptr<const workload::Network> m_warmNetwork;
    int m_selectedLayer = -1;

    // Evaluation: one generation per request; stale jobs are cancelled and their results dropped.
    std::uint64_t m_generation = 0;
    std::stop_source m_evalStop;
    bool m_pending = false;
    bool m_refining = false;
    QElapsedTimer m_requestClock;
    double m_lastEvaluationMs = 0;

    // Exploration: workers push designs into the inbox; a 40 ms timer moves them out.
    std::vector<DesignPoint> m_designs;
    int m_currentDesign = -1;
    bool m_exploring = false;
    QString m_designsSource;
    bool m_designsComplete = true;
    std::stop_source m_exploreStop;
    ExplorationInbox<DesignPoint> m_inbox;
    std::atomic<std::int64_t> m_exploreDone{0};
    std::int64_t m_exploreTotal = 0;
    std::atomic<double> m_exploreHypervolume{0}; // the explorer's latest (NaN: none yet)

    // Partition: one job at a time; a newer request or another workload makes an older result stale.
    std::shared_ptr<const PartitionOutcome> m_partition;
    std::uint64_t m_partitionGeneration = 0;
    std::stop_source m_partitionStop;
    bool m_partitioning = false;
    std::atomic<int> m_runningJobs{0};

    // Last member: waited on first in the destructor. Behind a pointer because task_group's
    // destructor may throw, which a QObject's destructor must not declare.
    std::unique_ptr<tbb::task_group> m_tasks;
    // Interactive evaluations, ahead of the exploration's work (declared after m_tasks: it is
    // destroyed, and its running job waited for, first).
    InteractiveRunner m_interactive;
};

} // namespace archscape::app
