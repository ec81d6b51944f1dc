#pragma once
#include <cstdint>
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

/// Whether a layer may be split over several devices (docs/partition.md, "Layer splitting"): along its
/// batch N (data parallelism: every part holds all the weights and a slice of the samples) or its output
/// channels (K, or G for depthwise and memory-only layers: model parallelism, every part needs the whole
/// input and holds a slice of the weights).
enum class SplitMode : std::uint8_t { None, Batch, Channels };

std::string_view toString(SplitMode m);
/// "none", "batch" or "channels"; nullopt otherwise.
std::optional<SplitMode> parseSplitMode(std::string_view s);

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

    /// Layer splitting. With split ≠ None, the assignment value splitValue() puts a node on every device
    /// of its split at once; the other members are empty when split is None.
    SplitMode split = SplitMode::None;
    /// [node][device] share of the split dimension the device's part gets (whole samples or channels
    /// over the dimension's size; 0 = no part there). All 0 when the node cannot be split.
    std::vector<std::vector<double>> split_share;
    /// [node][device] Σ of the shares of the devices before it: the part's slice starts there (batch
    /// parts of consecutive layers overlap where their slices do).
    std::vector<std::vector<double>> split_offset;
    std::vector<std::vector<double>> split_seconds;          ///< [node][device] seconds of the part
    std::vector<std::vector<double>> split_weight_bytes;     ///< [node][device] resident bytes of the part
    std::vector<std::vector<double>> split_activation_bytes; ///< [node][device] working-set bytes of the part

    /// The assignment value meaning "split over the devices of split_share".
    int splitValue() const { return numDevices(); }
    /// True when node l has a split (split ≠ None and at least two parts).
    bool splittable(int l) const;
    /// Share of edge e's bytes that part `f` of its producer sends to part `d` of its consumer, where
    /// a part is a device or, for a split node, one of its parts: 1 between unsplit nodes; a split
    /// producer sends its share; a batch-split consumer needs its slice of the samples (the overlap with
    /// a batch-split producer's slice); a channel-split consumer needs the whole input.
    double transferShare(const PartitionEdge& e, int u_value, int f, int v_value, int d) const;

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
    /// Whether layers may be split, and along which dimension.
    SplitMode split = SplitMode::None;
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
