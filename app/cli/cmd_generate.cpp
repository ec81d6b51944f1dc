// archscape-cli generate: synthetic workloads (randomly wired networks).
#include <cstdio>

#include "args.h"
#include "command.h"
#include "inputs.h"
#include "io/workload_json.h"
#include "workload/randwire.h"

namespace archscape::cli {

namespace {

constexpr const char* kUsage =
    "usage: archscape-cli generate randwire --model er|ba|ws --nodes N [options]\n"
    "\n"
    "Writes a randomly wired network (Xie et al., ICCV 2019) as an archscape/workload: a random graph of\n"
    "N nodes, its edges oriented from the lower to the higher node index, each node a 3x3 convolution.\n"
    "The same seed gives the same file on every platform.\n"
    "\n"
    "  --model M        er (Erdos-Renyi), ba (Barabasi-Albert) or ws (Watts-Strogatz)\n"
    "  --nodes N        number of nodes (= layers), 1..100000\n"
    "  --seed S         random seed (default 1)\n"
    "  --p P            er: edge probability (default 0.2); ws: rewiring probability (default 0.75)\n"
    "  --m M            ba: edges of each new node (default 5)\n"
    "  --k K            ws: ring neighbours, even (default 4)\n"
    "  --channels C     channels of every convolution (default 64)\n"
    "  --size S         feature-map rows and columns (default 56)\n"
    "  --output FILE    write there (atomically) instead of stdout\n";

int runGenerate(const std::vector<std::string>& argv) {
    const Args a(argv, {"model", "nodes", "seed", "p", "m", "k", "channels", "size", "output"}, {});
    if (a.positional().size() != 1 || a.positional()[0] != "randwire")
        throw CliError("expected the generator name: archscape-cli generate randwire ...");
    workload::RandWireOptions o;
    const std::string model = a.require("model");
    const auto m = workload::parseRandomGraphModel(model);
    if (!m) throw CliError("--model: expected er, ba or ws, got '" + model + "'");
    o.model = *m;
    o.nodes = static_cast<int>(a.getInt("nodes", 32, 1, 100000));
    o.seed = static_cast<std::uint64_t>(a.getInt("seed", 1, 0, INT64_MAX));
    if (o.model == workload::RandomGraphModel::ErdosRenyi) o.er_p = a.getDouble("p", o.er_p, 0, 1);
    if (o.model == workload::RandomGraphModel::WattsStrogatz) o.ws_p = a.getDouble("p", o.ws_p, 0, 1);
    if (a.has("p") && o.model == workload::RandomGraphModel::BarabasiAlbert)
        throw CliError("--p applies to er and ws; ba takes --m");
    if (a.has("m") && o.model != workload::RandomGraphModel::BarabasiAlbert) throw CliError("--m applies to ba only");
    if (a.has("k") && o.model != workload::RandomGraphModel::WattsStrogatz) throw CliError("--k applies to ws only");
    o.ba_m = static_cast<int>(a.getInt("m", o.ba_m, 1, 100000));
    o.ws_k = static_cast<int>(a.getInt("k", o.ws_k, 2, 100000));
    if (o.ws_k % 2) throw CliError("--k: expected an even number, got " + std::to_string(o.ws_k));
    if (o.model == workload::RandomGraphModel::BarabasiAlbert && o.ba_m >= o.nodes)
        throw CliError("--m: expected fewer than --nodes (" + std::to_string(o.nodes) + "), got " +
                       std::to_string(o.ba_m));
    o.channels = static_cast<int>(a.getInt("channels", o.channels, 1, 1 << 20));
    o.size = static_cast<int>(a.getInt("size", o.size, 1, 1 << 20));
    const workload::Network net = workload::randWireNetwork(o);
    nlohmann::json j = io::toJson(net);
    writeOutput(a.get("output"), j.dump(1) + "\n");
    std::fprintf(stderr, "%s: %zu layers, %zu edges\n", net.name.c_str(), net.layers.size(), net.edges.size());
    return kExitOk;
}

const CommandRegistration kRegistration({"generate", "synthetic workloads: randomly wired networks", kUsage,
                                         runGenerate});

} // namespace

} // namespace archscape::cli
