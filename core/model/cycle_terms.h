#pragma once
#include <cstdint>
#include <vector>

#include "model/layer_cost.h"

namespace archscape::model {

/// One addend of a layer's cycle count (LayerCost::cycles).
struct CycleTerm {
    enum class Kind : std::uint8_t {
        Compute,  ///< the overlapped term set by the PE array (systolic: the folds' steady streaming)
        Transfer, ///< the overlapped term set by a double-buffered level's transfers (`level`)
        Noc,      ///< the overlapped term set by the NoC
        Startup,  ///< pipeline fill and drain (systolic: the folds' skew)
        Stall,    ///< a level's transfers that do not overlap compute (`level`)
    };
    Kind kind = Kind::Compute;
    int level = -1;    ///< Transfer, Stall: the memory level
    double cycles = 0; ///< this addend's cycles
};

/// The addends of `cost.cycles`, in the order the inspector lists them: the overlapped term
/// (LayerCost::overlap_cycles, named after what set it: compute unless a transfer or the NoC is
/// strictly longer), the pipeline fill/drain when not zero, then every level with stall cycles,
/// outermost first. Both engines follow cycles == overlap_cycles + startup_cycles +
/// Σ levels[i].stall_cycles, so the terms sum to the cycle count. Empty for an invalid cost.
std::vector<CycleTerm> cycleTerms(const LayerCost& cost);

} // namespace archscape::model
