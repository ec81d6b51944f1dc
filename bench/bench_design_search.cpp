// Design-space search (issue 16): what random sampling, NSGA-II, the genetic search and islands
// cost by themselves (ask/tell with a fake evaluator, no cost model), and a whole 300-evaluation
// search of the edge space on AlexNet.
//   bench_design_search --benchmark_filter=Strategy       (strategy overhead per run of 300)
//   bench_design_search --benchmark_filter=Explore        (end to end, 2 threads; a few seconds each)
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdlib>
#include <string>

#include "bench_presets.h"
#include "io/design_space_json.h"
#include "io/workload_json.h"
#include "search/design_strategy.h"
#include "search/explorer.h"

using namespace archscape;
using namespace archscape::search;

namespace {

const DesignSpace& edge() {
    static const DesignSpace s = [] {
        auto r = io::readDesignSpaceFile(std::string(ARCHSCAPE_PRESETS_DIR) + "/spaces/edge.json");
        if (!r.ok()) std::abort();
        return *r.value;
    }();
    return s;
}

/// Two conflicting objectives of the value indices, some designs infeasible: the strategy's work
/// (sorting, crowding, tournaments) without the cost model's.
PointResult fake(const DesignSpace& s, std::int64_t index) {
    PointResult r;
    r.index = index;
    r.choice = s.choiceOf(index);
    double a = 0, b = 0;
    for (std::size_t i = 0; i < r.choice.size(); ++i) {
        a += r.choice[i] * (i + 1.0);
        b += (s.axes[i].size() - r.choice[i]) * (i % 2 ? 2.0 : 1.0);
    }
    r.latency_s = 1 + a;
    r.energy_j = 1 + b * b;
    r.area_mm2 = 1 + std::sqrt(a + b);
    if (r.choice[0] + r.choice[1] > 7) r.reason = Infeasibility::Area;
    return r;
}

void BM_Strategy(benchmark::State& state) {
    // 0 random, 1 nsga2, 2 genesys, 3 nsga2 on 4 islands: 300 evaluations of the edge space each.
    static constexpr const char* kLabels[] = {"random, 300 of 10,000", "nsga2, 300 of 10,000", "genesys, 300 of 10,000",
                                              "nsga2, 4 islands, 300 of 10,000"};
    static constexpr DesignSearchKind kKinds[] = {DesignSearchKind::Random, DesignSearchKind::Nsga2,
                                                  DesignSearchKind::Genesys, DesignSearchKind::Nsga2};
    ExploreRequest req;
    req.space = edge();
    req.objectives = {Metric::Latency, Metric::Energy, Metric::Area};
    req.search = {kKinds[state.range(0)], 300};
    req.search.islands = state.range(0) == 3 ? 4 : 1;
    const DesignSpace& s = req.space;
    for (auto _ : state) {
        const std::unique_ptr<DesignStrategy> st = makeDesignStrategy(req);
        std::vector<PointResult> results;
        for (auto gen = st->ask(); !gen.empty(); gen = st->ask()) {
            results.clear();
            for (auto i : gen) results.push_back(fake(s, i));
            st->tell(results);
        }
        benchmark::DoNotOptimize(results.data());
    }
    state.SetLabel(kLabels[state.range(0)]);
}
BENCHMARK(BM_Strategy)->DenseRange(0, 3)->Unit(benchmark::kMicrosecond);

void BM_Explore(benchmark::State& state) {
    static const workload::Network net = bench::presetWorkload("alexnet");
    ExploreRequest req;
    req.space = edge();
    req.network = net;
    req.objectives = {Metric::Latency, Metric::Energy, Metric::Area};
    req.threads = 2;
    req.search = {state.range(0) == 1 ? DesignSearchKind::Nsga2 : DesignSearchKind::Random, 300};
    ProgressSink none;
    for (auto _ : state) {
        const ExploreResult r = run(req, none);
        benchmark::DoNotOptimize(r.front.data());
        state.counters["front"] = static_cast<double>(r.front.size());
    }
    state.SetLabel(state.range(0) == 1 ? "nsga2, 300 evaluations, edge x alexnet" : "random, 300, edge x alexnet");
}
BENCHMARK(BM_Explore)->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond)->Iterations(1)->Repetitions(3);

} // namespace

BENCHMARK_MAIN();
