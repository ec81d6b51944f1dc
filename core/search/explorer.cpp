#include "search/explorer.h"

#include <algorithm>
#include <atomic>
#include <bit>
#include <cmath>
#include <mutex>
#include <optional>
#include <unordered_map>

#include <tbb/blocked_range.h>
#include <tbb/concurrent_hash_map.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>
#include <tbb/task_group.h>

#include "hardware/fpga_resources.h"
#include "hardware/technology.h"
#include "schedule/sequential_schedule.h"
#include "search/best_by.h"
#include "search/design_evaluation.h"
#include "search/design_strategy.h"
#include "search/front_hypervolume.h"
#include "search/hypervolume.h"
#include "search/pareto_front.h"
#include "search/precision_variant.h"
#include "search/rng.h"
#include "search/shape_key.h"
#include "search/shard.h"

namespace archscape::search {

namespace {

constexpr std::string_view kReasonNames[] = {"none",    "pe_count", "area",          "unmapped_layer",
                                             "latency", "power",    "fpga_resource", "energy"};
static_assert(std::size(kReasonNames) == kNumInfeasibilities);

/// One layer shape's search result at one accelerator, shared by every point that maps to it.
struct CacheEntry {
    bool found = false;
    double cycles = 0;
    double energy_pj = 0;
    mapping::Mapping mapping;
};
using Cache = tbb::concurrent_hash_map<std::uint64_t, CacheEntry>;

struct Counters {
    std::atomic<std::int64_t> runs{0};
    std::atomic<std::int64_t> hits{0};
};

std::uint64_t optionsHash(const MapperOptions& o, const std::optional<mapping::Dataflow>& dataflow) {
    std::uint64_t h = mixSeed(static_cast<std::uint64_t>(o.strategy), static_cast<std::uint64_t>(o.budget));
    h = mixSeed(h, std::bit_cast<std::uint64_t>(o.objective.latency_weight));
    h = mixSeed(h, std::bit_cast<std::uint64_t>(o.objective.energy_weight));
    h = mixSeed(h, static_cast<std::uint64_t>(o.population) << 1 | o.all_factors);
    h = mixSeed(h, std::bit_cast<std::uint64_t>(o.time_budget_ms));
    return mixSeed(h, dataflow ? static_cast<std::uint64_t>(*dataflow) + 1 : 0);
}

/// What every point of a run shares: the network per quantization value and the accuracy per
/// (quantization value, precision value), computed once before the points.
struct Plan {
    std::vector<PrecisionVariant> variants;             ///< per quantization value (one when there is no axis)
    int precision_values = 1;                           ///< values of the precision axis (1 when there is none)
    std::vector<accuracy::AccuracyPrediction> accuracy; ///< [variant * precision_values + precision value]
    std::vector<bool> has_accuracy;
    /// With an attention-reuse axis: [quantization value * reuse values + reuse value], each variant's
    /// network over the value's sampling steps (accuracy stays the variants').
    std::vector<PrecisionVariant> reused;
    int reuse_values = 1;

    const PrecisionVariant& variant(const DesignPoint& p) const {
        const int q = std::max(0, p.quantization);
        return reused.empty() ? variants[q] : reused[q * reuse_values + std::max(0, p.attention_reuse)];
    }
    int accuracySlot(const DesignPoint& p) const {
        return std::max(0, p.quantization) * precision_values + std::max(0, p.precision);
    }
};

/// The accelerator a precision variant's value runs on (the base with the precision axis value).
hardware::Accelerator withPrecisionValue(const DesignSpace& space, int value) {
    hardware::Accelerator acc = space.base;
    const int axis = space.axisOf(Param::Precision);
    if (axis >= 0) acc.precision = workload::PerOperand<Precision>::filled(space.axes[axis].precisions[value]);
    return acc;
}

void predictSlot(const ExploreRequest& req, Plan& plan, int slot) {
    if (!req.space.accuracy_model || plan.has_accuracy[slot]) return;
    const auto& v = plan.variants[slot / plan.precision_values];
    const auto acc = withPrecisionValue(req.space, slot % plan.precision_values);
    const auto pred = accuracy::predict(*req.space.accuracy_model, req.network, v.assignment(acc));
    if (pred.value) plan.accuracy[slot] = *pred.value;
    else plan.accuracy[slot].top1 = NAN;
    plan.has_accuracy[slot] = true;
}

/// Builds the variants; with `all_accuracies`, predicts every slot at once (else on demand).
Plan makePlan(const ExploreRequest& req, bool all_accuracies) {
    Plan plan;
    const DesignSpace& space = req.space;
    const int qa = space.axisOf(Param::Quantization), pa = space.axisOf(Param::Precision);
    const accuracy::AccuracyModel* model = space.accuracy_model.get();
    if (qa < 0) {
        plan.variants.push_back(*makePrecisionVariant(req.network, nullptr, model));
    } else {
        for (const auto& q : space.axes[qa].quantizations) {
            auto v = makePrecisionVariant(req.network, &q, model);
            // Uncovered network (checkRequest reports it): every layer at the accelerator's precision.
            plan.variants.push_back(v ? std::move(*v) : *makePrecisionVariant(req.network, nullptr, model));
        }
    }
    if (const int ra = space.axisOf(Param::AttentionReuse); ra >= 0) {
        const auto& policies = space.axes[ra].reuse_policies;
        plan.reuse_values = static_cast<int>(policies.size());
        for (const auto& v : plan.variants)
            for (const auto& policy : policies) plan.reused.push_back(withAttentionReuse(v, policy));
    }
    plan.precision_values = pa < 0 ? 1 : static_cast<int>(space.axes[pa].size());
    const std::size_t slots = plan.variants.size() * plan.precision_values;
    plan.accuracy.assign(slots, accuracy::AccuracyPrediction{NAN, 0, false});
    plan.has_accuracy.assign(slots, false);
    if (all_accuracies)
        for (std::size_t i = 0; i < slots; ++i) predictSlot(req, plan, static_cast<int>(i));
    return plan;
}

/// An FPGA design's utilisation and computing-block area (NaN for other kinds): known from the
/// design alone, so also filled in for points taken from an earlier run.
void setFpgaUse(PointResult& r, const hardware::Accelerator& acc) {
    if (acc.kind != hardware::AcceleratorKind::Fpga) return;
    const hardware::FpgaResources res = hardware::fpgaResources(acc);
    for (hardware::FpgaResource x : hardware::kAllFpgaResources)
        r.fpga_use_percent[static_cast<std::size_t>(x)] = 100.0 * res.utilization(x);
    r.cib_area_percent = res.cib_area_percent;
}

/// Whether an FPGA design uses more of a resource than its device has or the space allows.
bool overFpgaBudget(const PointResult& r, const hardware::Accelerator& acc, const Constraints& k) {
    if (acc.kind != hardware::AcceleratorKind::Fpga) return false;
    if (hardware::fpgaResources(acc).exceeded()) return true;
    for (std::size_t i = 0; i < hardware::kNumFpgaResources; ++i)
        if (k.max_fpga_percent[i] && r.fpga_use_percent[i] > *k.max_fpga_percent[i]) return true;
    return false;
}

/// Evaluates one design point; nullopt when cancelled part-way.
std::optional<PointResult> evaluateOne(const ExploreRequest& req, const Plan& plan, std::int64_t index, Cache* cache,
                                       Counters& counters, std::stop_token stop,
                                       std::vector<mapping::Mapping>* mappings) {
    const DesignPoint p = req.space.pointAt(index);
    const PrecisionVariant& variant = plan.variant(p);
    const auto& shapes = variant.shapes;
    const Constraints& k = req.space.constraints;
    PointResult r;
    r.index = index;
    r.choice = p.choice;
    const auto& pred = plan.accuracy[plan.accuracySlot(p)];
    r.accuracy_top1 = pred.top1;
    r.accuracy_uncertainty = static_cast<float>(pred.uncertainty);
    r.accuracy_extrapolating = pred.extrapolating;
    // The layers carry their precisions (the variant's network): the cost model and the mapspace
    // read them, and the shape hash includes them, so INT4 and INT8 layers never share a search.
    const hardware::Accelerator& acc = p.accelerator;
    const workload::Network& net = variant.network;
    r.area_mm2 = variant.areaUm2(acc) * 1e-6;
    setFpgaUse(r, acc);
    const std::int64_t pes = acc.pe.count();
    if ((k.min_pe_count && pes < *k.min_pe_count) || (k.max_pe_count && pes > *k.max_pe_count)) {
        r.reason = Infeasibility::PeCount;
        return r;
    }
    // Area is known before any mapping: skip the searches of designs that are too large.
    if (k.max_area_mm2 && r.area_mm2 > *k.max_area_mm2) {
        r.reason = Infeasibility::Area;
        return r;
    }
    // So are an FPGA design's resources (its layers would each fail with the resource named).
    if (overFpgaBudget(r, acc, k)) {
        r.reason = Infeasibility::Resource;
        return r;
    }
    const std::uint64_t accKey = mixSeed(mappingRelevantHash(acc), optionsHash(req.space.mapper, p.dataflow));
    const hardware::CostTables tables = hardware::costTables(acc);
    const EvaluationPolicy policy = explorationPolicy(req.space.mapper, p.dataflow);
    if (mappings) mappings->assign(net.layers.size(), mapping::Mapping{});
    // Shapes in parallel too (nested in the points' parallel_for: oneTBB steals the work), so a
    // space with fewer points than cores still uses them all; totals are summed in shape order.
    std::vector<CacheEntry> entries(shapes.size());
    std::atomic<bool> cancelled{false};
    tbb::parallel_for(std::size_t(0), shapes.size(), [&](std::size_t s) {
        if (cancelled.load(std::memory_order_relaxed)) return;
        const workload::Layer& layer = net.layers[shapes[s].representative];
        const std::uint64_t key = mixSeed(shapeHash(layer), accKey);
        if (cache) {
            Cache::const_accessor a;
            if (cache->find(a, key)) {
                entries[s] = a->second;
                counters.hits.fetch_add(1, std::memory_order_relaxed);
                return;
            }
        }
        const MapperResult m = mapLayer(layer, acc, tables, policy, mixSeed(req.seed, key), stop);
        if (m.cancelled) {
            cancelled = true;
            return;
        }
        counters.runs.fetch_add(1, std::memory_order_relaxed);
        CacheEntry& e = entries[s];
        e.found = m.found;
        e.cycles = m.cost.cycles;
        e.energy_pj = m.cost.energyPj();
        e.mapping = m.mapping;
        if (cache && static_cast<std::int64_t>(cache->size()) < req.cache_capacity) cache->insert({key, e});
    });
    if (cancelled || stop.stop_requested()) return std::nullopt;
    std::vector<schedule::LayerRun> runs(shapes.size());
    r.shapes.resize(shapes.size());
    for (std::size_t s = 0; s < shapes.size(); ++s) {
        const CacheEntry& e = entries[s];
        runs[s] = {e.found, e.cycles, e.energy_pj, 0.0, static_cast<int>(shapes[s].members.size())};
        if (e.found) r.shapes[s] = {static_cast<float>(e.cycles), static_cast<float>(e.energy_pj)};
        if (mappings && e.found)
            for (int idx : shapes[s].members) (*mappings)[idx] = e.mapping;
    }
    const schedule::SequentialTotals totals = schedule::sequentialTotals(runs);
    r.unmapped = totals.unmapped;
    r.latency_s = totals.cycles / (acc.clock_mhz * 1e6);
    r.energy_j = totals.energy_pj * 1e-12;
    r.power_w = r.latency_s > 0 ? r.energy_j / r.latency_s : 0;
    if (r.unmapped > 0) r.reason = Infeasibility::Unmapped;
    else if (k.max_latency_ms && r.latency_s * 1e3 > *k.max_latency_ms) r.reason = Infeasibility::Latency;
    else if (k.max_power_w && r.power_w > *k.max_power_w) r.reason = Infeasibility::Power;
    return r;
}

std::vector<double> objectiveVector(const PointResult& p, const std::vector<Metric>& objectives) {
    std::vector<double> v;
    v.reserve(objectives.size());
    for (Metric m : objectives) v.push_back(m == Metric::Accuracy ? -p.metric(m) : p.metric(m));
    return v;
}

} // namespace

std::string_view toString(Infeasibility r) { return kReasonNames[static_cast<int>(r)]; }

std::optional<Infeasibility> parseInfeasibility(std::string_view s) {
    for (int i = 0; i < kNumInfeasibilities; ++i)
        if (kReasonNames[i] == s) return static_cast<Infeasibility>(i);
    return std::nullopt;
}

double PointResult::metric(Metric m) const {
    switch (m) {
    case Metric::Latency: return latency_s;
    case Metric::Energy: return energy_j;
    case Metric::Edp: return energy_j * latency_s;
    case Metric::Area: return area_mm2;
    case Metric::Power: return power_w;
    case Metric::Accuracy: return accuracy_top1;
    case Metric::DspUse:
    case Metric::BramUse:
    case Metric::AlmUse: return fpga_use_percent[static_cast<std::size_t>(*fpgaResourceOf(m))];
    }
    return NAN;
}

const PointResult* ExploreResult::find(std::int64_t index) const {
    auto it = std::lower_bound(points.begin(), points.end(), index,
                               [](const PointResult& p, std::int64_t i) { return p.index < i; });
    return it != points.end() && it->index == index ? &*it : nullptr;
}

std::optional<std::string> checkObjectives(const std::vector<Metric>& objectives, bool have_accuracy_model) {
    if (objectives.empty()) return "expected at least one objective";
    for (std::size_t i = 0; i < objectives.size(); ++i) {
        if (objectives[i] == Metric::Accuracy && !have_accuracy_model)
            return "objective \"accuracy\" needs an accuracy model: give the space \"accuracy\": {\"model\": ...} "
                   "(or --accuracy-model), e.g. hawq:resnet50";
        for (std::size_t j = 0; j < i; ++j)
            if (objectives[j] == objectives[i])
                return "objective \"" + std::string(toString(objectives[i])) + "\" is listed twice";
    }
    return std::nullopt;
}

std::optional<std::string> checkRequest(const ExploreRequest& req) {
    // DesignSpace::size() saturates; a space that large would otherwise start on "2^63 - 1" points.
    std::int64_t points = 1;
    for (const auto& a : req.space.axes)
        if (__builtin_mul_overflow(points, static_cast<std::int64_t>(a.size()), &points))
            return "the design space has more than 2^63 - 1 points (the product of its axes' sizes): remove values";
    const auto* model = req.space.accuracy_model.get();
    if (auto e = checkObjectives(req.objectives, model != nullptr)) return e;
    if (req.space.base.kind != hardware::AcceleratorKind::Fpga)
        for (Metric m : req.objectives)
            if (fpgaResourceOf(m))
                return "objective \"" + std::string(toString(m)) +
                       "\" is an FPGA resource's utilisation: it needs a space whose base accelerator is of kind "
                       "\"fpga\"";
    const int qa = req.space.axisOf(Param::Quantization);
    if (model && qa < 0 && !accuracy::matchLayers(model->layers(), req.network))
        return "network '" + req.network.name + "' does not contain the " +
               std::to_string(model->layers().layers.size()) + " layers of accuracy model " + model->name() +
               ": use the model's own network";
    if (const int ra = req.space.axisOf(Param::AttentionReuse); ra >= 0) {
        const auto maps = req.space.axes[ra].reuse_policies.front().maps;
        if (workload::attentionMapCount(req.network, maps) == 0)
            return "the attention_reuse axis reuses " + workload::describe(maps) + " maps, and network '" +
                   req.network.name +
                   "' has none (softmax layers named ...attn1.softmax (self) or ...attn2.softmax (cross) feeding "
                   "...attnN.context, as in sd15_unet)";
    }
    if (qa >= 0) {
        const Axis& axis = req.space.axes[qa];
        for (std::size_t i = 0; i < axis.quantizations.size(); ++i) {
            const auto& q = axis.quantizations[i];
            if (!q.uniform && model && q.per_model_layer.layers.size() != model->layers().layers.size())
                return "quantization \"" + axis.labels[i] + "\" has " +
                       std::to_string(q.per_model_layer.layers.size()) + " entries, accuracy model " + model->name() +
                       " has " + std::to_string(model->layers().layers.size()) + " layers";
            std::string error;
            if (!makePrecisionVariant(req.network, &q, model, &error))
                return "quantization \"" + axis.labels[i] + "\": " + error;
        }
    }
    return std::nullopt;
}

std::vector<workload::UniqueShape> shapesOf(const ExploreRequest& req, std::int64_t index) {
    const int qa = req.space.axisOf(Param::Quantization);
    const Quantization* q = qa < 0 ? nullptr : &req.space.axes[qa].quantizations[req.space.choiceOf(index)[qa]];
    auto v = makePrecisionVariant(req.network, q, req.space.accuracy_model.get());
    if (!v) v = makePrecisionVariant(req.network, nullptr, nullptr);
    if (const int ra = req.space.axisOf(Param::AttentionReuse); ra >= 0)
        return withAttentionReuse(*v, req.space.axes[ra].reuse_policies[req.space.choiceOf(index)[ra]]).shapes;
    return v->shapes;
}

std::vector<std::int64_t> paretoFrontOf(const std::vector<PointResult>& points, const std::vector<Metric>& objectives) {
    std::vector<std::vector<double>> rows;
    std::vector<std::int64_t> ids;
    for (const auto& p : points) {
        if (!p.feasible()) continue;
        rows.push_back(objectiveVector(p, objectives));
        ids.push_back(p.index);
    }
    std::vector<std::int64_t> front;
    for (std::size_t i : paretoIndices(rows)) front.push_back(ids[i]);
    std::sort(front.begin(), front.end());
    return front;
}

ExploreResult run(const ExploreRequest& req, ProgressSink& sink, std::stop_token stop) {
    ExploreResult out;
    const std::int64_t size = req.space.size();
    const Shard shard = Shard::of(req.shard_index, req.shard_count);
    const std::int64_t count = shard.size(size);
    out.total = count;
    if (auto e = checkRequest(req)) {
        out.diagnostics.push_back({"", *e});
        return out;
    }
    if ((req.search.kind == DesignSearchKind::Nsga2 || req.search.kind == DesignSearchKind::Genesys) &&
        shard.count > 1) {
        // Each generation depends on every earlier one (and islands on each other by migration):
        // there is nothing to split.
        out.diagnostics.push_back({"", "the " + std::string(toString(req.search.kind)) +
                                           " search does not split into shards: run it as one shard"});
        return out;
    }
    if (!req.hypervolume_reference.empty() && req.hypervolume_reference.size() != req.objectives.size()) {
        out.diagnostics.push_back({"", "the hypervolume reference has " +
                                           std::to_string(req.hypervolume_reference.size()) + " values, expected " +
                                           std::to_string(req.objectives.size()) + " (one per objective)"});
        return out;
    }
    const std::unique_ptr<DesignStrategy> strategy = makeDesignStrategy(req);
    if (strategy) out.total = strategy->planned();
    const Plan plan = makePlan(req, true);

    Cache cache;
    Counters counters;
    std::mutex mutex; // guards everything below and serialises the sink
    ParetoFront front(static_cast<int>(req.objectives.size()));
    ExploreProgress progress;
    progress.total = out.total;
    std::vector<std::int64_t> evicted;

    // Points of an earlier run (checkpoint): sorted indices to skip, and their results counted first.
    std::vector<std::int64_t> skip;
    std::map<std::int64_t, PointResult> frontPoints; // without keep_points: the front's points
    // The front's hypervolume objectives (only the front's, so memory follows the front, not the space).
    std::unordered_map<std::int64_t, std::vector<double>> hvRows;
    bool frontChanged = false;
    std::int64_t hvAt = 0; // progress.done when the hypervolume was last updated
    auto updateHypervolume = [&] {
        std::vector<std::vector<double>> rows;
        for (std::int64_t id : front.ids()) rows.push_back(hvRows.at(id));
        if (!rows.empty())
            progress.hypervolume = hypervolume(
                rows, req.hypervolume_reference.empty() ? scaledReference(rows) : req.hypervolume_reference);
        frontChanged = false;
        hvAt = progress.done;
    };
    // Counts one finished point (under the mutex once workers run): front, reasons, progress, sink.
    // Points of an earlier run have no mappings here and are not passed to the sink again.
    auto account = [&](PointResult&& r, std::span<const mapping::Mapping> mappings, bool fresh) {
        const std::int64_t index = r.index;
        // Checkpoints and merged files do not store the utilisation: it is the design's.
        if (!fresh && !r.hasFpgaUse() && req.space.base.kind == hardware::AcceleratorKind::Fpga)
            setFpgaUse(r, req.space.pointAt(index).accelerator);
        bool onFront = false;
        ++out.infeasible[static_cast<int>(r.reason)];
        if (r.feasible()) {
            ++progress.feasible;
            evicted.clear();
            onFront = front.insert(index, objectiveVector(r, req.objectives), &evicted);
            for (auto e : evicted) {
                out.front_mappings.erase(e);
                hvRows.erase(e);
                if (!req.keep_points) frontPoints.erase(e);
            }
            if (onFront) {
                hvRows[index] = hypervolumeObjectives(r, req.objectives);
                frontChanged = true;
            }
            if (onFront && fresh) out.front_mappings[index].assign(mappings.begin(), mappings.end());
            const Metric firstMetric = req.objectives.empty() ? Metric::Latency : req.objectives.front();
            const double first = r.metric(firstMetric);
            // Accuracy is maximised: rank by its negation, as the front does.
            const double sign = firstMetric == Metric::Accuracy ? -1.0 : 1.0;
            if (progress.best_index < 0 ||
                rankedBefore(sign * first, index, sign * progress.best_value, progress.best_index)) {
                progress.best_index = index;
                progress.best_value = first;
            }
        }
        ++progress.done;
        progress.front_size = front.size();
        // A grid sweep's hypervolume now and then (a design search updates it per generation), not
        // while its cost, ~front^(objectives - 1), would rival the points' (four objectives, a large front).
        if (!strategy && frontChanged &&
            (progress.done == out.total ||
             (progress.done - hvAt >= ExploreProgress::kGridHypervolumeEvery &&
              std::pow(static_cast<double>(front.size()), static_cast<double>(req.objectives.size()) - 1) <= 1e7)))
            updateHypervolume();
        if (fresh) {
            sink.pointFinished(r, mappings, onFront);
            sink.progress(progress);
        }
        if (req.keep_points) out.points.push_back(std::move(r));
        else if (onFront) frontPoints.emplace(index, std::move(r));
    };
    // A strategy's points of an earlier run, taken when the strategy asks for them.
    std::unordered_map<std::int64_t, const PointResult*> earlier;
    if (req.done && strategy) {
        for (const auto& p : *req.done) earlier.emplace(p.index, &p);
    } else if (req.done) {
        for (const auto& p : *req.done) {
            if (!shard.holds(p.index)) continue;
            const std::int64_t k = shard.position(p.index);
            if (k >= count) continue;
            skip.push_back(p.index);
        }
        std::sort(skip.begin(), skip.end());
        skip.erase(std::unique(skip.begin(), skip.end()), skip.end());
        std::vector<bool> taken(skip.size(), false);
        for (const auto& p : *req.done) {
            const auto it = std::lower_bound(skip.begin(), skip.end(), p.index);
            if (it == skip.end() || *it != p.index || taken[it - skip.begin()]) continue;
            taken[it - skip.begin()] = true;
            account(PointResult(p), {}, false);
        }
        if (frontChanged) updateHypervolume();
        sink.progress(progress);
    }

    auto body = [&](const tbb::blocked_range<std::int64_t>& range) {
        std::vector<mapping::Mapping> mappings;
        for (std::int64_t k = range.begin(); k != range.end(); ++k) {
            if (stop.stop_requested()) return;
            const std::int64_t index = shard.item(k);
            if (!skip.empty() && std::binary_search(skip.begin(), skip.end(), index)) continue;
            auto r = evaluateOne(req, plan, index, &cache, counters, stop, &mappings);
            if (!r) return;
            std::lock_guard lock(mutex);
            account(std::move(*r), mappings, true);
        }
    };
    // A strategy's generations: evaluated in parallel, accounted and told in the order asked.
    bool tookEarlier = false;
    auto generations = [&](tbb::task_group_context& context) {
        std::vector<std::optional<PointResult>> results;
        std::vector<std::vector<mapping::Mapping>> mappings;
        std::vector<PointResult> told;
        while (!stop.stop_requested()) {
            const std::vector<std::int64_t> gen = strategy->ask();
            if (gen.empty()) break;
            results.assign(gen.size(), std::nullopt);
            mappings.resize(gen.size());
            std::vector<char> fresh(gen.size(), 1);
            tbb::parallel_for(
                std::size_t(0), gen.size(),
                [&](std::size_t i) {
                    if (auto it = earlier.find(gen[i]); it != earlier.end()) {
                        results[i] = *it->second;
                        fresh[i] = 0;
                        return;
                    }
                    results[i] = evaluateOne(req, plan, gen[i], &cache, counters, stop, &mappings[i]);
                },
                context);
            told.clear();
            for (std::size_t i = 0; i < gen.size(); ++i) {
                if (!results[i]) continue; // cancelled part-way: dropped, as in a grid sweep
                told.push_back(*results[i]);
                tookEarlier = tookEarlier || !fresh[i];
                account(std::move(*results[i]),
                        fresh[i] ? std::span<const mapping::Mapping>(mappings[i]) : std::span<const mapping::Mapping>(),
                        fresh[i] != 0);
            }
            if (told.size() < gen.size()) break;
            strategy->tell(told);
            updateHypervolume();
            sink.progress(progress);
        }
    };
    tbb::task_arena arena(req.threads > 0 ? req.threads : tbb::task_arena::automatic);
    // A stop also cancels the loop's tasks not yet started: with 10^12 points the range still splits
    // into many of them, each of which would otherwise start only to return.
    tbb::task_group_context context;
    const std::stop_callback cancelTasks(stop, [&] { context.cancel_group_execution(); });
    arena.execute([&] {
        if (strategy) generations(context);
        else tbb::parallel_for(tbb::blocked_range<std::int64_t>(0, count, 1), body, tbb::auto_partitioner{}, context);
    });

    if (!req.keep_points)
        for (auto& [index, p] : frontPoints) out.points.push_back(std::move(p));
    std::sort(out.points.begin(), out.points.end(),
              [](const PointResult& a, const PointResult& b) { return a.index < b.index; });
    out.front = front.ids();
    out.finished = progress.done;
    // Front points taken from an earlier run: their mappings (and shapes, if missing) re-derived.
    if ((!skip.empty() || tookEarlier) && !stop.stop_requested())
        for (const std::int64_t index : out.front) {
            if (out.front_mappings.count(index)) continue;
            std::vector<mapping::Mapping> mappings;
            auto r = evaluateOne(req, plan, index, &cache, counters, stop, &mappings);
            if (!r) break;
            auto it = std::lower_bound(out.points.begin(), out.points.end(), index,
                                       [](const PointResult& p, std::int64_t i) { return p.index < i; });
            if (it->shapes.empty()) it->shapes = std::move(r->shapes);
            out.front_mappings[index] = std::move(mappings);
        }
    out.infeasible[static_cast<int>(Infeasibility::None)] = 0;
    out.cancelled = progress.done < out.total;
    out.mapper_runs = counters.runs.load();
    out.cache_hits = counters.hits.load();
    return out;
}

PointResult evaluatePoint(const ExploreRequest& request, std::int64_t index, std::vector<mapping::Mapping>* mappings) {
    Counters counters;
    Plan plan = makePlan(request, false);
    predictSlot(request, plan, plan.accuracySlot(request.space.pointAt(index)));
    return *evaluateOne(request, plan, index, nullptr, counters, {}, mappings);
}

} // namespace archscape::search
