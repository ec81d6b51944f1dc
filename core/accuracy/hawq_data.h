#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "common/parse_result.h"

namespace archscape::accuracy {

/// One quantized convolution of HAWQ's ILP notebook (presets/accuracy/README.md has the sources).
struct HawqLayer {
    std::string key; ///< bit_config.py key, e.g. "stage2.unit1.quant_convbn1"
    std::int64_t K = 0, C = 0, R = 0, S = 0, P = 0, Q = 0;
    int stride = 1;
    double trace_per_param = 0; ///< Tr(H_i)/n_i (Hutchinson estimate)
    double delta_w_sq_8bit = 0; ///< ‖W − Q_8(W)‖²
    double delta_w_sq_4bit = 0; ///< ‖W − Q_4(W)‖²
    std::int64_t parameters = 0;
    std::int64_t macs = 0;
    double latency_int8_ms = 0; ///< measured on a T4 GPU (unit assumed ms)
    double latency_int4_ms = 0;
};

/// A published HAWQ-V3 configuration: its per-layer bits and measured top-1.
struct HawqConfig {
    std::string network; ///< "resnet18" / "resnet50"
    std::string key;     ///< bit_config.py key
    std::string scheme;  ///< model_zoo.md row label
    double top1 = 0;
    double baseline_top1 = 0;
    double size_mb = 0;
    double bops_g = 0;
    std::vector<int> bits; ///< weight (= activation) bits per layer
};

/// Reads hawq_resnet*_layers.csv; every malformed cell is reported with its line.
ParseResult<std::vector<HawqLayer>> readHawqLayers(const std::string& path);
/// Reads hawq_v3_configs.csv (all networks).
ParseResult<std::vector<HawqConfig>> readHawqConfigs(const std::string& path);

} // namespace archscape::accuracy
