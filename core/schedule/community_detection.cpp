#include "schedule/community_detection.h"

#include <algorithm>
#include <map>

namespace archscape::schedule {

namespace {

struct Graph {
    int n = 0;
    std::vector<std::vector<std::pair<int, double>>> adj; // neighbour, weight (self loops included once)
    std::vector<double> self;                             // self-loop weight per node
    std::vector<double> degree;
    double total = 0; // m: total edge weight
};

Graph makeGraph(int n, const std::vector<WeightedEdge>& edges) {
    Graph g;
    g.n = n;
    g.adj.assign(n, {});
    g.self.assign(n, 0);
    g.degree.assign(n, 0);
    std::vector<std::map<int, double>> acc(n);
    for (const auto& e : edges) {
        if (e.weight <= 0) continue;
        g.total += e.weight;
        if (e.a == e.b) {
            g.self[e.a] += e.weight;
            g.degree[e.a] += 2 * e.weight;
        } else {
            acc[e.a][e.b] += e.weight;
            acc[e.b][e.a] += e.weight;
            g.degree[e.a] += e.weight;
            g.degree[e.b] += e.weight;
        }
    }
    for (int i = 0; i < n; ++i) g.adj[i].assign(acc[i].begin(), acc[i].end());
    return g;
}

// One level of local moves; returns the community of every node and whether any node moved.
bool localMoves(const Graph& g, std::vector<int>& comm) {
    comm.resize(g.n);
    for (int i = 0; i < g.n; ++i) comm[i] = i;
    std::vector<double> tot(g.degree);
    std::vector<double> link(g.n, 0);
    std::vector<int> touched;
    bool any = false;
    const double m2 = 2 * g.total;
    for (int pass = 0; pass < 100; ++pass) {
        bool moved = false;
        for (int i = 0; i < g.n; ++i) {
            const int own = comm[i];
            touched.clear();
            for (auto [j, w] : g.adj[i]) {
                if (link[comm[j]] == 0) touched.push_back(comm[j]);
                link[comm[j]] += w;
            }
            tot[own] -= g.degree[i];
            // Gain of joining c: link_c − tot_c · k_i / 2m (up to a common factor).
            int best = own;
            double best_gain = link[own] - tot[own] * g.degree[i] / m2;
            for (int c : touched) {
                const double gain = link[c] - tot[c] * g.degree[i] / m2;
                if (gain > best_gain + 1e-12 * g.total) {
                    best = c;
                    best_gain = gain;
                }
            }
            tot[best] += g.degree[i];
            for (int c : touched) link[c] = 0;
            link[own] = 0;
            if (best != own) {
                comm[i] = best;
                moved = any = true;
            }
        }
        if (!moved) break;
    }
    return any;
}

} // namespace

std::vector<int> detectCommunities(int num_nodes, const std::vector<WeightedEdge>& edges) {
    std::vector<int> of(num_nodes);
    for (int i = 0; i < num_nodes; ++i) of[i] = i;
    Graph g = makeGraph(num_nodes, edges);
    if (g.total <= 0) return of;
    std::vector<WeightedEdge> level_edges = edges;
    for (int level = 0; level < 32; ++level) {
        std::vector<int> comm;
        if (!localMoves(g, comm)) break;
        // Renumber communities 0..k-1 and fold them into the original nodes' labels.
        std::vector<int> id(g.n, -1);
        int k = 0;
        for (int i = 0; i < g.n; ++i)
            if (id[comm[i]] < 0) id[comm[i]] = k++;
        for (int& c : of) c = id[comm[c]];
        std::vector<WeightedEdge> next;
        for (int i = 0; i < g.n; ++i) {
            if (g.self[i] > 0) next.push_back({id[comm[i]], id[comm[i]], g.self[i]});
            for (auto [j, w] : g.adj[i])
                if (i < j) next.push_back({id[comm[i]], id[comm[j]], w});
        }
        g = makeGraph(k, next);
    }
    // Number by first node.
    std::vector<int> id(num_nodes, -1);
    int k = 0;
    for (int& c : of) {
        if (id[c] < 0) id[c] = k++;
        c = id[c];
    }
    return of;
}

double modularity(int num_nodes, const std::vector<WeightedEdge>& edges, const std::vector<int>& community) {
    double m = 0;
    std::map<int, double> in, tot;
    for (const auto& e : edges) {
        if (e.weight <= 0) continue;
        m += e.weight;
        tot[community[e.a]] += e.weight;
        tot[community[e.b]] += e.weight;
        if (community[e.a] == community[e.b]) in[community[e.a]] += e.weight;
    }
    (void)num_nodes;
    if (m <= 0) return 0;
    double q = 0;
    for (auto [c, t] : tot) q += in[c] / m - (t / (2 * m)) * (t / (2 * m));
    return q;
}

} // namespace archscape::schedule
