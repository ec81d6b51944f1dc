#include "mapping/mapping.h"

namespace archscape::mapping {

std::int64_t Mapping::paddedBound(Dim d) const {
    std::int64_t p = std::int64_t(spatial_x[d]) * spatial_y[d];
    for (int i = 0; i < num_levels; ++i) p *= levels[i].factors[d];
    return p;
}

std::int64_t Mapping::spatialProduct() const { return spatialX() * spatialY(); }

} // namespace archscape::mapping
