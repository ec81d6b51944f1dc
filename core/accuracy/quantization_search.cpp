#include "accuracy/quantization_search.h"

#include <algorithm>
#include <random>

#include "accuracy/precision_cost.h"
#include "common/format_number.h"
#include "hardware/technology.h"

namespace archscape::accuracy {

namespace {
std::string pct(double v) { return formatNumber(v, "%.2f%%"); }
} // namespace

ProposalResult proposeAssignments(const AccuracyModel& model, const ProposalOptions& opt) {
    ProposalResult out;
    const int L = static_cast<int>(model.layers().layers.size());
    const int C = static_cast<int>(opt.choices.size());
    if (L == 0 || C == 0) {
        out.message = "nothing to search: the model has no layers or no precision choices were given";
        return out;
    }
    auto meets = [&](const AccuracyPrediction& p) { return p.top1 - opt.sigmas * p.uncertainty >= opt.target_top1; };
    auto make = [&](const std::vector<int>& idx) {
        PrecisionAssignment a;
        for (int c : idx) a.layers.push_back({opt.choices[c], opt.choices[c]});
        return a;
    };
    const auto top = model.predict(make(std::vector<int>(L, 0)));
    ++out.evaluations;
    if (opt.target_top1 > model.baselineTop1() || !meets(top)) {
        out.unreachable = true;
        out.message = "unreachable: target " + pct(opt.target_top1) + " is above the FP32 baseline " +
                      pct(model.baselineTop1()) + " or what all-" + archscape::toString(opt.choices[0]) + " reaches (" +
                      pct(top.top1) + ")";
        return out;
    }
    std::mt19937 rng(opt.seed);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    double u_max = 1.0;
    int failures = 0;
    std::vector<std::vector<int>> seen;
    while (static_cast<int>(out.proposals.size()) < opt.count && out.evaluations < opt.max_evaluations) {
        const double u = unit(rng) * u_max;
        std::vector<int> idx(L, 0);
        for (int l = 0; l < L; ++l)
            if (C > 1 && unit(rng) < u) idx[l] = 1 + static_cast<int>(unit(rng) * (C - 1)) % (C - 1);
        AccuracyPrediction p = model.predict(make(idx));
        ++out.evaluations;
        if (!meets(p)) {
            if (++failures >= 8) {
                u_max = std::max(u_max * 0.5, 1.0 / L);
                failures = 0;
            }
            continue;
        }
        failures = 0;
        // Push to the boundary: one step cheaper per layer, in random order, while the target holds.
        std::vector<int> order(L);
        for (int l = 0; l < L; ++l) order[l] = l;
        std::shuffle(order.begin(), order.end(), rng);
        for (int l : order) {
            if (idx[l] + 1 >= C || out.evaluations >= opt.max_evaluations) continue;
            ++idx[l];
            const AccuracyPrediction q = model.predict(make(idx));
            ++out.evaluations;
            if (meets(q)) p = q;
            else --idx[l];
        }
        if (std::find(seen.begin(), seen.end(), idx) != seen.end()) continue;
        seen.push_back(idx);
        out.proposals.push_back({make(idx), p});
    }
    out.message = std::to_string(out.proposals.size()) + " distinct assignments meet " + pct(opt.target_top1) + " (" +
                  std::to_string(out.evaluations) + " model evaluations)";
    return out;
}

std::vector<PricedProposal> selectUnderBudget(const std::vector<Proposal>& proposals, const AccuracyModel& model,
                                              const workload::Network& net, const hardware::Accelerator& acc,
                                              const NetworkPricer& price, const HardwareBudget& budget) {
    std::vector<PricedProposal> out;
    const auto match = matchLayers(model.layers(), net);
    if (!match) return out;
    using workload::Operand;
    const LayerPrecision native{acc.precision[Operand::Weight], acc.precision[Operand::Input]};
    for (const auto& prop : proposals) {
        PricedProposal pp;
        pp.proposal = prop;
        pp.network_assignment.layers.assign(net.layers.size(), native);
        for (std::size_t i = 0; i < match->size() && i < prop.assignment.layers.size(); ++i)
            pp.network_assignment.layers[(*match)[i]] = prop.assignment.layers[i];
        const model::NetworkCost c = evaluateWithPrecision(net, acc, pp.network_assignment, price);
        pp.mapped = c.valid();
        pp.latency_s = c.latencySeconds(acc.clock_mhz);
        pp.energy_j = c.energy_pj * 1e-12;
        pp.area_mm2 = c.area_um2 * 1e-6;
        pp.weight_mb = weightBytes(net, pp.network_assignment) / (1024.0 * 1024.0);
        pp.within_budget = pp.mapped && (budget.latency_s <= 0 || pp.latency_s <= budget.latency_s) &&
                           (budget.energy_j <= 0 || pp.energy_j <= budget.energy_j) &&
                           (budget.area_mm2 <= 0 || pp.area_mm2 <= budget.area_mm2) &&
                           (budget.weight_mb <= 0 || pp.weight_mb <= budget.weight_mb);
        out.push_back(std::move(pp));
    }
    std::stable_sort(out.begin(), out.end(), [](const PricedProposal& a, const PricedProposal& b) {
        if (a.within_budget != b.within_budget) return a.within_budget;
        return a.energy_j < b.energy_j;
    });
    return out;
}

} // namespace archscape::accuracy
