#include "search/nsga2_strategy.h"

#include <algorithm>
#include <cmath>

#include "search/hypervolume.h"
#include "search/nondominated_sort.h"

namespace archscape::search {

Nsga2Strategy::Nsga2Strategy(const DesignSpace& space, std::vector<Metric> objectives, std::int64_t budget,
                             int population, std::uint64_t seed, std::shared_ptr<SeenPoints> seen)
    : EvolutionaryStrategy(space, std::move(objectives), budget,
                           population > 0 ? population : defaultPopulation(budget), mixSeed(seed, 0x4E5347),
                           std::move(seen)) {}

std::vector<std::size_t> truncatedByHypervolume(const std::vector<std::vector<double>>& rows,
                                                const std::vector<std::size_t>& front, std::size_t keep) {
    std::vector<std::size_t> alive = front, removed;
    if (alive.size() <= keep) return removed;
    const std::size_t d = alive.empty() ? 0 : rows[alive.front()].size();
    const double n = static_cast<double>(alive.size());
    // Each removal measures every member's contribution, n hypervolumes of ~n^(d-1) each.
    const bool affordable = std::pow(n, static_cast<double>(d)) * (n - static_cast<double>(keep)) <= 5e8;
    if (!affordable) {
        const auto crowding = crowdingDistances(rows, alive);
        std::vector<std::size_t> order(alive.size());
        for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
        std::stable_sort(order.begin(), order.end(),
                         [&](std::size_t a, std::size_t b) { return crowding[a] > crowding[b]; });
        for (std::size_t i = keep; i < order.size(); ++i) removed.push_back(alive[order[i]]);
        return removed;
    }
    std::vector<std::vector<double>> points;
    for (std::size_t f : alive) points.push_back(rows[f]);
    // A fixed reference (1.1 x the whole front's worst), so the extremes keep a contribution.
    const std::vector<double> reference = scaledReference(points);
    std::vector<std::vector<double>> without;
    while (points.size() > keep) {
        const double all = hypervolume(points, reference);
        std::size_t least = 0;
        double leastValue = INFINITY;
        for (std::size_t i = 0; i < points.size(); ++i) {
            without.assign(points.begin(), points.end());
            without.erase(without.begin() + static_cast<std::ptrdiff_t>(i));
            const double c = all - hypervolume(without, reference);
            if (c < leastValue) leastValue = c, least = i; // ties: the first in front order
        }
        removed.push_back(alive[least]);
        alive.erase(alive.begin() + static_cast<std::ptrdiff_t>(least));
        points.erase(points.begin() + static_cast<std::ptrdiff_t>(least));
    }
    return removed;
}

int Nsga2Strategy::defaultPopulation(std::int64_t budget) {
    return static_cast<int>(std::clamp<std::int64_t>(budget / 20, 8, 100));
}

void Nsga2Strategy::select(std::vector<Individual>& members, std::size_t keep) const {
    // Feasible members by non-dominated fronts, then infeasible ones by violation.
    std::vector<std::size_t> feasible, infeasible;
    for (std::size_t i = 0; i < members.size(); ++i) (members[i].feasible ? feasible : infeasible).push_back(i);
    std::vector<std::vector<double>> rows;
    for (std::size_t i : feasible) rows.push_back(members[i].objectives);
    const std::vector<int> ranks = nondominatedRanks(rows);
    int fronts = 0;
    for (std::size_t f = 0; f < feasible.size(); ++f) {
        members[feasible[f]].rank = ranks[f];
        fronts = std::max(fronts, ranks[f] + 1);
    }
    std::vector<std::vector<std::size_t>> byFront(fronts);
    for (std::size_t f = 0; f < feasible.size(); ++f) byFront[ranks[f]].push_back(f);
    for (const auto& front : byFront) {
        const auto d = crowdingDistances(rows, front);
        for (std::size_t i = 0; i < front.size(); ++i) members[feasible[front[i]]].crowding = d[i];
    }
    std::sort(infeasible.begin(), infeasible.end(), [&](std::size_t a, std::size_t b) {
        return members[a].violation < members[b].violation ||
               (members[a].violation == members[b].violation && members[a].index < members[b].index);
    });
    for (std::size_t i = 0; i < infeasible.size(); ++i) {
        members[infeasible[i]].rank = fronts + static_cast<int>(i);
        members[infeasible[i]].crowding = 0;
    }
    // The front that does not fit whole: members leave by least hypervolume contribution.
    std::size_t filled = 0;
    for (const auto& front : byFront) {
        if (filled < keep && filled + front.size() > keep) {
            // Ranked behind every feasible front: cut below with everything after them.
            for (std::size_t f : truncatedByHypervolume(rows, front, keep - filled)) members[feasible[f]].rank = fronts;
        }
        filled += front.size();
    }
    std::sort(members.begin(), members.end(), before);
    if (members.size() > keep) members.resize(keep);
}

} // namespace archscape::search
