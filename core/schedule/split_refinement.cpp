#include "schedule/split_refinement.h"

#include "schedule/partition.h"

namespace archscape::schedule {

namespace {

// One node at a time: split it, or put a split node back on each single device; also split it with every
// splittable neighbour, since a batch-split chain pays no transfer inside while one split node pays a
// scatter and a gather. Keeps each change that lowers the objective, until a round keeps none.
double descend(const PartitionProblem& p, std::vector<int>& a, PartitionEvaluator& eval, std::stop_token stop) {
    const int n = p.numNodes(), D = p.numDevices(), split = p.splitValue();
    std::vector<std::vector<int>> neighbours(n);
    for (const PartitionEdge& e : p.edges) {
        neighbours[e.from].push_back(e.to);
        neighbours[e.to].push_back(e.from);
    }
    double value = eval(a);
    std::vector<int> trial;
    for (int round = 0; round < 8 && !stop.stop_requested(); ++round) {
        bool improved = false;
        for (int v = 0; v < n; ++v) {
            if (!p.splittable(v)) continue;
            const int own = a[v];
            for (int choice = 0; choice <= D; ++choice) {
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
            trial = a;
            trial[v] = split;
            for (int w : neighbours[v])
                if (p.splittable(w)) trial[w] = split;
            if (trial != a) {
                const double x = eval(trial, value);
                if (x < value * (1 - 1e-12)) {
                    value = x;
                    a = trial;
                    improved = true;
                }
            }
        }
        if (!improved) break;
    }
    return value;
}

} // namespace

double refineSplits(const PartitionProblem& p, std::vector<int>& a, std::stop_token stop) {
    PartitionEvaluator eval(p);
    if (p.split == SplitMode::None || p.numNodes() > kSplitPassNodes) return eval(a);
    // From the given assignment, and from every splittable node split (the descent then puts nodes back).
    std::vector<int> all = a;
    for (int v = 0; v < p.numNodes(); ++v)
        if (p.splittable(v)) all[v] = p.splitValue();
    const double from_a = descend(p, a, eval, stop);
    const double from_all = descend(p, all, eval, stop);
    if (from_all < from_a * (1 - 1e-12)) {
        a = all;
        return from_all;
    }
    return from_a;
}

} // namespace archscape::schedule
