#include "accuracy/bit_allocation.h"

#include <glpk.h>

#include <cmath>
#include <limits>

#include "accuracy/omega_model.h"

namespace archscape::accuracy {

std::vector<int> BitAllocation::bits(const BitAllocationProblem& p) const {
    std::vector<int> b;
    for (int c : choice) b.push_back(p.choices[c]);
    return b;
}

namespace {
bool validShape(const BitAllocationProblem& p, std::string& why) {
    const std::size_t L = p.cost.size(), C = p.choices.size();
    if (L == 0 || C == 0) {
        why = "no layers or no choices";
        return false;
    }
    for (const auto& row : p.cost)
        if (row.size() != C) {
            why = "cost table has the wrong number of choices";
            return false;
        }
    for (const auto& r : p.resources) {
        if (r.use.size() != L) {
            why = "resource '" + r.name + "' has the wrong number of layers";
            return false;
        }
        for (const auto& row : r.use)
            if (row.size() != C) {
                why = "resource '" + r.name + "' has the wrong number of choices";
                return false;
            }
    }
    for (auto [a, b] : p.tied)
        if (a < 0 || b < 0 || a >= int(L) || b >= int(L)) {
            why = "tied layer out of range";
            return false;
        }
    return true;
}
} // namespace

BitAllocation solveExact(const BitAllocationProblem& p) {
    BitAllocation out;
    if (!validShape(p, out.status)) return out;
    const int L = static_cast<int>(p.cost.size()), C = static_cast<int>(p.choices.size());
    glp_prob* lp = glp_create_prob();
    glp_set_obj_dir(lp, GLP_MIN);
    glp_add_cols(lp, L * C);
    auto col = [C](int l, int c) { return l * C + c + 1; };
    for (int l = 0; l < L; ++l)
        for (int c = 0; c < C; ++c) {
            glp_set_col_kind(lp, col(l, c), GLP_BV);
            glp_set_obj_coef(lp, col(l, c), p.cost[l][c]);
        }
    std::vector<int> ia{0}, ja{0};
    std::vector<double> ar{0};
    auto addRow = [&](double lo, double hi, int type) {
        const int r = glp_add_rows(lp, 1);
        glp_set_row_bnds(lp, r, type, lo, hi);
        return r;
    };
    for (int l = 0; l < L; ++l) { // exactly one choice per layer
        const int r = addRow(1, 1, GLP_FX);
        for (int c = 0; c < C; ++c) {
            ia.push_back(r);
            ja.push_back(col(l, c));
            ar.push_back(1);
        }
    }
    for (const auto& res : p.resources) {
        const int r = addRow(0, res.budget, GLP_UP);
        for (int l = 0; l < L; ++l)
            for (int c = 0; c < C; ++c) {
                ia.push_back(r);
                ja.push_back(col(l, c));
                ar.push_back(res.use[l][c]);
            }
    }
    for (auto [a, b] : p.tied)
        for (int c = 0; c < C; ++c) { // x[a][c] − x[b][c] = 0
            const int r = addRow(0, 0, GLP_FX);
            ia.push_back(r);
            ja.push_back(col(a, c));
            ar.push_back(1);
            ia.push_back(r);
            ja.push_back(col(b, c));
            ar.push_back(-1);
        }
    glp_load_matrix(lp, static_cast<int>(ia.size()) - 1, ia.data(), ja.data(), ar.data());
    glp_iocp parm;
    glp_init_iocp(&parm);
    parm.presolve = GLP_ON;
    parm.msg_lev = GLP_MSG_OFF;
    const int ret = glp_intopt(lp, &parm);
    const int st = glp_mip_status(lp);
    if (ret == 0 && (st == GLP_OPT || st == GLP_FEAS)) {
        out.feasible = true;
        out.status = st == GLP_OPT ? "optimal" : "feasible (not proven optimal)";
        out.objective = glp_mip_obj_val(lp);
        for (int l = 0; l < L; ++l) {
            int best = 0;
            for (int c = 0; c < C; ++c)
                if (glp_mip_col_val(lp, col(l, c)) > 0.5) best = c;
            out.choice.push_back(best);
        }
    } else if (ret == GLP_ENOPFS || st == GLP_NOFEAS) {
        out.status = "infeasible: no precision assignment meets every budget";
    } else {
        out.status = "GLPK failed (glp_intopt returned " + std::to_string(ret) + ")";
    }
    glp_delete_prob(lp);
    return out;
}

BitAllocation solveBruteForce(const BitAllocationProblem& p) {
    BitAllocation out;
    if (!validShape(p, out.status)) return out;
    const int L = static_cast<int>(p.cost.size()), C = static_cast<int>(p.choices.size());
    if (std::pow(double(C), L) > double(1 << 22)) {
        out.status = "too large to enumerate";
        return out;
    }
    std::vector<int> x(L, 0);
    double best = std::numeric_limits<double>::infinity();
    for (;;) {
        bool ok = true;
        for (auto [a, b] : p.tied) ok = ok && x[a] == x[b];
        for (std::size_t r = 0; ok && r < p.resources.size(); ++r) {
            double use = 0;
            for (int l = 0; l < L; ++l) use += p.resources[r].use[l][x[l]];
            ok = use <= p.resources[r].budget + 1e-9;
        }
        if (ok) {
            double obj = 0;
            for (int l = 0; l < L; ++l) obj += p.cost[l][x[l]];
            if (obj < best) {
                best = obj;
                out.choice = x;
            }
        }
        int l = 0;
        while (l < L && ++x[l] == C) x[l++] = 0;
        if (l == L) break;
    }
    out.feasible = std::isfinite(best);
    out.objective = out.feasible ? best : 0;
    out.status = out.feasible ? "optimal" : "infeasible: no precision assignment meets every budget";
    return out;
}

BitAllocationProblem hawqProblem(const OmegaModel& m, const std::vector<int>& bits, double size_mb, double bops_g,
                                 double latency_ms) {
    BitAllocationProblem p;
    p.choices = bits;
    BitResource size{"size_mb", {}, size_mb}, bops{"bops_g", {}, bops_g}, lat{"latency_ms", {}, latency_ms};
    const auto& data = m.data();
    for (int l = 0; l < static_cast<int>(data.size()); ++l) {
        const HawqLayer& d = data[l];
        std::vector<double> cost, s, o, t;
        for (int b : bits) {
            cost.push_back(m.layerOmega(l, Precision::integer(b)));
            s.push_back(double(d.parameters) * b / 8.0 / (1024.0 * 1024.0));
            o.push_back(double(d.macs) * b * b / 1e9);
            // The notebook measured INT8 and INT4 only; other widths take the nearer measured kernel.
            t.push_back(b <= 4 ? d.latency_int4_ms : d.latency_int8_ms);
        }
        p.cost.push_back(cost);
        size.use.push_back(s);
        bops.use.push_back(o);
        lat.use.push_back(t);
    }
    for (auto* r : {&size, &bops, &lat})
        if (r->budget > 0) p.resources.push_back(*r);
    return p;
}

} // namespace archscape::accuracy
