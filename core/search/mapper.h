#pragma once
#include <cstdint>
#include <optional>
#include <stop_token>
#include <string_view>

#include "hardware/accelerator.h"
#include "hardware/technology.h"
#include "mapping/dataflow.h"
#include "model/layer_cost.h"
#include "model/network_cost.h"
#include "search/objective.h"
#include "search/optimal_strategy.h"
#include "workload/network.h"

namespace archscape::search {

/// Which strategy a mapper runs.
enum class StrategyKind : std::uint8_t { Exhaustive, Random, Decoupled, Genetic, Optimal };
/// "exhaustive", "random", "decoupled", "genetic", "optimal".
std::string_view toString(StrategyKind k);
std::optional<StrategyKind> parseStrategyKind(std::string_view s);

/// How one layer's mapping is searched.
struct MapperOptions {
    StrategyKind strategy = StrategyKind::Decoupled;
    std::int64_t budget = 400; ///< candidates evaluated (warm starts included); <= 0: no limit
    double time_budget_ms = 0; ///< wall-clock limit per layer; 0: none
    Objective objective = Objective::edp();
    std::uint64_t seed = 1;
    /// Constrains spatial unrolling to the template's dimensions and warm-starts from the
    /// template's mapping; nullopt: free mapspace, warm-started from every template.
    std::optional<mapping::Dataflow> dataflow;
    bool all_factors = false; ///< see MapspaceOptions::all_factors
    bool warm_start = true;   ///< evaluate the dataflow template mapping(s) first
    int population = 24;      ///< genetic only
    /// searchMapping: also evaluates this mapping first (typically the layer's best mapping on the
    /// previous design), kept when it is still valid here; not owned, may be null.
    const mapping::Mapping* warm_mapping = nullptr;
    /// mapNetwork: each layer's warm_mapping is its mapping in this result (same network, previous
    /// design), so growing a resource that leaves that mapping's cost unchanged (a larger array)
    /// never gives a worse layer at the same budget; not owned, may be null.
    const model::NetworkCost* warm_network = nullptr;

    friend bool operator==(const MapperOptions&, const MapperOptions&) = default;
};

/// The best mapping found for one layer.
struct MapperResult {
    bool found = false; ///< a valid mapping was found
    mapping::Mapping mapping;
    model::LayerCost cost;
    double score = 0;           ///< objective of `cost`
    std::int64_t evaluated = 0; ///< candidates evaluated
    std::int64_t valid = 0;     ///< of which valid
    double mapspace_size = 0;   ///< Mapspace::sizeBound() of the searched space
    bool exhausted = false;     ///< the strategy had nothing more to propose
    bool cancelled = false;     ///< stopped by the stop token
    /// No mapping of the searched mapspace scores less (log, as `score`): the optimal strategy's
    /// bound over what it has not excluded, for the others MappingBound over the whole mapspace.
    double lower_bound = 0;
    bool optimal = false; ///< proven: score == lower_bound (or nothing to search)
    /// The branch-and-bound's account (optimal strategy only).
    std::optional<OptimalCertificate> certificate;
};

/// Searches one MAC layer's mapping: the driver asks the strategy for candidates, evaluates them
/// with model::evaluate and reports the outcome; the first candidate with the best score wins
/// (ties go to the earlier one, so the result is deterministic for a seed). Checks the stop token
/// every 256 evaluations (well under a millisecond).
MapperResult searchMapping(const workload::Layer& layer, const hardware::Accelerator& acc,
                           const hardware::CostTables& tables, const MapperOptions& options, std::stop_token stop = {});

/// How close one layer's mapping is known to be to the best of its mapspace.
struct LayerProof {
    double score = 0;       ///< the objective of the mapping found (log, as Objective::score)
    double lower_bound = 0; ///< no mapping of the mapspace scores less
    bool optimal = false;   ///< score == lower_bound
};

/// The result of mapping a whole network on one accelerator.
struct MappedNetwork {
    model::NetworkCost cost;    ///< per layer mapping and cost, totals (unmapped layers excluded)
    std::int64_t evaluated = 0; ///< candidates evaluated over all distinct shapes
    bool cancelled = false;     ///< stopped early: some layers are missing (mapped = false)
    /// Per layer of the network (same index): the search's lower bound and whether it is proven
    /// optimal (MapperResult::lower_bound, ::optimal of the layer's shape).
    std::vector<LayerProof> proofs;
};

/// Best mapping for every layer of a network on one accelerator (the GUI's live path): each
/// distinct layer shape is searched once, in parallel with oneTBB; each shape's seed derives from
/// options.seed and the shape itself, so the result does not depend on thread count or layer order.
MappedNetwork mapNetwork(const workload::Network& net, const hardware::Accelerator& acc, const MapperOptions& options,
                         std::stop_token stop = {});

} // namespace archscape::search
