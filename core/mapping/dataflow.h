#pragma once
#include <optional>
#include <string_view>

#include "hardware/accelerator.h"
#include "mapping/mapping.h"
#include "workload/layer.h"

namespace archscape::mapping {

/// Dataflow templates: constraints on which dimensions go spatial and which operand stays put.
enum class Dataflow : std::uint8_t {
    WeightStationary, ///< TPU-like: C over rows, K over columns, weights stay in the PE
    OutputStationary, ///< P over rows, Q over columns, partial sums stay in the PE
    InputStationary,  ///< C over rows, Q over columns, inputs stay in the PE
    RowStationary,    ///< Eyeriss: filter rows R (x C) over rows, output rows P over columns
    KCP,              ///< NVDLA-like: C over rows, K over columns, outputs accumulate in the buffer
    YXP,              ///< ShiDianNao-like: P over rows, Q over columns, output stationary
};
inline constexpr Dataflow kAllDataflows[] = {Dataflow::WeightStationary,
                                             Dataflow::OutputStationary,
                                             Dataflow::InputStationary,
                                             Dataflow::RowStationary,
                                             Dataflow::KCP,
                                             Dataflow::YXP};

/// "ws", "os", "is", "rs", "kc-p", "yx-p".
std::string_view toString(Dataflow d);
/// Accepts the short names above and the long ones ("weight-stationary", ...).
std::optional<Dataflow> parseDataflow(std::string_view s);

/// The operand a dataflow keeps in the PEs.
Operand stationaryOperand(Dataflow d);

/// The dimensions a dataflow unrolls spatially: those its template may give a factor above 1 over
/// the PE rows and over the PE columns. A dimension is unrolled at most once; one the template
/// lists for both axes goes to the rows.
struct SpatialDims {
    workload::PerDim<bool> rows; ///< unrolled over PE rows (Mapping::spatial_y)
    workload::PerDim<bool> cols; ///< unrolled over PE columns (Mapping::spatial_x)
};
SpatialDims spatialDims(Dataflow d);

/// A good valid mapping without search: spatial unrolling per the dataflow, then tiles grown
/// greedily from the innermost level outwards while they fit, the rest at DRAM. Loop orders keep
/// the stationary operand in place. Returns nullopt when no tile fits (e.g. a PE buffer too small
/// for one element of each kept operand).
std::optional<Mapping> templateMapping(const workload::Layer& layer, const hardware::Accelerator& acc, Dataflow d);

} // namespace archscape::mapping
