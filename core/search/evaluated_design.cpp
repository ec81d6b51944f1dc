#include "search/evaluated_design.h"

namespace archscape::search {

double EvaluatedDesign::metric(Metric m) const {
    switch (m) {
    case Metric::Latency: return latencyS();
    case Metric::Energy: return energyJ();
    case Metric::Edp: return edpJs();
    case Metric::Area: return areaMm2();
    case Metric::Power: return powerW();
    case Metric::Accuracy: return accuracy_pct;
    }
    return 0;
}

} // namespace archscape::search
