#pragma once
#include <span>
#include <string_view>

#include "hardware/accelerator.h"
#include "hardware/technology.h"
#include "mapping/mapping.h"
#include "model/layer_cost.h"
#include "model/systolic_model.h"
#include "workload/layer.h"

namespace archscape::model {

/// One cost engine: how the layers of one accelerator kind are evaluated. The engines form one
/// table keyed by hardware::AcceleratorKind, so a new kind of hardware is one new row.
struct Engine {
    hardware::AcceleratorKind kind;
    std::string_view name; ///< the kind's name, as in accelerator files ("data-centric", "systolic")
    /// Whether a MAC layer needs a mapping (the data-centric model takes one; a systolic array's
    /// dataflow fixes it). Memory-only layers never need one.
    bool needs_mapping;
    /// Whether the engine runs structured layers of this type (workload::isStructured: butterfly, pq);
    /// every engine runs the dense MAC layers and the memory-only ones.
    bool (*runs_structured)(workload::LayerType type);
    /// Evaluates one layer. `m` is the layer's mapping, non-null for MAC layers when needs_mapping
    /// (evaluateLayer guarantees it); engines that need none ignore it.
    LayerCost (*evaluate)(const workload::Layer& layer, const hardware::Accelerator& acc,
                          const hardware::CostTables& tables, const mapping::Mapping* m,
                          const SystolicOptions& systolic);
};

/// The engine of an accelerator kind (every kind of hardware::kAllAcceleratorKinds has a row).
const Engine& engineFor(hardware::AcceleratorKind kind);

/// The whole table, in hardware::AcceleratorKind order.
std::span<const Engine> engines();

/// Whether evaluating `layer` on `acc` needs a mapping: a MAC layer on an engine that takes one.
bool needsMapping(const workload::Layer& layer, const hardware::Accelerator& acc);

/// Whether the engine of `acc` runs `layer` at all (structured layers only on the engines that know
/// them); evaluateLayer refuses the others with Violation::Kind::LayerKind.
bool runsLayer(const workload::Layer& layer, const hardware::Accelerator& acc);

} // namespace archscape::model
