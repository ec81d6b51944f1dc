#include "model/maestro_engine.h"

#include <cmath>
#include <limits>

namespace archscape::model::maestro_engine {

void MaestroEngine::setUp() {
    full_.fill(kAbsent);
    using T = MaestroProblem::Type;
    if (p_.type == T::Gemm) {
        full_[vM] = p_.m;
        full_[vN] = p_.n > 0 ? p_.n : 1;
        full_[vK] = p_.k;
        t_.input = {vM, vK};
        t_.weight = {vK, vN};
        t_.output = {vM, vN};
    } else {
        if (p_.n > 0) full_[vN] = p_.n;
        full_[vK] = p_.k;
        full_[vC] = p_.c;
        full_[vR] = p_.r;
        full_[vS] = p_.s;
        full_[vY] = p_.y;
        full_[vX] = p_.x;
        t_.overlap = true;
        const bool batch = p_.n > 0;
        if (p_.type == T::DepthwiseConv) {
            t_.input = {vC, vY, vX};
            t_.weight = {vC, vR, vS};
            t_.output = {vC, vY, vX};
        } else if (p_.type == T::GroupedConv) {
            full_[vG] = p_.g;
            t_.input = {vG, vC, vY, vX};
            t_.weight = {vG, vK, vC, vR, vS};
            t_.output = {vG, vK, vC, vY, vX};
        } else {
            t_.input = {vC, vY, vX};
            t_.weight = {vK, vC, vR, vS};
            t_.output = {vK, vY, vX};
        }
        if (batch) {
            t_.input.insert(t_.input.begin(), vN);
            t_.output.insert(t_.output.begin(), vN);
        }
    }
    for (const auto* T : {&t_.input, &t_.weight})
        for (Var v : *T)
            if (!has(t_.input_vars, v)) t_.input_vars.push_back(v);
    std::sort(t_.input_vars.begin(), t_.input_vars.end(),
              [](Var a, Var b) { return std::string(kVarName[a]) < std::string(kVarName[b]); });
}

Var parseVar(const std::string& d, bool gemm, bool grouped) {
    if (gemm) {
        if (d == "M") return vM;
        if (d == "N") return vN;
        if (d == "K") return vK;
        throw Failure{"directive on " + d + ", which is not a GEMM dimension (M, N, K)"};
    }
    for (int v = 0; v < kVars; ++v)
        if (d == kVarName[v] && v != vM && (v != vG || grouped)) return Var(v);
    throw Failure{"directive on " + d + ", which is not a convolution dimension"};
}

void MaestroEngine::analyzeSizes(Level& L) const {
    // §4: per directive, the mapped and unique (new per step) sizes, steady and at the edge.
    L.mapped.fill(0);
    L.mapped_edge.fill(0);
    L.unique.fill(0);
    L.unique_edge.fill(0);
    for (const Directive& d : L.dirs) {
        const std::int64_t D = L.dims[d.var];
        const std::int64_t steady = std::max<std::int64_t>(0, (D - d.size) / d.ofs);
        const bool has_edge = steady * d.ofs + d.size < D || d.size > D;
        L.mapped[d.var] = d.size;
        L.unique[d.var] = std::min(d.size, d.ofs);
        if (!d.spatial && D <= d.size) L.unique[d.var] = 0;
        std::int64_t edge = D - (steady + 1) * d.ofs;
        if (edge < 0) edge = D;
        L.mapped_edge[d.var] = has_edge ? edge : d.size;
        L.unique_edge[d.var] = std::max<std::int64_t>(d.ofs - (d.size - edge), 0);
    }
    if (!t_.overlap) return;
    for (const Directive& d : L.dirs) {
        if (d.var != vY && d.var != vX) continue;
        const Var slide = d.var == vY ? vR : vS;
        const Var out = d.var == vY ? vYo : vXo;
        L.mapped[out] = L.mapped[d.var] - L.mapped[slide] + 1;
        L.unique[out] = std::min(d.ofs, d.size);
        L.mapped_edge[out] = L.mapped_edge[d.var] - L.mapped_edge[slide] + 1;
        L.unique_edge[out] = std::min(d.ofs, L.mapped_edge[out]);
    }
}

void MaestroEngine::buildLevels() {
    const bool gemm = p_.type == MaestroProblem::Type::Gemm;
    std::vector<std::vector<Directive>> groups(1);
    std::vector<std::int64_t> cluster_sizes;
    for (const MaestroStep& s : p_.dataflow) {
        if (s.kind == MaestroStep::Kind::Cluster) {
            if (s.size < 1) throw Failure{"Cluster size must be positive"};
            cluster_sizes.push_back(s.size);
            groups.emplace_back();
            continue;
        }
        if (s.size < 1 || s.offset < 1) throw Failure{"map sizes and offsets must be positive"};
        Directive d;
        d.spatial = s.kind == MaestroStep::Kind::Spatial;
        d.size = s.size;
        d.ofs = s.offset;
        d.var = parseVar(s.dim, gemm, p_.type == MaestroProblem::Type::GroupedConv);
        if (gemm || (d.var != vYo && d.var != vXo)) {
            if (full_[d.var] == kAbsent) throw Failure{"Dimension " + s.dim + " not found (MAESTRO exits here)"};
        }
        groups.back().push_back(d);
    }
    std::int64_t U = 1;
    for (auto n : cluster_sizes) U *= n;
    if (c_.num_pes < U)
        throw Failure{"clusters of " + std::to_string(U) + " PEs on " + std::to_string(c_.num_pes) +
                      " PEs leave zero clusters (MAESTRO divides by zero here)"};
    const std::int64_t units = U * (c_.num_pes / U);
    Table dims = full_;
    const std::vector<Directive>* prev = nullptr;
    levels_.reserve(groups.size());
    for (std::size_t l = 0; l < groups.size(); ++l) {
        Level L;
        L.subs = l == 0 ? units / U : cluster_sizes[l - 1];
        std::vector<Directive> g = groups[l];
        const auto find = [&](Var v) {
            return std::find_if(g.begin(), g.end(), [&](const Directive& d) { return d.var == v; });
        };
        // Y'/X' to input rows: size + R − 1 with this level's R tile (§3.2-2).
        if (t_.overlap) {
            for (auto [out, in, filt] : {std::array<Var, 3>{vYo, vY, vR}, std::array<Var, 3>{vXo, vX, vS}}) {
                if (find(in) != g.end() || find(out) == g.end()) continue;
                std::int64_t f = dims[filt];
                for (const auto& d : g)
                    if (d.var == filt) f = d.size;
                auto it = find(out);
                it->var = in;
                it->size += f - 1;
            }
        }
        for (const auto& d : g)
            if (d.var == vYo || d.var == vXo) throw Failure{"both Y and Y' (or X and X') in one cluster level"};
        // Inherited directives are prepended, so they end up in reverse order (§3.2-3).
        if (prev)
            for (const Directive& u : *prev)
                if (find(u.var) == g.end()) g.insert(g.begin(), Directive{false, u.size, u.ofs, u.var});
        // Input-tensor dimensions still missing: the whole level's size, innermost (§3.2-4).
        for (Var v : t_.input_vars)
            if (find(v) == g.end() && dims[v] != kAbsent) g.push_back(Directive{false, dims[v], dims[v], v});
        // Stride (§3.2-5), on the first Y (X) directive that covers a whole filter.
        if (t_.overlap) {
            for (auto [in, s] :
                 {std::pair<Var, std::int64_t>{vY, p_.stride_y}, std::pair<Var, std::int64_t>{vX, p_.stride_x}}) {
                auto it = find(in);
                if (it == g.end() || s == 1) continue;
                const std::int64_t R = in == vY ? full_[vR] : full_[vS];
                if (it->size < R) continue;
                const std::int64_t n = (it->size + s - R) / s;
                it->size = n * std::min(s, R) + std::max<std::int64_t>(R - s, 0);
                it->ofs = (l > 0 && R < s) ? n * R : n * s;
            }
        }
        int spatial = 0;
        for (int j = 0; j < int(g.size()); ++j)
            if (g[j].spatial && spatial++ == 0) L.first_spatial = j;
        if (spatial == 0) throw Failure{"cluster level " + std::to_string(l) + " has no SpatialMap (MAESTRO exits)"};
        if (spatial > 2) throw Failure{"cluster level " + std::to_string(l) + " has more than two SpatialMaps"};
        for (const auto& d : g)
            if (dims[d.var] == kAbsent) throw Failure{std::string("Dimension ") + kVarName[d.var] + " not found"};
        L.dirs = std::move(g);
        L.dims = dims;
        analyzeSizes(L);
        // Active sub-clusters at the spatial edge (DFA_cluster-unit.hpp AnalyzeSpatialEdgeCase).
        {
            const Directive& sp = L.dirs[L.first_spatial];
            const std::int64_t D = L.dims[sp.var], P = L.subs;
            const std::int64_t full_cov = sp.ofs * (P - 1) + sp.size;
            if (D > full_cov) {
                const std::int64_t steady = ((D - sp.size) / sp.ofs + 1) / P - 1;
                const std::int64_t rem = D - (steady + 1) * sp.ofs * P;
                L.edge_subs = rem < sp.size ? 1 : (rem - sp.size) / sp.ofs + 1;
            } else if (D > sp.size) {
                L.edge_subs = (D - sp.size) / sp.ofs + 1;
                if (sp.ofs * (L.edge_subs - 1) + sp.size < D) ++L.edge_subs;
            } else {
                L.edge_subs = 1;
            }
        }
        // The next level's dimensions: min(directive size, this level's size) (§3.2-6).
        Table next;
        next.fill(kAbsent);
        for (Var v : t_.input_vars) {
            const int j = L.dirOf(v);
            if (j >= 0) next[v] = std::min(L.dirs[j].size, dims[v]);
        }
        levels_.push_back(std::move(L));
        prev = &levels_.back().dirs;
        dims = next;
    }
}

std::vector<std::vector<State>> MaestroEngine::states(const Level& L, const Table& dims) const {
    // §5: the positions each directive can be in, with their counts (DFA_iteration-analysis.hpp).
    std::vector<std::vector<State>> out;
    out.reserve(L.dirs.size());
    for (const Directive& d : L.dirs) {
        const std::int64_t D = dims[d.var];
        std::vector<State> s;
        if (!d.spatial) {
            s.push_back({Pos::Init, 1, D <= d.size, D < d.size, false});
            const std::int64_t steady = (D - d.size) / d.ofs;
            if (d.size < D && steady > 0) s.push_back({Pos::Steady, steady, false, false, false});
            if (!(D < d.size) && steady * d.ofs + d.size < D) s.push_back({Pos::Edge, 1, false, false, false});
        } else {
            const std::int64_t P = L.subs;
            const std::int64_t cov = d.size + d.ofs * (P - 1);
            const bool unroll = D <= cov, init_edge = D < cov;
            s.push_back({Pos::Init, 1, unroll, init_edge, init_edge});
            const std::int64_t steady = ((D - d.size) / d.ofs + 1) / P - 1;
            const bool has_edge =
                !unroll && ((steady + 1) * (d.ofs * P) + cov > D) && (steady * (d.ofs * P) + cov != D);
            if (cov < D && steady > 0) s.push_back({Pos::Steady, steady, false, false, false});
            const std::int64_t rem = D - (steady + 1) * d.ofs * P;
            const std::int64_t active = rem < d.size ? 1 : (rem - d.size) / d.ofs + 1;
            const bool ee = (active - 1) * d.ofs + d.size < rem;
            if (!init_edge && has_edge) s.push_back({Pos::Edge, 1, false, false, ee});
        }
        out.push_back(std::move(s));
    }
    return out;
}

std::int64_t MaestroEngine::mappedVolume(const Level& L, const Case& cs, const std::vector<Var>& T, bool first,
                                         bool ee) const {
    std::int64_t r = 1;
    for (const Directive& d : L.dirs) {
        if (!has(T, d.var)) continue;
        const State& s = cs.st[d.var];
        if (!d.spatial) {
            r *= s.isEdge() ? L.mapped_edge[d.var] : L.mapped[d.var];
        } else if (s.isEdge()) {
            if (L.edge_subs == 1 && (first || ee)) r *= L.mapped_edge[d.var];
            else if (L.edge_subs > 1) r *= ee ? L.mapped_edge[d.var] : L.mapped[d.var];
        } else {
            r *= L.mapped[d.var];
        }
    }
    return r;
}

std::int64_t MaestroEngine::ingressVolume(const Level& L, const Case& cs, const std::vector<Var>& T, bool first,
                                          bool ee) const {
    // The innermost directive whose loop has just advanced (whatever the tensor, §6).
    int ch = -1;
    for (int j = 0; j < int(L.dirs.size()); ++j)
        if (cs.st[L.dirs[j].var].pos != Pos::Init) ch = j;
    if (ch < 0) return mappedVolume(L, cs, T, first, ee);
    bool inited = false;
    for (int j = ch + 1; j < int(L.dirs.size()) && !inited; ++j) {
        const State& s = cs.st[L.dirs[j].var];
        inited = s.pos == Pos::Init && has(T, L.dirs[j].var) && !s.unrolled;
    }
    bool changing = false;
    std::int64_t r = 1;
    for (int j = 0; j < int(L.dirs.size()); ++j) {
        const Directive& d = L.dirs[j];
        if (!has(T, d.var)) continue;
        const State& s = cs.st[d.var];
        const Var v = d.var;
        if (j == ch) changing = true;
        if (!d.spatial) {
            if (s.pos == Pos::Init) {
                r *= s.isEdge() ? L.mapped_edge[v] : L.mapped[v];
            } else if (j == ch && !inited) {
                if (L.unique[v] == 0) throw Failure{"a TemporalMap that covers its dimension advances (MAESTRO exits)"};
                r *= L.unique[v];
            } else {
                r *= L.mapped[v];
            }
        } else {
            const std::int64_t m = ee ? L.mapped_edge[v] : L.mapped[v];
            const std::int64_t u = ee ? L.unique_edge[v] : L.unique[v];
            if (first) r *= m;
            else if (s.pos == Pos::Init) r *= j > ch ? u : m;
            else r *= (!inited && j == ch) ? u : m;
        }
    }
    return changing ? r : 0;
}

} // namespace archscape::model::maestro_engine
