// The FPGA template (issue 17): one layer's evaluation (resource check, split between the PE array
// and the compute-in-BRAM blocks, DRAM roofline) and the 10,000-point FPGA design space x ResNet-34.
//   bench_fpga --benchmark_filter=EvaluateFpga   (ns per layer, per compute mode)
//   bench_fpga --benchmark_filter=ExploreFpga    (presets/spaces/fpga.json on 1 and 2 threads)
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <vector>

#include "bench_presets.h"
#include "hardware/technology.h"
#include "io/accelerator_json.h"
#include "io/design_space_json.h"
#include "io/workload_json.h"
#include "model/fpga_model.h"
#include "search/explorer.h"

using namespace archscape;

namespace {

const workload::Network& resnet34() {
    static const workload::Network net = bench::presetWorkload("resnet34");
    return net;
}

/// model::evaluateFpga on every MAC layer of ResNet-34 in turn, on the arria10 preset of one mode.
void BM_EvaluateFpga(benchmark::State& state) {
    static const char* kPresets[] = {"arria10_dsp", "arria10_bramac_2sa", "arria10_bramac_1da", "arria10_m4bram"};
    const auto acc = bench::presetAccelerator(kPresets[state.range(0)]);
    const auto tables = hardware::costTables(acc);
    std::vector<const workload::Layer*> layers;
    for (const auto& l : resnet34().layers)
        if (workload::hasMacs(l.type)) layers.push_back(&l);
    std::size_t i = 0;
    for (auto _ : state) {
        benchmark::DoNotOptimize(model::evaluateFpga(*layers[i], acc, tables).cycles);
        if (++i == layers.size()) i = 0;
    }
    state.SetLabel(kPresets[state.range(0)]);
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EvaluateFpga)->DenseRange(0, 3);

/// The 10,000-point FPGA space x ResNet-34, latency and energy as objectives.
void BM_ExploreFpga(benchmark::State& state) {
    auto space = io::readDesignSpaceFile(std::string(ARCHSCAPE_PRESETS_DIR) + "/spaces/fpga.json");
    if (!space.ok()) std::abort();
    search::ExploreRequest req;
    req.space = *space.value;
    req.network = resnet34();
    req.objectives = {search::Metric::Latency, search::Metric::Energy};
    req.threads = static_cast<int>(state.range(0));
    search::ProgressSink sink;
    std::int64_t points = 0;
    for (auto _ : state) {
        const auto r = search::run(req, sink);
        points += static_cast<std::int64_t>(r.points.size());
        state.counters["front"] = double(r.front.size());
        std::int64_t feasible = 0;
        for (const auto& p : r.points) feasible += p.feasible();
        state.counters["feasible"] = double(feasible);
    }
    state.SetItemsProcessed(points);
}
BENCHMARK(BM_ExploreFpga)->Arg(1)->Arg(2)->Unit(benchmark::kSecond)->UseRealTime()->Iterations(1);

} // namespace

BENCHMARK_MAIN();
