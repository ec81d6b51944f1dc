#pragma once
// A partition of the current workload over a device set (issue 13), as the Session computed it off the
// UI thread for the device view and the report.
#include <memory>
#include <string>
#include <vector>

#include "schedule/partition_problem.h"
#include "schedule/partition_solver.h"
#include "workload/network.h"

namespace archscape::app {

struct PartitionOutcome {
    std::string devices_name;                         ///< the device set's name
    std::string devices_file;                         ///< the file it came from
    std::shared_ptr<const workload::Network> network; ///< the workload that was partitioned
    schedule::PartitionProblem problem;
    schedule::PartitionResult result;
    /// Per device: every layer on it alone (infeasible ones say why), the reference of the gain.
    std::vector<schedule::Partition> single_device;
};

} // namespace archscape::app
