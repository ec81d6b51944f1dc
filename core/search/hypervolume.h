#pragma once
#include <vector>

namespace archscape::search {

/// The hypervolume of a set of points (every objective minimised): the measure of the region
/// dominated by at least one point and bounded by `reference` (points not strictly better than the
/// reference in every objective add nothing). Exact, by slicing along the last objective (HSO,
/// While et al., IEEE TEC 2006) down to a sweep in two dimensions: O(n^(d-1) log n), meant for
/// fronts of up to a few thousand points in two to four objectives. Dominated and repeated points
/// do not change it. Every point must have reference.size() coordinates.
double hypervolume(const std::vector<std::vector<double>>& points, const std::vector<double>& reference);

/// The reference point the explorer reports against: `factor` (1.1 by default) times the worst value
/// of each objective over `points` (all objectives positive).
std::vector<double> scaledReference(const std::vector<std::vector<double>>& points, double factor = 1.1);

} // namespace archscape::search
