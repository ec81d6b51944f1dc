#pragma once
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "search/explorer.h"

namespace archscape::search {

/// Ask-and-tell search over the points of a design space (the design-level counterpart of
/// search::Strategy): the explorer asks for a generation of point indices, evaluates them in
/// parallel and tells their results in the order asked, so a strategy sees the same sequence
/// whatever the thread count. A strategy never evaluates anything itself.
class DesignStrategy {
public:
    virtual ~DesignStrategy() = default;
    /// The next generation: distinct indices never asked before; empty when the strategy is done.
    virtual std::vector<std::int64_t> ask() = 0;
    /// The results of the last ask(), in its order (result i is of index i of that generation).
    virtual void tell(std::span<const PointResult> results) = 0;
    /// Points the strategy will ask for in all (the progress total).
    virtual std::int64_t planned() const = 0;
};

/// The strategy of request.search (Random, Nsga2 or Genesys, the last two as an IslandStrategy when
/// request.search.islands > 1; nullptr for Grid), seeded from request.seed and request.search.seed.
std::unique_ptr<DesignStrategy> makeDesignStrategy(const ExploreRequest& request);

} // namespace archscape::search
