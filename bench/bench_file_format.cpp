// What the format table costs: detect() alone, and readWorkloadAny / readAcceleratorAny against the
// format's own reader on the same file (the table reads a JSON file twice: once to find its "format",
// once in the reader that checks it).
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <iostream>
#include <string>

#include "io/accelerator_json.h"
#include "io/file_format.h"
#include "io/file_readers.h"
#include "io/workload_json.h"

using namespace archscape;

namespace {

const std::string kResnet50 = ARCHSCAPE_PRESETS_DIR "/workloads/resnet50.json";
const std::string kBert = ARCHSCAPE_PRESETS_DIR "/workloads/bert_base_encoder.json";
const std::string kEyeriss = ARCHSCAPE_PRESETS_DIR "/accelerators/eyeriss.json";

template <class R>
void check(const R& r, const std::string& path) {
    if (!r.ok()) {
        std::cerr << "cannot read " << path << "\n";
        std::exit(1);
    }
}

void BM_Detect(benchmark::State& state, const std::string& path) {
    for (auto _ : state) {
        auto d = io::detect(path);
        check(d, path);
        benchmark::DoNotOptimize(d);
    }
}

void BM_ReadWorkloadFile(benchmark::State& state, const std::string& path) {
    for (auto _ : state) {
        auto r = io::readWorkloadFile(path);
        check(r, path);
        benchmark::DoNotOptimize(r);
    }
}

void BM_ReadWorkloadAny(benchmark::State& state, const std::string& path) {
    for (auto _ : state) {
        auto r = io::readWorkloadAny(path);
        check(r, path);
        benchmark::DoNotOptimize(r);
    }
}

void BM_ReadAcceleratorFile(benchmark::State& state) {
    for (auto _ : state) {
        auto r = io::readAcceleratorFile(kEyeriss);
        check(r, kEyeriss);
        benchmark::DoNotOptimize(r);
    }
}

void BM_ReadAcceleratorAny(benchmark::State& state) {
    for (auto _ : state) {
        auto r = io::readAcceleratorAny(kEyeriss);
        check(r, kEyeriss);
        benchmark::DoNotOptimize(r);
    }
}

} // namespace

BENCHMARK_CAPTURE(BM_Detect, resnet50, kResnet50)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_ReadWorkloadFile, resnet50, kResnet50)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_ReadWorkloadAny, resnet50, kResnet50)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_ReadWorkloadFile, bert, kBert)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_ReadWorkloadAny, bert, kBert)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ReadAcceleratorFile)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ReadAcceleratorAny)->Unit(benchmark::kMicrosecond);

BENCHMARK_MAIN();
