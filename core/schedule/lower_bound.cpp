#include "schedule/lower_bound.h"

#include "schedule/system_schedule.h"

#include <algorithm>
#include <limits>
#include <vector>

namespace archscape::schedule {

double LowerBound::cycles() const { return std::max({critical_path_cycles, work_cycles, bandwidth_cycles}); }

LowerBound lowerBound(const ScheduleProblem& p) {
    LowerBound b;
    const int n = int(p.tasks.size());
    std::vector<double> finish(n, 0.0);
    double work = 0, bytes = 0;
    for (int t = 0; t < n; ++t) {
        const ScheduleTask& task = p.tasks[t];
        double start = 0;
        for (int q : task.preds) start = std::max(start, finish[q]);
        if (!task.runnable) {
            finish[t] = start;
            continue;
        }
        double c = std::numeric_limits<double>::infinity(), d = c;
        for (const UnitCost& uc : task.costs)
            if (uc.mapped) {
                c = std::min(c, uc.cycles);
                d = std::min(d, demandOf(uc, p.dram_bandwidth_bytes_per_cycle) * uc.cycles);
            }
        finish[t] = start + c; // preds have smaller indices: one forward pass
        work += c;
        bytes += d;
        b.critical_path_cycles = std::max(b.critical_path_cycles, finish[t]);
    }
    if (p.units > 0) b.work_cycles = work / p.units;
    if (p.dram_bandwidth_bytes_per_cycle > 0) b.bandwidth_cycles = bytes / p.dram_bandwidth_bytes_per_cycle;
    return b;
}

} // namespace archscape::schedule
