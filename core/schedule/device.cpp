#include "schedule/device.h"

namespace archscape::schedule {

std::string_view toString(DeviceKind k) {
    switch (k) {
    case DeviceKind::Accelerator: return "accelerator";
    case DeviceKind::Roofline: return "roofline";
    case DeviceKind::Measured: return "measured";
    }
    return "roofline";
}

std::optional<DeviceKind> parseDeviceKind(std::string_view s) {
    for (DeviceKind k : {DeviceKind::Accelerator, DeviceKind::Roofline, DeviceKind::Measured})
        if (toString(k) == s) return k;
    return std::nullopt;
}

double bytesPerElement(const Precision& p) { return static_cast<double>((p.bits + 7) / 8); }

} // namespace archscape::schedule
