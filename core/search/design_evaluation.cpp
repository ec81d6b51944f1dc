#include "search/design_evaluation.h"

#include <memory>
#include <vector>

#include "mapping/dataflow.h"
#include "model/cost_model.h"
#include "model/engine.h"
#include "model/evaluate_layer.h"
#include "schedule/evaluate_network.h"
#include "search/best_by.h"

namespace archscape::search {

namespace {

/// The template of lowest energy-delay product (ties: the earlier dataflow of kAllDataflows).
std::optional<mapping::Mapping> bestTemplate(const workload::Layer& layer, const hardware::Accelerator& acc,
                                             const hardware::CostTables& tables, const std::stop_token& stop) {
    struct Candidate {
        mapping::Mapping mapping;
        double edp = 0;
        std::int64_t id = 0; ///< position in kAllDataflows
    };
    std::vector<Candidate> candidates;
    std::int64_t id = 0;
    for (mapping::Dataflow df : mapping::kAllDataflows) {
        if (stop.stop_requested()) return std::nullopt;
        const std::int64_t position = id++;
        auto m = mapping::templateMapping(layer, acc, df);
        if (!m) continue;
        const model::LayerCost c = model::evaluate(layer, acc, tables, *m);
        if (!c.valid()) continue;
        candidates.push_back({std::move(*m), c.cycles * c.energyPj(), position});
    }
    const auto best = bestBy(
        candidates.begin(), candidates.end(), [](const Candidate& c) { return c.edp; },
        [](const Candidate& c) { return c.id; });
    if (best == candidates.end()) return std::nullopt;
    return std::move(best->mapping);
}

/// MappingFile: the layer's own mapping, else the one for every layer ("").
std::optional<mapping::Mapping> fileMapping(const workload::Layer& layer,
                                            const std::map<std::string, mapping::Mapping>& mappings) {
    auto it = mappings.find(layer.name);
    if (it == mappings.end()) it = mappings.find("");
    if (it == mappings.end()) return std::nullopt;
    return it->second;
}

/// The mapping the Template, BestTemplate and MappingFile modes give a layer (Search: the template).
std::optional<mapping::Mapping> chosenMapping(const workload::Layer& layer, const hardware::Accelerator& acc,
                                              const hardware::CostTables& tables, const EvaluationPolicy& settings,
                                              const std::stop_token& stop) {
    if (stop.stop_requested()) return std::nullopt;
    switch (settings.mode) {
    case EvaluationPolicy::Mode::Template:
    case EvaluationPolicy::Mode::Search: return mapping::templateMapping(layer, acc, settings.dataflow);
    case EvaluationPolicy::Mode::MappingFile: return fileMapping(layer, settings.mappings);
    case EvaluationPolicy::Mode::BestTemplate: return bestTemplate(layer, acc, tables, stop);
    }
    return std::nullopt;
}

} // namespace

std::string_view toString(EvaluationPolicy::Mode m) {
    switch (m) {
    case EvaluationPolicy::Mode::Template: return "template";
    case EvaluationPolicy::Mode::BestTemplate: return "best-template";
    case EvaluationPolicy::Mode::Search: return "search";
    case EvaluationPolicy::Mode::MappingFile: return "mapping-file";
    }
    return "search";
}

std::optional<EvaluationPolicy::Mode> parseEvaluationMode(std::string_view s) {
    if (s == "template") return EvaluationPolicy::Mode::Template;
    if (s == "best-template") return EvaluationPolicy::Mode::BestTemplate;
    if (s == "search") return EvaluationPolicy::Mode::Search;
    return std::nullopt;
}

model::MappingChooser mappingChooser(const hardware::Accelerator& acc, const EvaluationPolicy& settings,
                                     std::stop_token stop) {
    switch (settings.mode) {
    case EvaluationPolicy::Mode::Template:
    case EvaluationPolicy::Mode::Search:
        return [&acc, df = settings.dataflow, stop](const workload::Layer& layer) -> std::optional<mapping::Mapping> {
            if (stop.stop_requested()) return std::nullopt;
            return mapping::templateMapping(layer, acc, df);
        };
    case EvaluationPolicy::Mode::MappingFile:
        return [mappings = settings.mappings, stop](const workload::Layer& layer) -> std::optional<mapping::Mapping> {
            if (stop.stop_requested()) return std::nullopt;
            return fileMapping(layer, mappings);
        };
    case EvaluationPolicy::Mode::BestTemplate: break;
    }
    // Best template: the tables are resolved once, not per candidate.
    auto tables = std::make_shared<hardware::CostTables>(hardware::costTables(acc));
    return [&acc, tables, stop](const workload::Layer& layer) { return bestTemplate(layer, acc, *tables, stop); };
}

MapperOptions mapperOptions(const EvaluationPolicy& settings) {
    MapperOptions o = settings.mapper;
    o.budget = settings.budget;
    if (settings.free_mapspace) o.dataflow.reset();
    else o.dataflow = settings.dataflow;
    return o;
}

EvaluationPolicy explorationPolicy(const MapperOptions& mapper, std::optional<mapping::Dataflow> dataflow) {
    EvaluationPolicy p;
    p.mode = EvaluationPolicy::Mode::Search;
    p.mapper = mapper;
    p.mapper.dataflow.reset(); // the policy's own fields say it
    p.budget = mapper.budget;
    p.free_mapspace = !dataflow.has_value();
    if (dataflow) p.dataflow = *dataflow;
    return p;
}

MapperResult mapLayer(const workload::Layer& layer, const hardware::Accelerator& acc,
                      const hardware::CostTables& tables, const EvaluationPolicy& settings, std::uint64_t seed,
                      std::stop_token stop) {
    MapperOptions o = mapperOptions(settings);
    o.seed = seed;
    MapperResult r;
    if (!model::needsMapping(layer, acc)) {
        // Nothing to choose: memory-only operators have no mapping, a systolic dataflow fixes it.
        r.cost = model::evaluateLayer(layer, acc, tables, nullptr, settings.systolic);
        r.found = r.cost.valid();
        if (r.found) r.score = o.objective.score(r.cost.cycles, r.cost.energyPj());
        r.exhausted = true;
        return r;
    }
    if (settings.mode == EvaluationPolicy::Mode::Search) return searchMapping(layer, acc, tables, o, std::move(stop));
    auto m = chosenMapping(layer, acc, tables, settings, stop);
    if (stop.stop_requested()) {
        r.cancelled = true;
        return r;
    }
    if (!m) return r;
    r.cost = model::evaluateLayer(layer, acc, tables, &*m, settings.systolic);
    r.evaluated = 1;
    r.found = r.cost.valid();
    if (r.found) {
        r.valid = 1;
        r.score = o.objective.score(r.cost.cycles, r.cost.energyPj());
        r.mapping = std::move(*m);
    }
    return r;
}

model::NetworkCost evaluateDesign(const workload::Network& net, const hardware::Accelerator& acc,
                                  const EvaluationPolicy& settings, std::stop_token stop) {
    if (settings.mode == EvaluationPolicy::Mode::Search && model::engineFor(acc.kind).needs_mapping)
        return mapNetwork(net, acc, mapperOptions(settings), std::move(stop)).cost;
    return schedule::evaluateNetwork(net, acc, mappingChooser(acc, settings, std::move(stop)), settings.systolic);
}

} // namespace archscape::search
