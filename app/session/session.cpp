#include "session.h"

#include <QMetaObject>

#include <algorithm>
#include <cmath>
#include <functional>
#include <span>
#include <thread>

#include "background_job.h"
#include "explore_space.h"
#include "io/devices_json.h"
#include "search/design_evaluation.h"
#include "search/explorer.h"
#include "search/precision_variant.h"
#include "streaming_sink.h"

namespace archscape::app {

namespace {

// Streamed points are batched for this long before the views replot (PlotJuggler's replot timer).
constexpr int kFlushIntervalMs = 40;

// Candidates per layer shape of an edit's preview: the warm mapping and the dataflow template(s),
// which the mapper evaluates first (a free mapspace has up to seven templates).
constexpr std::int64_t kPreviewBudget = 8;

// The GUI keeps every explored design for the chart (about 0.5 KB each): a grid sweep larger than
// this belongs to the CLI (streamed to .jsonl, or searched with --strategy nsga2 --budget N).
constexpr std::int64_t kMaxGuiPoints = 1'000'000;

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
    m_partitionStop.request_stop();
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
    if (m_partition || m_partitioning) { // a partition of the old workload
        m_partitionStop.request_stop();
        ++m_partitionGeneration;
        m_partitioning = false;
        m_partition.reset();
        Q_EMIT partitionChanged();
    }
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
    m_refining = false;
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
    // The mapper warm-starts from the last searched result's mappings (same network): a mapping that
    // is still valid on the edited design is a candidate again, so more PEs or a larger buffer never
    // give a layer a worse mapping at the same budget (issue 15).
    std::shared_ptr<const model::NetworkCost> warm = m_warmNetwork == net ? m_warm : nullptr;
    // A mapper search takes 20-40 ms, 150+ while an exploration holds the other core (issue 15): the
    // edit is shown first with the candidates the search starts from (the warm mapping, the
    // template), and the search's result replaces that preview when it arrives, unless a newer edit
    // cancelled it. The search evaluates the same first candidates, so it is never worse per layer.
    const bool preview = m_mapper.mode == search::EvaluationPolicy::Mode::Search &&
                         m_accelerator.kind != hardware::AcceleratorKind::Systolic &&
                         (m_mapper.budget <= 0 || m_mapper.budget > kPreviewBudget);
    m_interactive.post(
        [this, generation, stop = m_evalStop.get_token(), net, acc = m_accelerator, mapper = m_mapper, warm, preview] {
            const RunningJob running(m_runningJobs, false);
            if (stop.stop_requested()) return;
            search::EvaluationPolicy policy = mapper;
            policy.mapper.warm_network = warm.get();
            const auto deliver = [this, generation, net](std::shared_ptr<const model::NetworkCost> cost, bool final) {
                QMetaObject::invokeMethod(
                    this,
                    [this, generation, cost, net, final] {
                        if (generation != m_generation) return; // a newer request is on its way
                        m_result = cost;
                        m_resultNetwork = net;
                        m_refining = !final;
                        if (final) {
                            m_warm = cost;
                            m_warmNetwork = net;
                            m_pending = false;
                            m_lastEvaluationMs = double(m_requestClock.nsecsElapsed()) * 1e-6;
                        }
                        Q_EMIT evaluated();
                    },
                    Qt::QueuedConnection);
            };
            if (preview) {
                search::EvaluationPolicy quick = policy;
                quick.budget = kPreviewBudget;
                auto first = std::make_shared<const model::NetworkCost>(search::evaluateDesign(*net, acc, quick, stop));
                if (stop.stop_requested()) return;
                deliver(std::move(first), false);
            }
            auto cost = std::make_shared<const model::NetworkCost>(search::evaluateDesign(*net, acc, policy, stop));
            if (stop.stop_requested()) return;
            deliver(std::move(cost), true);
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
    if (const std::int64_t points = request->space.size(); points > kMaxGuiPoints) {
        // Refused before anything is cleared: the designs on the chart stay.
        Q_EMIT errorOccurred(QStringLiteral("design space %1 has %2 points; the GUI explores at most %3 (it keeps "
                                            "every design for the chart). Narrow the space, or run archscape-cli "
                                            "explore --space %1 --strategy nsga2 --budget N, or a sweep to .jsonl.")
                                 .arg(QString::fromStdString(request->space.name))
                                 .arg(points)
                                 .arg(kMaxGuiPoints));
        return;
    }
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
            &m_exploreHypervolume);
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

bool Session::startPartition(const QString& devicesFile, QString* error, schedule::PartitionObjective objective) {
    auto devices = io::readDevicesFile(devicesFile.toStdString());
    if (!devices.ok()) {
        if (error)
            *error = QString::fromStdString(formatDiagnostics(devicesFile.toStdString(), devices.errors)).trimmed();
        return false;
    }
    m_partitionStop.request_stop();
    m_partitionStop = std::stop_source{};
    const std::uint64_t generation = ++m_partitionGeneration;
    m_partitioning = true;
    auto outcome = std::make_shared<PartitionOutcome>();
    outcome->devices_name = devices.value->name;
    outcome->devices_file = devicesFile.toStdString();
    outcome->network = m_network;
    m_tasks->run([this, generation, stop = m_partitionStop.get_token(), outcome, devices = *devices.value, objective] {
        const RunningJob running(m_runningJobs);
        // Costs every layer on every device (accelerators run their mapper), then the heuristic.
        schedule::PartitionProblemOptions options;
        options.objective = objective;
        auto built = schedule::buildPartitionProblem(*outcome->network, devices, options);
        QString failure;
        if (!built.problem) {
            failure =
                QString::fromStdString(outcome->network->name + " on " + outcome->devices_file + ": " + built.error);
        } else if (!stop.stop_requested()) {
            outcome->problem = std::move(*built.problem);
            outcome->result = schedule::solvePartition(outcome->problem, {}, stop);
            for (int d = 0; d < outcome->problem.numDevices(); ++d)
                outcome->single_device.push_back(schedule::singleDevicePartition(outcome->problem, d));
        }
        if (stop.stop_requested()) return;
        QMetaObject::invokeMethod(
            this,
            [this, generation, outcome, failure] {
                if (generation != m_partitionGeneration) return; // another request or workload since
                m_partitioning = false;
                if (!failure.isEmpty()) {
                    Q_EMIT errorOccurred(failure);
                    return;
                }
                m_partition = outcome;
                Q_EMIT partitionChanged();
            },
            Qt::QueuedConnection);
    });
    return true;
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
