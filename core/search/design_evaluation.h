#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>

#include "hardware/accelerator.h"
#include "hardware/technology.h"
#include "mapping/dataflow.h"
#include "mapping/mapping.h"
#include "model/network_cost.h"
#include "model/systolic_model.h"
#include "search/mapper.h"

namespace archscape::search {

/// How each layer of a design gets its mapping: the one policy that the GUI, the CLI and the
/// explorer all evaluate designs by. Layers that need no mapping (memory-only ones, engines whose
/// dataflow fixes it, model::needsMapping) are evaluated as they are in every mode.
struct EvaluationPolicy {
    enum class Mode : std::uint8_t {
        Template,     ///< the chosen dataflow's template mapping
        BestTemplate, ///< every dataflow's template, keeping the lowest energy-delay product (bestBy)
        Search,       ///< the per-layer mapper (search::mapNetwork), spatial unrolling per the dataflow
        MappingFile,  ///< the given mappings, by layer name (a mapping file); not stored in projects
    };
    Mode mode = Mode::Search;
    mapping::Dataflow dataflow = mapping::Dataflow::RowStationary;
    std::int64_t budget = 300; ///< Search: candidates per distinct layer shape (<= 0: no limit)
    /// Search: no dataflow constraint on the mapspace, as for designs explored in a space without a
    /// dataflow axis (re-mapping them under a template would change their totals).
    bool free_mapspace = false;
    /// Search: the mapper's other settings (strategy, objective, seed, time budget, ...); its budget
    /// and dataflow are the fields above (mapperOptions).
    MapperOptions mapper{};
    /// MappingFile: mapping per layer name; "" applies to every layer not named.
    std::map<std::string, mapping::Mapping> mappings;
    /// Systolic accelerators: how SCALE-Sim's memory system is modelled.
    model::SystolicOptions systolic{};

    friend bool operator==(const EvaluationPolicy&, const EvaluationPolicy&) = default;
};

/// "template" / "best-template" / "search" / "mapping-file".
std::string_view toString(EvaluationPolicy::Mode m);
/// The modes a project stores: "template", "best-template", "search" (a mapping file is not).
std::optional<EvaluationPolicy::Mode> parseEvaluationMode(std::string_view s);

/// The per-layer mapping choice of the Template, BestTemplate and MappingFile modes (Search: the
/// dataflow's template). Once `stop` is requested it returns nullopt at once, so a cancelled
/// evaluation finishes quickly (its result is dropped anyway).
model::MappingChooser mappingChooser(const hardware::Accelerator& acc, const EvaluationPolicy& settings,
                                     std::stop_token stop = {});

/// The mapper options of Search mode: `settings.mapper` with the policy's budget and dataflow
/// constraint (also used for every point of an exploration).
MapperOptions mapperOptions(const EvaluationPolicy& settings);

/// The policy of one exploration point: Search with the space's mapper options, constrained to the
/// point's dataflow (nullopt: free mapspace).
EvaluationPolicy explorationPolicy(const MapperOptions& mapper, std::optional<mapping::Dataflow> dataflow);

/// One layer under the policy, the cost tables resolved by the caller: Search runs the mapper
/// (searchMapping) seeded with `seed`; the other modes take the chooser's mapping and evaluate it.
/// `found` = a valid mapping (or none needed and the cost is valid).
MapperResult mapLayer(const workload::Layer& layer, const hardware::Accelerator& acc,
                      const hardware::CostTables& tables, const EvaluationPolicy& settings, std::uint64_t seed,
                      std::stop_token stop = {});

/// Evaluates the whole network and schedules it (schedule::sequentialSchedule): Template,
/// BestTemplate and MappingFile through the chooser, Search with the per-layer mapper (distinct
/// shapes in parallel) on engines that take a mapping.
model::NetworkCost evaluateDesign(const workload::Network& net, const hardware::Accelerator& acc,
                                  const EvaluationPolicy& settings, std::stop_token stop = {});

} // namespace archscape::search
