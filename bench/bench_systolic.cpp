// Systolic engine speed: ResNet-50 (presets/workloads/resnet50.json, every layer, no shape
// deduplication) on a 128x128 array with 512 kB SCALE-Sim SRAMs, all three dataflows per iteration,
// CALC mode (argument 0) and the fast USER-mode estimate at 64 words per cycle (argument 64).
// Target (issue 7): under 1 ms in total. SCALE-Sim itself takes minutes.
// Also the opt-in exact replays (CALC and USER mode) on ResNet-50's conv1.
#include <benchmark/benchmark.h>

#include "hardware/technology.h"
#include "io/workload_json.h"
#include "model/systolic_model.h"

using namespace archscape;

namespace {

hardware::Accelerator array128(hardware::SystolicDataflow df, double dram_words_per_cycle = 0) {
    hardware::Accelerator a;
    a.name = "scalesim-128";
    a.kind = hardware::AcceleratorKind::Systolic;
    a.systolic_dataflow = df;
    a.pe.rows = a.pe.cols = 128;
    hardware::MemoryLevel dram;
    dram.name = "DRAM";
    dram.kind = hardware::MemoryKind::Dram;
    dram.bandwidth_words_per_cycle = dram_words_per_cycle; // > 0: SCALE-Sim's USER mode
    a.levels.push_back(dram);
    for (workload::Operand o : workload::kAllOperands) {
        hardware::MemoryLevel l;
        l.name = std::string(workload::toString(o)) + "SRAM";
        l.capacity_bytes = 512 * 1024;
        l.double_buffered = true;
        l.keeps = workload::PerOperand<bool>::filled(false);
        l.keeps[o] = true;
        a.levels.push_back(l);
    }
    return a;
}

const workload::Network* resnet50() {
    static const auto net = io::readWorkloadFile(std::string(ARCHSCAPE_PRESETS_DIR) + "/workloads/resnet50.json");
    return net.ok() ? &*net.value : nullptr;
}

void BM_ResNet50AllDataflows(benchmark::State& state) {
    const workload::Network* net = resnet50();
    if (!net) {
        state.SkipWithError("presets/workloads/resnet50.json is missing or invalid");
        return;
    }
    const hardware::SystolicDataflow dfs[] = {hardware::SystolicDataflow::OutputStationary,
                                              hardware::SystolicDataflow::WeightStationary,
                                              hardware::SystolicDataflow::InputStationary};
    const double bw = double(state.range(0));
    hardware::Accelerator accs[3] = {array128(dfs[0], bw), array128(dfs[1], bw), array128(dfs[2], bw)};
    hardware::CostTables tables[3] = {hardware::costTables(accs[0]), hardware::costTables(accs[1]),
                                      hardware::costTables(accs[2])};
    for (auto _ : state) {
        double cycles = 0;
        for (int d = 0; d < 3; ++d)
            for (const auto& layer : net->layers) cycles += model::evaluateSystolic(layer, accs[d], tables[d]).cycles;
        benchmark::DoNotOptimize(cycles);
    }
    state.counters["layers"] = double(net->layers.size());
}
BENCHMARK(BM_ResNet50AllDataflows)->Arg(0)->Arg(64)->Unit(benchmark::kMicrosecond);

/// The opt-in exact CALC replay on one ResNet-50 layer (conv1, ws): O(SRAM accesses).
void BM_ExactReplayConv1(benchmark::State& state) {
    const workload::Network* net = resnet50();
    if (!net) {
        state.SkipWithError("presets/workloads/resnet50.json is missing or invalid");
        return;
    }
    const auto acc = array128(hardware::SystolicDataflow::WeightStationary);
    const auto problem = model::lowerToSystolic(net->layers[0]);
    model::SystolicOptions exact;
    exact.exact_memory = true;
    for (auto _ : state) benchmark::DoNotOptimize(model::systolicReport(problem, acc, exact).total_cycles);
}
BENCHMARK(BM_ExactReplayConv1)->Unit(benchmark::kMillisecond);

/// The opt-in exact USER-mode replay (prefetch read buffers, write buffer at 64 words per cycle) on
/// the same layer: O(prefetch matrix + SRAM accesses · log).
void BM_ExactUserReplayConv1(benchmark::State& state) {
    const workload::Network* net = resnet50();
    if (!net) {
        state.SkipWithError("presets/workloads/resnet50.json is missing or invalid");
        return;
    }
    const auto acc = array128(hardware::SystolicDataflow::WeightStationary, 64);
    const auto problem = model::lowerToSystolic(net->layers[0]);
    model::SystolicOptions exact;
    exact.exact_memory = true;
    double stall = 0;
    for (auto _ : state) {
        const auto r = model::systolicReport(problem, acc, exact);
        stall = r.stall_cycles;
        benchmark::DoNotOptimize(r.total_cycles);
    }
    state.counters["stall_cycles"] = stall;
}
BENCHMARK(BM_ExactUserReplayConv1)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
