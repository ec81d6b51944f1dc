// Checkpoint cost (issue 18): encoding and atomically writing the finished points of an explore
// (what --checkpoint does once per --checkpoint-every interval, default 60 s, while the workers
// wait), and decoding them (what --resume does before the first point; target < 1 s for 10^6
// points). The checkpoint's share of an explore's wall time is the write time per interval / 60 s.
#include <benchmark/benchmark.h>

#include <filesystem>

#include <unistd.h>

#include "io/explore_checkpoint.h"

using namespace archscape;

namespace {

/// n points of a 6-axis space (the edge preset has 6 axes), as explore --checkpoint keeps them.
io::ExploreCheckpoint checkpoint(std::int64_t n) {
    io::ExploreCheckpoint c;
    c.key = {1, n, 2, {search::Metric::Latency, search::Metric::Energy}, 1, 0, 1};
    c.points.resize(n);
    for (std::int64_t i = 0; i < n; ++i) {
        auto& p = c.points[i];
        p.index = i;
        p.choice = {std::uint16_t(i % 5), std::uint16_t(i % 7), 1, 2, 3, std::uint16_t(i % 4)};
        p.latency_s = 1e-3 * double(i % 97);
        p.energy_j = 2e-6 * double(i % 89);
        p.area_mm2 = 1.5;
        p.power_w = 0.3;
        // No per-shape costs: explore --checkpoint drops them (re-derived for the front on --resume).
    }
    return c;
}

std::string tempPath() {
    return (std::filesystem::temp_directory_path() / ("bench-ckpt-" + std::to_string(::getpid()))).string();
}

} // namespace

static void BM_CheckpointWrite(benchmark::State& state) {
    const auto c = checkpoint(state.range(0));
    const std::string path = tempPath();
    std::string error;
    for (auto _ : state)
        if (!io::writeCheckpointFile(path, c, &error)) state.SkipWithError(error.c_str());
    state.counters["bytes_per_point"] = double(std::filesystem::file_size(path)) / double(state.range(0));
    std::filesystem::remove(path);
}
BENCHMARK(BM_CheckpointWrite)->Arg(10000)->Arg(1000000)->Unit(benchmark::kMillisecond)->UseRealTime();

static void BM_CheckpointRead(benchmark::State& state) {
    const auto c = checkpoint(state.range(0));
    const std::string path = tempPath();
    std::string error;
    io::writeCheckpointFile(path, c, &error);
    for (auto _ : state) {
        auto r = io::readCheckpointFile(path);
        if (!r.ok()) state.SkipWithError(r.errors[0].message.c_str());
        benchmark::DoNotOptimize(r);
    }
    std::filesystem::remove(path);
}
BENCHMARK(BM_CheckpointRead)->Arg(10000)->Arg(1000000)->Unit(benchmark::kMillisecond)->UseRealTime();

BENCHMARK_MAIN();
