#include "schedule/device_set.h"

namespace archscape::schedule {

int DeviceSet::find(const std::string& device_name) const {
    for (std::size_t i = 0; i < devices.size(); ++i)
        if (devices[i].name == device_name) return static_cast<int>(i);
    return -1;
}

const Link* DeviceSet::linkBetween(int i, int j) const {
    const std::string& x = devices[i].name;
    const std::string& y = devices[j].name;
    for (const Link& l : links)
        if ((l.a == x && l.b == y) || (l.a == y && l.b == x)) return &l;
    return nullptr;
}

} // namespace archscape::schedule
