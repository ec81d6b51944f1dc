#include "search/mapper.h"

#include <chrono>
#include <limits>
#include <memory>

#include <tbb/parallel_for.h>

#include "model/cost_model.h"
#include "model/engine.h"
#include "model/evaluate_layer.h"
#include "schedule/sequential_schedule.h"
#include "search/decoupled_strategy.h"
#include "search/exhaustive_strategy.h"
#include "search/genetic_strategy.h"
#include "search/mapping_bound.h"
#include "search/mapspace.h"
#include "search/order_classes.h"
#include "search/random_strategy.h"
#include "search/shape_key.h"

namespace archscape::search {

namespace {
/// Percent of a finite budget the anytime strategies leave to the local descents (measured: 10, 30,
/// 50 and 60 on ResNet-50, MobileNetV2 and BERT on three presets; 30 was best overall, docs/search.md).
constexpr std::int64_t kPolishShare = 30;
constexpr std::string_view kStrategyNames[] = {"exhaustive", "random", "decoupled", "genetic", "optimal"};

std::unique_ptr<Strategy> makeStrategy(const Mapspace& space, const hardware::CostTables& tables,
                                       const MapperOptions& o, std::chrono::steady_clock::time_point start) {
    switch (o.strategy) {
    case StrategyKind::Exhaustive: return std::make_unique<ExhaustiveStrategy>(space, tables, o.objective);
    case StrategyKind::Random: return std::make_unique<RandomStrategy>(space, o.seed);
    case StrategyKind::Decoupled:
        return std::make_unique<DecoupledStrategy>(
            space, DecoupledOptions{.budget = o.budget > 0 ? o.budget : 2000, .seed = o.seed});
    case StrategyKind::Genetic:
        return std::make_unique<GeneticStrategy>(space, GeneticOptions{.population = o.population, .seed = o.seed});
    case StrategyKind::Optimal:
        return std::make_unique<OptimalStrategy>(
            space, tables, o.objective,
            OptimalOptions{.warm_budget = o.budget > 0 ? std::min<std::int64_t>(1000, o.budget / 2) : 1000,
                           .seed = o.seed,
                           .deadline = o.time_budget_ms > 0
                                           ? std::optional(start + std::chrono::microseconds(
                                                                       std::int64_t(o.time_budget_ms * 1000.0)))
                                           : std::nullopt});
    }
    return nullptr;
}

Outcome outcomeOf(std::int64_t id, const model::LayerCost& c, const Objective& obj) {
    Outcome o;
    o.id = id;
    o.violation = c.violation.kind;
    if (!c.valid()) return o;
    o.cycles = c.cycles;
    o.energy_pj = c.energyPj();
    o.score = obj.score(c.cycles, o.energy_pj);
    o.offchip_words = c.num_levels > 0 ? c.levels[0].words : 0;
    return o;
}
/// A mapping a local descent stands on, and its score.
struct Point {
    mapping::Mapping mapping;
    double score = 0;
};

/// Coordinate descent over a mapping's loop orders: level by level (all but the innermost, whose
/// order changes no cost), every order class of that level (orderClasses: the other permutations
/// are copies or dominated) with the other levels kept, until a round over every level improves
/// nothing or `more()` says the budget is spent. `consider` evaluates a mapping and returns its
/// score (+inf when invalid). Returns whether it improved `cur`.
template <class More, class Consider>
bool polishOrders(Point& cur, int levels, More&& more, Consider&& consider) {
    const int varied = levels - 1;
    const double start = cur.score;
    std::array<std::array<Dim, kNumDims>, kMaxOrderClasses> classes;
    int level = -1, unimproved = 0;
    while (varied > 0 && unimproved < varied && more()) {
        level = (level + 1) % varied;
        ++unimproved;
        const int n = orderClasses(cur.mapping, level, classes);
        for (int k = 0; k < n && more(); ++k) {
            if (classes[k] == cur.mapping.levels[level].order) continue;
            mapping::Mapping m = cur.mapping;
            m.levels[level].order = classes[k];
            const double score = consider(m);
            if (score < cur.score) {
                cur = {m, score};
                unimproved = 1; // this level counts as walked; walk the others again
            }
        }
    }
    return cur.score < start;
}

/// The factor of dimension d at mapspace slot s.
std::int32_t& factorAt(mapping::Mapping& m, const Mapspace& space, int s, Dim d) {
    const Slot& sl = space.slot(s);
    if (sl.kind == Slot::Kind::SpatialX) return m.spatial_x[d];
    if (sl.kind == Slot::Kind::SpatialY) return m.spatial_y[d];
    return m.levels[sl.level].factors[d];
}

/// Whether slot s may hold factor f of dimension d in an exact (unpadded) tiling of the mapspace:
/// the enumeration's rule (Mapspace::enumerate) for factors that divide the bound, i.e. nothing
/// above DRAM, and on the array only the dimensions the dataflow unrolls, within its width.
bool slotAllows(const Mapspace& space, const std::optional<mapping::Dataflow>& dataflow, int dramSlot, int s, Dim d,
                std::int64_t f) {
    if (f == 1) return true;
    if (s < dramSlot) return false;
    const Slot& sl = space.slot(s);
    if (sl.kind == Slot::Kind::Level) return true;
    const auto& pe = space.accelerator().pe;
    if (sl.kind == Slot::Kind::SpatialX) return (!dataflow || mapping::spatialDims(*dataflow).cols[d]) && f <= pe.cols;
    return (!dataflow || mapping::spatialDims(*dataflow).rows[d]) && f <= pe.rows;
}

/// Restores mapping.h's padding rule for dimension d after a factor moved: the outermost non-unit
/// loop runs ceil(bound / inner) times. False when that loop is on the array (whose two axes count
/// as one loop) and the tiling is not exact: such moves are skipped.
bool repad(mapping::Mapping& m, const Mapspace& space, Dim d) {
    const std::int64_t bound = space.layer().bound(d);
    int outer = 0;
    while (outer < space.numSlots() && factorAt(m, space, outer, d) == 1) ++outer;
    if (outer == space.numSlots()) return bound == 1;
    if (space.slot(outer).kind != Slot::Kind::Level) return m.paddedBound(d) == bound;
    std::int64_t inner = 1;
    for (int s = outer + 1; s < space.numSlots(); ++s) inner *= factorAt(m, space, s, d);
    const std::int64_t f = (bound + inner - 1) / inner;
    factorAt(m, space, outer, d) = static_cast<std::int32_t>(f);
    return f > 1 || inner >= bound;
}

/// First-improvement hill climbing over the best mapping's tilings: move one prime factor of one
/// dimension from one slot (memory level or array axis) to another, keep the move if it scores
/// better, and go on with the next move until a whole round of moves improves nothing or the
/// budget is spent. Only moves that stay in the mapspace and fit (Mapspace::fits, no evaluation)
/// are evaluated; a padded dimension's outermost loop is recomputed (repad).
/// Returns whether it improved the best.
template <class More, class Consider>
bool climbTilings(Point& cur, const Mapspace& space, const std::optional<mapping::Dataflow>& dataflow, More&& more,
                  Consider&& consider) {
    const int slots = space.numSlots();
    int dramSlot = 0;
    while (dramSlot < slots && !(space.slot(dramSlot).kind == Slot::Kind::Level && space.slot(dramSlot).level == 0))
        ++dramSlot;
    const int moves = kNumDims * slots * slots;
    const double start = cur.score;
    int k = 0, unimproved = 0;
    while (unimproved < moves && more()) {
        const Dim d = static_cast<Dim>(k / (slots * slots));
        const int from = k / slots % slots, to = k % slots;
        k = (k + 1) % moves;
        ++unimproved;
        if (from == to) continue;
        const std::int32_t f = factorAt(cur.mapping, space, from, d);
        // Each distinct prime of the source factor, smallest first, then the whole factor.
        std::array<std::int32_t, 12> parts;
        int np = 0;
        for (std::int32_t p = 2, rest = f; rest > 1; ++p) {
            if (p * p > rest) p = rest;
            if (rest % p != 0) continue;
            while (rest % p == 0) rest /= p;
            parts[np++] = p;
        }
        if (np > 0 && parts[np - 1] != f) parts[np++] = f;
        for (int j = 0; j < np && more(); ++j) {
            const std::int32_t p = parts[j];
            mapping::Mapping m = cur.mapping;
            factorAt(m, space, from, d) = f / p;
            std::int32_t& g = factorAt(m, space, to, d);
            g *= p;
            if (!slotAllows(space, dataflow, dramSlot, to, d, g) || !repad(m, space, d) || !space.fits(m)) continue;
            const double score = consider(m);
            if (score < cur.score) {
                cur = {m, score};
                unimproved = 0;
                break;
            }
        }
    }
    return cur.score < start;
}

/// The best mapping seen for each of a few spatial unrollings, best first: the starts of the
/// local descents. One per unrolling, because a descent rarely changes the array's unrolling
/// profitably (moving one factor off the array leaves PEs idle) while the best mappings of a
/// layer often differ there: the starts then lie in different basins.
class Starts {
public:
    static constexpr int kMax = 4;
    void offer(const mapping::Mapping& m, double score) {
        int i = 0;
        while (i < n && !(points[i].mapping.spatial_x == m.spatial_x && points[i].mapping.spatial_y == m.spatial_y))
            ++i;
        if (i == n) {
            if (n == kMax && !(score < points[n - 1].score)) return;
            i = n < kMax ? n++ : n - 1;
        } else if (!(score < points[i].score)) return;
        for (; i > 0 && score < points[i - 1].score; --i) points[i] = points[i - 1];
        points[i] = {m, score};
    }
    std::array<Point, kMax> points;
    int n = 0;
};

} // namespace

std::string_view toString(StrategyKind k) { return kStrategyNames[static_cast<int>(k)]; }

std::optional<StrategyKind> parseStrategyKind(std::string_view s) {
    for (int i = 0; i < static_cast<int>(std::size(kStrategyNames)); ++i)
        if (kStrategyNames[i] == s) return static_cast<StrategyKind>(i);
    return std::nullopt;
}

MapperResult searchMapping(const workload::Layer& layer, const hardware::Accelerator& acc,
                           const hardware::CostTables& tables, const MapperOptions& options, std::stop_token stop) {
    MapperResult r;
    if (!model::needsMapping(layer, acc)) {
        // Nothing to search: memory-only operators have no mapping, a systolic dataflow fixes it.
        r.cost = model::evaluateLayer(layer, acc, tables, nullptr);
        r.found = r.cost.valid();
        if (r.found) r.score = options.objective.score(r.cost.cycles, r.cost.energyPj());
        r.exhausted = true;
        r.lower_bound = r.score;
        r.optimal = r.found;
        return r;
    }
    if (acc.numLevels() < 1 || acc.numLevels() > mapping::kMaxLevels) return r;
    const Mapspace space(layer, acc, MapspaceOptions{.dataflow = options.dataflow, .all_factors = options.all_factors});
    r.mapspace_size = space.sizeBound();
    const auto start = std::chrono::steady_clock::now();
    auto strategy = makeStrategy(space, tables, options, start);
    const std::int64_t budget = options.budget > 0 ? options.budget : INT64_MAX;
    // The anytime strategies leave the last part of a finite budget to local descents from the
    // best few mappings found (below); the optimal and exhaustive ones search orders themselves.
    const bool polish =
        options.budget > 0 && (options.strategy == StrategyKind::Decoupled ||
                               options.strategy == StrategyKind::Random || options.strategy == StrategyKind::Genetic);
    Starts startList;
    Starts* starts = polish ? &startList : nullptr; // collects until the descents begin
    const double inf = std::numeric_limits<double>::infinity();
    // Evaluates m, keeps it if best; returns its score (+inf when invalid).
    auto consider = [&](std::int64_t id, const mapping::Mapping& m) {
        model::LayerCost cost = model::evaluate(layer, acc, tables, m);
        const Outcome o = outcomeOf(id, cost, options.objective);
        ++r.evaluated;
        if (o.valid()) {
            ++r.valid;
            if (starts) starts->offer(m, o.score);
            if (!r.found || o.score < r.score) {
                r.found = true;
                r.score = o.score;
                r.mapping = m;
                r.cost = cost;
            }
        }
        strategy->report(o);
        return o.valid() ? o.score : inf;
    };

    if (options.warm_mapping && options.warm_mapping->num_levels == acc.numLevels())
        consider(-1, *options.warm_mapping);
    if (options.warm_start) {
        for (mapping::Dataflow d : mapping::kAllDataflows) {
            if (options.dataflow && d != *options.dataflow) continue;
            if (auto m = mapping::templateMapping(layer, acc, d)) consider(-1, *m);
        }
    }
    const std::int64_t searchBudget = polish ? budget - budget * kPolishShare / 100 : budget;
    bool timedOut = false;
    // Polled every 256 evaluations: the stop token and the time budget.
    auto interrupted = [&] {
        if ((r.evaluated & 255) != 0) return false;
        if (stop.stop_requested()) r.cancelled = true;
        else if (options.time_budget_ms > 0 &&
                 std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count() >
                     options.time_budget_ms)
            timedOut = true;
        return r.cancelled || timedOut;
    };
    auto ask = [&](std::int64_t until) {
        while (r.evaluated < until && !interrupted()) {
            auto c = strategy->next();
            if (!c) {
                r.exhausted = true;
                break;
            }
            consider(c->id, c->mapping);
        }
    };
    ask(searchBudget);
    if (polish && !r.cancelled && !timedOut) {
        auto more = [&] { return r.evaluated < budget && !r.cancelled && !timedOut && !interrupted(); };
        auto outside = [&](const mapping::Mapping& m) { return consider(-1, m); };
        const Starts seeds = startList;
        starts = nullptr;
        for (int i = 0; i < seeds.n && more(); ++i) {
            // Alternate order and tiling descents until neither improves (a local optimum of both).
            Point cur = seeds.points[i];
            for (bool improved = true; improved && more();)
                improved = polishOrders(cur, acc.numLevels(), more, outside) |
                           climbTilings(cur, space, options.dataflow, more, outside);
        }
        if (!r.exhausted && !r.cancelled && !timedOut) ask(budget); // what the descents left
    }
    if (auto lb = strategy->objectiveBound()) r.lower_bound = *lb;
    else r.lower_bound = MappingBound(space, tables, options.objective).root().score;
    r.optimal = r.found && r.score <= r.lower_bound;
    if (auto* opt = dynamic_cast<const OptimalStrategy*>(strategy.get())) r.certificate = opt->certificate();
    return r;
}

MappedNetwork mapNetwork(const workload::Network& net, const hardware::Accelerator& acc, const MapperOptions& options,
                         std::stop_token stop) {
    MappedNetwork out;
    const auto shapes = net.uniqueShapes();
    const hardware::CostTables tables = hardware::costTables(acc);
    std::vector<MapperResult> results(shapes.size());
    tbb::parallel_for(std::size_t(0), shapes.size(), [&](std::size_t i) {
        if (stop.stop_requested()) {
            results[i].cancelled = true;
            return;
        }
        const workload::Layer& layer = net.layers[shapes[i].representative];
        MapperOptions o = options;
        o.seed = mixSeed(options.seed, shapeHash(layer));
        o.warm_network = nullptr;
        if (const auto* prev = options.warm_network) {
            const auto r = static_cast<std::size_t>(shapes[i].representative);
            if (r < prev->layers.size() && prev->layers[r].mapped) o.warm_mapping = &prev->layers[r].mapping;
        }
        results[i] = searchMapping(layer, acc, tables, o, stop);
    });
    std::vector<model::LayerResult> layers(net.layers.size());
    out.proofs.resize(net.layers.size());
    for (std::size_t i = 0; i < shapes.size(); ++i) {
        const MapperResult& r = results[i];
        out.evaluated += r.evaluated;
        out.cancelled = out.cancelled || r.cancelled;
        for (int idx : shapes[i].members) {
            auto& lr = layers[idx];
            lr.layer = idx;
            lr.mapped = r.found && !r.cancelled;
            lr.mapping = r.mapping;
            lr.cost = r.cost;
            out.proofs[idx] = {r.score, r.lower_bound, r.optimal && !r.cancelled};
        }
    }
    out.cost = schedule::sequentialSchedule(std::move(layers), acc);
    return out;
}

} // namespace archscape::search
