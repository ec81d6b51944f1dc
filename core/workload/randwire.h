#pragma once
#include <cstdint>
#include <optional>
#include <random>
#include <string_view>
#include <vector>

#include "workload/network.h"

namespace archscape::workload {

/// The random graph models of RandWire (Xie, Kirillov, Girshick, He, "Exploring Randomly Wired Neural
/// Networks for Image Recognition", ICCV 2019).
enum class RandomGraphModel : std::uint8_t {
    ErdosRenyi,     ///< "er": every node pair joined with probability p
    BarabasiAlbert, ///< "ba": each new node joins m existing nodes, chosen in proportion to their degree
    WattsStrogatz,  ///< "ws": ring lattice of k neighbours, each edge rewired with probability p
};

std::string_view toString(RandomGraphModel m);
/// "er", "ba", "ws"; nullopt otherwise.
std::optional<RandomGraphModel> parseRandomGraphModel(std::string_view s);

/// Options of a randomly wired network. Defaults are the paper's best settings (ER p = 0.2, BA m = 5,
/// WS k = 4, p = 0.75); each node is a 3×3 convolution of `channels` → `channels` at size × size.
struct RandWireOptions {
    RandomGraphModel model = RandomGraphModel::WattsStrogatz;
    int nodes = 32;
    std::uint64_t seed = 1;
    double er_p = 0.2;
    int ba_m = 5;
    int ws_k = 4;
    double ws_p = 0.75;
    int channels = 64;
    int size = 56;
};

/// Undirected edges {a < b} of one random graph over `nodes` nodes; deterministic for a seed on every
/// platform (std::mt19937_64 with this file's own uniform draws, not the standard library's
/// distributions, whose algorithms differ between implementations).
std::vector<Edge> randomGraph(const RandWireOptions& o);

/// The randomly wired network: the random graph's edges oriented from the lower to the higher node
/// index (the paper's DAG conversion), one convolution per node ("node0" ...). Nodes without a
/// predecessor read the network input; nodes without a successor are outputs. Exactly `nodes` layers.
Network randWireNetwork(const RandWireOptions& o);

/// Uniform draws from std::mt19937_64 (whose output sequence the C++ standard fixes) by this class's own
/// arithmetic, so that they are the same with every standard library.
class PortableRandom {
public:
    explicit PortableRandom(std::uint64_t seed) : m_engine(seed) {}
    /// Uniform in [0, 1) with 53 random bits.
    double uniform();
    /// Uniform integer in [0, n), n ≥ 1 (rejection sampling: no modulo bias).
    std::uint64_t below(std::uint64_t n);

private:
    std::mt19937_64 m_engine;
};

} // namespace archscape::workload
