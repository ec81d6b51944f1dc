#pragma once
#include <string>

#include "workload/layer.h"

namespace archscape::workload {

/// A compact, human-readable shape: "K64 C64 56x56 3x3/2" for a convolution (per-group K and C,
/// "g32" when grouped), "M512 N768 K768" for a GEMM, "12x M512 N512 K64" for a batched matmul,
/// "C64 56x56" for memory-only operators.
std::string shapeText(const Layer& l);

} // namespace archscape::workload
