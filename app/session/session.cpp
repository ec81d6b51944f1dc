#include "session.h"

#include <QMetaObject>

#include <algorithm>
#include <cmath>
#include <functional>
#include <span>
#include <thread>

#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include "explore_space.h"
#include "search/design_evaluation.h"
#include "search/explorer.h"
#include "search/precision_variant.h"

namespace archscape::app {

namespace {

// Niceness of the background threads (0 = the UI thread's, 19 = lowest).
constexpr int kBackgroundNice = 10;

// Streamed points are batched for this long before the views replot (PlotJuggler's replot timer).
constexpr int kFlushIntervalMs = 40;

/// Hands each finished point of the explorer to the Session's buffer, and its progress's
/// hypervolume to `hypervolume` (calls are serialised).
class StreamingSink : public search::ProgressSink {
public:
    using Push = std::function<void(const search::PointResult&)>;
    StreamingSink(Push push, std::atomic<double>& hypervolume) : m_push(std::move(push)), m_hypervolume(hypervolume) {}
    void pointFinished(const search::PointResult& point, std::span<const mapping::Mapping>, bool) override {
        m_push(point);
    }
    void progress(const search::ExploreProgress& p) override {
        m_hypervolume.store(p.hypervolume, std::memory_order_relaxed);
    }

private:
    Push m_push;
    std::atomic<double>& m_hypervolume;
};

/// Lowers the calling thread's scheduling priority once (Linux: nice 10, per thread). Background
/// threads then yield the core to the UI thread whenever it has work: without this, on 2 cores the
/// UI thread waits behind the explorer's threads for a time slice, which shows as 100+ ms stalls
/// although it has only a few milliseconds of work.
void runInBackgroundPriority() {
#ifdef __linux__
    thread_local bool lowered = false;
    if (lowered) return;
    lowered = true;
    setpriority(PRIO_PROCESS, pid_t(syscall(SYS_gettid)), kBackgroundNice);
#endif
}

/// Counts a background job for as long as it runs, however it returns; exploration jobs also run
/// at background priority (interactive evaluations keep the UI's, so they come first).
class RunningJob {
public:
    explicit RunningJob(std::atomic<int>& count, bool background = true) : m_count(count) {
        ++m_count;
        if (background) runInBackgroundPriority();
    }
    ~RunningJob() { --m_count; }
    RunningJob(const RunningJob&) = delete;
    RunningJob& operator=(const RunningJob&) = delete;

private:
    std::atomic<int>& m_count;
};

} // namespace

Session::Session(QObject* parent)
    : QObject(parent), m_network(std::make_shared<workload::Network>()), m_tasks(std::make_unique<tbb::task_group>()) {
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(kFlushIntervalMs);
    connect(&m_flushTimer, &QTimer::timeout, this, &Session::flushExploration);
}

Session::~Session() {
    m_evalStop.request_stop();
    m_exploreStop.request_stop();
    m_tasks->wait();
}

void Session::setNetwork(const workload::Network& net) {
    // Explored designs were evaluated on the old workload: their points, front and ring would
    // describe another network (issue 15), so they go, and so does an exploration of it.
    cancelExploration();
    const bool hadDesigns = !m_designs.empty() || m_currentDesign >= 0;
    m_designs.clear();
    m_currentDesign = -1;
    m_network = std::make_shared<const workload::Network>(net);
    m_designNetwork.reset();
    m_selectedLayer = m_network->layers.empty() ? -1 : 0;
    m_result.reset();
    if (hadDesigns) {
        Q_EMIT designsChanged(0);
        Q_EMIT currentDesignChanged(-1);
    }
    Q_EMIT networkChanged();
    Q_EMIT layerSelected(m_selectedLayer);
    scheduleEvaluation();
}

void Session::setAccelerator(const hardware::Accelerator& acc) {
    m_accelerator = acc;
    m_currentDesign = -1;
    Q_EMIT acceleratorChanged();
    Q_EMIT currentDesignChanged(-1);
    scheduleEvaluation();
}

void Session::setMapperSettings(const search::EvaluationPolicy& s) {
    if (s == m_mapper) return;
    m_mapper = s;
    m_currentDesign = -1;
    Q_EMIT mapperSettingsChanged();
    Q_EMIT currentDesignChanged(-1);
    scheduleEvaluation();
}

void Session::selectLayer(int layer) {
    if (layer == m_selectedLayer || layer < -1 || layer >= int(m_network->layers.size())) return;
    m_selectedLayer = layer;
    Q_EMIT layerSelected(layer);
}

void Session::makeDesignCurrent(int index) {
    if (index < 0 || index >= int(m_designs.size())) return;
    const DesignPoint& d = m_designs[index];
    m_accelerator = d.accelerator;
    const bool workloadSwitched = d.network != m_designNetwork;
    m_designNetwork = d.network;
    const bool mapperChanged = !(m_mapper == d.mapper);
    m_mapper = d.mapper;
    m_currentDesign = index;
    if (workloadSwitched) Q_EMIT networkChanged();
    Q_EMIT acceleratorChanged();
    if (mapperChanged) Q_EMIT mapperSettingsChanged();
    Q_EMIT currentDesignChanged(index);
    scheduleEvaluation();
}

void Session::setDesigns(std::vector<DesignPoint> designs) {
    cancelExploration();
    m_designs = std::move(designs);
    m_currentDesign = -1;
    Q_EMIT designsChanged(0);
    Q_EMIT currentDesignChanged(-1);
}

void Session::setExploreSettings(const ExploreSettings& s) {
    m_explore = s;
    Q_EMIT exploreSettingsChanged();
}

void Session::scheduleEvaluation() {
    const std::uint64_t generation = ++m_generation;
    m_evalStop.request_stop();
    m_evalStop = std::stop_source{};
    m_pending = true;
    m_requestClock.start();
    Q_EMIT evaluationStarted();
    if (m_network->layers.empty() || m_accelerator.levels.empty()) {
        m_pending = false;
        m_result.reset();
        Q_EMIT evaluated();
        return;
    }
    // The job owns copies of its inputs: the UI may change them while it runs.
    auto net = m_designNetwork ? m_designNetwork : m_network;
    // The mapper warm-starts from the shown result's mappings (same network): a mapping that is
    // still valid on the edited design is a candidate again, so more PEs or a larger buffer never
    // give a layer a worse mapping at the same budget (issue 15).
    std::shared_ptr<const model::NetworkCost> warm = m_resultNetwork == net ? m_result : nullptr;
    m_interactive.post(
        [this, generation, stop = m_evalStop.get_token(), net, acc = m_accelerator, mapper = m_mapper, warm] {
            const RunningJob running(m_runningJobs, false);
            if (stop.stop_requested()) return;
            search::EvaluationPolicy policy = mapper;
            policy.mapper.warm_network = warm.get();
            auto cost = std::make_shared<const model::NetworkCost>(search::evaluateDesign(*net, acc, policy, stop));
            if (stop.stop_requested()) return;
            QMetaObject::invokeMethod(
                this,
                [this, generation, cost, net] {
                    if (generation != m_generation) return; // a newer request is on its way
                    m_result = cost;
                    m_resultNetwork = net;
                    m_pending = false;
                    m_lastEvaluationMs = double(m_requestClock.nsecsElapsed()) * 1e-6;
                    Q_EMIT evaluated();
                },
                Qt::QueuedConnection);
        });
}

void Session::startExploration() {
    cancelExploration();
    if (m_network->layers.empty() || m_accelerator.levels.empty() || m_explore.size() == 0) return;
    std::uint64_t generation;
    {
        std::lock_guard lock(m_incomingMutex);
        generation = ++m_exploreGeneration;
    }
    m_exploreStop = std::stop_source{};
    auto request = std::make_shared<search::ExploreRequest>();
    const bool sweep = !m_explore.space;
    request->space = sweep ? designSpace(m_explore, m_accelerator, m_mapper) : *m_explore.space->space;
    request->network = *m_network;
    // Leave one core to the UI thread: with every core busy the scheduler starves it (the event
    // loop then stalls for 100+ ms on a 2-core machine although it has little to do).
    request->threads = std::max(1, int(std::thread::hardware_concurrency()) - 1);
    m_exploreDone = 0;
    m_exploreTotal = request->space.size();
    m_exploreHypervolume = NAN;
    m_exploring = true;
    m_designs.clear();
    m_currentDesign = -1;
    Q_EMIT designsChanged(0);
    Q_EMIT explorationProgress(0, m_exploreTotal, NAN);

    m_tasks->run([this, generation, stop = m_exploreStop.get_token(), request, sweep, mapper = m_mapper] {
        const RunningJob running(m_runningJobs);
        // A quantized design runs the workload at its precisions: one shared copy per quantization value.
        std::vector<std::shared_ptr<const workload::Network>> variants;
        if (const int qa = request->space.axisOf(search::Param::Quantization); qa >= 0) {
            const search::Axis& axis = request->space.axes[qa];
            for (std::size_t v = 0; v < axis.quantizations.size(); ++v) {
                auto pv = search::makePrecisionVariant(request->network, &axis.quantizations[v],
                                                       request->space.accuracy_model.get());
                if (pv) pv->network.name += " @ " + axis.labels[v];
                variants.push_back(pv ? std::make_shared<const workload::Network>(std::move(pv->network)) : nullptr);
            }
        }
        StreamingSink sink(
            [&](const search::PointResult& r) {
                runInBackgroundPriority(); // the explorer's own worker threads
                const search::DesignPoint design = request->space.pointAt(r.index);
                DesignPoint p;
                p.mapper = mapper;
                p.mapper.mode = search::EvaluationPolicy::Mode::Search;
                p.mapper.dataflow = design.dataflow.value_or(mapper.dataflow);
                p.mapper.free_mapspace = !design.dataflow.has_value();
                p.mapper.budget = int(std::clamp<std::int64_t>(request->space.mapper.budget, 1, 1000000));
                p.accelerator = design.accelerator;
                if (design.quantization >= 0 && design.quantization < int(variants.size()))
                    p.network = variants[design.quantization];
                if (sweep) {
                    p.accelerator.name = designName(request->space.base, design.accelerator, p.mapper.dataflow);
                    p.accelerator.description =
                        "Explored from " + request->space.base.name + " (" + request->space.name + ")";
                } else {
                    std::string details;
                    p.accelerator.name = pointName(request->space, design.choice, &details);
                    p.accelerator.description = "Explored from design space " + request->space.name + ": " + details;
                }
                p.valid = r.feasible();
                p.cycles = r.latency_s * design.accelerator.clock_mhz * 1e6;
                p.energy_pj = r.energy_j * 1e12;
                p.area_um2 = r.area_mm2 * 1e6;
                p.accuracy_pct = r.metric(search::Metric::Accuracy);
                bool first;
                {
                    std::lock_guard lock(m_incomingMutex);
                    if (generation != m_exploreGeneration) return;
                    first = m_incoming.empty();
                    m_incoming.push_back(std::move(p));
                }
                ++m_exploreDone;
                // One notification per batch: the flush timer collects everything that follows.
                if (first)
                    QMetaObject::invokeMethod(
                        this,
                        [this] {
                            if (!m_flushTimer.isActive()) m_flushTimer.start();
                        },
                        Qt::QueuedConnection);
            },
            m_exploreHypervolume);
        const search::ExploreResult result = search::run(*request, sink, stop);
        // A request the explorer rejects (objectives, an accuracy model that does not cover the network)
        // is reported, not run.
        const QString rejected =
            QString::fromStdString(formatDiagnostics("design space " + request->space.name, result.diagnostics))
                .trimmed();
        QMetaObject::invokeMethod(
            this,
            [this, generation, cancelled = stop.stop_requested(), rejected] {
                if (generation != m_exploreGeneration || !m_exploring) return;
                flushExploration();
                m_exploring = false;
                if (!rejected.isEmpty()) Q_EMIT errorOccurred(rejected);
                Q_EMIT explorationFinished(cancelled);
            },
            Qt::QueuedConnection);
    });
}

void Session::cancelExploration() {
    if (!m_exploring) return;
    m_exploreStop.request_stop();
    flushExploration(); // keep what finished
    m_exploring = false;
    {
        std::lock_guard lock(m_incomingMutex);
        ++m_exploreGeneration; // whatever the old job still posts is dropped
        m_incoming.clear();
    }
    Q_EMIT explorationFinished(true);
}

void Session::flushExploration() {
    std::vector<DesignPoint> batch;
    {
        std::lock_guard lock(m_incomingMutex);
        batch.swap(m_incoming);
    }
    if (!m_exploring) return; // a cancelled job's stragglers
    Q_EMIT explorationProgress(m_exploreDone.load(), m_exploreTotal, m_exploreHypervolume.load());
    if (batch.empty()) return;
    const int first = int(m_designs.size());
    m_designs.insert(m_designs.end(), std::make_move_iterator(batch.begin()), std::make_move_iterator(batch.end()));
    Q_EMIT designsChanged(first);
}

} // namespace archscape::app
