#include "session.h"

#include <QFileInfo>
#include <QMetaObject>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <thread>

#include "background_job.h"
#include "explore_space.h"
#include "io/devices_json.h"
#include "io/explore_result_json.h"
#include "io/explore_stream.h"
#include "io/file_readers.h"
#include "io/json_file.h"
#include "io/preset_catalog.h"
#include "search/design_evaluation.h"
#include "search/explorer.h"
#include "search/precision_variant.h"
#include "streaming_sink.h"

namespace archscape::app {

namespace {

// Candidates per layer shape of an edit's preview: the warm mapping and the dataflow template(s),
// which the mapper evaluates first (a free mapspace has up to seven templates).
constexpr std::int64_t kPreviewBudget = 8;

// The GUI keeps every explored design for the chart (about 0.5 KB each): a grid sweep larger than
// this belongs to the CLI (streamed to .jsonl, or searched with --strategy nsga2 --budget N).
constexpr std::int64_t kMaxGuiPoints = 1'000'000;

/// How an explored point becomes a design of the Session: the space it belongs to, the mapper the
/// designs start from, and the workload at each quantization value of the space.
struct ExploredSpace {
    const search::DesignSpace& space;
    const search::EvaluationPolicy& mapper;
    bool sweep; ///< the built-in sweep around the current accelerator (named after it)
    std::vector<std::shared_ptr<const workload::Network>> variants;
};

/// A quantized design runs the workload at its precisions: one shared copy per quantization value.
std::vector<std::shared_ptr<const workload::Network>> precisionVariants(const search::DesignSpace& space,
                                                                        const workload::Network& network) {
    std::vector<std::shared_ptr<const workload::Network>> variants;
    if (const int qa = space.axisOf(search::Param::Quantization); qa >= 0) {
        const search::Axis& axis = space.axes[qa];
        for (std::size_t v = 0; v < axis.quantizations.size(); ++v) {
            auto pv = search::makePrecisionVariant(network, &axis.quantizations[v], space.accuracy_model.get());
            if (pv) pv->network.name += " @ " + axis.labels[v];
            variants.push_back(pv ? std::make_shared<const workload::Network>(std::move(pv->network)) : nullptr);
        }
    }
    return variants;
}

/// The design of point `r` (`design`: its point of the space), as Explore and an opened result give it.
DesignPoint exploredDesign(const ExploredSpace& e, const search::PointResult& r, const search::DesignPoint& design) {
    DesignPoint p;
    p.mapper = e.mapper;
    p.mapper.mode = search::EvaluationPolicy::Mode::Search;
    p.mapper.dataflow = design.dataflow.value_or(e.mapper.dataflow);
    p.mapper.free_mapspace = !design.dataflow.has_value();
    p.mapper.budget = int(std::clamp<std::int64_t>(e.space.mapper.budget, 1, 1000000));
    p.accelerator = design.accelerator;
    if (design.quantization >= 0 && design.quantization < int(e.variants.size()))
        p.network = e.variants[design.quantization];
    if (e.sweep) {
        p.accelerator.name = designName(e.space.base, design.accelerator, p.mapper.dataflow);
        p.accelerator.description = "Explored from " + e.space.base.name + " (" + e.space.name + ")";
    } else {
        std::string details;
        p.accelerator.name = pointName(e.space, design.choice, &details);
        p.accelerator.description = "Explored from design space " + e.space.name + ": " + details;
    }
    p.valid = r.feasible();
    p.cycles = r.latency_s * design.accelerator.clock_mhz * 1e6;
    p.energy_pj = r.energy_j * 1e12;
    p.area_um2 = r.area_mm2 * 1e6;
    p.accuracy_pct = r.metric(search::Metric::Accuracy);
    return p;
}

/// Where a result's space or workload may be: a preset of `kind` by that name, or `<name>.json` next
/// to the result.
std::vector<std::string> candidatePaths(const std::string& kind, const std::string& name, const std::string& result) {
    std::vector<std::string> paths;
    if (name.empty()) return paths;
    if (auto preset = io::resolvePreset(kind, name)) paths.push_back(*preset);
    const std::string beside = (std::filesystem::path(result).parent_path() / (name + ".json")).string();
    if (std::filesystem::is_regular_file(beside)) paths.push_back(beside);
    return paths;
}

/// Why the GUI cannot hold `space`'s designs, if it cannot: a design of an attention_reuse space is a
/// workload over S sampling steps, and the Session's designs re-evaluate one step of the open
/// workload, so a picked design would show another design's figures.
std::optional<std::string> guiRefusal(const search::DesignSpace& space) {
    if (space.axisOf(search::Param::AttentionReuse) < 0) return std::nullopt;
    return "design space " + space.name +
           " has an attention_reuse axis (designs over several sampling steps), which the GUI does not show: run "
           "archscape-cli explore --space " +
           space.name + " instead";
}

/// Whether `space` is the one `meta` explored: its name, axes and their values (the fingerprint also
/// covers mapper options a CLI run may override, so it does not decide alone).
bool isSpaceOf(const search::DesignSpace& space, const io::ExploreFile& meta) {
    if (space.fingerprint() == meta.space_fingerprint) return true;
    if (space.name != meta.space_name || space.axes.size() != meta.axes.size() || space.size() != meta.space_size)
        return false;
    for (std::size_t a = 0; a < space.axes.size(); ++a)
        if (space.axes[a].name != meta.axes[a] || space.axes[a].labels != meta.axis_values[a]) return false;
    return true;
}

/// The design space `meta` explored: the one open in the GUI, else a preset or a file beside the result.
ParseResult<std::shared_ptr<const search::DesignSpace>> findExploredSpace(
    const io::ExploreFile& meta, const std::string& result, std::shared_ptr<const search::DesignSpace> open) {
    using R = ParseResult<std::shared_ptr<const search::DesignSpace>>;
    if (open && isSpaceOf(*open, meta)) return R::success(std::move(open));
    std::string tried;
    for (const std::string& path : candidatePaths("spaces", meta.space_name, result)) {
        auto choice = loadSpaceChoice(path);
        if (choice.ok() && isSpaceOf(*choice.value->space, meta)) return R::success(choice.value->space);
        tried += (tried.empty() ? "" : ", ") + path + (choice.ok() ? " (other axes)" : " (unreadable)");
    }
    return R::failure(
        {{"/space", "explored the design space \"" + meta.space_name + "\", which is neither the open space " +
                        (tried.empty() ? std::string("nor a preset or a file ") + meta.space_name + ".json next to it"
                                       : "nor " + tried) +
                        ": choose it with Explore > Design Space > Open Design Space..., then open the result again"}});
}

/// The workload `meta` explored: the open one, else a preset or a file beside the result.
ParseResult<std::shared_ptr<const workload::Network>> findExploredWorkload(
    const io::ExploreFile& meta, const std::string& result, std::shared_ptr<const workload::Network> open) {
    using R = ParseResult<std::shared_ptr<const workload::Network>>;
    if (open->name == meta.workload) return R::success(std::move(open));
    for (const std::string& path : candidatePaths("workloads", meta.workload, result))
        if (auto w = io::readWorkloadAny(path); w.ok() && w.value->network.name == meta.workload)
            return R::success(std::make_shared<const workload::Network>(std::move(w.value->network)));
    return R::failure({{"/workload", "explored the workload \"" + meta.workload + "\"; the open workload is \"" +
                                         open->name + "\" and no preset or file " + meta.workload +
                                         ".json next to the result holds it: open that workload first"}});
}

} // namespace

/// What openExploreResult's job read, handed to the UI thread.
struct OpenedResult {
    std::vector<DesignPoint> designs;
    std::shared_ptr<const workload::Network> network; ///< the workload the designs ran
    std::string space;
    bool complete = true;
    bool cut = false;
    QString error;
};

Session::Session(QObject* parent)
    : QObject(parent),
      m_network(std::make_shared<workload::Network>()),
      m_inbox(this, [this] { flushExploration(); }),
      m_tasks(std::make_unique<tbb::task_group>()) {}

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
    m_designsSource.clear();
    m_designsComplete = true;
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
    m_designsSource.clear();
    m_designsComplete = true;
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
    const std::uint64_t generation = m_inbox.begin();
    m_exploreStop = std::stop_source{};
    auto request = std::make_shared<search::ExploreRequest>();
    const bool sweep = !m_explore.space;
    request->space = sweep ? designSpace(m_explore, m_accelerator, m_mapper) : *m_explore.space->space;
    if (const auto refusal = guiRefusal(request->space)) {
        Q_EMIT errorOccurred(QString::fromStdString(*refusal));
        return;
    }
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
    m_designsSource.clear();
    m_designsComplete = true;
    m_currentDesign = -1;
    Q_EMIT designsChanged(0);
    Q_EMIT explorationProgress(0, m_exploreTotal, NAN);

    m_tasks->run([this, generation, stop = m_exploreStop.get_token(), request, sweep, mapper = m_mapper] {
        const RunningJob running(m_runningJobs);
        const ExploredSpace explored{request->space, mapper, sweep,
                                     precisionVariants(request->space, request->network)};
        StreamingSink sink(
            [&](const search::PointResult& r) {
                runInBackgroundPriority(); // the explorer's own worker threads
                if (m_inbox.push(generation, exploredDesign(explored, r, request->space.pointAt(r.index))))
                    ++m_exploreDone;
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
                if (!m_inbox.isCurrent(generation) || !m_exploring) return;
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

void Session::openExploreResult(const QString& path) {
    cancelExploration();
    const std::uint64_t generation = m_inbox.begin(); // a later open or exploration makes this one stale
    m_exploreStop = std::stop_source{};
    m_exploring = true;
    Q_EMIT resultReadProgress(0, QFileInfo(path).size());
    m_tasks->run([this, generation, stop = m_exploreStop.get_token(), file = path.toStdString(), path,
                  open = m_explore.space ? m_explore.space->space : nullptr, network = m_network, mapper = m_mapper] {
        const RunningJob running(m_runningJobs);
        auto opened = std::make_shared<OpenedResult>();
        std::shared_ptr<const search::DesignSpace> space;
        std::optional<ExploredSpace> explored;
        std::vector<Diagnostic> errors;
        // The header resolves the space and workload, before any point is turned into a design.
        const auto begin = [&](const io::ExploreFile& meta, std::vector<Diagnostic>& errs) {
            auto s = findExploredSpace(meta, file, open);
            auto w = findExploredWorkload(meta, file, network);
            for (auto* e : {&s.errors, &w.errors}) errs.insert(errs.end(), e->begin(), e->end());
            if (!errs.empty()) return;
            if (const auto refusal = guiRefusal(**s.value)) {
                errs.push_back({"/space", *refusal});
                return;
            }
            space = *s.value;
            opened->network = *w.value;
            opened->space = space->name;
            explored.emplace(ExploredSpace{*space, mapper, false, precisionVariants(*space, *opened->network)});
        };
        const auto add = [&](const search::PointResult& r, const std::string& where, std::vector<Diagnostic>& errs) {
            if (!explored) return; // the header was refused
            if (r.index < 0 || r.index >= space->size()) {
                errs.push_back({where + "/index", "expected a point of the space's " + std::to_string(space->size())});
                return;
            }
            const search::DesignPoint design = space->pointAt(r.index);
            if (r.choice != design.choice) {
                errs.push_back({where + "/choice",
                                "expected the value indices of point " + std::to_string(r.index) + " of the space"});
                return;
            }
            if (std::int64_t(opened->designs.size()) >= kMaxGuiPoints) {
                errs.push_back({where, "more than " + std::to_string(kMaxGuiPoints) +
                                           " points: the GUI keeps at most that many (merge or filter with "
                                           "archscape-cli first)"});
                return;
            }
            opened->designs.push_back(exploredDesign(*explored, r, design));
        };
        const auto progress = [this, generation, stop](std::uint64_t done, std::uint64_t total) {
            QMetaObject::invokeMethod(
                this,
                [this, generation, done, total] {
                    if (m_inbox.isCurrent(generation) && m_exploring)
                        Q_EMIT resultReadProgress(qint64(done), qint64(total));
                },
                Qt::QueuedConnection);
            return !stop.stop_requested();
        };
        if (io::isExploreStream(file)) {
            auto r = io::readExploreStreamPoints(file,
                                                 [&](search::PointResult&& p, const std::string& where,
                                                     std::vector<Diagnostic>& errs) { add(p, where, errs); },
                                                 {.allow_cut = true, .header = begin, .progress = progress});
            if (r.ok()) {
                opened->complete = r.value->file.complete;
                opened->cut = r.value->cut;
            } else {
                errors = std::move(r.errors);
            }
        } else if (auto j = io::readJsonFile(file, {.max_bytes = std::uint64_t(4) << 30}); !j.ok()) {
            errors = std::move(j.errors);
        } else if (auto f = io::parseExploreFile(*j.value); !f.ok()) {
            errors = std::move(f.errors);
        } else {
            begin(*f.value, errors);
            for (std::size_t i = 0; errors.empty() && i < f.value->result.points.size() && !stop.stop_requested(); ++i)
                add(f.value->result.points[i], io::childPointer("/points", i), errors);
            opened->complete = f.value->complete;
        }
        if (stop.stop_requested()) return;
        if (!errors.empty()) opened->error = QString::fromStdString(formatDiagnostics(file, errors)).trimmed();
        QMetaObject::invokeMethod(
            this,
            [this, generation, path, opened] {
                if (!m_inbox.isCurrent(generation) || !m_exploring) return; // cancelled or superseded
                applyOpenedResult(path, *opened);
            },
            Qt::QueuedConnection);
    });
}

void Session::applyOpenedResult(const QString& path, OpenedResult& opened) {
    m_exploring = false;
    if (!opened.error.isEmpty()) {
        Q_EMIT explorationFinished(true);
        Q_EMIT resultOpenFailed(path, opened.error);
        return;
    }
    if (opened.network != m_network) setNetwork(*opened.network); // the workload the file names
    m_designs = std::move(opened.designs);
    m_currentDesign = -1;
    m_designsSource = QFileInfo(path).fileName();
    m_designsComplete = opened.complete;
    Q_EMIT designsChanged(0);
    Q_EMIT currentDesignChanged(-1);
    // The file's front hypervolume is not read back: NaN clears an earlier exploration's figure.
    Q_EMIT explorationProgress(qint64(m_designs.size()), qint64(m_designs.size()), NAN);
    Q_EMIT explorationFinished(false);
    QString summary = tr("%1: %2 designs of space %3 on %4")
                          .arg(m_designsSource)
                          .arg(m_designs.size())
                          .arg(QString::fromStdString(opened.space), QString::fromStdString(m_network->name));
    if (opened.cut) summary += tr(" (incomplete: the stream ends without its end line, it was cut)");
    else if (!opened.complete) summary += tr(" (incomplete: the run was stopped before every point was evaluated)");
    Q_EMIT resultOpened(path, summary);
}

void Session::cancelExploration() {
    if (!m_exploring) return;
    m_exploreStop.request_stop();
    flushExploration(); // keep what finished
    m_exploring = false;
    m_inbox.invalidate(); // whatever the old job still posts is dropped
    Q_EMIT explorationFinished(true);
}

void Session::flushExploration() {
    std::vector<DesignPoint> batch = m_inbox.take();
    if (!m_exploring) return; // a cancelled job's stragglers
    Q_EMIT explorationProgress(m_exploreDone.load(), m_exploreTotal, m_exploreHypervolume.load());
    if (batch.empty()) return;
    const int first = int(m_designs.size());
    m_designs.insert(m_designs.end(), std::make_move_iterator(batch.begin()), std::make_move_iterator(batch.end()));
    Q_EMIT designsChanged(first);
}

} // namespace archscape::app
