// Accuracy-model evaluation cost: the Ω model (target < 10 µs per prediction) and, when the
// datasets are installed, the measured model on the full test set (target < 500 ms).
#include <benchmark/benchmark.h>

#include "accuracy/measured_model.h"
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
    auto a = PrecisionAssignment::uniform(n, Precision::integer(8));
    for (int i = 0; i < n; i += 3) a.layers[i] = {Precision::integer(4), Precision::integer(4)};
    for (auto _ : state) benchmark::DoNotOptimize(m.value->predict(a));
}
BENCHMARK(BM_OmegaPredict)->Arg(18)->Arg(50);

// One precision assignment measured on all 10,000 Fashion-MNIST test images (weights from the cache;
// trained first if the cache is empty, outside the timed loop).
static void BM_MeasuredPredict(benchmark::State& state) {
    auto data = loadFashionMnist();
    if (!data.ok()) {
        state.SkipWithError("dataset-fashion-mnist not installed");
        return;
    }
    MeasuredOptions opt;
    opt.arch = state.range(0) == 0 ? NetArch::Cnn : NetArch::Mlp;
    auto m = MeasuredModel::create(std::make_shared<const Dataset>(std::move(*data.value)), opt);
    if (!m.ok()) {
        state.SkipWithError("model could not be built");
        return;
    }
    PrecisionAssignment a = PrecisionAssignment::uniform(3, Precision::integer(8));
    a.layers[1] = {Precision::integer(4), Precision::integer(4)};
    for (auto _ : state) benchmark::DoNotOptimize(m.value->predict(a));
}
BENCHMARK(BM_MeasuredPredict)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();

BENCHMARK_MAIN();
