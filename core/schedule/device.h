#pragma once
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "common/precision.h"
#include "hardware/accelerator.h"
#include "workload/layer.h"

namespace archscape::schedule {

/// How a device's per-layer latencies are obtained.
enum class DeviceKind : std::uint8_t {
    Accelerator, ///< an Archscape accelerator: its cost engines and the best dataflow template per layer
    Roofline,    ///< peak MACs/s per precision, memory bandwidth, per-operator efficiency, launch overhead
    Measured,    ///< per-layer latencies the user measured (a profiler's CSV)
};

std::string_view toString(DeviceKind k);
/// "accelerator", "roofline", "measured"; nullopt for anything else.
std::optional<DeviceKind> parseDeviceKind(std::string_view s);

/// Roofline figures of a device (a CPU or GPU described by its datasheet).
struct RooflineSpec {
    /// Peak multiply-accumulates per second at each precision (a FLOP figure halved: 1 MAC = 2 FLOPs).
    std::map<std::string, double> peak_macs_per_s;
    double memory_bandwidth_bytes_per_s = 0; ///< sustained device-memory bandwidth
    /// Fraction of the peak reached by each operator type (1 when absent); applies to compute and bandwidth.
    std::map<workload::LayerType, double> efficiency;
    double launch_overhead_s = 0; ///< fixed time added to every layer (kernel launch)
};

/// One device a network can be partitioned over.
struct Device {
    std::string name;
    DeviceKind kind = DeviceKind::Roofline;
    /// Memory that holds the resident weights and the working activations of the layers it runs (bytes).
    double memory_bytes = 0;
    /// Number format the device runs at: bytes per element of weights and activations, and (roofline)
    /// the key of `peak_macs_per_s`.
    Precision precision = Precision::floating(16, 10);
    RooflineSpec roofline;                            ///< kind Roofline only
    std::optional<hardware::Accelerator> accelerator; ///< kind Accelerator only
    std::map<std::string, double> measured_s;         ///< kind Measured only: layer name → seconds
    std::string source;                               ///< where the figures come from (free text)
};

/// Bytes per element of a precision (bits / 8, rounded up).
double bytesPerElement(const Precision& p);

} // namespace archscape::schedule
