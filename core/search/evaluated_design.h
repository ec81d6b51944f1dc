#pragma once
#include <limits>
#include <memory>

#include "hardware/accelerator.h"
#include "search/design_evaluation.h"
#include "search/metric.h"
#include "workload/network.h"

namespace archscape::search {

/// One evaluated design: the inputs that produced it and its whole-network totals (what the GUI's
/// Pareto chart plots and a project file stores for every explored design).
struct EvaluatedDesign {
    hardware::Accelerator accelerator;
    EvaluationPolicy mapper;
    /// The workload at this design's per-layer precisions (a quantization axis value), shared by every
    /// design with that value; null = the workload as loaded.
    std::shared_ptr<const workload::Network> network;
    bool valid = false; ///< every layer found a mapping
    double cycles = 0;
    double energy_pj = 0;
    double area_um2 = 0;
    /// Predicted top-1 accuracy (%) from the space's accuracy model; NaN when the space has none.
    double accuracy_pct = std::numeric_limits<double>::quiet_NaN();

    /// Seconds at the accelerator's clock.
    double latencyS() const { return cycles / (accelerator.clock_mhz * 1e6); }
    double energyJ() const { return energy_pj * 1e-12; }
    /// Average power (W): energy over latency, 0 for a design that takes no cycles.
    double powerW() const { return cycles > 0 ? energyJ() / latencyS() : 0.0; }
    /// Energy-delay product (J·s).
    double edpJs() const { return energyJ() * latencyS(); }
    double areaMm2() const { return area_um2 * 1e-6; }
    /// The design's value of `m` in the unit of unitOf(m) (accuracy: top-1 %, NaN without a model;
    /// FPGA utilisations: NaN for designs not of kind fpga).
    double metric(Metric m) const;
};

} // namespace archscape::search
