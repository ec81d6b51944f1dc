#include "schedule/split_refinement.h"

#include "schedule/partition.h"

namespace archscape::schedule {

double refineSplits(const PartitionProblem& p, std::vector<int>& a, std::stop_token stop) {
    PartitionEvaluator eval(p);
    double value = eval(a);
    if (p.split == SplitMode::None || p.numNodes() > kSplitPassNodes) return value;
    const int n = p.numNodes(), D = p.numDevices(), split = p.splitValue();
    for (int round = 0; round < 8 && !stop.stop_requested(); ++round) {
        bool improved = false;
        for (int v = 0; v < n; ++v) {
            if (!p.splittable(v)) continue;
            const int own = a[v];
            for (int choice = 0; choice <= D; ++choice) {
                // A node not split tries the split; a split node tries every single device.
                if (choice == own || (own != split && choice != split)) continue;
                a[v] = choice;
                const double x = eval(a, value);
                if (x < value * (1 - 1e-12)) {
                    value = x;
                    improved = true;
                    break;
                }
                a[v] = own;
            }
        }
        if (!improved) break;
    }
    return value;
}

} // namespace archscape::schedule
