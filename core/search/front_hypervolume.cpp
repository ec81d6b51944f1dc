#include "search/front_hypervolume.h"

#include "search/hypervolume.h"

namespace archscape::search {

std::vector<double> hypervolumeObjectives(const PointResult& p, const std::vector<Metric>& objectives) {
    std::vector<double> v;
    v.reserve(objectives.size());
    for (Metric m : objectives) v.push_back(m == Metric::Accuracy ? 100.0 - p.metric(m) : p.metric(m));
    return v;
}

std::vector<std::vector<double>> frontObjectives(const ExploreResult& result, const std::vector<Metric>& objectives) {
    std::vector<std::vector<double>> out;
    for (std::int64_t index : result.front) {
        const PointResult* p = result.find(index);
        if (p) out.push_back(hypervolumeObjectives(*p, objectives));
    }
    return out;
}

FrontHypervolume frontHypervolume(const ExploreResult& result, const std::vector<Metric>& objectives,
                                  const std::vector<double>& reference) {
    return {hypervolume(frontObjectives(result, objectives), reference), reference};
}

FrontHypervolume frontHypervolume(const ExploreResult& result, const std::vector<Metric>& objectives, double factor) {
    const auto pts = frontObjectives(result, objectives);
    const auto ref = scaledReference(pts, factor);
    return {hypervolume(pts, ref), ref};
}

} // namespace archscape::search
