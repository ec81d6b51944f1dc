#include "search/mapper.h"

#include <chrono>
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
/// Coordinate descent over the best mapping's loop orders: level by level (all but the innermost,
/// whose order changes no cost), every order class of that level (orderClasses: the other
/// permutations are copies or dominated) with the other levels kept, until a round over every
/// level improves nothing or the budget is spent. `consider` evaluates a mapping into `r`.
template <class Consider>
void polishOrders(MapperResult& r, int levels, std::int64_t budget, Consider&& consider) {
    const int varied = levels - 1;
    std::array<std::array<Dim, kNumDims>, kMaxOrderClasses> classes;
    int level = -1, unimproved = 0;
    while (r.found && varied > 0 && unimproved < varied && r.evaluated < budget) {
        level = (level + 1) % varied;
        ++unimproved;
        const int n = orderClasses(r.mapping, level, classes);
        for (int k = 0; k < n && r.evaluated < budget; ++k) {
            if (classes[k] == r.mapping.levels[level].order) continue;
            mapping::Mapping m = r.mapping;
            m.levels[level].order = classes[k];
            const double before = r.score;
            consider(m);
            if (r.score < before) unimproved = 1; // this level counts as walked; walk the others again
        }
    }
}

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
    auto consider = [&](std::int64_t id, const mapping::Mapping& m) {
        model::LayerCost cost = model::evaluate(layer, acc, tables, m);
        const Outcome o = outcomeOf(id, cost, options.objective);
        ++r.evaluated;
        if (o.valid()) {
            ++r.valid;
            if (!r.found || o.score < r.score) {
                r.found = true;
                r.score = o.score;
                r.mapping = m;
                r.cost = cost;
            }
        }
        strategy->report(o);
    };

    if (options.warm_mapping && options.warm_mapping->num_levels == acc.numLevels())
        consider(-1, *options.warm_mapping);
    if (options.warm_start) {
        for (mapping::Dataflow d : mapping::kAllDataflows) {
            if (options.dataflow && d != *options.dataflow) continue;
            if (auto m = mapping::templateMapping(layer, acc, d)) consider(-1, *m);
        }
    }
    // The anytime strategies leave the last tenth of a finite budget to polishing the best mapping's
    // loop orders (below); the optimal and exhaustive ones search orders themselves.
    const bool polish =
        options.budget > 0 && (options.strategy == StrategyKind::Decoupled ||
                               options.strategy == StrategyKind::Random || options.strategy == StrategyKind::Genetic);
    const std::int64_t searchBudget = polish ? budget - budget / 10 : budget;
    bool timedOut = false;
    auto ask = [&](std::int64_t until) {
        while (r.evaluated < until) {
            if ((r.evaluated & 255) == 0) {
                if (stop.stop_requested()) {
                    r.cancelled = true;
                    break;
                }
                if (options.time_budget_ms > 0 &&
                    std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count() >
                        options.time_budget_ms) {
                    timedOut = true;
                    break;
                }
            }
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
        polishOrders(r, acc.numLevels(), budget, [&](const mapping::Mapping& m) { consider(-1, m); });
        if (!r.exhausted) ask(budget); // what the polish left
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
