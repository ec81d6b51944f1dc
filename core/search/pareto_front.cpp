#include "search/pareto_front.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace archscape::search {

bool dominates(std::span<const double> a, std::span<const double> b) {
    bool strictly = false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i] > b[i]) return false;
        if (a[i] < b[i]) strictly = true;
    }
    return strictly;
}

ParetoFront::ParetoFront(int num_objectives) : m_k(num_objectives) {}

std::size_t ParetoFront::size() const { return m_k == 2 ? m_stairs.size() : m_points.size(); }

bool ParetoFront::insert(std::int64_t id, std::span<const double> x, std::vector<std::int64_t>* evicted) {
    if (static_cast<int>(x.size()) != m_k) return false;
    for (double v : x)
        if (std::isnan(v)) return false;
    if (m_k == 2) {
        const std::pair<double, double> key{x[0], x[1]};
        // The staircase point with the largest first objective <= x[0] has the smallest second one
        // among all such points: it alone decides whether x is dominated.
        auto it = m_stairs.upper_bound({x[0], std::numeric_limits<double>::infinity()});
        if (it != m_stairs.begin()) {
            const auto& prev = std::prev(it)->first;
            if (prev != key && prev.second <= x[1]) return false;
        }
        // Points with first >= x[0] and second >= x[1] (not equal to x) are now dominated; along
        // the staircase their second objective decreases, so they form one run.
        auto lo = m_stairs.lower_bound(key);
        while (lo != m_stairs.end() && lo->first == key) ++lo;
        while (lo != m_stairs.end() && lo->first.second >= x[1]) {
            if (evicted) evicted->push_back(lo->second);
            lo = m_stairs.erase(lo);
        }
        m_stairs.emplace(key, id);
        return true;
    }
    for (const auto& p : m_points)
        if (dominates(p.first, x)) return false;
    auto keep = std::remove_if(m_points.begin(), m_points.end(), [&](const auto& p) {
        if (!dominates(x, p.first)) return false;
        if (evicted) evicted->push_back(p.second);
        return true;
    });
    m_points.erase(keep, m_points.end());
    m_points.emplace_back(std::vector<double>(x.begin(), x.end()), id);
    return true;
}

std::vector<std::int64_t> ParetoFront::ids() const {
    std::vector<std::int64_t> r;
    r.reserve(size());
    if (m_k == 2)
        for (const auto& [key, id] : m_stairs) r.push_back(id);
    else
        for (const auto& p : m_points) r.push_back(p.second);
    std::sort(r.begin(), r.end());
    return r;
}

std::vector<std::size_t> paretoIndices(const std::vector<std::vector<double>>& points) {
    std::vector<std::size_t> out;
    if (points.empty()) return out;
    const std::size_t k = points.front().size();
    if (k != 2) {
        ParetoFront f(static_cast<int>(k));
        for (std::size_t i = 0; i < points.size(); ++i) f.insert(static_cast<std::int64_t>(i), points[i]);
        for (auto id : f.ids()) out.push_back(static_cast<std::size_t>(id));
        return out;
    }
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < points.size(); ++i)
        if (!std::isnan(points[i][0]) && !std::isnan(points[i][1])) order.push_back(i);
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return points[a] < points[b] || (points[a] == points[b] && a < b); });
    // Sweep by increasing first objective: a point survives when its second objective beats every
    // earlier one, or when it duplicates the last survivor exactly.
    const std::vector<double>* last = nullptr;
    for (std::size_t i : order) {
        const auto& p = points[i];
        if (!last || p[1] < (*last)[1] || p == *last) {
            out.push_back(i);
            last = &p;
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace archscape::search
