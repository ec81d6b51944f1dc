// Search engine throughput: mapping evaluations per second, the mapper loop, the GUI's live path
// (best mappings for ResNet-50) and a design-space exploration on 1 and 2 threads.
//   bench_search --benchmark_filter=Evaluate|Mapper|MapNetwork   (seconds)
//   bench_search --benchmark_filter=ExploreEdgeFull              (the 10,000-point edge space)
//   bench_search --benchmark_filter=ExploreQuantized             (40 points, accuracy as an objective)
#include <benchmark/benchmark.h>

#include <vector>

#include <tbb/task_arena.h>

#include "../tests/core/search_fixtures.h"
#include "bench_presets.h"
#include "io/design_space_json.h"
#include "io/workload_json.h"
#include "model/cost_model.h"
#include "search/explorer.h"
#include "search/mapper.h"
#include "search/mapspace.h"
#include "search/random_strategy.h"

using namespace archscape;

namespace {

const workload::Network& resnet50() {
    static const workload::Network net = bench::presetWorkload("resnet50");
    return net;
}

/// The distinct MAC layer shapes of ResNet-50.
std::vector<workload::Layer> macShapes() {
    std::vector<workload::Layer> out;
    for (const auto& s : resnet50().uniqueShapes())
        if (workload::hasMacs(resnet50().layers[s.representative].type))
            out.push_back(resnet50().layers[s.representative]);
    return out;
}

/// model::evaluate alone, on fitting random mappings of every ResNet-50 shape (generated up front).
void BM_Evaluate(benchmark::State& state) {
    const auto acc = test::edgeAccelerator();
    const auto tables = hardware::costTables(acc);
    const auto shapes = macShapes();
    std::vector<std::pair<const workload::Layer*, mapping::Mapping>> work;
    for (const auto& l : shapes) {
        search::Mapspace space(l, acc, {});
        search::RandomStrategy s(space, 1);
        for (int i = 0; i < 200; ++i) work.emplace_back(&l, s.next()->mapping);
    }
    std::size_t i = 0;
    for (auto _ : state) {
        const auto& [l, m] = work[i];
        benchmark::DoNotOptimize(model::evaluate(*l, acc, tables, m).cycles);
        if (++i == work.size()) i = 0;
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Evaluate);

/// The whole mapper loop (propose, evaluate, report) per strategy, over every ResNet-50 shape.
void BM_Mapper(benchmark::State& state) {
    const auto acc = test::edgeAccelerator();
    const auto tables = hardware::costTables(acc);
    const auto shapes = macShapes();
    const auto kind = static_cast<search::StrategyKind>(state.range(0));
    std::int64_t evaluations = 0;
    for (auto _ : state)
        for (const auto& l : shapes)
            evaluations +=
                search::searchMapping(l, acc, tables, {.strategy = kind, .budget = 2000, .warm_start = false})
                    .evaluated;
    state.SetItemsProcessed(evaluations);
    state.SetLabel(std::string(search::toString(kind)));
}
BENCHMARK(BM_Mapper)
    ->Arg(int(search::StrategyKind::Random))
    ->Arg(int(search::StrategyKind::Decoupled))
    ->Arg(int(search::StrategyKind::Genetic))
    ->Unit(benchmark::kMillisecond);

/// The GUI's live path: best mapping for every layer of ResNet-50 with the default options.
void BM_MapNetwork(benchmark::State& state) {
    const auto acc = test::edgeAccelerator();
    tbb::task_arena arena(static_cast<int>(state.range(0)));
    for (auto _ : state)
        arena.execute([&] {
            benchmark::DoNotOptimize(search::mapNetwork(resnet50(), acc, search::MapperOptions{}).cost.cycles);
        });
}
BENCHMARK(BM_MapNetwork)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

void explorePreset(benchmark::State& state, const char* space_name, int shards,
                   std::vector<search::Metric> objectives) {
    auto space = io::readDesignSpaceFile(std::string(ARCHSCAPE_PRESETS_DIR) + "/spaces/" + space_name + ".json");
    if (!space.ok()) std::abort();
    search::ExploreRequest req;
    req.space = *space.value;
    req.network = resnet50();
    req.objectives = std::move(objectives);
    req.threads = static_cast<int>(state.range(0));
    req.shard_count = shards;
    search::ProgressSink sink;
    std::int64_t points = 0;
    for (auto _ : state) {
        const auto r = search::run(req, sink);
        points += static_cast<std::int64_t>(r.points.size());
        state.counters["front"] = double(r.front.size());
        state.counters["mapper_runs"] = double(r.mapper_runs);
    }
    state.SetItemsProcessed(points);
}

void exploreEdge(benchmark::State& state, int shards) {
    explorePreset(state, "edge", shards, {search::Metric::Latency, search::Metric::Energy, search::Metric::Area});
}

/// One twentieth of the edge space (500 points) on 1 and 2 threads: the speed-up.
void BM_ExploreEdgeShard(benchmark::State& state) { exploreEdge(state, 20); }
BENCHMARK(BM_ExploreEdgeShard)->Arg(1)->Arg(2)->Unit(benchmark::kSecond)->UseRealTime()->Iterations(1);

/// The full 10,000-point edge space x ResNet-50 (run on its own: ~tens of seconds).
void BM_ExploreEdgeFull(benchmark::State& state) { exploreEdge(state, 1); }
BENCHMARK(BM_ExploreEdgeFull)->Arg(2)->Unit(benchmark::kSecond)->UseRealTime()->Iterations(1);

/// The 40-point quantized space (5 per-layer precision assignments, accuracy from hawq:resnet50) x
/// ResNet-50 with accuracy as the third objective: the cost of per-precision layer groups.
void BM_ExploreQuantized(benchmark::State& state) {
    explorePreset(state, "quantized", 1, {search::Metric::Latency, search::Metric::Energy, search::Metric::Accuracy});
}
BENCHMARK(BM_ExploreQuantized)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

} // namespace

BENCHMARK_MAIN();
