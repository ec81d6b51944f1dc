#pragma once
#include <string>

namespace archscape::schedule {

/// A full-duplex connection between two devices: sending b bytes takes latency_s + b / bandwidth.
/// Each direction is its own resource (PCIe, NVLink and Ethernet are full duplex).
struct Link {
    std::string a;                    ///< device name
    std::string b;                    ///< device name
    double bandwidth_bytes_per_s = 0; ///< per direction
    double latency_s = 0;             ///< per transfer
    std::string source;               ///< where the figures come from (free text)

    /// Seconds to send `bytes` over this link.
    double transferSeconds(double bytes) const { return latency_s + bytes / bandwidth_bytes_per_s; }
};

} // namespace archscape::schedule
