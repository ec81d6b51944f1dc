#include "workload/randwire.h"

#include <algorithm>
#include <set>
#include <string>

namespace archscape::workload {

std::string_view toString(RandomGraphModel m) {
    switch (m) {
    case RandomGraphModel::ErdosRenyi: return "er";
    case RandomGraphModel::BarabasiAlbert: return "ba";
    case RandomGraphModel::WattsStrogatz: return "ws";
    }
    return "ws";
}

std::optional<RandomGraphModel> parseRandomGraphModel(std::string_view s) {
    for (auto m : {RandomGraphModel::ErdosRenyi, RandomGraphModel::BarabasiAlbert, RandomGraphModel::WattsStrogatz})
        if (toString(m) == s) return m;
    return std::nullopt;
}

double PortableRandom::uniform() { return static_cast<double>(m_engine() >> 11) * 0x1.0p-53; }

std::uint64_t PortableRandom::below(std::uint64_t n) {
    // Largest multiple of n that fits: draws above it would favour small values.
    const std::uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    for (;;) {
        const std::uint64_t x = m_engine();
        if (x < limit) return x % n;
    }
}

namespace {

using EdgeSet = std::set<std::pair<int, int>>;

void add(EdgeSet& s, int a, int b) {
    if (a != b) s.insert({std::min(a, b), std::max(a, b)});
}

EdgeSet erdosRenyi(const RandWireOptions& o, PortableRandom& rng) {
    EdgeSet s;
    for (int i = 0; i < o.nodes; ++i)
        for (int j = i + 1; j < o.nodes; ++j)
            if (rng.uniform() < o.er_p) s.insert({i, j});
    return s;
}

EdgeSet barabasiAlbert(const RandWireOptions& o, PortableRandom& rng) {
    EdgeSet s;
    const int m = std::clamp(o.ba_m, 1, std::max(1, o.nodes - 1));
    // Nodes 0..m-1 start unconnected; node m joins all of them; later nodes pick m distinct targets from
    // the list where every node appears once per edge end (probability ∝ degree).
    std::vector<int> ends;
    for (int v = m; v < o.nodes; ++v) {
        std::vector<int> targets;
        if (v == m) {
            for (int t = 0; t < m; ++t) targets.push_back(t);
        } else {
            std::set<int> chosen;
            while (static_cast<int>(chosen.size()) < m) chosen.insert(ends[rng.below(ends.size())]);
            targets.assign(chosen.begin(), chosen.end());
        }
        for (int t : targets) {
            add(s, t, v);
            ends.push_back(t);
            ends.push_back(v);
        }
    }
    return s;
}

EdgeSet wattsStrogatz(const RandWireOptions& o, PortableRandom& rng) {
    EdgeSet s;
    const int n = o.nodes;
    const int half = std::clamp(o.ws_k / 2, 0, std::max(0, (n - 1) / 2));
    for (int i = 0; i < n; ++i)
        for (int j = 1; j <= half; ++j) add(s, i, (i + j) % n);
    // Rewire: for every lattice edge (i, i+j) in turn, with probability p move its far end to a uniform
    // node that is neither i nor already joined to i.
    for (int j = 1; j <= half; ++j)
        for (int i = 0; i < n; ++i) {
            if (rng.uniform() >= o.ws_p) continue;
            const int old = (i + j) % n;
            int degree = 0;
            for (int w = 0; w < n; ++w) degree += w != i && s.count({std::min(i, w), std::max(i, w)});
            if (degree >= n - 1) continue; // i is joined to everyone: nowhere to go
            int w;
            do w = static_cast<int>(rng.below(n));
            while (w == i || s.count({std::min(i, w), std::max(i, w)}));
            s.erase({std::min(i, old), std::max(i, old)});
            add(s, i, w);
        }
    return s;
}

} // namespace

std::vector<Edge> randomGraph(const RandWireOptions& o) {
    PortableRandom rng(o.seed);
    EdgeSet s;
    if (o.nodes >= 2) switch (o.model) {
        case RandomGraphModel::ErdosRenyi: s = erdosRenyi(o, rng); break;
        case RandomGraphModel::BarabasiAlbert: s = barabasiAlbert(o, rng); break;
        case RandomGraphModel::WattsStrogatz: s = wattsStrogatz(o, rng); break;
        }
    std::vector<Edge> out;
    for (auto [a, b] : s) out.push_back({a, b});
    return out;
}

Network randWireNetwork(const RandWireOptions& o) {
    Network net;
    net.name =
        "randwire_" + std::string(toString(o.model)) + "_n" + std::to_string(o.nodes) + "_s" + std::to_string(o.seed);
    for (int i = 0; i < o.nodes; ++i) {
        Layer l;
        l.name = "node" + std::to_string(i);
        l.type = LayerType::Conv;
        l.bounds[Dim::K] = l.bounds[Dim::C] = o.channels;
        l.bounds[Dim::P] = l.bounds[Dim::Q] = o.size;
        l.bounds[Dim::R] = l.bounds[Dim::S] = 3;
        l.pad_h = l.pad_w = 1;
        l.in_h = l.in_w = o.size;
        net.layers.push_back(l);
    }
    net.edges = randomGraph(o);
    std::sort(net.edges.begin(), net.edges.end(),
              [](const Edge& x, const Edge& y) { return x.to != y.to ? x.to < y.to : x.from < y.from; });
    return net;
}

} // namespace archscape::workload
