// The structured-operator templates of issue 17: one layer's evaluation on the adaptable butterfly
// engine (presets/accelerators/butterfly_abe.json) over the FABNet-style encoder's layers.
//   bench_templates --benchmark_filter=EvaluateButterfly   (ns per layer)
#include <benchmark/benchmark.h>

#include <vector>

#include "bench_presets.h"
#include "hardware/technology.h"
#include "model/butterfly_model.h"

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

} // namespace

BENCHMARK_MAIN();
