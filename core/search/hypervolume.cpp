#include "search/hypervolume.h"

#include <algorithm>

namespace archscape::search {

namespace {

/// Points as pointers into the caller's storage; `dims` leading coordinates are used.
double slice(std::vector<const double*> pts, const std::vector<double>& ref, int dims) {
    if (pts.empty()) return 0;
    const int last = dims - 1;
    if (dims == 1) {
        double best = ref[0];
        for (const double* p : pts) best = std::min(best, p[0]);
        return ref[0] - best;
    }
    std::sort(pts.begin(), pts.end(), [&](const double* a, const double* b) { return a[last] < b[last]; });
    if (dims == 2) {
        // Sweep along y: the x extent dominated so far only grows.
        double area = 0, minX = ref[0];
        for (std::size_t i = 0; i < pts.size(); ++i) {
            minX = std::min(minX, pts[i][0]);
            const double nextY = i + 1 < pts.size() ? pts[i + 1][last] : ref[last];
            area += (ref[0] - minX) * (nextY - pts[i][last]);
        }
        return area;
    }
    double volume = 0;
    std::vector<const double*> prefix;
    prefix.reserve(pts.size());
    for (std::size_t i = 0; i < pts.size(); ++i) {
        prefix.push_back(pts[i]);
        const double nextZ = i + 1 < pts.size() ? pts[i + 1][last] : ref[last];
        const double height = nextZ - pts[i][last];
        if (height > 0) volume += height * slice(prefix, ref, dims - 1);
    }
    return volume;
}

} // namespace

double hypervolume(const std::vector<std::vector<double>>& points, const std::vector<double>& reference) {
    const int dims = static_cast<int>(reference.size());
    if (dims == 0) return 0;
    std::vector<const double*> inside;
    for (const auto& p : points) {
        bool better = static_cast<int>(p.size()) == dims;
        for (int k = 0; better && k < dims; ++k) better = p[k] < reference[k];
        if (better) inside.push_back(p.data());
    }
    return slice(std::move(inside), reference, dims);
}

std::vector<double> scaledReference(const std::vector<std::vector<double>>& points, double factor) {
    std::vector<double> ref;
    for (const auto& p : points) {
        if (ref.empty()) ref.assign(p.size(), 0.0);
        for (std::size_t k = 0; k < p.size() && k < ref.size(); ++k) ref[k] = std::max(ref[k], p[k]);
    }
    for (double& r : ref) r *= factor;
    return ref;
}

} // namespace archscape::search
