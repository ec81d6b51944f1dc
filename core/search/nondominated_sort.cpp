#include "search/nondominated_sort.h"

#include <algorithm>
#include <limits>
#include <numeric>

#include "search/pareto_front.h"

namespace archscape::search {

std::vector<int> nondominatedRanks(const std::vector<std::vector<double>>& rows) {
    const std::size_t n = rows.size();
    std::vector<int> rank(n, 0), dominators(n, 0);
    std::vector<std::vector<std::size_t>> dominated(n);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = i + 1; j < n; ++j) {
            if (dominates(rows[i], rows[j])) {
                dominated[i].push_back(j);
                ++dominators[j];
            } else if (dominates(rows[j], rows[i])) {
                dominated[j].push_back(i);
                ++dominators[i];
            }
        }
    std::vector<std::size_t> current;
    for (std::size_t i = 0; i < n; ++i)
        if (dominators[i] == 0) current.push_back(i);
    for (int r = 0; !current.empty(); ++r) {
        std::vector<std::size_t> next;
        for (std::size_t i : current) {
            rank[i] = r;
            for (std::size_t j : dominated[i])
                if (--dominators[j] == 0) next.push_back(j);
        }
        current = std::move(next);
    }
    return rank;
}

std::vector<double> crowdingDistances(const std::vector<std::vector<double>>& rows,
                                      const std::vector<std::size_t>& members) {
    const std::size_t n = members.size();
    std::vector<double> d(n, 0.0);
    if (n == 0) return d;
    const std::size_t m = rows[members.front()].size();
    std::vector<std::size_t> order(n);
    for (std::size_t k = 0; k < m; ++k) {
        std::iota(order.begin(), order.end(), std::size_t(0));
        // Ties by position keep the distances independent of the sort's implementation.
        std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
            const double x = rows[members[a]][k], y = rows[members[b]][k];
            return x < y || (x == y && a < b);
        });
        const double lo = rows[members[order.front()]][k], hi = rows[members[order.back()]][k];
        d[order.front()] = d[order.back()] = std::numeric_limits<double>::infinity();
        if (!(hi > lo)) continue;
        for (std::size_t i = 1; i + 1 < n; ++i)
            d[order[i]] += (rows[members[order[i + 1]]][k] - rows[members[order[i - 1]]][k]) / (hi - lo);
    }
    return d;
}

} // namespace archscape::search
