#include "model/maestro_analysis.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace archscape::model {

namespace {

// MAESTRO's dimension variables. Yo/Xo are its output rows/columns (Y', X').
enum Var : int { vN, vK, vC, vR, vS, vY, vX, vM, vG, vYo, vXo, kVars };
constexpr std::array<const char*, kVars> kVarName{"N", "K", "C", "R", "S", "Y", "X", "M", "G", "Y'", "X'"};

using Table = std::array<std::int64_t, kVars>;
constexpr std::int64_t kAbsent = -1;

struct Directive {
    bool spatial = false;
    std::int64_t size = 1, ofs = 1;
    Var var = vK;
};

enum class Pos : std::uint8_t { Init, Steady, Edge };

/// One position of one directive (MAESTRO's IterationState).
struct State {
    Pos pos = Pos::Init;
    std::int64_t occ = 1;
    bool unrolled = false;
    bool init_edge = false;
    bool sp_edge_edge = false;
    bool isEdge() const { return pos == Pos::Edge || init_edge; }
};

/// Tensors as MAESTRO couples them (API_user-interface-v2.hpp ConfigConvTensors).
struct Tensors {
    std::vector<Var> input, weight, output;
    std::vector<Var> input_vars; ///< variables of the input tensors, sorted by name, unique
    bool overlap = false;        ///< Y/R and X/S slide (convolutions)
};

/// A cluster level after MAESTRO's completion rules, with its static mapping sizes (§3.2, §4).
struct Level {
    std::vector<Directive> dirs;
    std::int64_t subs = 1;      ///< sub-clusters
    std::int64_t edge_subs = 1; ///< active sub-clusters at the spatial edge
    Table dims{};               ///< dimension sizes the level was built with
    Table mapped{}, mapped_edge{}, unique{}, unique_edge{};
    int first_spatial = -1;
    int dirOf(Var v) const {
        for (int j = 0; j < int(dirs.size()); ++j)
            if (dirs[j].var == v) return j;
        return -1;
    }
};

/// What one analysis of a level produces (MAESTRO's CostAnalysisResults).
struct LevelResult {
    std::int64_t runtime = 0;
    std::int64_t computations = 0;
    std::array<std::int64_t, 3> up_rd{}, up_wr{}, down_rd{}, down_wr{}, up_size{}, down_size{};
    std::int64_t peak_bw = 0, offchip = 0;
    double avg_bw = 0;
    double avg_active = 0;
    std::int64_t spatial_occ = 1;
    double ai = 0;
    MaestroDelay in{std::numeric_limits<std::int64_t>::max(), 0, 0}, eg = in, cp = in;
    bool any_case = false;
};

struct Failure {
    std::string why;
};

bool has(const std::vector<Var>& t, Var v) { return std::find(t.begin(), t.end(), v) != t.end(); }

class Engine {
public:
    Engine(const MaestroProblem& p, const MaestroConfig& c) : p_(p), c_(c) {}

    MaestroResult run();

private:
    const MaestroProblem& p_;
    const MaestroConfig& c_;
    Tensors t_;
    std::vector<Level> levels_;
    Table full_{};
    // L1 sizes as MAESTRO reports them: from the first analysis of the innermost level to finish.
    bool have_l1_ = false;
    std::array<std::int64_t, 3> l1_size_{};

    void setUp();
    void buildLevels();
    void analyzeSizes(Level& L) const;
    std::vector<std::vector<State>> states(const Level& L, const Table& dims) const;
    LevelResult analyze(std::size_t l, const Table& dims);

    // Reuse analysis of one case at level L (CA_reuse-analysis.hpp), own code after §6.
    struct Case {
        std::array<State, kVars> st{};
        std::int64_t occ = 1;
        bool all_init = true;
    };
    std::int64_t mappedVolume(const Level& L, const Case& cs, const std::vector<Var>& T, bool first, bool ee) const;
    std::int64_t ingressVolume(const Level& L, const Case& cs, const std::vector<Var>& T, bool first, bool ee) const;
    std::int64_t spatialIngress(const Level& L, const Case& cs, const std::vector<Var>& T) const;
    std::int64_t egressVolume(const Level& L, const Case& cs, bool psum, bool first, bool ee,
                              bool reuse_edge = true) const;
    std::int64_t spatialEgress(const Level& L, const Case& cs) const;
    std::int64_t criticalPartialSums(const Level& L, const Case& cs) const;
    std::int64_t outputMappingSize(const Level& L, const Case& cs) const;
    Table subDims(const Level& L, const Case& cs, bool ee) const;
    std::int64_t delay(std::int64_t n) const {
        const std::int64_t sends = n / c_.noc_bw + (n % c_.noc_bw != 0 ? 1 : 0);
        return c_.noc_latency + sends - 1;
    }
};

void Engine::setUp() {
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

void Engine::analyzeSizes(Level& L) const {
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

void Engine::buildLevels() {
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

std::vector<std::vector<State>> Engine::states(const Level& L, const Table& dims) const {
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

std::int64_t Engine::mappedVolume(const Level& L, const Case& cs, const std::vector<Var>& T, bool first,
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

std::int64_t Engine::ingressVolume(const Level& L, const Case& cs, const std::vector<Var>& T, bool first,
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

namespace {
/// Whether a tensor is spread over the sub-clusters in this case, and how (GetSpatial*Traffic).
struct SpatialInfo {
    bool mapped = false, edge = false, ee = false;
};
} // namespace

std::int64_t Engine::spatialIngress(const Level& L, const Case& cs, const std::vector<Var>& T) const {
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

std::int64_t Engine::egressVolume(const Level& L, const Case& cs, bool psum, bool first, bool ee,
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

std::int64_t Engine::spatialEgress(const Level& L, const Case& cs) const {
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

std::int64_t Engine::criticalPartialSums(const Level& L, const Case& cs) const {
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

std::int64_t Engine::outputMappingSize(const Level& L, const Case& cs) const {
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

Table Engine::subDims(const Level& L, const Case& cs, bool ee) const {
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

LevelResult Engine::analyze(std::size_t l, const Table& dims) {
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

MaestroResult Engine::run() {
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

} // namespace

MaestroResult analyzeMaestro(const MaestroProblem& problem, const MaestroConfig& config) {
    return Engine(problem, config).run();
}

} // namespace archscape::model
