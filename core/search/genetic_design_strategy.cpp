#include "search/genetic_design_strategy.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace archscape::search {

GeneticDesignStrategy::GeneticDesignStrategy(const DesignSpace& space, std::vector<Metric> objectives,
                                             std::int64_t budget, int population, std::uint64_t seed,
                                             std::shared_ptr<SeenPoints> seen)
    : EvolutionaryStrategy(space, std::move(objectives), budget,
                           population > 0 ? population : defaultPopulation(budget), mixSeed(seed, 0x47454E),
                           std::move(seen)) {}

int GeneticDesignStrategy::defaultPopulation(std::int64_t budget) {
    return static_cast<int>(std::clamp<std::int64_t>(budget / 10, 8, 64));
}

double GeneticDesignStrategy::scalarFitness(const std::vector<double>& objectives, const std::vector<Metric>& metrics) {
    double sum = 0;
    for (std::size_t i = 0; i < objectives.size() && i < metrics.size(); ++i) {
        const double v = metrics[i] == Metric::Accuracy ? 100.0 + objectives[i] : objectives[i];
        // A zero objective (a design of no area?) is the best there is; log keeps the order.
        sum += v > 0 ? std::log(v) : -std::numeric_limits<double>::infinity();
    }
    return sum;
}

void GeneticDesignStrategy::select(std::vector<Individual>& members, std::size_t keep) const {
    std::vector<std::pair<double, std::size_t>> order; // (key, member): feasible by fitness, then by violation
    std::vector<std::size_t> infeasible;
    for (std::size_t i = 0; i < members.size(); ++i) {
        if (members[i].feasible) order.emplace_back(scalarFitness(members[i].objectives, objectives()), i);
        else infeasible.push_back(i);
    }
    auto byKey = [&](const std::pair<double, std::size_t>& a, const std::pair<double, std::size_t>& b) {
        if (a.first != b.first) return a.first < b.first;
        return members[a.second].index < members[b.second].index;
    };
    std::sort(order.begin(), order.end(), byKey);
    std::vector<std::pair<double, std::size_t>> bad;
    for (std::size_t i : infeasible) bad.emplace_back(members[i].violation, i);
    std::sort(bad.begin(), bad.end(), byKey);
    order.insert(order.end(), bad.begin(), bad.end());
    std::vector<Individual> sorted;
    sorted.reserve(std::min(keep, order.size()));
    for (std::size_t r = 0; r < order.size() && r < keep; ++r) {
        Individual& m = members[order[r].second];
        m.rank = static_cast<int>(r);
        m.crowding = 0;
        sorted.push_back(std::move(m));
    }
    members = std::move(sorted);
}

} // namespace archscape::search
