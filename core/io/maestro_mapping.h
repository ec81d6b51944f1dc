#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "common/parse_result.h"
#include "hardware/accelerator.h"
#include "io/maestro_dataflow.h"
#include "mapping/mapping.h"
#include "workload/layer.h"

namespace archscape::io {

/// The Archscape layer of a MAESTRO layer: CONV (Y/X are input sizes without padding, so
/// P = (Y − R)/stride + 1; Y'/X' are output sizes), DSCONV (G = C, K = C = 1), NGCONV (G = G·C
/// groups of one channel, K per group: MAESTRO indexes its output by G, K and C), TRCONV (a CONV
/// over the declared dimensions, as MAESTRO analyses it) and GEMM (P = M, C = K, K = N). Other
/// types (FC, POOL, LSTM) are errors at the layer's line.
ParseResult<workload::Layer> maestroLayer(const MaestroLayer& layer);

/// PEs per cluster of a dataflow: the product of its Cluster sizes; 0 without Cluster.
std::int64_t maestroClusterSize(const std::vector<MaestroDirective>& dataflow);

/// Converts a layer's directives to a loop-nest mapping on an accelerator whose first per-PE level
/// holds the PEs' tiles (e.g. maestroAccelerator(hw, maestroClusterSize(...))). Each cluster level's
/// TemporalMaps become loops of the outermost level (DRAM), in directive order, so the shared
/// level holds one step's tiles as MAESTRO's L2 does; its SpatialMap
/// becomes the spatial factor (the top level over rows when there are clusters, PEs in a cluster over
/// columns) and folds over time when the dimension exceeds the sub-clusters; the innermost tile stays
/// in the PE. Y/X sizes are in stride-1 rows, as MAESTRO reads them (TemporalMap(Sz(R),1) Y = one
/// output row per step). Two SpatialMaps in one level move in lockstep: on (Y, R) or (X, S) the filter
/// rows are spread (row stationary); on other pairs it is an error. Also errors, at the directive's
/// line: unknown dimensions, an offset larger than the size (indices skipped), a level without a
/// SpatialMap, clusters larger than the array (zero clusters).
ParseResult<mapping::Mapping> maestroMapping(const MaestroLayer& layer, const workload::Layer& archscape_layer,
                                             const hardware::Accelerator& acc);

/// MAESTRO `Layer` block (Type, Stride, Dimensions, Dataflow) for a mapping: the shared levels'
/// loops become TemporalMaps (output rows as Y'/X'), the spatial factors SpatialMaps (with a
/// Cluster of pe.cols PEs when both array axes are used), the per-PE tile the innermost sizes.
/// Errors when MAESTRO cannot express it: grouped (non-depthwise) or batched layers, dilation,
/// filter rows split over levels or spread spatially, two dimensions on one array axis.
ParseResult<std::string> writeMaestroLayer(const workload::Layer& layer, const mapping::Mapping& m,
                                           const hardware::Accelerator& acc);

} // namespace archscape::io
