// The structured-operator templates of issue 17: one layer's evaluation on the adaptable butterfly
// engine (presets/accelerators/butterfly_abe.json) over the FABNet-style encoder's layers, and one
// PQ layer's on the lookup engine (presets/accelerators/pq_lookup.json).
//   bench_templates --benchmark_filter=EvaluateButterfly   (ns per layer)
//   bench_templates --benchmark_filter=EvaluateLookup      (ns per layer)
#include <benchmark/benchmark.h>

#include <vector>

#include "bench_presets.h"
#include "hardware/technology.h"
#include "model/butterfly_model.h"
#include "model/lookup_model.h"

using namespace archscape;

namespace {

/// model::evaluateButterfly on every layer of fabnet_encoder in turn (butterfly, dense and
/// memory-only layers, in the proportion the encoder has them).
void BM_EvaluateButterfly(benchmark::State& state) {
    const auto net = bench::presetWorkload("fabnet_encoder");
    const auto acc = bench::presetAccelerator("butterfly_abe");
    const auto tables = hardware::costTables(acc);
    std::size_t i = 0;
    for (auto _ : state) {
        benchmark::DoNotOptimize(model::evaluateButterfly(net.layers[i], acc, tables).cycles);
        if (++i == net.layers.size()) i = 0;
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EvaluateButterfly);

/// model::evaluateLookup on a PQ layer of ResNet-20's last stage as a GEMM (64 rows of 576 inputs,
/// 64 outputs, 144 sub-vectors of 4, 16 centroids).
void BM_EvaluateLookup(benchmark::State& state) {
    const auto acc = bench::presetAccelerator("pq_lookup");
    const auto tables = hardware::costTables(acc);
    workload::Layer l;
    l.type = workload::LayerType::ProductQuantized;
    l.bounds[workload::Dim::P] = 64;
    l.bounds[workload::Dim::C] = 576;
    l.bounds[workload::Dim::K] = 64;
    l.pq_sub_vectors = 144;
    l.pq_codebook = 16;
    for (auto _ : state) benchmark::DoNotOptimize(model::evaluateLookup(l, acc, tables).cycles);
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EvaluateLookup);

} // namespace

BENCHMARK_MAIN();
