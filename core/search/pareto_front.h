#pragma once
#include <cstdint>
#include <map>
#include <span>
#include <utility>
#include <vector>

namespace archscape::search {

/// The non-dominated set of points over k objectives, all minimised (negate a maximised one).
/// Updated incrementally as points stream in. A point dominates another when it is no worse in
/// every objective and better in one; points with identical objective vectors do not dominate each
/// other and are all kept, so the front is the same set whatever the insertion order.
/// Two objectives: O(log n + evicted) per insertion (a sorted staircase); more: O(front size).
class ParetoFront {
public:
    explicit ParetoFront(int num_objectives);

    int numObjectives() const { return m_k; }
    /// Inserts point `id`; true when it joins the front. Ids it dominates leave the front and are
    /// appended to `evicted` when given. Points with a NaN objective are ignored.
    bool insert(std::int64_t id, std::span<const double> objectives, std::vector<std::int64_t>* evicted = nullptr);
    /// Ids on the front, ascending.
    std::vector<std::int64_t> ids() const;
    std::size_t size() const;
    bool empty() const { return size() == 0; }

private:
    int m_k;
    // k == 2: (first, second) -> id, a staircase with the second objective decreasing.
    std::multimap<std::pair<double, double>, std::int64_t> m_stairs;
    // k != 2: flat list of (objectives, id).
    std::vector<std::pair<std::vector<double>, std::int64_t>> m_points;
};

/// Whether a dominates b (both minimised).
bool dominates(std::span<const double> a, std::span<const double> b);

/// Indices of the non-dominated rows of `points` (each of the same length), ascending.
/// Two objectives: sort and sweep, O(n log n); otherwise incremental.
std::vector<std::size_t> paretoIndices(const std::vector<std::vector<double>>& points);

} // namespace archscape::search
