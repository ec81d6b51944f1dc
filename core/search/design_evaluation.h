#pragma once
#include <cstdint>
#include <optional>
#include <stop_token>
#include <string_view>

#include "hardware/accelerator.h"
#include "mapping/dataflow.h"
#include "model/network_cost.h"
#include "search/mapper.h"

namespace archscape::search {

/// How each layer of a design gets its mapping: the one policy that the GUI, the CLI and the
/// explorer all evaluate designs by.
struct EvaluationPolicy {
    enum class Mode : std::uint8_t {
        Template,     ///< the chosen dataflow's template mapping
        BestTemplate, ///< every dataflow's template, keeping the lowest energy-delay product
        Search,       ///< the per-layer mapper (search::mapNetwork), spatial unrolling per the dataflow
    };
    Mode mode = Mode::Search;
    mapping::Dataflow dataflow = mapping::Dataflow::RowStationary;
    int budget = 300; ///< Search: candidates per distinct layer shape
    /// Search: no dataflow constraint on the mapspace, as for designs explored in a space without a
    /// dataflow axis (re-mapping them under a template would change their totals).
    bool free_mapspace = false;

    friend bool operator==(const EvaluationPolicy&, const EvaluationPolicy&) = default;
};

/// "template" / "best-template" / "search", as stored in projects.
std::string_view toString(EvaluationPolicy::Mode m);
std::optional<EvaluationPolicy::Mode> parseEvaluationMode(std::string_view s);

/// The per-layer mapping choice of the Template and BestTemplate modes. Once `stop` is requested it returns
/// nullopt at once, so a cancelled evaluation finishes quickly (its result is dropped anyway).
model::MappingChooser mappingChooser(const hardware::Accelerator& acc, const EvaluationPolicy& settings,
                                     std::stop_token stop = {});

/// The mapper options of Search mode (also used for every point of an exploration).
MapperOptions mapperOptions(const EvaluationPolicy& settings);

/// Evaluates the whole network: Template and BestTemplate through the chooser, Search with the
/// per-layer mapper (distinct shapes in parallel).
model::NetworkCost evaluateDesign(const workload::Network& net, const hardware::Accelerator& acc,
                                  const EvaluationPolicy& settings, std::stop_token stop = {});

} // namespace archscape::search
