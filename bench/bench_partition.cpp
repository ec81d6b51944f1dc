// Partitioning benchmarks (issue 13): the exact solvers (GLPK's MILP, the branch and bound) and the
// heuristic on 32-node randomly wired networks over the CPU + 2 GPU preset, the heuristic on a 1,000-node
// one. Counters: objective value (ms), gap to the lower bound, optimality, search nodes, and the
// heuristic's excess over the best exact value measured before it in the same run.
//   build/bench_partition --benchmark_filter=Milp32            (one solve per seed, up to 60 s each)
//   build/bench_partition --benchmark_filter="BranchAndBound32|Heuristic32"
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>

#include "io/devices_json.h"
#include "io/preset_catalog.h"
#include "schedule/partition_solver.h"
#include "workload/randwire.h"

using namespace archscape;
using namespace archscape::schedule;

namespace {

const DeviceSet& node() {
    static const DeviceSet set = [] {
        auto r = io::readDevicesFile(*io::resolvePreset("devices", "cpu_2gpu_node"));
        if (!r.ok()) {
            std::fprintf(stderr, "cpu_2gpu_node preset does not parse\n");
            std::exit(1);
        }
        return *r.value;
    }();
    return set;
}

PartitionProblem problem(workload::RandomGraphModel model, int nodes, std::uint64_t seed, PartitionObjective o) {
    workload::RandWireOptions w;
    w.model = model;
    w.nodes = nodes;
    w.seed = seed;
    return *buildPartitionProblem(workload::randWireNetwork(w), node(), {.objective = o}).problem;
}

// Best exact values per (objective, seed), so the heuristic benchmark can report its excess.
std::map<std::pair<int, int>, double>& exactValues() {
    static std::map<std::pair<int, int>, double> v;
    return v;
}

void setCounters(benchmark::State& state, const PartitionProblem& p, const PartitionResult& r) {
    state.counters["value_ms"] = r.value(p.objective) * 1e3;
    state.counters["bound_ms"] = r.lower_bound_s * 1e3;
    state.counters["gap_pct"] = 100 * r.gap(p.objective);
    state.counters["optimal"] = r.optimal;
}

void recordExact(benchmark::State& state, const PartitionProblem& p, const PartitionResult& r) {
    const std::pair<int, int> key{int(state.range(0)), int(state.range(1))};
    auto [it, fresh] = exactValues().try_emplace(key, r.value(p.objective));
    if (!fresh) it->second = std::min(it->second, r.value(p.objective));
}

// Args: objective (0 latency, 1 throughput), seed.
void BM_Milp32(benchmark::State& state) {
    const auto o = static_cast<PartitionObjective>(state.range(0));
    const PartitionProblem p = problem(workload::RandomGraphModel::WattsStrogatz, 32, state.range(1), o);
    PartitionResult r;
    for (auto _ : state) r = solvePartition(p, {.solver = PartitionSolver::Milp, .time_limit_s = 60});
    setCounters(state, p, r);
    recordExact(state, p, r);
}

// Args: objective (0 latency, 1 throughput), seed.
void BM_BranchAndBound32(benchmark::State& state) {
    const auto o = static_cast<PartitionObjective>(state.range(0));
    const PartitionProblem p = problem(workload::RandomGraphModel::WattsStrogatz, 32, state.range(1), o);
    PartitionResult r;
    for (auto _ : state) r = solvePartition(p, {.solver = PartitionSolver::BranchAndBound, .time_limit_s = 60});
    setCounters(state, p, r);
    state.counters["search_nodes"] = static_cast<double>(r.search_nodes);
    recordExact(state, p, r);
}

void BM_Heuristic32(benchmark::State& state) {
    const auto o = static_cast<PartitionObjective>(state.range(0));
    const PartitionProblem p = problem(workload::RandomGraphModel::WattsStrogatz, 32, state.range(1), o);
    PartitionResult r;
    for (auto _ : state) r = solvePartition(p, {.solver = PartitionSolver::Heuristic});
    setCounters(state, p, r);
    const auto it = exactValues().find({int(state.range(0)), int(state.range(1))});
    if (it != exactValues().end()) state.counters["over_exact_pct"] = 100 * (r.value(p.objective) / it->second - 1);
}

void BM_Greedy32(benchmark::State& state) {
    const auto o = static_cast<PartitionObjective>(state.range(0));
    const PartitionProblem p = problem(workload::RandomGraphModel::WattsStrogatz, 32, state.range(1), o);
    PartitionResult r;
    for (auto _ : state) r = solvePartition(p, {.solver = PartitionSolver::Greedy});
    setCounters(state, p, r);
}

// Args: objective, graph model.
void BM_Heuristic1000(benchmark::State& state) {
    const auto o = static_cast<PartitionObjective>(state.range(0));
    const PartitionProblem p = problem(static_cast<workload::RandomGraphModel>(state.range(1)), 1000, 1, o);
    PartitionResult r;
    for (auto _ : state) r = solvePartition(p, {.solver = PartitionSolver::Heuristic});
    setCounters(state, p, r);
}

void seeds(benchmark::internal::Benchmark* b) {
    for (int o = 0; o < 2; ++o)
        for (int s = 1; s <= 5; ++s) b->Args({o, s});
}

} // namespace

BENCHMARK(BM_Milp32)->Apply(seeds)->Iterations(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_BranchAndBound32)->Apply(seeds)->Iterations(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Heuristic32)->Apply(seeds)->Repetitions(5)->ReportAggregatesOnly(true)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Greedy32)->Apply(seeds)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Heuristic1000)
    ->ArgsProduct({{0, 1}, {0, 1, 2}})
    ->Repetitions(3)
    ->ReportAggregatesOnly(true)
    ->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
