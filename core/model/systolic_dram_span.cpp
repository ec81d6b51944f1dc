#include "model/systolic_dram_span.h"

#include <algorithm>

namespace archscape::model {

double dramSpanCycles(const SystolicReport& r) {
    // Cycle 0 .. Total Cycles is the array's run; the DRAM windows are inclusive [start, stop].
    double first = 0, end = r.total_cycles;
    for (workload::Operand o : workload::kAllOperands) {
        const AccessWindow& w = r.dram[o];
        if (w.count <= 0) continue;
        first = std::min(first, w.start_cycle);
        end = std::max(end, w.stop_cycle + 1);
    }
    return double(r.groups) * (end - first);
}

} // namespace archscape::model
