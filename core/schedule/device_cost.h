#pragma once
#include <optional>
#include <string>
#include <vector>

#include "schedule/device.h"
#include "workload/network.h"

namespace archscape::schedule {

/// Latency of every layer of a network on one device, or why the device cannot run it.
struct DeviceLayerTimes {
    std::vector<std::optional<double>> seconds; ///< per layer; nullopt when the device cannot run it
    std::vector<std::string> why;               ///< per layer; the reason when `seconds` is nullopt
};

/// Per-layer latencies (docs/partition.md, "Device costs"):
/// - roofline: launch_overhead + max(MACs / (peak[precision] · eff), bytes / (bandwidth · eff)), where
///   bytes = (weights + inputs + outputs) elements × bytes per element of the device's precision and
///   eff is the operator type's efficiency;
/// - accelerator: cycles / clock of the layer under the dataflow template with the fewest cycles
///   (schedule::evaluateNetwork; systolic accelerators need no mapping);
/// - measured: the user's figure for the layer's name (a layer without one cannot run there).
DeviceLayerTimes layerSeconds(const Device& device, const workload::Network& net);

/// Bytes a layer keeps resident on a device (its weights) at the device's precision.
double weightBytes(const Device& device, const workload::Layer& layer);
/// Bytes of a layer's working activations (inputs + outputs) at the device's precision.
double activationBytes(const Device& device, const workload::Layer& layer);

} // namespace archscape::schedule
