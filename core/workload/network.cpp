#include "workload/network.h"

#include "common/checked_arithmetic.h"

namespace archscape::workload {

std::int64_t Network::totalMacs() const {
    std::int64_t m = 0;
    for (const auto& l : layers) m += l.macs();
    return m;
}

std::string countsOverflow(const Network& net) {
    std::int64_t total = 0;
    for (const auto& l : net.layers) {
        if (std::string e = countsOverflow(l); !e.empty()) return "layer '" + l.name + "': " + e;
        const auto sum = checkedAdd(total, l.macs()); // each at most kMaxLayerCount: no overflow
        if (!sum || *sum > kMaxLayerCount)
            return "a network with fewer than 1e18 MACs in all (the sum reaches it at layer '" + l.name + "')";
        total = *sum;
    }
    return {};
}

std::vector<UniqueShape> Network::uniqueShapes() const {
    std::vector<UniqueShape> shapes;
    for (int i = 0; i < static_cast<int>(layers.size()); ++i) {
        bool placed = false;
        for (auto& s : shapes) {
            if (layers[s.representative].sameShape(layers[i])) {
                s.members.push_back(i);
                placed = true;
                break;
            }
        }
        if (!placed) shapes.push_back({i, {i}});
    }
    return shapes;
}

int Network::find(const std::string& layer_name) const {
    for (int i = 0; i < static_cast<int>(layers.size()); ++i)
        if (layers[i].name == layer_name) return i;
    return -1;
}

} // namespace archscape::workload
