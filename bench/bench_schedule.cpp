// Scheduling a preset mix on a two-unit system (issue 12 target: < 50 ms on 2 cores with the HERALD
// heuristic, per-unit mapping included): the whole pipeline (cost table with each unit's policy +
// schedule), and the schedulers alone on a precomputed cost table. Exploring ~1,000 system designs
// on the AR/VR mix (issue 12 target: < 60 s on 2 cores).
#include <benchmark/benchmark.h>

#include "io/preset_catalog.h"
#include "io/system_json.h"
#include "io/system_space_json.h"
#include "io/workload_mix_json.h"
#include "schedule/herald_scheduler.h"
#include "schedule/list_scheduler.h"
#include "search/system_costs.h"
#include "search/system_explorer.h"

using namespace archscape;

namespace {

struct Inputs {
    search::SystemDesign design;
    workload::WorkloadMix mix;
    bool ok = false;
};

Inputs load(const char* system, const char* mix) {
    Inputs in;
    auto s = io::resolvePreset("systems", system);
    auto m = io::resolvePreset("mixes", mix);
    if (!s || !m) return in;
    auto d = io::readSystemFile(*s);
    if (!d.ok()) return in;
    auto w = io::readWorkloadMixFile(*m, d.value->system.units[0].accelerator.clock_mhz);
    if (!w.ok()) return in;
    in.design = std::move(*d.value);
    in.mix = std::move(*w.value);
    in.ok = true;
    return in;
}

const char* mixName(int i) { return i == 0 ? "mlperf_edge" : "arvr"; }

} // namespace

// Cost table (every network on both units with their template policies) + HERALD heuristic.
static void BM_HeraldWithMapping(benchmark::State& state) {
    const Inputs in = load("hda_kcp_yxp", mixName(int(state.range(0))));
    if (!in.ok) {
        state.SkipWithError("presets missing");
        return;
    }
    for (auto _ : state) {
        const auto p = schedule::buildProblem(in.mix, search::systemCosts(in.design, in.mix));
        benchmark::DoNotOptimize(schedule::heraldSchedule(p).makespan_cycles);
    }
    state.SetLabel(mixName(int(state.range(0))));
}
BENCHMARK(BM_HeraldWithMapping)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

// The schedulers alone on a precomputed cost table.
static void BM_SchedulerOnly(benchmark::State& state) {
    const Inputs in = load("hda_kcp_yxp", mixName(int(state.range(0))));
    if (!in.ok) {
        state.SkipWithError("presets missing");
        return;
    }
    const auto p = schedule::buildProblem(in.mix, search::systemCosts(in.design, in.mix));
    for (auto _ : state)
        benchmark::DoNotOptimize(state.range(1) == 0 ? schedule::baselineSchedule(p).makespan_cycles
                                                     : schedule::heraldSchedule(p).makespan_cycles);
    state.SetLabel(std::string(mixName(int(state.range(0)))) + (state.range(1) == 0 ? " baseline" : " herald"));
}
BENCHMARK(BM_SchedulerOnly)->Args({0, 0})->Args({0, 1})->Args({1, 0})->Args({1, 1})->Unit(benchmark::kMillisecond);

// 990 designs of presets/system-spaces/hda_kcp_yxp.json refined: 32-PE steps (kcp alone, yxp alone
// and 31 splits) x 5 buffer scales x 2 buffer splits x 3 DRAM bandwidths, demand sharing, on the
// AR/VR mix with the HERALD heuristic. One iteration is one whole exploration (fresh unit cache).
static void BM_ExploreSystems(benchmark::State& state) {
    auto space = io::readSystemSpaceFile("hda_kcp_yxp");
    const Inputs in = load("hda_kcp_yxp", "arvr");
    if (!space.ok() || !in.ok) {
        state.SkipWithError("presets missing");
        return;
    }
    search::SystemExploreRequest req;
    req.space = std::move(*space.value);
    req.space.pe_step = 32;
    req.space.buffer_scales = {0.5, 0.75, 1, 1.5, 2};
    req.space.buffer_splits = {search::BufferSplit::ByPes, search::BufferSplit::Equal};
    req.space.dram_bandwidths_bytes_per_cycle = {16, 32, 64};
    req.space.dram_sharings = {search::DramSharing::Demand};
    req.mix = in.mix;
    req.threads = int(state.range(0));
    search::SystemProgressSink sink;
    std::int64_t designs = 0;
    for (auto _ : state) {
        const auto r = search::exploreSystems(req, sink);
        designs = r.finished;
        benchmark::DoNotOptimize(r.front.size());
    }
    state.counters["designs"] = double(designs);
    state.SetLabel("arvr, " + std::to_string(req.space.size()) + " designs, " + std::to_string(req.threads) +
                   " threads");
}
BENCHMARK(BM_ExploreSystems)->Arg(2)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();

BENCHMARK_MAIN();
