#pragma once
// A layer's mapping and costs as rich text: the mapping inspector shows it and the report prints it.
#include <QString>

#include "hardware/accelerator.h"
#include "model/network_cost.h"
#include "workload/layer.h"

namespace archscape::app {

/// The layer's effective precision, loop nest per level (factors, order, spatial unrolling), tiles, occupancy bars,
/// accesses per tensor per level, and what bound the cycles. The precisions the layer runs at, each saying whether the
/// layer or the accelerator sets it: "Precision: weights <b>int4</b> (layer) · inputs <b>int8</b> (accelerator) ·
/// outputs ...".
QString precisionText(const workload::Layer& layer, const hardware::Accelerator& acc);

QString mappingHtml(const workload::Layer& layer, const hardware::Accelerator& acc, const model::LayerResult& r);

} // namespace archscape::app
