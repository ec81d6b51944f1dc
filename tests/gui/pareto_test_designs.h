#pragma once
// Random explored designs and the Pareto front by definition, for the chart and panel tests.
#include <algorithm>
#include <random>
#include <vector>

#include "search/evaluated_design.h"

namespace archscape::test {

/// n random designs; every 7th invalid; accuracy set only when `withAccuracy`.
inline std::vector<search::EvaluatedDesign> randomDesigns(int n, bool withAccuracy, unsigned seed) {
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> grid(1, 12); // coarse values: ties and duplicates occur
    std::vector<search::EvaluatedDesign> designs(n);
    for (int i = 0; i < n; ++i) {
        auto& d = designs[i];
        d.valid = i % 7 != 3;
        d.accelerator.clock_mhz = 1000;
        d.cycles = 1e5 * grid(rng);
        d.energy_pj = 1e8 * grid(rng);
        d.area_um2 = 1e6 * grid(rng);
        if (withAccuracy) d.accuracy_pct = 60 + grid(rng);
    }
    return designs;
}

/// The front by definition: a valid design no other valid design dominates (no worse in both
/// objectives, better in one; accuracy counts as better when larger). O(n^2), independent of the
/// chart's incremental staircase.
inline std::vector<int> bruteForceFront(const std::vector<search::EvaluatedDesign>& designs, search::Metric x,
                                        search::Metric y) {
    auto key = [](const search::EvaluatedDesign& d, search::Metric m) {
        return search::isMaximised(m) ? -d.metric(m) : d.metric(m);
    };
    std::vector<int> front;
    for (int i = 0; i < int(designs.size()); ++i) {
        if (!designs[i].valid) continue;
        bool dominated = false;
        for (int j = 0; j < int(designs.size()) && !dominated; ++j) {
            if (!designs[j].valid || j == i) continue;
            const double xi = key(designs[i], x), yi = key(designs[i], y);
            const double xj = key(designs[j], x), yj = key(designs[j], y);
            dominated = xj <= xi && yj <= yi && (xj < xi || yj < yi);
        }
        if (!dominated) front.push_back(i);
    }
    return front;
}

inline std::vector<int> sorted(std::vector<int> v) {
    std::sort(v.begin(), v.end());
    return v;
}

} // namespace archscape::test
