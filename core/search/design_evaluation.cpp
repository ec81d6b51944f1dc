#include "search/design_evaluation.h"

#include <limits>
#include <memory>

#include "hardware/technology.h"
#include "mapping/dataflow.h"
#include "model/cost_model.h"

namespace archscape::search {

std::string_view toString(EvaluationPolicy::Mode m) {
    switch (m) {
    case EvaluationPolicy::Mode::Template: return "template";
    case EvaluationPolicy::Mode::BestTemplate: return "best-template";
    case EvaluationPolicy::Mode::Search: return "search";
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
    if (settings.mode == EvaluationPolicy::Mode::Template) {
        return [&acc, df = settings.dataflow, stop](const workload::Layer& layer) -> std::optional<mapping::Mapping> {
            if (stop.stop_requested()) return std::nullopt;
            return mapping::templateMapping(layer, acc, df);
        };
    }
    // Best template: the tables are resolved once, not per candidate.
    auto tables = std::make_shared<hardware::CostTables>(hardware::costTables(acc));
    return [&acc, tables, stop](const workload::Layer& layer) -> std::optional<mapping::Mapping> {
        std::optional<mapping::Mapping> best;
        double bestEdp = std::numeric_limits<double>::infinity();
        for (mapping::Dataflow df : mapping::kAllDataflows) {
            if (stop.stop_requested()) return std::nullopt;
            auto m = mapping::templateMapping(layer, acc, df);
            if (!m) continue;
            const model::LayerCost c = model::evaluate(layer, acc, *tables, *m);
            if (!c.valid()) continue;
            const double edp = c.cycles * c.energyPj();
            if (edp < bestEdp) {
                bestEdp = edp;
                best = m;
            }
        }
        return best;
    };
}

MapperOptions mapperOptions(const EvaluationPolicy& settings) {
    MapperOptions o;
    o.strategy = StrategyKind::Decoupled;
    o.budget = settings.budget;
    if (settings.free_mapspace) o.dataflow.reset();
    else o.dataflow = settings.dataflow;
    return o;
}

model::NetworkCost evaluateDesign(const workload::Network& net, const hardware::Accelerator& acc,
                                  const EvaluationPolicy& settings, std::stop_token stop) {
    if (settings.mode == EvaluationPolicy::Mode::Search)
        return mapNetwork(net, acc, mapperOptions(settings), std::move(stop)).cost;
    return model::evaluateNetwork(net, acc, mappingChooser(acc, settings, std::move(stop)));
}

} // namespace archscape::search
