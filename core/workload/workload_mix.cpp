#include "workload/workload_mix.h"

namespace archscape::workload {

double WorkloadMix::totalMacs() const {
    double m = 0;
    for (const MixEntry& e : entries) m += double(e.instances) * double(e.network.totalMacs());
    return m;
}

int WorkloadMix::totalLayers() const {
    int n = 0;
    for (const MixEntry& e : entries) n += e.instances * int(e.network.layers.size());
    return n;
}

WorkloadMix mixOfOne(Network net) {
    WorkloadMix m;
    m.name = net.name;
    MixEntry e;
    e.source = net.name;
    e.network = std::move(net);
    m.entries.push_back(std::move(e));
    return m;
}

} // namespace archscape::workload
