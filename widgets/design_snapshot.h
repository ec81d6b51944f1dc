#pragma once
// What the views show: the current design with its network, accelerator, costs and mapping policy,
// the selected layer, and the explored designs. The shell builds one from the Session after every
// change and pushes it to each view (design_view.h); views keep what they need and never see the
// Session.
#include <cstdint>
#include <memory>
#include <vector>

#include "hardware/accelerator.h"
#include "model/network_cost.h"
#include "search/design_evaluation.h"
#include "search/evaluated_design.h"
#include "workload/network.h"

namespace archscape::widgets {

struct DesignSnapshot {
    /// The parts that changed since the previous snapshot (views skip work for the others).
    enum Change : std::uint32_t {
        NetworkChanged = 1 << 0,     ///< other layers (the rows of the layer table)
        AcceleratorChanged = 1 << 1, ///< the inputs of the next evaluation
        PolicyChanged = 1 << 2,      ///< the mapping policy
        CostsChanged = 1 << 3,       ///< a new evaluation arrived (`costs`)
        SelectionChanged = 1 << 4,   ///< `selected_layer`
        DesignsChanged = 1 << 5,     ///< explored designs appended from `designs_first`, or replaced (0)
        CurrentDesignChanged = 1 << 6,
        Everything = 0xffffffffu,
    };
    std::uint32_t changed = Everything;

    /// The workload the current design runs (a quantized design's own copy, else the loaded one).
    std::shared_ptr<const workload::Network> network;
    hardware::Accelerator accelerator;
    search::EvaluationPolicy policy;
    /// The last evaluation, null until the first arrives; older than `accelerator` while an
    /// evaluation is pending (views that draw costs redraw on CostsChanged).
    std::shared_ptr<const model::NetworkCost> costs;
    int selected_layer = -1;

    /// Every explored design in arrival order. The list belongs to the shell (the Session's) and
    /// outlives the views; DesignsChanged announces appends and replacements. A pointer, because the
    /// Pareto chart streams 100,000 of them: copying is not an option. Null = none.
    const std::vector<search::EvaluatedDesign>* designs = nullptr;
    /// With DesignsChanged: designs[designs_first..] are new; 0 = the list was replaced.
    int designs_first = 0;
    /// Index into designs of the current design, -1 when the current design was edited.
    int current_design = -1;

    bool has(Change c) const { return (changed & c) != 0; }
    /// The cost of the selected layer, null when none is selected or not yet evaluated.
    const model::LayerResult* selectedCost() const {
        return costs && selected_layer >= 0 && selected_layer < int(costs->layers.size())
                   ? &costs->layers[selected_layer]
                   : nullptr;
    }
};

} // namespace archscape::widgets
