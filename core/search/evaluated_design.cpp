#include "search/evaluated_design.h"

#include "hardware/fpga_resources.h"

namespace archscape::search {

double EvaluatedDesign::metric(Metric m) const {
    switch (m) {
    case Metric::Latency: return latencyS();
    case Metric::Energy: return energyJ();
    case Metric::Edp: return edpJs();
    case Metric::Area: return areaMm2();
    case Metric::Power: return powerW();
    case Metric::Accuracy: return accuracy_pct;
    case Metric::DspUse:
    case Metric::BramUse:
    case Metric::AlmUse: return hardware::fpgaUtilizationPercent(accelerator, *fpgaResourceOf(m));
    }
    return 0;
}

} // namespace archscape::search
