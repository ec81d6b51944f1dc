// MAESTRO-faithful analysis speed (issue 14): model::analyzeMaestro per layer over ResNet-50
// (presets/workloads/resnet50.json, every conv layer) on 256 PEs under two of MAESTRO's shipped
// dataflow styles, written here from the templates in shared/reference/maestro.md §11: KC-P
// (NVDLA-like, Cluster(64)) and X-P (single level); depthwise layers get C-P. The counter
// "per_layer_us" is the time per layer. MAESTRO -O2 on its own Resnet50_kcp_ws.m (the same layers
// and dataflow) is the comparison (docs/maestro.md, "Speed").
#include <benchmark/benchmark.h>

#include <chrono>

#include "io/workload_json.h"
#include "model/maestro_analysis.h"

using namespace archscape;
using workload::Dim;

namespace {

const workload::Network* resnet50() {
    static const auto net = io::readWorkloadFile(std::string(ARCHSCAPE_PRESETS_DIR) + "/workloads/resnet50.json");
    return net.ok() ? &*net.value : nullptr;
}

using K = model::MaestroStep::Kind;

std::vector<model::MaestroStep> kcp(const model::MaestroProblem& p) {
    return {{K::Spatial, 1, 1, "K"},      {K::Temporal, 64, 64, "C"},   {K::Temporal, p.r, p.r, "R"},
            {K::Temporal, p.s, p.s, "S"}, {K::Temporal, p.r, 1, "Y"},   {K::Temporal, p.s, 1, "X"},
            {K::Cluster, 64, 1, ""},      {K::Spatial, 1, 1, "C"},      {K::Temporal, p.r, 1, "Y"},
            {K::Temporal, p.s, 1, "X"},   {K::Temporal, p.r, p.r, "R"}, {K::Temporal, p.s, p.s, "S"}};
}

std::vector<model::MaestroStep> xp(const model::MaestroProblem& p) {
    return {{K::Temporal, 1, 1, "K"},  {K::Temporal, 1, 1, "C"},     {K::Temporal, p.r, 1, "Y"},
            {K::Spatial, p.s, 1, "X"}, {K::Temporal, p.r, p.r, "R"}, {K::Temporal, p.s, p.s, "S"}};
}

std::vector<model::MaestroStep> cp(const model::MaestroProblem& p) {
    return {{K::Spatial, 1, 1, "C"},
            {K::Temporal, p.r, 1, "Y"},
            {K::Temporal, p.s, 1, "X"},
            {K::Temporal, p.r, p.r, "R"},
            {K::Temporal, p.s, p.s, "S"}};
}

/// ResNet-50's convolutions as MAESTRO layers (input-centric, unpadded: Y = (P − 1)·stride + R).
std::vector<model::MaestroProblem> problems(bool use_xp) {
    std::vector<model::MaestroProblem> out;
    const workload::Network* net = resnet50();
    if (!net) return out;
    for (const auto& l : net->layers) {
        if (l.type != workload::LayerType::Conv) continue;
        model::MaestroProblem p;
        const bool depthwise = l.bound(Dim::G) > 1;
        p.type = depthwise ? model::MaestroProblem::Type::DepthwiseConv : model::MaestroProblem::Type::Conv;
        p.k = depthwise ? 1 : l.bound(Dim::K);
        p.c = depthwise ? l.bound(Dim::G) : l.bound(Dim::C);
        p.r = l.bound(Dim::R);
        p.s = l.bound(Dim::S);
        p.stride_y = l.stride_h;
        p.stride_x = l.stride_w;
        p.y = (l.bound(Dim::P) - 1) * l.stride_h + p.r;
        p.x = (l.bound(Dim::Q) - 1) * l.stride_w + p.s;
        p.dataflow = depthwise ? cp(p) : use_xp ? xp(p) : kcp(p);
        out.push_back(p);
    }
    return out;
}

void BM_MaestroResNet50(benchmark::State& state) {
    const auto ps = problems(state.range(0) == 1);
    if (ps.empty()) {
        state.SkipWithError("presets/workloads/resnet50.json is missing or invalid");
        return;
    }
    model::MaestroConfig config; // 256 PEs, MAESTRO's hardware-file defaults
    std::int64_t failed = 0;
    for (auto _ : state) {
        std::int64_t cycles = 0;
        for (const auto& p : ps) {
            const auto r = model::analyzeMaestro(p, config);
            cycles += r.runtime;
            failed += !r.ok;
        }
        benchmark::DoNotOptimize(cycles);
    }
    state.counters["layers"] = double(ps.size());
    state.counters["failed"] = double(failed);
    state.counters["per_layer_us"] = benchmark::Counter(
        double(ps.size()) * 1e-6, benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_MaestroResNet50)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
