#include "schedule/evaluate_network.h"

#include "model/evaluate_layer.h"
#include "schedule/sequential_schedule.h"

namespace archscape::schedule {

model::NetworkCost evaluateNetwork(const workload::Network& net, const hardware::Accelerator& acc,
                                   const model::MappingChooser& choose, const model::SystolicOptions& systolic) {
    return sequentialSchedule(model::evaluateLayers(net, acc, choose, systolic), acc);
}

} // namespace archscape::schedule
