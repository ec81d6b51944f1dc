#pragma once
#include <optional>
#include <string>
#include <vector>

#include "workload/network.h"

namespace archscape::workload {

/// One network of a mix and how often it runs.
struct MixEntry {
    Network network;    ///< layers keep their DAG edges (Network::edges)
    std::string source; ///< the preset name or path it was read from (for reports)
    int instances = 1;  ///< independent copies (batch items or streams), each its own DAG
    /// Deadline of every instance, in cycles from time 0 (nullopt: none). A frame rate f at clock
    /// c MHz is stored as c·10⁶ / f cycles.
    std::optional<double> deadline_cycles;
    int priority = 0; ///< larger runs first among ready layers of equal readiness
    /// Indices of earlier entries whose every instance must finish before this one starts
    /// (networks are independent unless the mix says otherwise).
    std::vector<int> after;
};

/// Several networks that share one system (HERALD / MAGMA multi-DNN workloads).
struct WorkloadMix {
    std::string name;
    std::string description;
    std::vector<MixEntry> entries;

    /// Σ instances × network MACs.
    double totalMacs() const;
    /// Σ instances × layers.
    int totalLayers() const;
};

/// A mix of one network, one instance (a plain workload).
WorkloadMix mixOfOne(Network net);

} // namespace archscape::workload
