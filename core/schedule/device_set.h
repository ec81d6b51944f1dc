#pragma once
#include <string>
#include <vector>

#include "schedule/device.h"
#include "schedule/link.h"

namespace archscape::schedule {

/// Devices and the links between them (an `archscape/devices` document). Every pair of devices that
/// exchanges data needs a link; the parser (io/devices_json.h) requires one for every pair.
struct DeviceSet {
    std::string name;
    std::vector<Device> devices;
    std::vector<Link> links;

    /// Index of the device with this name, or -1.
    int find(const std::string& device_name) const;
    /// The link between devices i and j (either order), or nullptr.
    const Link* linkBetween(int i, int j) const;
};

} // namespace archscape::schedule
