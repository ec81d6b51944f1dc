#include "io/maestro_layer_problem.h"

#include <algorithm>
#include <cmath>

namespace archscape::io {

ParseResult<model::MaestroProblem> maestroProblem(const MaestroLayer& ml) {
    std::vector<Diagnostic> errors;
    const std::string at = "line " + std::to_string(ml.line);
    model::MaestroProblem p;
    const auto get = [&](const char* n) -> std::int64_t {
        const auto it = ml.dims.find(n);
        return it == ml.dims.end() ? 0 : it->second;
    };
    if (ml.type == "GEMM") {
        p.type = model::MaestroProblem::Type::Gemm;
        p.m = get("M");
        p.n = get("N");
        p.k = get("K");
        if (!p.m || !p.n || !p.k) errors.push_back({at, "layer " + ml.name + ": GEMM needs M, N and K"});
    } else if (ml.type == "CONV" || ml.type == "DSCONV" || ml.type == "NGCONV" || ml.type == "TRCONV") {
        // MAESTRO's parser makes a TRCONV a CONV layer (its inner stride changes none of the figures).
        p.type = ml.type == "DSCONV"   ? model::MaestroProblem::Type::DepthwiseConv
                 : ml.type == "NGCONV" ? model::MaestroProblem::Type::GroupedConv
                                       : model::MaestroProblem::Type::Conv;
        p.g = ml.dims.count("G") ? get("G") : 1;
        p.n = get("N");
        p.k = ml.dims.count("K") ? get("K") : 1;
        p.c = get("C");
        p.r = get("R");
        p.s = get("S");
        p.stride_y = ml.stride.count("Y") ? ml.stride.at("Y") : 1;
        p.stride_x = ml.stride.count("X") ? ml.stride.at("X") : 1;
        // Input-centric: Y' given instead of Y means Y = (Y' − 1)·stride + R (MAESTRO derives it).
        p.y = ml.dims.count("Y") ? get("Y") : (get("Y'") - 1) * p.stride_y + p.r;
        p.x = ml.dims.count("X") ? get("X") : (get("X'") - 1) * p.stride_x + p.s;
        if (!p.c || !p.r || !p.s || p.y < p.r || p.x < p.s)
            errors.push_back(
                {at, "layer " + ml.name + ": " + ml.type + " needs C, R, S and input rows/columns Y, X at least R, S"});
    } else {
        errors.push_back(
            {at, "layer " + ml.name + ": type " + ml.type +
                     " is not supported by the MAESTRO analysis (CONV, DSCONV, NGCONV, TRCONV and GEMM are)"});
    }
    for (const MaestroDirective& d : ml.dataflow) {
        model::MaestroStep s;
        s.kind = d.kind == MaestroDirective::Kind::Cluster   ? model::MaestroStep::Kind::Cluster
                 : d.kind == MaestroDirective::Kind::Spatial ? model::MaestroStep::Kind::Spatial
                                                             : model::MaestroStep::Kind::Temporal;
        s.size = d.size;
        s.offset = d.offset;
        s.dim = d.dim;
        p.dataflow.push_back(s);
    }
    if (!errors.empty()) return ParseResult<model::MaestroProblem>::failure(std::move(errors));
    return ParseResult<model::MaestroProblem>::success(std::move(p));
}

model::MaestroConfig maestroConfig(const MaestroHardware& hw) {
    constexpr std::int64_t kIntMax = 2147483647;
    const auto bw = [](double v) { return v > 0 ? std::int64_t(std::floor(v)) : kIntMax; };
    model::MaestroConfig c;
    c.num_pes = hw.num_pes;
    c.l1_size = hw.l1_size > 0 ? hw.l1_size : kIntMax;
    c.l2_size = hw.l2_size > 0 ? hw.l2_size : kIntMax;
    c.noc_bw = std::max<std::int64_t>(1, bw(hw.noc_bw));
    c.offchip_bw = std::max<std::int64_t>(1, bw(hw.offchip_bw));
    c.noc_latency = hw.noc_hops;
    return c;
}

model::MaestroConfig maestroConfig(const hardware::Accelerator& acc) {
    constexpr std::int64_t kIntMax = 2147483647;
    model::MaestroConfig c;
    c.num_pes = acc.pe.count();
    const double bits = acc.precision[workload::Operand::Input].bits;
    const auto elements = [&](const hardware::MemoryLevel& l) {
        return l.capacity_bytes > 0 ? std::min<std::int64_t>(kIntMax, std::int64_t(double(l.capacity_bytes) * 8 / bits))
                                    : kIntMax;
    };
    const int fan = acc.fanoutLevel();
    if (fan < acc.numLevels()) c.l1_size = elements(acc.levels.back());
    if (fan >= 1 && fan - 1 < acc.numLevels()) c.l2_size = elements(acc.levels[fan - 1]);
    const auto bw = [&](double v) { return v > 0 ? std::max<std::int64_t>(1, std::int64_t(std::floor(v))) : kIntMax; };
    c.noc_bw = bw(acc.noc.bandwidth_words_per_cycle);
    c.offchip_bw = acc.levels.empty() ? kIntMax : bw(acc.levels[0].bandwidth_words_per_cycle);
    c.noc_latency = 1;
    return c;
}

} // namespace archscape::io
