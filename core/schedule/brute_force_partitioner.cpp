#include "schedule/brute_force_partitioner.h"

#include <cmath>

#include "schedule/device_symmetry.h"
#include "schedule/partition.h"

namespace archscape::schedule {

std::vector<int> bruteForceAssignment(const PartitionProblem& p) {
    const int n = p.numNodes(), D = p.numDevices();
    // With splitting a node has one more choice, splitValue() = D.
    const int choices = D + (p.split != SplitMode::None ? 1 : 0);
    if (std::pow(double(choices), n) > double(1 << 24)) return {};
    const std::vector<int> classes = deviceClasses(p);
    PartitionEvaluator eval(p);
    std::vector<int> a(n, 0), best;
    double best_value = kNoLimit;
    for (;;) {
        if (p.split != SplitMode::None || isCanonical(a, classes)) {
            const double v = eval(a);
            if (v < best_value) {
                best_value = v;
                best = a;
            }
        }
        int l = 0;
        while (l < n && ++a[l] == choices) a[l++] = 0;
        if (l == n) break;
    }
    return best;
}

} // namespace archscape::schedule
