#pragma once
#include <vector>

namespace archscape::schedule {

/// An undirected weighted edge between two nodes (parallel edges add up).
struct WeightedEdge {
    int a = 0;
    int b = 0;
    double weight = 0;
};

/// Communities of a graph by modularity (Louvain: Blondel, Guillaume, Lambiotte, Lefebvre, J. Stat.
/// Mech. 2008): local moves of single nodes to the neighbouring community with the largest modularity
/// gain, in node order, until none improves; then communities become nodes and the moves repeat, until
/// no level changes anything. Deterministic. Returns a community id per node, numbered 0, 1, ... in
/// order of each community's first node.
std::vector<int> detectCommunities(int num_nodes, const std::vector<WeightedEdge>& edges);

/// Modularity Q = Σ_c [ in_c / m − (tot_c / 2m)² ] of a community assignment (m = total edge weight,
/// in_c = weight inside c, tot_c = summed degree of c's nodes).
double modularity(int num_nodes, const std::vector<WeightedEdge>& edges, const std::vector<int>& community);

} // namespace archscape::schedule
