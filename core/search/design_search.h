#pragma once
#include <cstdint>
#include <optional>
#include <string_view>

namespace archscape::search {

/// How the explorer chooses the design points it evaluates.
enum class DesignSearchKind : std::uint8_t {
    Grid,   ///< every point of the space (or shard), in index order
    Random, ///< `budget` distinct points drawn uniformly without replacement
    Nsga2,  ///< NSGA-II (Deb et al., IEEE TEC 2002) over the axes' value indices
    Genesys ///< single-objective genetic search over the hardware genes (genetic_design_strategy.h)
};

/// "grid", "random", "nsga2", "genesys".
std::string_view toString(DesignSearchKind k);
/// Parses the names above; nullopt for anything else.
std::optional<DesignSearchKind> parseDesignSearchKind(std::string_view s);

/// The explorer's design-space search: which strategy and how many design evaluations.
struct DesignSearch {
    DesignSearchKind kind = DesignSearchKind::Grid;
    std::int64_t budget = 0; ///< distinct design points to evaluate (all but Grid; capped at the space's size)
    /// Nsga2, Genesys: population per generation (per island); 0: chosen from the (island's) budget
    int population = 0;
    /// Mixed with the request's seed for the design search alone: varies the points chosen while
    /// every point's mapping searches (seeded by the request seed) stay the same.
    std::uint64_t seed = 0;
    /// Nsga2, Genesys: sub-populations of the island model (island_strategy.h), the budget split
    /// between them; 1: one population
    int islands = 1;
    int migration_interval = 0; ///< generations between migrations of the islands; 0: the default (4)
};

} // namespace archscape::search
