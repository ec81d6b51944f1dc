// Cost-model speed: one evaluate() of a ResNet-50 3x3 convolution on a 3-level hierarchy, and a
// whole ResNet-50 with dataflow-template mappings (issue 2: < 1 µs and < 1 ms).
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <iostream>

#include "hardware/technology.h"
#include "io/accelerator_json.h"
#include "io/workload_json.h"
#include "mapping/dataflow.h"
#include "model/cost_model.h"
#include "model/network_cost.h"
#include "schedule/evaluate_network.h"

using namespace archscape;

namespace {

template <class T>
T orDie(ParseResult<T> r, const char* what) {
    if (!r.ok()) {
        std::cerr << "cannot read " << what << "\n";
        std::exit(1);
    }
    return *r.value;
}

const hardware::Accelerator& eyeriss() {
    static const auto a = orDie(io::readAcceleratorFile(ARCHSCAPE_PRESETS_DIR "/accelerators/eyeriss.json"), "eyeriss");
    return a;
}

const workload::Network& resnet50() {
    static const auto n = orDie(io::readWorkloadFile(ARCHSCAPE_PRESETS_DIR "/workloads/resnet50.json"), "resnet50");
    return n;
}

/// DRAM -> 108 KB global buffer -> 512 B register file per PE, 12 x 14 PEs (the 3-level case).
hardware::Accelerator threeLevel() {
    hardware::Accelerator a;
    a.pe = {12, 14, 1};
    a.levels.resize(3);
    a.levels[0].kind = hardware::MemoryKind::Dram;
    a.levels[0].bandwidth_words_per_cycle = 8;
    a.levels[0].double_buffered = true;
    a.levels[1].capacity_bytes = 108 * 1024;
    a.levels[1].bandwidth_words_per_cycle = 32;
    a.levels[1].double_buffered = true;
    a.levels[2].kind = hardware::MemoryKind::RegFile;
    a.levels[2].capacity_bytes = 512;
    a.levels[2].per_pe = true;
    return a;
}

workload::Layer resnetConv3x3() {
    workload::Layer l;
    l.bounds[workload::Dim::K] = l.bounds[workload::Dim::C] = 64;
    l.bounds[workload::Dim::P] = l.bounds[workload::Dim::Q] = 56;
    l.bounds[workload::Dim::R] = l.bounds[workload::Dim::S] = 3;
    l.pad_h = l.pad_w = 1;
    return l;
}

/// Times evaluate() of the ResNet-50 3x3 convolution under its row-stationary template mapping.
void evaluateConv3x3(benchmark::State& state, const hardware::Accelerator& acc,
                     const workload::Layer& l = resnetConv3x3()) {
    const auto tables = hardware::costTables(acc);
    const auto m = mapping::templateMapping(l, acc, mapping::Dataflow::RowStationary);
    if (!m) {
        state.SkipWithError("no template mapping");
        return;
    }
    for (auto _ : state) {
        auto c = model::evaluate(l, acc, tables, *m);
        benchmark::DoNotOptimize(c.cycles);
    }
    state.counters["levels"] = acc.numLevels();
}

void BM_EvaluateConv3x3ThreeLevels(benchmark::State& state) { evaluateConv3x3(state, threeLevel()); }
BENCHMARK(BM_EvaluateConv3x3ThreeLevels);

/// The same layer on the Eyeriss preset (DRAM, buffer, three per-PE scratchpads).
void BM_EvaluateConv3x3EyerissPreset(benchmark::State& state) { evaluateConv3x3(state, eyeriss()); }
BENCHMARK(BM_EvaluateConv3x3EyerissPreset);

/// The three-level case with the layer's own precision (INT4 weights) on a precision-scalable array:
/// the per-layer format (MAC energy, throughput) is resolved inside evaluate().
void BM_EvaluateConv3x3LayerPrecision(benchmark::State& state) {
    auto acc = threeLevel();
    acc.pe.mode = hardware::PeMode::PrecisionScalable;
    auto l = resnetConv3x3();
    l.weight_precision = Precision::integer(4);
    evaluateConv3x3(state, acc, l);
}
BENCHMARK(BM_EvaluateConv3x3LayerPrecision);

void BM_ResNet50TemplateMappings(benchmark::State& state) {
    const auto& acc = eyeriss();
    const auto& net = resnet50();
    for (auto _ : state) {
        auto nc = schedule::evaluateNetwork(net, acc, [&](const workload::Layer& l) {
            return mapping::templateMapping(l, acc, mapping::Dataflow::RowStationary);
        });
        benchmark::DoNotOptimize(nc.cycles);
    }
    state.counters["layers"] = double(net.layers.size());
}
BENCHMARK(BM_ResNet50TemplateMappings)->Unit(benchmark::kMicrosecond);

} // namespace

BENCHMARK_MAIN();
