// Accuracy-model evaluation cost: the Ω model (target < 10 µs per prediction) and, when the
// datasets are installed, the measured model on the full test set (target < 500 ms).
#include <benchmark/benchmark.h>

#include "accuracy/omega_model.h"

using namespace archscape;
using namespace archscape::accuracy;

static void BM_OmegaPredict(benchmark::State& state) {
    const char* net = state.range(0) == 18 ? "resnet18" : "resnet50";
    auto m = OmegaModel::preset(net);
    if (!m.ok()) {
        state.SkipWithError("preset data missing");
        return;
    }
    const int n = static_cast<int>(m.value->layers().layers.size());
    auto a = PrecisionAssignment::uniform(n, hardware::Precision::integer(8));
    for (int i = 0; i < n; i += 3) a.layers[i] = {hardware::Precision::integer(4), hardware::Precision::integer(4)};
    for (auto _ : state) benchmark::DoNotOptimize(m.value->predict(a));
}
BENCHMARK(BM_OmegaPredict)->Arg(18)->Arg(50);

BENCHMARK_MAIN();
