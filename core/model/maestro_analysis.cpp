#include "model/maestro_analysis.h"

#include <cmath>
#include <limits>

#include "model/maestro_engine.h"

namespace archscape::model {

namespace maestro_engine {

namespace {
/// Whether a tensor is spread over the sub-clusters in this case, and how (GetSpatial*Traffic).
struct SpatialInfo {
    bool mapped = false, edge = false, ee = false;
};
} // namespace

std::int64_t MaestroEngine::spatialIngress(const Level& L, const Case& cs, const std::vector<Var>& T) const {
    SpatialInfo sp;
    for (Var v : T) {
        const int j = L.dirOf(v);
        if (j >= 0 && L.dirs[j].spatial) {
            sp.mapped = true;
            sp.ee = cs.st[v].sp_edge_edge;
            if (cs.st[v].isEdge()) sp.edge = true;
        }
    }
    if (!sp.mapped) return ingressVolume(L, cs, T, true, false);
    if (!sp.edge) return ingressVolume(L, cs, T, true, false) + (L.subs - 1) * ingressVolume(L, cs, T, false, false);
    const std::int64_t E = L.edge_subs;
    std::int64_t r = (E == 1 && sp.ee) ? ingressVolume(L, cs, T, true, true) : ingressVolume(L, cs, T, true, false);
    if (E > 1) {
        const std::int64_t nee = sp.ee ? 1 : 0;
        const std::int64_t full = std::max<std::int64_t>(E - nee - 1, 0);
        r += full * ingressVolume(L, cs, T, false, false) + nee * ingressVolume(L, cs, T, false, true);
    }
    return r;
}

std::int64_t MaestroEngine::egressVolume(const Level& L, const Case& cs, bool psum, bool first, bool ee,
                                         bool reuse_edge) const {
    const std::int64_t E = L.edge_subs;
    std::int64_t r = 1;
    const auto uniqueOr1 = [](std::int64_t u) { return u != 0 ? u : 1; };
    if (psum) {
        // The reduction dimensions (those not indexing the output) of the partial sums.
        for (const Directive& d : L.dirs) {
            if (has(t_.output, d.var)) continue;
            const Var v = d.var;
            const State& s = cs.st[v];
            if (!d.spatial) {
                r *= s.isEdge() ? L.mapped_edge[v] : L.mapped[v];
                continue;
            }
            switch (s.pos) {
            case Pos::Init:
                if (s.isEdge() && ee) {
                    if (E == 1) r *= L.mapped_edge[v];
                    else r *= L.mapped_edge[v];
                } else {
                    r *= first ? L.mapped[v] : uniqueOr1(L.unique[v]);
                }
                break;
            case Pos::Steady: r *= first ? L.mapped[v] : uniqueOr1(L.unique[v]); break;
            case Pos::Edge:
                if (E == 1) {
                    if (first || ee) r *= L.mapped_edge[v];
                } else {
                    r *= ee ? L.unique_edge[v] : first ? L.mapped[v] : uniqueOr1(L.unique[v]);
                }
                break;
            }
        }
    }
    for (Var v : t_.output) {
        const int j = L.dirOf(v);
        if (j < 0) throw Failure{std::string("no directive on output dimension ") + kVarName[v]};
        const Directive& d = L.dirs[j];
        const State& s = cs.st[v];
        const Var a = (t_.overlap && v == vY) ? vYo : (t_.overlap && v == vX) ? vXo : v;
        if (!d.spatial) {
            if (s.pos == Pos::Init) r *= s.isEdge() ? L.mapped_edge[a] : L.mapped[a];
            else if (s.pos == Pos::Steady) r *= L.mapped[a];
            else r *= L.mapped_edge[a];
            continue;
        }
        switch (s.pos) {
        case Pos::Init:
            if (s.isEdge() && ee) {
                if (E == 1) r *= L.mapped_edge[a];
                else r *= reuse_edge ? L.unique_edge[a] : L.mapped_edge[a];
            } else {
                r *= first ? L.mapped[a] : uniqueOr1(L.unique[a]);
            }
            break;
        case Pos::Steady: r *= first ? L.mapped[a] : uniqueOr1(L.unique[a]); break;
        case Pos::Edge:
            if (E == 1) {
                // [quirk] MAESTRO looks up the input-centric name here (Y, not Y').
                if (first || ee) r *= L.mapped_edge[v];
            } else {
                r *= ee ? L.unique_edge[a] : first ? L.mapped[a] : uniqueOr1(L.unique[a]);
            }
            break;
        }
    }
    return r;
}

std::int64_t MaestroEngine::spatialEgress(const Level& L, const Case& cs) const {
    SpatialInfo sp;
    for (Var v : t_.output) {
        const int j = L.dirOf(v);
        if (j >= 0 && L.dirs[j].spatial) {
            sp.mapped = true;
            sp.ee = cs.st[v].sp_edge_edge;
            if (cs.st[v].isEdge()) sp.edge = true;
        }
    }
    if (!sp.mapped) return egressVolume(L, cs, false, true, false);
    if (!sp.edge)
        return egressVolume(L, cs, false, true, false) + (L.subs - 1) * egressVolume(L, cs, false, false, false);
    const std::int64_t E = L.edge_subs;
    std::int64_t r =
        (E == 1 && sp.ee) ? egressVolume(L, cs, false, true, true) : egressVolume(L, cs, false, true, false);
    if (E > 1) {
        const std::int64_t nee = sp.ee ? 1 : 0;
        const std::int64_t full = std::max<std::int64_t>(E - nee - 1, 0);
        r += full * egressVolume(L, cs, false, false, false) + nee * egressVolume(L, cs, false, false, true);
    }
    return r;
}

std::int64_t MaestroEngine::criticalPartialSums(const Level& L, const Case& cs) const {
    SpatialInfo sp;
    for (Var v : t_.output) {
        const int j = L.dirOf(v);
        if (j >= 0 && L.dirs[j].spatial) {
            sp.mapped = true;
            sp.ee = cs.st[v].sp_edge_edge;
            if (cs.st[v].isEdge()) sp.edge = true;
        }
    }
    if (!sp.mapped || !sp.edge) return egressVolume(L, cs, true, true, false);
    return (L.edge_subs == 1 && sp.ee) ? egressVolume(L, cs, true, true, true) : egressVolume(L, cs, true, true, false);
}

std::int64_t MaestroEngine::outputMappingSize(const Level& L, const Case& cs) const {
    // MACs of the case over the sub-cluster array: the output test, then every SpatialMap.
    SpatialInfo sp;
    for (Var v : t_.output) {
        const int j = L.dirOf(v);
        if (j >= 0 && L.dirs[j].spatial) {
            sp.mapped = true;
            sp.ee = cs.st[v].sp_edge_edge;
            if (cs.st[v].isEdge()) sp.edge = true;
        }
    }
    for (const Directive& d : L.dirs) {
        if (!d.spatial) continue;
        sp.mapped = true;
        sp.ee = cs.st[d.var].sp_edge_edge;
        if (cs.st[d.var].isEdge()) sp.edge = true;
    }
    if (!sp.edge) return L.subs * egressVolume(L, cs, true, true, false);
    const std::int64_t E = L.edge_subs;
    std::int64_t r = (E == 1 && sp.ee) ? egressVolume(L, cs, true, true, true) : egressVolume(L, cs, true, true, false);
    if (E > 1) {
        const std::int64_t nee = sp.ee ? 1 : 0;
        const std::int64_t full = std::max<std::int64_t>(E - nee - 1, 0);
        r += full * egressVolume(L, cs, true, true, false) + nee * egressVolume(L, cs, true, false, true, false);
    }
    return r;
}

Table MaestroEngine::subDims(const Level& L, const Case& cs, bool ee) const {
    Table out;
    out.fill(kAbsent);
    for (const Directive& d : L.dirs) {
        const State& s = cs.st[d.var];
        const Var v = d.var;
        std::int64_t sz;
        if (!d.spatial) {
            sz = s.isEdge() ? L.mapped_edge[v] : L.mapped[v];
        } else if (s.pos == Pos::Steady) {
            sz = L.mapped[v];
        } else if (s.pos == Pos::Edge || s.isEdge()) {
            sz = (L.edge_subs == 1 || ee) ? L.mapped_edge[v] : L.mapped[v];
        } else {
            sz = L.mapped[v];
        }
        out[v] = sz;
    }
    return out;
}

LevelResult MaestroEngine::analyze(std::size_t l, const Table& dims) {
    const Level& L = levels_[l];
    LevelResult res;
    const auto lists = states(L, dims);
    // Cases in MAESTRO's order (ConstructIterationStatusTable): case 0 is all-Init.
    const std::size_t nd = lists.size();
    std::vector<std::int64_t> freq(nd, 1);
    std::int64_t total = 1;
    for (std::size_t i = nd; i-- > 0;) {
        freq[i] = total;
        total *= std::int64_t(lists[i].size());
    }
    std::vector<std::size_t> counter(nd, 0);
    const bool top = l == 0;
    const bool innermost = l + 1 == levels_.size();
    std::int64_t valid = 0;
    int case_id = 0; // advances on valid cases only, so an invalid first case sizes the buffers again
    double avg_in = 0, avg_eg = 0, avg_cp = 0;
    for (std::int64_t ci = 0; ci < total; ++ci) {
        Case cs;
        for (std::size_t i = 0; i < nd; ++i) {
            const State& s = lists[i][counter[i]];
            cs.st[L.dirs[i].var] = s;
            cs.occ *= s.occ;
            if (ci % freq[i] == 0) counter[i] = counter[i] + 1 == lists[i].size() ? 0 : counter[i] + 1;
        }
        for (std::size_t i = 0; i < nd; ++i)
            if (cs.st[L.dirs[i].var].pos != Pos::Init) cs.all_init = false;
        const std::vector<Var>* inputs[2] = {&t_.input, &t_.weight};
        if (case_id == 0) {
            // §7: buffer sizes from the first case, double-buffered (inputs accumulate, as MAESTRO's do).
            for (int k = 0; k < 2; ++k) {
                std::int64_t size = 1;
                for (Var v : *inputs[k]) size *= dims[v];
                res.up_size[k] += 2 * spatialIngress(L, cs, *inputs[k]);
                res.up_wr[k] = size;
                std::int64_t mv = 1;
                for (Var v : *inputs[k])
                    if (L.dirOf(v) >= 0) mv *= L.mapped[v];
                res.down_size[k] += 2 * mv;
            }
            std::int64_t size = 1, mv = 1;
            for (Var v : t_.output) {
                if (t_.overlap && (v == vY || v == vX)) size *= dims[v] - dims[v == vY ? vR : vS] + 1;
                else size *= dims[v];
                if (L.dirOf(v) >= 0) mv *= L.mapped[v];
            }
            res.up_size[2] = 2 * spatialEgress(L, cs);
            res.up_rd[2] = size;
            res.down_size[2] = 2 * mv;
        }
        const std::int64_t egress = spatialEgress(L, cs);
        const std::int64_t macs = outputMappingSize(L, cs);
        res.up_wr[2] += cs.occ * egress;
        res.down_wr[2] += cs.occ * macs;
        res.down_rd[2] += cs.occ * macs;
        const std::int64_t psums = criticalPartialSums(L, cs);
        if (psums <= 0) continue; // MAESTRO skips such "invalid" cases
        std::int64_t ingress = 0;
        for (int k = 0; k < 2; ++k) {
            const std::int64_t in = spatialIngress(L, cs, *inputs[k]);
            ingress += in;
            res.up_rd[k] += cs.occ * in;
            res.down_wr[k] = res.up_rd[k]; // [quirk] L1 write = the L2-read running total (§7)
            res.down_rd[k] += cs.occ * macs;
        }
        res.ai = double(macs) / double(ingress);

        // Compute delay: the slowest sub-cluster analysis, or the PE's partial sums.
        std::int64_t compute = 0;
        double active_units = 0;
        const Directive& spd = L.dirs[L.first_spatial];
        const State& sps = cs.st[spd.var];
        const std::int64_t active = sps.isEdge() ? L.edge_subs : L.subs;
        if (!innermost) {
            const auto sub = [&](bool ee, std::int64_t occ) {
                LevelResult r = analyze(l + 1, subDims(L, cs, ee));
                r.spatial_occ = occ;
                compute = std::max(compute, r.runtime);
                active_units += r.avg_active * double(r.spatial_occ);
            };
            if (sps.isEdge()) {
                if (sps.sp_edge_edge) {
                    sub(true, 1);
                    if (L.edge_subs - 1 > 0) sub(false, L.edge_subs - 1);
                } else {
                    sub(false, L.edge_subs);
                }
            } else {
                sub(false, L.subs);
            }
        } else {
            compute = (psums + c_.simd_lanes - 1) / c_.simd_lanes;
        }
        const std::int64_t in_d = delay(ingress), eg_d = delay(egress);
        std::int64_t t = cs.all_init ? compute + in_d : std::max({eg_d, compute, in_d});
        if (top) {
            const std::int64_t out_l2 = res.up_size[2], in_l2 = res.up_size[0] + res.up_size[1];
            t = std::max({(in_l2 / c_.offchip_bw) / 2, t, (out_l2 / c_.offchip_bw) / 2});
            if (compute == 0) throw Failure{"a top-level step computes nothing (MAESTRO divides by zero here)"};
            res.offchip = std::max(res.offchip, out_l2 / compute);
            res.offchip = std::max(res.offchip, in_l2 / compute);
            res.offchip /= 2;
        }
        res.runtime += cs.occ * t;
        res.computations += cs.occ * macs;
        if (active_units == 0) active_units = double(active);
        res.avg_active += active_units * double(cs.occ);
        if (compute == 0) compute = 1;
        const std::int64_t peak = std::max(ingress, egress);
        res.peak_bw = std::max(res.peak_bw, peak / compute);
        res.avg_bw += double((cs.occ * peak) / compute);
        avg_in += double(cs.occ * in_d);
        avg_eg += double(cs.occ * eg_d);
        avg_cp += double(cs.occ * compute);
        res.in.min = std::min(res.in.min, in_d);
        res.eg.min = std::min(res.eg.min, eg_d);
        res.cp.min = std::min(res.cp.min, compute);
        res.in.max = std::max(res.in.max, in_d);
        res.eg.max = std::max(res.eg.max, eg_d);
        res.cp.max = std::max(res.cp.max, compute);
        valid += cs.occ;
        res.any_case = true;
        ++case_id;
    }
    if (innermost && !have_l1_) {
        have_l1_ = true;
        l1_size_ = res.down_size;
    }
    if (valid > 0) {
        res.avg_bw /= double(valid);
        res.avg_active /= double(valid);
        res.in.avg = avg_in / double(valid);
        res.eg.avg = avg_eg / double(valid);
        res.cp.avg = avg_cp / double(valid);
    }
    return res;
}

MaestroResult MaestroEngine::run() {
    MaestroResult out;
    try {
        setUp();
        buildLevels();
        const LevelResult top = analyze(0, full_);
        if (!top.any_case) throw Failure{"no step of the dataflow computes anything"};
        std::int64_t U = 1;
        for (const auto& s : p_.dataflow)
            if (s.kind == MaestroStep::Kind::Cluster) U *= s.size;
        out.num_pes = U * (c_.num_pes / U);
        out.num_macs = top.computations;
        out.runtime = top.runtime;
        for (int k = 0; k < 3; ++k) {
            MaestroTensorStats& s = out.tensors[k];
            s.l1_read = top.down_rd[k];
            s.l1_write = top.down_wr[k];
            s.l2_read = top.up_rd[k];
            s.l2_write = top.up_wr[k];
            s.l2_size = top.up_size[k];
            s.l1_size = l1_size_[k];
        }
        out.peak_noc_bw = top.peak_bw;
        out.avg_noc_bw = top.avg_bw;
        out.offchip_bw = top.offchip;
        out.ingress = top.in;
        out.egress = top.eg;
        out.compute = top.cp;
        out.avg_utilized_pes = top.avg_active;
        out.arithmetic_intensity = top.ai;
        out.input_size = 1;
        for (Var v : t_.input) out.input_size *= full_[v];
        out.weight_size = 1;
        for (Var v : t_.weight) out.weight_size *= full_[v];
        out.ok = true;
    } catch (const Failure& f) {
        out = MaestroResult{};
        out.error = f.why;
    }
    return out;
}

} // namespace maestro_engine

MaestroResult analyzeMaestro(const MaestroProblem& problem, const MaestroConfig& config) {
    return maestro_engine::MaestroEngine(problem, config).run();
}

} // namespace archscape::model
