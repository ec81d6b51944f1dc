#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "workload/layer.h"

namespace archscape::workload {

/// A directed edge: the output tensor of layer `from` feeds layer `to`.
struct Edge {
    int from = 0;
    int to = 0;
    friend bool operator==(const Edge&, const Edge&) = default;
};

/// A group of layers with identical shapes: evaluated once, counted `count` times.
struct UniqueShape {
    int representative = 0;   ///< index of the first layer with this shape
    std::vector<int> members; ///< all layers with this shape, in network order
};

/// A DAG of layers in topological order (edges always point forward).
struct Network {
    std::string name;
    std::vector<Layer> layers;
    std::vector<Edge> edges;

    std::int64_t totalMacs() const;
    /// Layers grouped by identical shape (Layer::sameShape: per-layer precision included), in order of
    /// first appearance.
    std::vector<UniqueShape> uniqueShapes() const;
    /// Index of the layer with this name, or -1.
    int find(const std::string& layer_name) const;
};

/// Empty when every layer passes countsOverflow and the network's MACs total at most kMaxLayerCount
/// (so totalMacs cannot overflow: ten layers of 1e18 MACs did); else what was expected, naming the
/// first layer at fault.
std::string countsOverflow(const Network& network);

} // namespace archscape::workload
