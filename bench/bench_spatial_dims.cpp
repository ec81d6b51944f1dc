// A template's spatial dimensions: read from the dataflow table (mapping::spatialDims) versus the
// probe the mapspace used before (templateMapping of an all-2 layer on a 2^20 x 2^20 array with
// unbounded buffers, kept here only to measure it), and the Mapspace constructor under a dataflow.
//   bench_spatial_dims --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include "../tests/core/search_fixtures.h"
#include "mapping/dataflow.h"
#include "search/mapspace.h"

using namespace archscape;

namespace {

void BM_SpatialDimsTable(benchmark::State& state) {
    for (auto _ : state)
        for (mapping::Dataflow df : mapping::kAllDataflows) benchmark::DoNotOptimize(mapping::spatialDims(df));
    state.SetItemsProcessed(state.iterations() * std::size(mapping::kAllDataflows));
}
BENCHMARK(BM_SpatialDimsTable);

void BM_SpatialDimsProbe(benchmark::State& state) {
    workload::Layer probe;
    probe.bounds = workload::PerDim<std::int64_t>::filled(2);
    hardware::Accelerator big = test::edgeAccelerator();
    big.pe.rows = big.pe.cols = 1 << 20;
    for (auto& l : big.levels) l.capacity_bytes = 0;
    for (auto _ : state)
        for (mapping::Dataflow df : mapping::kAllDataflows)
            benchmark::DoNotOptimize(mapping::templateMapping(probe, big, df));
    state.SetItemsProcessed(state.iterations() * std::size(mapping::kAllDataflows));
}
BENCHMARK(BM_SpatialDimsProbe);

/// The constructor the mapper runs once per layer search (a 3x3 convolution of ResNet-50's size).
void BM_MapspaceWithDataflow(benchmark::State& state) {
    const auto acc = test::edgeAccelerator();
    const auto layer = test::conv("conv3x3", 128, 128, 28, 28, 3, 3);
    for (auto _ : state) {
        search::Mapspace space(layer, acc, {.dataflow = mapping::Dataflow::RowStationary});
        benchmark::DoNotOptimize(space.sizeBound());
    }
}
BENCHMARK(BM_MapspaceWithDataflow)->Unit(benchmark::kMicrosecond);

} // namespace

BENCHMARK_MAIN();
