#pragma once
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/precision.h"
#include "schedule/device_set.h"
#include "workload/network.h"

namespace archscape::schedule {

/// What a partition minimises: the latency of one input (makespan, communication included), or the
/// period of a pipeline over a stream of inputs (the busiest device or link; throughput = 1 / period).
enum class PartitionObjective : std::uint8_t { Latency, Throughput };

std::string_view toString(PartitionObjective o);
/// "latency" or "throughput"; nullopt otherwise.
std::optional<PartitionObjective> parsePartitionObjective(std::string_view s);

inline constexpr double kNoLimit = std::numeric_limits<double>::infinity();

/// One tensor edge of the problem: `bytes` move from node `from` to node `to` when they sit on
/// different devices.
struct PartitionEdge {
    int from = 0;
    int to = 0;
    double bytes = 0;
};

/// A network partitioning instance reduced to numbers: every solver works on this and nothing else.
/// Nodes are in topological order (edges point forward). Every time is in seconds.
struct PartitionProblem {
    std::vector<std::string> node_names;
    std::vector<std::string> device_names;
    /// [node][device] seconds; +infinity when the device cannot run the node (reason in `unavailable`).
    std::vector<std::vector<double>> seconds;
    std::vector<std::vector<std::string>> unavailable; ///< [node][device]: why it cannot run ("" = it can)
    std::vector<std::vector<double>> weight_bytes;     ///< [node][device] resident bytes
    std::vector<std::vector<double>> activation_bytes; ///< [node][device] working-set bytes
    std::vector<double> memory_bytes;                  ///< per device capacity
    std::vector<PartitionEdge> edges;
    /// [d][e] per-transfer latency and seconds per byte from device d to e (0 on the diagonal).
    std::vector<std::vector<double>> link_latency_s;
    std::vector<std::vector<double>> link_s_per_byte;

    PartitionObjective objective = PartitionObjective::Latency;
    double max_latency_s = kNoLimit; ///< constraint when the objective is throughput
    double max_period_s = kNoLimit;  ///< constraint when the objective is latency

    int numNodes() const { return static_cast<int>(seconds.size()); }
    int numDevices() const { return static_cast<int>(device_names.size()); }
    /// Seconds to move edge `e` from device d to device f (0 when d == f).
    double transferSeconds(const PartitionEdge& e, int d, int f) const {
        return d == f ? 0.0 : link_latency_s[d][f] + e.bytes * link_s_per_byte[d][f];
    }
    /// Incoming edge indices of every node (computed by finalize()).
    std::vector<std::vector<int>> in_edges;
    /// Fills in_edges; call after changing `edges`.
    void finalize();
};

/// How a network and a device set become a problem.
struct PartitionProblemOptions {
    PartitionObjective objective = PartitionObjective::Latency;
    double max_latency_s = kNoLimit;
    double max_period_s = kNoLimit;
    /// Format of the tensors sent between devices (edge bytes = producer's output elements × its bytes).
    Precision transfer_precision = Precision::floating(16, 10);
};

/// A problem, or why none can be made (a layer no device can run, a device pair without a link).
struct PartitionProblemResult {
    std::optional<PartitionProblem> problem;
    std::string error;
};

/// Evaluates every layer on every device (device_cost.h) and collects edges and link costs.
PartitionProblemResult buildPartitionProblem(const workload::Network& net, const DeviceSet& devices,
                                             const PartitionProblemOptions& options);

} // namespace archscape::schedule
