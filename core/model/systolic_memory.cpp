#include "model/systolic_memory.h"

#include <cmath>

namespace archscape::model {

SystolicMemory systolicMemory(const hardware::Accelerator& acc) { return systolicMemory(acc, acc.precision); }

SystolicMemory systolicMemory(const hardware::Accelerator& acc, const workload::PerOperand<Precision>& precision) {
    using workload::Operand;
    SystolicMemory mem;
    for (Operand o : workload::kAllOperands) {
        for (int i = acc.numLevels() - 1; i >= 1; --i) {
            const auto& l = acc.levels[i];
            if (!l.per_pe && l.keeps[o]) {
                mem.level[o] = i;
                break;
            }
        }
    }
    for (Operand o : workload::kAllOperands) {
        const int li = mem.level[o];
        if (li == 0) continue;
        int sharers = 0;
        for (Operand q : workload::kAllOperands) sharers += mem.level[q] == li;
        const double bits = 8.0 * double(acc.levels[li].capacity_bytes) / sharers;
        mem.sram_elements[o] = std::floor(bits / precision[o].bits);
    }
    const double bw_words = acc.numLevels() > 0 ? acc.levels[0].bandwidth_words_per_cycle : 0.0;
    mem.user_bandwidth = bw_words > 0;
    if (mem.user_bandwidth)
        for (Operand o : workload::kAllOperands)
            mem.dram_elements_per_cycle[o] = bw_words * acc.levels[0].word_bits / precision[o].bits;
    return mem;
}

} // namespace archscape::model
