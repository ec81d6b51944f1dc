#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/parse_result.h"
#include "model/systolic_problem.h"
#include "workload/network.h"

namespace archscape::io {

/// Which of SCALE-Sim's two topology layouts a CSV uses.
enum class ScaleSimTopologyFormat : std::uint8_t {
    Auto, ///< from the header: 4 fields (name, M, N, K) = GEMM, otherwise conv
    Conv, ///< name, IFMAP H, IFMAP W, Filter H, Filter W, Channels, Num Filter, Stride[, Stride W]
    Gemm, ///< name, M, N, K (SCALE-Sim's `-i gemm`)
};

/// One row of a SCALE-Sim topology, as written (a `DP` layer is one row here).
struct ScaleSimLayer {
    std::string name;
    bool gemm = false;
    std::int64_t ifmap_h = 1, ifmap_w = 1, filter_h = 1, filter_w = 1, channels = 1, filters = 1;
    int stride_h = 1, stride_w = 1;
    std::int64_t gemm_m = 1, gemm_n = 1, gemm_k = 1; ///< GEMM rows only

    /// SCALE-Sim's depthwise rule: a conv name containing "DP" runs as `channels` one-channel layers.
    bool depthwiseSplit() const { return !gemm && name.find("DP") != std::string::npos; }
    /// The problem SCALE-Sim simulates (ceil output size; a DP row gives groups = channels).
    model::SystolicProblem problem() const;
    /// The Archscape layer with the same GEMM: conv P×Q = SCALE-Sim's (ceil) output size,
    /// DP rows as grouped convolutions (G = channels, one channel and `filters` filters per group).
    workload::Layer layer() const;
};

/// A parsed topology file.
struct ScaleSimTopology {
    std::string name; ///< file stem
    std::vector<ScaleSimLayer> layers;

    /// The Archscape network: one layer per row, names made unique, no edges (SCALE-Sim has no graph).
    workload::Network network() const;
};

/// Parses a topology CSV. The header line is skipped; every row needs the layout's fields (SCALE-Sim's
/// trailing comma is optional), positive integers, a filter no larger than its ifmap and a stride no
/// larger than the ifmap. Every problem is reported as "line N: …".
ParseResult<ScaleSimTopology> parseScaleSimTopology(std::string_view text, std::string name,
                                                    ScaleSimTopologyFormat format = ScaleSimTopologyFormat::Auto);

/// Reads a topology file (name = file stem).
ParseResult<ScaleSimTopology> readScaleSimTopologyFile(const std::string& path,
                                                       ScaleSimTopologyFormat format = ScaleSimTopologyFormat::Auto);

/// A SCALE-Sim conv-format topology CSV (header, trailing commas) that SCALE-Sim runs as the same
/// GEMMs: a conv as its padded ifmap (P−1)·stride + R rows (so SCALE-Sim's ceil gives back P), a GEMM as
/// an M×K ifmap with a 1×K filter, a depthwise layer (one channel per group) as a `DP` row, other grouped
/// layers and batches > 1 as one row per group / image. Memory-only layers are left out, and dilated
/// layers lose their dilation; each omission is appended to `notes` when given.
std::string toScaleSimTopologyCsv(const workload::Network& net, std::vector<std::string>* notes = nullptr);

/// readScaleSimTopologyFile + ScaleSimTopology::network(): what `evaluate` and `import` use.
ParseResult<workload::Network> readScaleSimTopology(const std::string& path,
                                                    ScaleSimTopologyFormat format = ScaleSimTopologyFormat::Auto);

} // namespace archscape::io
