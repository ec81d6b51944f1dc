#pragma once
#include <vector>

#include "hardware/system.h"
#include "search/design_evaluation.h"

namespace archscape::search {

/// A system and how each of its units maps layers: policies[i] is the evaluation policy of
/// system.units[i] (its dataflow template, best template, or per-layer mapper).
struct SystemDesign {
    hardware::System system;
    std::vector<EvaluationPolicy> policies; ///< one per unit
};

/// A design of one unit: `acc` with `policy` (hardware::systemOfOne).
inline SystemDesign designOfOne(const hardware::Accelerator& acc, const EvaluationPolicy& policy) {
    return {hardware::systemOfOne(acc), {policy}};
}

} // namespace archscape::search
