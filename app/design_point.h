#pragma once
#include <limits>

#include "hardware/accelerator.h"
#include "mapper_settings.h"

namespace archscape::app {

/// One evaluated design: the inputs that produced it and its whole-network totals.
struct DesignPoint {
    hardware::Accelerator accelerator;
    MapperSettings mapper;
    bool valid = false;       ///< every layer found a mapping
    double cycles = 0;
    double energy_pj = 0;
    double area_um2 = 0;
    /// Predicted top-1 accuracy (%) from the space's accuracy model; NaN when the space has none.
    double accuracy_pct = std::numeric_limits<double>::quiet_NaN();

    double latencyS() const { return cycles / (accelerator.clock_mhz * 1e6); }
    double energyJ() const { return energy_pj * 1e-12; }
    double powerW() const { return cycles > 0 ? energyJ() / latencyS() : 0.0; }
    double edpJs() const { return energyJ() * latencyS(); }
    double areaMm2() const { return area_um2 * 1e-6; }
};

} // namespace archscape::app
