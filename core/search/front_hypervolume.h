#pragma once
#include <vector>

#include "search/explorer.h"
#include "search/metric.h"

namespace archscape::search {

/// The hypervolume of an exploration's front and the reference point it was measured against.
struct FrontHypervolume {
    double value = 0;
    std::vector<double> reference; ///< per objective, in the objective's unit (accuracy: top-1 error, %)
};

/// One point's objective vector as the hypervolume measures it: every objective minimised,
/// accuracy as the top-1 error (100 - top-1 %), the other metrics as PointResult::metric.
std::vector<double> hypervolumeObjectives(const PointResult& point, const std::vector<Metric>& objectives);

/// The front points' objective vectors, every objective minimised: accuracy becomes the top-1
/// error (100 - top-1 %), the other metrics are PointResult::metric.
std::vector<std::vector<double>> frontObjectives(const ExploreResult& result, const std::vector<Metric>& objectives);

/// The front's hypervolume against `reference` (e.g. a full sweep's, to compare strategies).
FrontHypervolume frontHypervolume(const ExploreResult& result, const std::vector<Metric>& objectives,
                                  const std::vector<double>& reference);
/// The same against `factor` x the front's own worst value per objective.
FrontHypervolume frontHypervolume(const ExploreResult& result, const std::vector<Metric>& objectives,
                                  double factor = 1.1);

} // namespace archscape::search
