#pragma once
#include <cstdint>

#include "hardware/accelerator.h"
#include "workload/layer.h"

namespace archscape::search {

/// Hash of everything that defines a layer's computation (type, bounds, strides, dilation,
/// padding, per-layer precision), not its name: layers with the same shape share one mapping search.
std::uint64_t shapeHash(const workload::Layer& layer);

/// Hash of the accelerator parameters that change a layer's mapping or cost in cycles and
/// energy: levels, PE array (its mode included), NoC, technology, precision, energy overrides. Not the name, the
/// description or the clock (the clock only converts cycles into seconds).
std::uint64_t mappingRelevantHash(const hardware::Accelerator& acc);

} // namespace archscape::search
