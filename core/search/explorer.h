#pragma once
#include <array>
#include <cmath>
#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <stop_token>
#include <string>
#include <vector>

#include "common/parse_result.h"
#include "mapping/mapping.h"
#include "search/design_search.h"
#include "search/design_space.h"
#include "search/metric.h"
#include "workload/network.h"

namespace archscape::search {

/// Why a design point is not feasible (counted per reason when a space has no feasible point).
/// Resource: an FPGA design needs more DSP blocks, M20K blocks or ALMs than its device has, or
/// uses more of one than the space's max_dsp_percent / max_bram_percent / max_alm_percent.
/// Energy: over a system space's energy spec (max_energy_mj; accelerator spaces have none).
enum class Infeasibility : std::uint8_t { None, PeCount, Area, Unmapped, Latency, Power, Resource, Energy };
inline constexpr int kNumInfeasibilities = 8;
/// "none", "pe_count", "area", "unmapped_layer", "latency", "power", "fpga_resource" (more than the
/// device has, or more than a max_*_percent constraint allows), "energy".
std::string_view toString(Infeasibility r);
std::optional<Infeasibility> parseInfeasibility(std::string_view s);

/// Cycles and energy of one distinct layer shape at one design point (floats keep 100k points small).
struct ShapeCost {
    float cycles = 0;
    float energy_pj = 0;
};

/// One evaluated design point.
struct PointResult {
    std::int64_t index = 0;            ///< position in the design space
    std::vector<std::uint16_t> choice; ///< value index per axis (the design, compactly)
    Infeasibility reason = Infeasibility::None;
    double latency_s = 0; ///< network latency at the design's clock
    double energy_j = 0;
    double area_mm2 = 0;
    double power_w = 0; ///< energy / latency
    int unmapped = 0;   ///< layers without a valid mapping
    /// Predicted top-1 (%) of the network at this point's per-layer precisions (quantization axis,
    /// else the accelerator's precision for every layer); NaN when the space has no accuracy model
    /// or the model does not cover the network. Known before any mapping, so set for infeasible
    /// points too.
    double accuracy_top1 = NAN;
    float accuracy_uncertainty = 0;      ///< one standard error of accuracy_top1 (percentage points)
    bool accuracy_extrapolating = false; ///< the model is outside the data it was built from
    std::vector<ShapeCost> shapes;       ///< per distinct (layer shape, precision): shapesOf(request, index) order
    /// An FPGA design's utilisation of its device per hardware::FpgaResource, in percent; NaN for
    /// other kinds. A pure function of the design, so set for infeasible points too.
    std::array<double, hardware::kNumFpgaResources> fpga_use_percent{NAN, NAN, NAN};
    /// The core area an FPGA design's computing M20K blocks add, in percent of the device's core
    /// (hardware::FpgaResources::cib_area_percent); NaN when not of kind fpga or not known.
    double cib_area_percent = NAN;

    bool feasible() const { return reason == Infeasibility::None; }
    bool hasAccuracy() const { return !std::isnan(accuracy_top1); }
    bool hasFpgaUse() const { return !std::isnan(fpga_use_percent[0]); }
    /// The value of a metric; accuracy is top-1 in % (higher is better: the front negates it).
    double metric(Metric m) const;
};

/// What to explore.
struct ExploreRequest {
    DesignSpace space;
    workload::Network network;
    std::vector<Metric> objectives = {Metric::Latency, Metric::Energy};
    std::uint64_t seed = 1;
    int threads = 0;     ///< 0: oneTBB's default (all cores)
    int shard_index = 0; ///< evaluate the points with index % shard_count == shard_index
    int shard_count = 1;
    std::int64_t cache_capacity = 500000; ///< mapping-cache entries kept (~0.5 KB each; then no more are added)
    /// Points already evaluated by an earlier run of the same request (a checkpoint, or a merged
    /// partial result for --only-missing), any order: run() takes them as they are and evaluates
    /// only the other points of its shard; the mappings of those that end on the front are
    /// re-derived (deterministic, so the result equals an uninterrupted run's). Points outside the
    /// shard or repeated are ignored. A point without `shapes` gets them re-derived when on the front.
    std::shared_ptr<const std::vector<PointResult>> done;
    /// false: ExploreResult::points keeps only the points on the front (streaming output, where
    /// the sink writes every point as it finishes), so memory does not grow with the space.
    bool keep_points = true;
    /// Which points to evaluate: the whole grid (default), or `budget` points chosen by random
    /// sampling, NSGA-II or the genetic search, the last two optionally as islands
    /// (design_strategy.h). Shards apply to grid and random, not to the evolutionary searches.
    DesignSearch search;
    /// The hypervolume's reference point, one value per objective in PointResult::metric units
    /// (accuracy: top-1 error in %); empty: 1.1 x the front's worst value per objective.
    std::vector<double> hypervolume_reference;
};

/// Progress as the explorer reports it.
struct ExploreProgress {
    /// A grid sweep updates `hypervolume` at most once per this many finished points.
    static constexpr std::int64_t kGridHypervolumeEvery = 256;
    std::int64_t done = 0;  ///< points finished (feasible or not)
    std::int64_t total = 0; ///< points in this shard (a design search: the evaluations it plans)
    std::int64_t feasible = 0;
    std::size_t front_size = 0;
    std::int64_t best_index = -1; ///< best feasible point by the first objective (latency if none), -1 if none
    double best_value = 0;        ///< its value of the first objective
    /// The front's hypervolume (against ExploreRequest::hypervolume_reference, else 1.1 x the
    /// current front's worst), updated after every generation of a design search and, in a grid
    /// sweep, whenever the front has changed and at least kGridHypervolumeEvery points have
    /// finished since the last update (while front size^(objectives - 1) <= 10^7) and at the last
    /// point; NaN before the first update.
    double hypervolume = NAN;
};

/// Receives results as they finish. Calls come from worker threads but are serialised by the
/// explorer (never two at once), so an implementation needs no locking of its own beyond what it
/// shares with other threads (e.g. a GUI thread reading its buffer). Keep them short.
class ProgressSink {
public:
    virtual ~ProgressSink() = default;
    /// A point finished. `mappings` holds the chosen mapping of every layer (network order; an
    /// unmapped or memory-only layer has an empty mapping, num_levels == 0); valid during the call.
    virtual void pointFinished(const PointResult& point, std::span<const mapping::Mapping> mappings, bool on_front) {
        (void)point, (void)mappings, (void)on_front;
    }
    virtual void progress(const ExploreProgress& p) { (void)p; }
};

/// The outcome of an exploration (one shard of it, or a merge of shards).
struct ExploreResult {
    std::vector<PointResult>
        points;                ///< every finished point, by ascending index (the front's only without keep_points)
    std::int64_t finished = 0; ///< points finished, taken from `done` included
    std::vector<std::int64_t> front; ///< indices of the non-dominated feasible points, ascending
    std::array<std::int64_t, kNumInfeasibilities> infeasible{}; ///< points per reason
    /// Per-layer mappings of the front points only (memory: other points can be re-derived
    /// with Explorer::evaluatePoint, which is deterministic).
    std::map<std::int64_t, std::vector<mapping::Mapping>> front_mappings;
    std::int64_t total = 0; ///< points in the shard (a design search: the evaluations it plans)
    bool cancelled = false;
    std::int64_t mapper_runs = 0; ///< layer mapping searches run (cache misses)
    std::int64_t cache_hits = 0;
    /// Why run() rejected the request (checkRequest; path empty: the request as a whole). When not
    /// empty, nothing was evaluated: points and front are empty, every count zero but total.
    std::vector<Diagnostic> diagnostics;

    const PointResult* find(std::int64_t index) const;
};

/// The ParetoFront over the chosen objectives of the feasible points, ascending indices.
std::vector<std::int64_t> paretoFrontOf(const std::vector<PointResult>& points, const std::vector<Metric>& objectives);

/// Hardware design-space exploration: every point of the space (or shard), a whole network per
/// point with a per-layer mapping search, in parallel with oneTBB over points and, nested, over a
/// point's distinct layer shapes (work stealing keeps every core busy even with few points).
/// Identical layer shapes are searched once per point, and a concurrent cache keyed by (layer
/// shape, mapping-relevant accelerator parameters, dataflow, mapper options) shares searches
/// across points (points that differ only in clock reuse everything). Each search's seed derives
/// from the request seed and that key, so results do not depend on thread count or timing.
/// Cancellation: the stop token is polled every 256 mapping evaluations, so run() returns within a
/// few milliseconds; finished points are kept, partly evaluated ones dropped. The request is
/// checked first (checkRequest): a rejected one is not run, its reasons are in
/// ExploreResult::diagnostics.
/// With request.search Random or Nsga2, the strategy asks for generations of points; each is
/// evaluated in parallel and accounted and told in the order asked, so the result is the same for
/// any thread count. Points of `done` are then taken instead of evaluated when the strategy asks
/// for them (evaluation is deterministic per point, so a resumed run equals an uninterrupted one).
ExploreResult run(const ExploreRequest& request, ProgressSink& sink, std::stop_token stop = {});

/// Re-evaluates one point exactly as run() does (same seeds), with its per-layer mappings; for
/// inspecting a point that is not on the front.
PointResult evaluatePoint(const ExploreRequest& request, std::int64_t index, std::vector<mapping::Mapping>* mappings);

/// Checks objectives: at least one, none twice, and accuracy only when an accuracy model is given.
std::optional<std::string> checkObjectives(const std::vector<Metric>& objectives, bool have_accuracy_model = false);

/// Everything run() needs that is only known with the network: the objectives (checkObjectives),
/// and that the space's accuracy model and per-layer quantizations cover the network's layers.
/// run() calls it and evaluates nothing when it fails; callers may call it first to fail early.
std::optional<std::string> checkRequest(const ExploreRequest& request);

/// The layer groups of a point, in the order of PointResult::shapes: identical shapes at identical
/// precision (without a quantization axis, Network::uniqueShapes).
std::vector<workload::UniqueShape> shapesOf(const ExploreRequest& request, std::int64_t index);

} // namespace archscape::search
