#pragma once
// A layer's mapping and costs as rich text: the mapping inspector shows it and the report prints it.
#include <QString>

#include "hardware/accelerator.h"
#include "model/network_cost.h"
#include "workload/layer.h"

namespace archscape::app {

/// Loop nest per level (factors, order, spatial unrolling), tiles, occupancy bars, accesses per
/// tensor per level, and what bound the cycles.
QString mappingHtml(const workload::Layer& layer, const hardware::Accelerator& acc, const model::LayerResult& r);

} // namespace archscape::app
