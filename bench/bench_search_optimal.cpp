// The optimal mapper (branch-and-bound) on every distinct ResNet-50 MAC shape, one core each:
// time, nodes bounded, cuts per rule, evaluations, proven or the gap to the bound.
//   bench_search_optimal                          (Eyeriss preset and the 3-level 16x16 test design)
//   ARCHSCAPE_OPTIMAL_LIMIT_S=60 bench_search_optimal --benchmark_filter=eyeriss
// Counters: proven (1 = the tree was exhausted), gap = best / bound - 1 of the objective (EDP),
// root_gap = best / root bound - 1, nodes, cut_capacity, cut_bound, tilings (complete tilings whose
// orders were searched), evaluated. The limit is wall time; Google Benchmark's CPU column is the
// thread's CPU time (what to compare on a shared machine).
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

#include "../tests/core/search_fixtures.h"
#include "bench_presets.h"
#include "io/accelerator_json.h"
#include "io/workload_json.h"
#include "search/mapper.h"

using namespace archscape;

namespace {

const workload::Network& resnet50() {
    static const workload::Network net = bench::presetWorkload("resnet50");
    return net;
}

hardware::Accelerator eyeriss() { return bench::presetAccelerator("eyeriss"); }

double limitSeconds() {
    const char* s = std::getenv("ARCHSCAPE_OPTIMAL_LIMIT_S");
    return s ? std::atof(s) : 60.0;
}

void runShape(benchmark::State& state, const workload::Layer& layer, const hardware::Accelerator& acc) {
    const auto tables = hardware::costTables(acc);
    search::MapperResult r;
    for (auto _ : state) {
        r = search::searchMapping(
            layer, acc, tables,
            search::MapperOptions{
                .strategy = search::StrategyKind::Optimal, .budget = 0, .time_budget_ms = limitSeconds() * 1000.0});
    }
    const auto& c = *r.certificate;
    state.counters["proven"] = r.optimal ? 1 : 0;
    state.counters["gap"] = r.found ? std::exp(r.score - r.lower_bound) - 1 : -1;
    state.counters["root_gap"] = r.found ? std::exp(r.score - c.root_bound) - 1 : -1;
    state.counters["nodes"] = double(c.nodes);
    state.counters["cut_capacity"] = double(c.pruned_capacity);
    state.counters["cut_bound"] = double(c.pruned_bound);
    state.counters["tilings"] = double(c.tilings);
    state.counters["evaluated"] = double(r.evaluated);
}

void registerAll() {
    static const hardware::Accelerator accs[] = {eyeriss(), test::edgeAccelerator()};
    static const char* names[] = {"eyeriss", "edge16x16"};
    for (int a = 0; a < 2; ++a) {
        for (const auto& s : resnet50().uniqueShapes()) {
            const auto& layer = resnet50().layers[s.representative];
            if (!workload::hasMacs(layer.type)) continue;
            benchmark::RegisterBenchmark((std::string("Optimal/") + names[a] + "/" + layer.name).c_str(),
                                         [&layer, a](benchmark::State& st) { runShape(st, layer, accs[a]); })
                ->Iterations(1)
                ->Unit(benchmark::kMillisecond)
                ->UseRealTime();
        }
    }
}

} // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    registerAll();
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
