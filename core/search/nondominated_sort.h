#pragma once
#include <cstddef>
#include <vector>

namespace archscape::search {

/// NSGA-II's fast non-dominated sort (Deb et al., IEEE TEC 2002): the front number of every row
/// (0: not dominated by any row; k: dominated only by rows of fronts < k), every objective
/// minimised, dominance as search::dominates. O(M N^2) for N rows of M objectives.
std::vector<int> nondominatedRanks(const std::vector<std::vector<double>>& rows);

/// NSGA-II's crowding distance of the rows `members` (one front) among themselves, in the order of
/// `members`: per objective, the two extreme rows get infinity and the others the gap between
/// their neighbours divided by the objective's range (nothing when the range is zero); summed
/// over objectives. Ties are ordered by position in `members`.
std::vector<double> crowdingDistances(const std::vector<std::vector<double>>& rows,
                                      const std::vector<std::size_t>& members);

} // namespace archscape::search
